"""Turns a conversation into an inquiry for the coordinators (consultation, hand-off, urgent)."""

from __future__ import annotations

import asyncio
from functools import lru_cache

from rasa_sdk import Tracker

from channels.identity import channel_of
from inquiries.database import serving_engine
from inquiries.intake import FORM_SLOTS
from inquiries.models import Inquiry
from inquiries.store import ConsultationDetails, Event, InquiryStore
from inquiries.topics import topics_of


@lru_cache(maxsize=1)
def inquiry_store() -> InquiryStore:
    return InquiryStore(serving_engine())


def asked_intents(events: list[dict]) -> list[str]:
    """The intents of the patient's messages, leaving out answers to the form's questions (a treatment
    named as an answer is not a question about it); questions asked in the middle of the form count."""
    intents = []
    pending = None
    for event in events:
        kind = event.get("event")
        if kind == "user":
            if pending:
                intents.append(pending)
            pending = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        elif kind == "slot" and event.get("name") in FORM_SLOTS and event.get("value") is not None:
            pending = None
    if pending:
        intents.append(pending)
    return intents


def event_from(
    tracker: Tracker, *, urgent: bool = False, handoff: bool = False, consultation: ConsultationDetails | None = None
) -> Event:
    return Event(
        conversation_id=tracker.sender_id,
        channel=channel_of(tracker.sender_id),
        topics=topics_of(asked_intents(tracker.events), tracker.get_slot("asked_subjects") or ()),
        urgent=urgent or bool(tracker.get_slot("urgent")),
        handoff=handoff,
        consultation=consultation,
    )


async def record(tracker: Tracker, **flags) -> Inquiry:
    """Creates or updates the conversation's inquiry, off the event loop."""
    return await asyncio.to_thread(inquiry_store().record, event_from(tracker, **flags))
