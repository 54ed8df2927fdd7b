"""Answers about the treatment journey: steps, time needed, recovery, results, before and after."""

from __future__ import annotations

from answers.honesty import EXPERIMENTAL
from answers.reply import Button, Question, Reply, bullet_list, span
from knowledge.query import KnowledgeBase


def treatment_steps(kb: KnowledgeBase, ask: Question) -> Reply:
    lines = []
    for step in kb.process_steps():
        duration = f" ({span(step.duration_min, step.duration_max, step.duration_unit)})" if step.duration_unit else ""
        lines.append(f"{step.order}. {step.name}{duration}: {step.description}.")
    return Reply(
        "The treatment in four steps:\n" + "\n".join(lines),
        [Button.intent("How long should I stay?", "ask_duration"), Button.intent("Recovery", "ask_recovery")],
        medical=True,
    )


def duration(kb: KnowledgeBase, ask: Question) -> Reply:
    application = kb.process_step("application")
    stay = kb.stay_facts()
    procedure = span(application.duration_min, application.duration_max, application.duration_unit)
    return Reply(
        f"The application itself takes about {procedure}, with no hospital stay. Plan about "
        f"{stay['recommended_stay'].value_max:.0f} days in Korea, including the consultation and follow-up; "
        f"swelling can take {span(stay['swelling'].value_min, stay['swelling'].value_max, 'week')} to go down.",
        [Button.intent("Visa for the trip", "ask_visa_type"), Button.intent("Recovery", "ask_recovery")],
        medical=True,
    )


def recovery(kb: KnowledgeBase, ask: Question) -> Reply:
    stay = kb.stay_facts()
    after = {item.slug: item for item in kb.instructions("after")}
    swelling = after["swelling"]
    return Reply(
        f"Recovery is usually short: {stay['hospitalisation'].name.lower()} {stay['hospitalisation'].text}. Minor "
        f"swelling or soreness usually settles within days; mild swelling or bruising can last "
        f"{span(swelling.value_min, swelling.value_max, swelling.unit)}. Normal washing is fine after "
        f"{span(None, after['washing'].value_min, after['washing'].unit)}. Plan about "
        f"{stay['recommended_stay'].value_max:.0f} days in Korea for consultations and follow-up, and ask your doctor "
        "when you can go back to work or fly home.",
        [Button.intent("Aftercare", "ask_aftercare")],
        medical=True,
    )


def results_timeline(kb: KnowledgeBase, ask: Question) -> Reply:
    timeline = kb.timeline()
    first, peak, lasting = timeline["visible_improvement"], timeline["peak"], timeline["lasting"]
    return Reply(
        f"First visible improvement usually shows after {span(first.value_min, first.value_max, first.unit)}, "
        f"with the best result after {span(peak.value_min, peak.value_max, peak.unit)}. Results may last "
        f"{span(lasting.value_min, lasting.value_max, lasting.unit)}, and {timeline['boosters'].text}.\n"
        f"{EXPERIMENTAL}",
        medical=True,
    )


def preparation(kb: KnowledgeBase, ask: Question) -> Reply:
    items = [item.text for item in kb.instructions("before")]
    return Reply(
        f"Before treatment, the article advises:\n{bullet_list(items)}\n"
        "Tell the clinic about every medicine you take; only your doctor can say what to stop and when.",
        medical=True,
    )


def aftercare(kb: KnowledgeBase, ask: Question) -> Reply:
    items = [item.text for item in kb.instructions("after")]
    return Reply(
        f"After treatment:\n{bullet_list(items)}\n"
        "Follow your own doctor's instructions on any medicine, and contact the clinic if pain or swelling "
        "gets worse instead of better.",
        medical=True,
    )
