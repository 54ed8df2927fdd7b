"""Actions for warning signs and for distress. Their replies come first and carry no sales talk.

A report of signs gets the advice of its level (safety/levels.py). Emergency, urgent and despair
put the conversation in urgent mode (the `urgency` slot): every later reply opens with a short
restatement of what to do now (action_answer_while_urgent, chosen by the rules in
data/rules/safety.yml), until the patient says they are safe or have help (action_confirm_safe).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.knowledge_actions import answer_guidance, answer_question
from actions.records import record
from languages.detect import detect_language
from safety.guidance import advice, crisis_reply, reminder, resolved_reply, urgent_hand_off
from safety.levels import DESPAIR, EMERGENCY, LEVEL_ENTITY, PERSISTENT, SOON, most_serious
from safety.red_flags import detect

logger = logging.getLogger(__name__)

# While urgent, these are still answered after the restatement; any other turn gets the restatement alone.
QUESTION_INTENTS = ("ask_question",)
GUIDANCE_INTENTS = (
    "ask_diagnosis",
    "ask_medication",
    "ask_pregnancy",
    "ask_health_condition",
    "ask_flying_after",
    "ask_approval_status",
)


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def reported_level(tracker: Tracker) -> str:
    """The level the NLU's safety net gave the latest message; emergency when it gave none."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == LEVEL_ENTITY:
            return entity.get("value") or EMERGENCY
    return EMERGENCY


def language_of(tracker: Tracker) -> str:
    """The latest message's language; a message too short to tell keeps the conversation's."""
    return detect_language(latest_text(tracker), default=tracker.get_slot("language") or "en")


async def flag_urgent(tracker: Tracker) -> None:
    """Puts the conversation at the top of the coordinators' queue; the patient's reply never waits on it."""
    try:
        await record(tracker, urgent=True)
    except SQLAlchemyError:
        logger.exception("could not record urgent conversation %s as an inquiry", tracker.sender_id)


class ActionUrgentCare(Action):
    """The advice of the reported level; emergency and urgent reports mark the conversation urgent."""

    def name(self) -> str:
        return "action_urgent_care"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text, language = latest_text(tracker), language_of(tracker)
        level = reported_level(tracker)
        detection = detect(text)
        dispatcher.utter_message(text=advice(level, detection.signs if detection else [], language))
        events: list[EventType] = [SlotSet("language", language)]
        if level == SOON:
            logger.info("conversation %s: a sign to have checked soon", tracker.sender_id)
            return events
        signs = detection.signs if detection else []
        logger.warning("URGENT (%s) conversation %s: %s", level, tracker.sender_id, ", ".join(signs))
        await flag_urgent(tracker)
        ongoing = tracker.get_slot("urgency")
        return [*events, SlotSet("urgent", True), SlotSet("urgency", most_serious(level, ongoing or level))]


class ActionCrisisSupport(Action):
    """A caring reply with crisis lines; the conversation stays free of sales talk from here on."""

    def name(self) -> str:
        return "action_crisis_support"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        language = language_of(tracker)
        dispatcher.utter_message(text=crisis_reply(language))
        logger.warning("DISTRESS conversation %s: crisis guidance given", tracker.sender_id)
        await flag_urgent(tracker)
        return [
            SlotSet("language", language),
            SlotSet("distress", True),
            SlotSet("urgent", True),
            SlotSet("urgency", DESPAIR),
        ]


class ActionAnswerWhileUrgent(Action):
    """Every reply of an urgent conversation opens with what to do now; a question still gets its answer
    after it, a request for a person reaches the coordinators as urgent, and nothing else is offered."""

    def name(self) -> str:
        return "action_answer_while_urgent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        level = tracker.get_slot("urgency")
        if level not in PERSISTENT:  # the rules only choose this action while urgent; be safe anyway
            level = EMERGENCY
        language = language_of(tracker)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent == "request_human":
            return await self._hand_off(dispatcher, tracker, level, language)
        dispatcher.utter_message(text=reminder(level, language))
        if intent in QUESTION_INTENTS:
            return await answer_question(dispatcher, tracker, buttons=False)
        if intent in GUIDANCE_INTENTS:
            return await answer_guidance(dispatcher, tracker, buttons=False)
        return []

    @staticmethod
    async def _hand_off(
        dispatcher: CollectingDispatcher, tracker: Tracker, level: str, language: str
    ) -> list[EventType]:
        try:
            inquiry = await record(tracker, urgent=True, handoff=True)
        except SQLAlchemyError:
            logger.exception("could not record the urgent hand-off of %s", tracker.sender_id)
            dispatcher.utter_message(text=reminder(level, language))
            return []
        logger.warning("URGENT hand-off: inquiry #%s, conversation %s", inquiry.id, tracker.sender_id)
        dispatcher.utter_message(text=urgent_hand_off(inquiry.id, level, language))
        return []


class ActionConfirmSafe(Action):
    """The patient is safe or has help: urgent mode ends (the inquiry stays marked urgent)."""

    def name(self) -> str:
        return "action_confirm_safe"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        was_urgent = tracker.get_slot("urgency") is not None
        dispatcher.utter_message(text=resolved_reply(was_urgent, language_of(tracker)))
        return [SlotSet("urgency", None)] if was_urgent else []
