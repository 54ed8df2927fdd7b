"""A patient's own data: see it, or have it erased (after a confirmation, see data/rules/privacy.yml).

Erasure removes the inquiry here; the conversation's events are removed by the tracker store when
it saves this turn (service.tracker_store), so no later save can write them back.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.knowledge_actions import send
from actions.records import inquiry_store
from answers import inquiries as wording
from channels.identity import channel_of

logger = logging.getLogger(__name__)

ERASE_ACTION = "action_delete_my_data"  # also named in service.tracker_store
UNAVAILABLE = (
    "Sorry, I can't reach the stored data right now. Please try again in a few minutes; nothing has been changed."
)


class ActionShowMyData(Action):
    def name(self) -> str:
        return "action_show_my_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        try:
            inquiry = await asyncio.to_thread(inquiry_store().for_conversation, tracker.sender_id)
        except SQLAlchemyError:
            logger.exception("could not read the data of %s", tracker.sender_id)
            dispatcher.utter_message(text=UNAVAILABLE)
            return []
        messages = sum(1 for event in tracker.events if event.get("event") == "user")
        send(dispatcher, wording.stored_data(inquiry, messages, channel_of(tracker.sender_id)))
        return []


class ActionDeleteMyData(Action):
    def name(self) -> str:
        return ERASE_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        try:
            had_inquiry = await asyncio.to_thread(inquiry_store().delete_conversation, tracker.sender_id)
        except SQLAlchemyError:
            logger.exception("could not erase the data of %s", tracker.sender_id)
            dispatcher.utter_message(text=UNAVAILABLE)
            return []
        logger.info("erasure: conversation %s deleted at the patient's request", tracker.sender_id)
        send(dispatcher, wording.data_deleted(had_inquiry, channel_of(tracker.sender_id)))
        return []
