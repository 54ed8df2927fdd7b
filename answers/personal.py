"""Personal medical questions: the assistant gives the general facts it has and refers the
personal decision to a doctor. It never diagnoses and never advises on medicines or doses."""

from __future__ import annotations

from answers.honesty import EXPERIMENTAL
from answers.reply import Button, Question, Reply, join_words, span
from knowledge.query import KnowledgeBase
from safety.guidance import APPROVAL_NOTE, FLYING_ADVICE, KOREA_RULES

ASK_A_DOCTOR = "only a doctor who examines you and knows your history can answer that for you"


def diagnosis(kb: KnowledgeBase, ask: Question) -> Reply:
    row = next(r for r in kb.scar_comparison() if r.characteristic.startswith("Size"))
    return Reply(
        f"I can't tell what kind of scar you have or whether the treatment suits you: {ASK_A_DOCTOR}, for example a "
        f"dermatologist, or the clinic's doctor at the consultation. In general, a hypertrophic scar "
        f"{row.hypertrophic}, while a keloid {row.keloid}.",
        [Button.fact("Keloid vs hypertrophic", "keloid_main_difference")],
        medical=True,
    )


def medication(kb: KnowledgeBase, ask: Question) -> Reply:
    before = {item.slug: item.text for item in kb.instructions("before")}
    after = {item.slug: item.text for item in kb.instructions("after")}
    return Reply(
        "I can't advise on taking, stopping or dosing any medicine: please ask your doctor or a pharmacist, and tell "
        f"the clinic everything you take. What the article says in general: before treatment, "
        f"{before['no_aspirin']} (with {before['no_alcohol']} and {before['no_meat']}); afterwards, "
        f"{after['pain_relief']}.",
        medical=True,
    )


def pregnancy(kb: KnowledgeBase, ask: Question) -> Reply:
    return Reply(
        "The article says nothing about pregnancy or breastfeeding, so I can't tell you it is safe. "
        f"{EXPERIMENTAL} Please talk to your obstetrician and the treating doctor before planning any treatment.",
        medical=True,
    )


def health_condition(kb: KnowledgeBase, ask: Question) -> Reply:
    before = {item.slug: item.text for item in kb.instructions("before")}
    conditions = join_words([before["healthy"], before["medications"], before["immune"], before["donor_fat"]])
    return Reply(
        f"Whether the treatment is safe with your condition is a medical decision: {ASK_A_DOCTOR}. In general the "
        f"article says: {conditions}. Bring your medical history and medicine list to the consultation.",
        medical=True,
    )


def flying_after(kb: KnowledgeBase, ask: Question) -> Reply:
    stay = kb.stay_facts()
    swelling = stay["swelling"]
    return Reply(
        f"{FLYING_ADVICE} The article suggests planning about {stay['recommended_stay'].value_max:.0f} days in Korea; "
        f"swelling can take {span(swelling.value_min, swelling.value_max, swelling.unit)} to go down.",
        medical=True,
    )


def approval_status(kb: KnowledgeBase, ask: Question) -> Reply:
    fda_claim = next(f.text for f in kb.clinic("theplus").features if f.claim and "FDA" in f.text)
    return Reply(
        f"{APPROVAL_NOTE} {KOREA_RULES} When a clinic calls its product approved (for example, THE PLUS {fda_claim}), "
        "that is the clinic's own claim: ask which authority approved it, for what use, and whether your treatment "
        "is part of a registered clinical trial.",
        medical=True,
    )

