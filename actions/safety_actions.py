"""Actions for urgent signs and for distress. Their replies come first and carry no sales talk."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.records import record
from languages.detect import detect_language
from safety.guidance import crisis_reply, urgent_care_reply
from safety.red_flags import LABELS, SELF_HARM, detect

logger = logging.getLogger(__name__)


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


async def flag_urgent(tracker: Tracker) -> None:
    """Puts the conversation at the top of the coordinators' queue; the patient's reply never waits on it."""
    try:
        await record(tracker, urgent=True)
    except SQLAlchemyError:
        logger.exception("could not record urgent conversation %s as an inquiry", tracker.sender_id)


class ActionUrgentCare(Action):
    """Seek care now, emergency numbers, and the conversation marked urgent for coordinators."""

    def name(self) -> str:
        return "action_urgent_care"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = latest_text(tracker)
        detection = detect(text)
        signs = [LABELS[slug] for slug in detection.categories if slug != SELF_HARM] if detection else []
        dispatcher.utter_message(text=urgent_care_reply(signs, detect_language(text)))
        logger.warning("URGENT conversation %s: %s", tracker.sender_id, ", ".join(signs) or "urgent intent")
        await flag_urgent(tracker)
        return [SlotSet("urgent", True)]


class ActionCrisisSupport(Action):
    """A caring reply with crisis lines; the conversation stays free of sales talk from here on."""

    def name(self) -> str:
        return "action_crisis_support"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(text=crisis_reply(detect_language(latest_text(tracker))))
        logger.warning("DISTRESS conversation %s: crisis guidance given", tracker.sender_id)
        await flag_urgent(tracker)
        return [SlotSet("distress", True), SlotSet("urgent", True)]
