"""Answers that are not one fact of the article: personal medical questions, answered with general
guidance from named public sources and referred to a doctor, and the trip budget, computed from
the facts' figures."""

from __future__ import annotations

from collections.abc import Callable

from answers import budget, personal
from answers.honesty import NOT_MEDICAL_ADVICE
from answers.reply import Question, Reply
from knowledge.query import KnowledgeBase, UnknownEntity

Answerer = Callable[[KnowledgeBase, Question], Reply]

GUIDANCE: dict[str, Answerer] = {
    "estimate_budget": budget.estimate_budget,
    "ask_diagnosis": personal.diagnosis,
    "ask_medication": personal.medication,
    "ask_pregnancy": personal.pregnancy,
    "ask_health_condition": personal.health_condition,
    "ask_flying_after": personal.flying_after,
    "ask_approval_status": personal.approval_status,
}


def answer(kb: KnowledgeBase, ask: Question, medical_note_shown: bool = False) -> Reply:
    """The reply to a guidance intent; unknown entities get a clear message, never an error."""
    answerer = GUIDANCE.get(ask.intent)
    if answerer is None:
        raise KeyError(f"no guidance for intent '{ask.intent}'")
    try:
        reply = answerer(kb, ask)
    except UnknownEntity:
        return Reply("I don't have information on that one in my sources. Ask me about the trip's costs in Korea.")
    if reply.medical and not medical_note_shown:
        reply.text = f"{reply.text}\n{NOT_MEDICAL_ADVICE}"
    return reply
