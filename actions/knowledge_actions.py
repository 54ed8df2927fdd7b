"""Actions that answer from the knowledge base.

They read the tracker, hand the question to plain Python (`answers.compose`), and send the reply.
Database work runs in a worker thread: the action server serves every conversation from one
event loop, so a blocking query here would stall them all.
"""

from __future__ import annotations

import asyncio
import logging
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from answers.compose import answer
from answers.reply import Button, Question, Reply
from knowledge.entities import NLU_ENTITY_TYPES
from knowledge.query import KnowledgeBase
from knowledge.search import TopicSearch

logger = logging.getLogger(__name__)

# The entities in play, and the topic, are remembered so that follow-up questions work.
CONTEXT_SLOTS = (*NLU_ENTITY_TYPES, "topic")

UNAVAILABLE = (
    "Sorry, I can't reach my information right now. Please try again in a minute, or contact the "
    "clinic's coordinators directly."
)


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    return KnowledgeBase()


@lru_cache(maxsize=1)
def topic_search() -> TopicSearch:
    return TopicSearch(knowledge_base())


def question_from(tracker: Tracker) -> Question:
    message = tracker.latest_message or {}
    entities: dict[str, list[str]] = {}
    for entity in message.get("entities") or []:
        entities.setdefault(entity["entity"], []).append(str(entity["value"]))
    return Question(
        intent=(message.get("intent") or {}).get("name") or "",
        text=message.get("text") or "",
        entities=entities,
        context={slot: tracker.get_slot(slot) for slot in CONTEXT_SLOTS},
    )


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    buttons = [{"title": button.title, "payload": button.payload} for button in reply.buttons]
    dispatcher.utter_message(text=reply.text, buttons=buttons or None)


class ActionAnswerQuestion(Action):
    """Answers every knowledge intent (see `answers.compose.ANSWERS`)."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        return await answer_question(dispatcher, tracker)


async def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker, buttons: bool = True) -> list[EventType]:
    """Answers the latest message from the knowledge base (also used for questions asked mid-form)."""
    ask = question_from(tracker)
    note_shown = bool(tracker.get_slot("medical_note_shown"))
    try:
        reply = await asyncio.to_thread(answer, knowledge_base(), ask, note_shown)
    except SQLAlchemyError:
        logger.exception("knowledge base unavailable while answering %s", ask.intent)
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    if tracker.get_slot("distress") or not buttons:
        reply.buttons = []  # no clinic or price prompts once a patient has said they are in crisis
    send(dispatcher, reply)
    events: list[EventType] = [SlotSet(slot, value) for slot, value in reply.remember.items()]
    if reply.medical and not note_shown:
        events.append(SlotSet("medical_note_shown", True))
    return events


class ActionAnswerFallback(Action):
    """Low NLU confidence: offer the closest topics (the classifier's likely ones first) and a person,
    never a guess."""

    def name(self) -> str:
        return "action_answer_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        latest = tracker.latest_message or {}
        text = latest.get("text") or ""
        likely = [(item.get("name"), item.get("confidence") or 0.0) for item in latest.get("intent_ranking") or []]
        try:
            matches = await asyncio.to_thread(topic_search().suggest, text, likely)
        except SQLAlchemyError:
            logger.exception("knowledge base unavailable during fallback search")
            matches = []
        if not matches:
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        buttons = [Button.intent(match.title, match.topic) for match in matches]
        buttons.append(Button.intent("Talk to a person", "request_human"))
        send(dispatcher, Reply("I'm not sure I understood. Did you mean one of these?", buttons))
        return []
