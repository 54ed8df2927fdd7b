"""The topics of a conversation, for the coordinators' filters: from the fact book's subjects the
patient's questions were answered from, and from the intents that have answers of their own.

Coordinators filter the queue by these; they are coarser than subjects and intents on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable

TOPIC_OF_SUBJECT = {
    "condition": "scars",
    "stem_cells": "treatment",
    "treatment": "treatment",
    "safety": "safety",
    "outcomes": "results",
    "clinics": "clinics",
    "travel": "visa",
    "costs": "prices",
}
TOPIC_OF_INTENT = {
    "ask_diagnosis": "scars",
    "ask_medication": "safety",
    "ask_pregnancy": "safety",
    "ask_health_condition": "safety",
    "ask_approval_status": "safety",
    "ask_flying_after": "recovery",
    "estimate_budget": "prices",
    "report_red_flag": "urgent symptoms",
    "express_distress": "distress",
}

TOPICS = tuple(dict.fromkeys([*TOPIC_OF_SUBJECT.values(), "recovery", *TOPIC_OF_INTENT.values()]))


def topics_of(intents: Iterable[str], subjects: Iterable[str] = ()) -> list[str]:
    """The distinct topics of these intents and fact-book subjects, in the order of TOPICS."""
    seen = {TOPIC_OF_INTENT[intent] for intent in intents if intent in TOPIC_OF_INTENT}
    seen |= {TOPIC_OF_SUBJECT[subject] for subject in subjects if subject in TOPIC_OF_SUBJECT}
    return [topic for topic in TOPICS if topic in seen]
