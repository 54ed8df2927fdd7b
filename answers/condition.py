"""Answers about the scar itself: what it is, why it forms, how it behaves, keloid or not."""

from __future__ import annotations

from answers.reply import Button, Question, Reply, bullet_list, join_words
from knowledge.query import KnowledgeBase


def scar_definition(kb: KnowledgeBase, ask: Question) -> Reply:
    if ask.value("scar_type") == "keloid" and "hypertrophic" not in ask.named("scar_type"):
        keloid = kb.scar_type("keloid")
        return Reply(
            f"A keloid is {keloid.summary}. It differs from a hypertrophic scar, which stays inside the "
            "wound's borders and often fades with time.",
            [Button.intent("Keloid vs hypertrophic", "ask_keloid_vs_hypertrophic")],
            medical=True,
        )
    scar = kb.scar_type("hypertrophic")
    looks = kb.scar_attributes("appearance")[0].text
    symptom = kb.scar_attributes("symptom")[0].text
    names = join_words([f'"{a.text}"' for a in kb.scar_attributes("other_name")])
    return Reply(
        f"A hypertrophic scar is {scar.summary}. It is usually {looks}, and can cause {symptom}. "
        f"It is also called a {names.replace(chr(34), '')}.",
        [Button.intent("What causes it?", "ask_scar_causes"), Button.intent("Will it fade?", "ask_scar_course")],
        remember={"scar_type": "hypertrophic"},
        medical=True,
    )


def scar_causes(kb: KnowledgeBase, ask: Question) -> Reply:
    causes = join_words([a.text for a in kb.scar_attributes("cause")])
    factors = kb.scar_attributes("formation_factor")
    risks = join_words([a.text for a in kb.scar_attributes("risk_factor")])
    return Reply(
        f"Hypertrophic scars usually follow {causes}. What makes a wound heal with too much collagen:\n"
        f"{bullet_list([f.text for f in factors])}\n"
        f"People are more prone to them through {risks}.",
        medical=True,
    )


def scar_course(kb: KnowledgeBase, ask: Question) -> Reply:
    course = [a for a in kb.scar_attributes("course")]
    keloid = kb.scar_attributes("course", "keloid")[0].text
    return Reply(
        f"Often, yes. A hypertrophic scar {course[0].text} and then {course[1].text}. "
        f"A keloid, by contrast, {keloid}. Treatment can help when a scar stays raised or bothers you.",
        [Button.intent("Keloid or hypertrophic?", "ask_keloid_vs_hypertrophic")],
        medical=True,
    )


def keloid_vs_hypertrophic(kb: KnowledgeBase, ask: Question) -> Reply:
    rows = kb.scar_comparison()
    lines = [f"{row.characteristic}: hypertrophic – {row.hypertrophic}; keloid – {row.keloid}" for row in rows]
    return Reply(
        "The key difference: a hypertrophic scar stays inside the original wound, a keloid grows beyond it.\n"
        f"{bullet_list(lines)}\n"
        "Only a doctor who examines your skin can tell which one you have.",
        medical=True,
    )
