"""Running a custom action as the action server would: rasa_sdk's Tracker and CollectingDispatcher."""

from __future__ import annotations

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def tracker(
    text: str, intent: str = "ask_question", entities: list[dict] = (), slots: dict | None = None, confidence=0.9
) -> Tracker:
    return Tracker(
        sender_id="patient",
        slots=slots or {},
        latest_message={"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": list(entities)},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action, tracker_: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return dispatcher.messages, events


def slots(events) -> dict:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
