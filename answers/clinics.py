"""Answers about the three clinics the article lists. Their marketing is always attributed to them."""

from __future__ import annotations

from answers.honesty import CLAIMS_NOTE, clinic_says
from answers.reply import Button, Question, Reply, bullet_list, join_words
from knowledge import schema
from knowledge.query import KnowledgeBase


def clinic_buttons(kb: KnowledgeBase, intent: str) -> list[Button]:
    return [Button.intent(clinic.name, intent, clinic=clinic.slug) for clinic in kb.clinics()]


def _which_clinic(kb: KnowledgeBase, intent: str, question: str) -> Reply:
    return Reply(question, clinic_buttons(kb, intent))


def _facts_and_claims(clinic: schema.Clinic) -> list[str]:
    return [
        clinic_says(clinic.name, feature.text) if feature.claim else feature.text[0].upper() + feature.text[1:]
        for feature in clinic.features
    ]


def clinics(kb: KnowledgeBase, ask: Question) -> Reply:
    lines = [f"{clinic.name} – {clinic.neighbourhood}, {clinic.city}" for clinic in kb.clinics()]
    return Reply(
        f"The article lists three clinics in Seoul for hypertrophic acne scars:\n{bullet_list(lines)}\n"
        "It is a promotional article, so treat its rankings as the clinics' own marketing.",
        [*clinic_buttons(kb, "ask_clinic_details"), Button.intent("Compare them", "compare_clinics")],
    )


def clinic_details(kb: KnowledgeBase, ask: Question) -> Reply:
    slug = ask.value("clinic")
    if not slug:
        return _which_clinic(kb, "ask_clinic_details", "Which clinic would you like to know about?")
    clinic = kb.clinic(slug)
    techniques = join_words([t.name for t in clinic.techniques])
    return Reply(
        f"{clinic.name} ({clinic.neighbourhood}, {clinic.city}):\n{bullet_list(_facts_and_claims(clinic))}\n"
        f"Techniques it names: {techniques}.\n{CLAIMS_NOTE}",
        [
            Button.intent("Where is it?", "ask_clinic_location", clinic=slug),
            Button.intent("Doctors", "ask_clinic_doctors", clinic=slug),
            Button.intent("Compare clinics", "compare_clinics"),
        ],
        remember={"clinic": slug},
    )


def clinic_location(kb: KnowledgeBase, ask: Question) -> Reply:
    slug = ask.value("clinic")
    if not slug:
        lines = [f"{clinic.name} – {clinic.neighbourhood}, {clinic.city}" for clinic in kb.clinics()]
        return Reply(
            f"All three are in Seoul:\n{bullet_list(lines)}\nThe article gives neighbourhoods, not street "
            "addresses: the clinic's coordinator confirms the address when you book."
        )
    clinic = kb.clinic(slug)
    return Reply(
        f"{clinic.name} is in {clinic.neighbourhood}, {clinic.city}. The article gives no street address: "
        "the clinic confirms it when you book.",
        remember={"clinic": slug},
    )


def clinic_doctors(kb: KnowledgeBase, ask: Question) -> Reply:
    slug = ask.value("clinic")
    clinics = [kb.clinic(slug)] if slug else kb.clinics()
    lines = []
    for clinic in clinics:
        if clinic.doctors:
            doctors = "; ".join(f"{doctor.name} ({doctor.role})" for doctor in clinic.doctors)
            lines.append(f"{clinic.name}: {doctors}")
        else:
            lines.append(f"{clinic.name}: the article names no individual doctors")
    return Reply(
        f"{bullet_list(lines)}\nTitles such as 'award-winning' or 'board-certified' are the clinics' own "
        "claims; ask the clinic for the treating doctor's credentials.",
        remember={"clinic": slug} if slug else {},
    )


def clinic_techniques(kb: KnowledgeBase, ask: Question) -> Reply:
    slug = ask.value("clinic")
    clinics = [kb.clinic(slug)] if slug else kb.clinics()
    lines = [f"{clinic.name}: " + "; ".join(t.text for t in clinic.techniques) for clinic in clinics]
    return Reply(
        f"{bullet_list(lines)}\nThese are the clinics' own descriptions of their methods.",
        remember={"clinic": slug} if slug else {},
    )


def compare_clinics(kb: KnowledgeBase, ask: Question) -> Reply:
    comparison = kb.compare_clinics(ask.named("clinic"))
    blocks = []
    for clinic in comparison.clinics:
        doctors = join_words([d.name for d in clinic.doctors]) or "no doctor named"
        techniques = join_words([t.name for t in clinic.techniques])
        blocks.append(f"{clinic.name} – {clinic.neighbourhood}; doctors: {doctors}; techniques: {techniques}")
    return Reply(
        f"Side by side:\n{bullet_list(blocks)}\nThe article gives no prices or success rates per clinic, so it cannot "
        f"say which is better for you; a consultation with each is the way to compare. {CLAIMS_NOTE}",
        clinic_buttons(kb, "ask_clinic_details"),
    )


def why_korea(kb: KnowledgeBase, ask: Question) -> Reply:
    reasons = [reason.text for reason in kb.korea_reasons()]
    return Reply(
        f"Reasons the article gives for choosing South Korea:\n{bullet_list(reasons)}\n"
        "These come from a medical-tourism blog; compare options with your own doctor.",
        [Button.intent("Prices compared", "compare_countries"), Button.intent("Clinics", "ask_clinics")],
    )
