"""Conversations stored before channel identity move to their channel's keys once, on real SQLite
(and PostgreSQL when TEST_POSTGRES_URL is set), with Rasa's own tracker store reading them back."""

from __future__ import annotations

import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from inquiries.conversation_keys import move_stored_conversations
from inquiries.database import upgrade
from inquiries.store import Event, InquiryStore
from knowledge.database import make_engine
from service.tracker_store import URLTrackerStore

DOMAIN = Domain.empty()


def stored(store: URLTrackerStore, sender: str, channel: str | None, *texts: str) -> None:
    events: list = [ActionExecuted("action_listen")]
    for text in texts:
        events += [UserUttered(text, intent={"name": "greet", "confidence": 1.0}, input_channel=channel)]
        events += [ActionExecuted("utter_greet"), BotUttered(f"answer to {text}"), ActionExecuted("action_listen")]
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))


@pytest.fixture(params=["sqlite", "postgresql"])
def urls(request, tmp_path) -> tuple[str, str]:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}", f"sqlite:///{tmp_path / 'inquiries.db'}"
    url = request.getfixturevalue("postgres_url")
    return url, url


def test_old_conversations_and_their_inquiries_move_to_their_channel_once(urls):
    tracker_url, inquiry_url = urls
    store = URLTrackerStore(DOMAIN, host=tracker_url)
    stored(store, "whatsapp:+821012345678", "twilio", "hello", "how much is it?")
    stored(store, "0f1e2d", "socketio", "hi")
    stored(store, "api-only", None)  # never a patient message: its channel cannot be told
    inquiry_engine, tracker_engine = make_engine(inquiry_url), make_engine(tracker_url)
    upgrade(inquiry_engine)
    inquiries = InquiryStore(inquiry_engine)
    inquiries.record(Event("whatsapp:+821012345678", "twilio", urgent=True))
    inquiries.record(Event("erased-long-ago", "telegram", handoff=True))  # its conversation is gone

    assert move_stored_conversations(tracker_engine, inquiry_engine) == (3, 2)

    whatsapp = asyncio.run(store.retrieve("twilio:whatsapp:+821012345678"))
    assert [event.text for event in whatsapp.events if isinstance(event, UserUttered)] == ["hello", "how much is it?"]
    assert asyncio.run(store.retrieve("socketio:0f1e2d")) is not None
    assert asyncio.run(store.retrieve("unknown:api-only")) is not None
    assert all(asyncio.run(store.retrieve(old)) is None for old in ("whatsapp:+821012345678", "0f1e2d", "api-only"))
    assert inquiries.for_conversation("twilio:whatsapp:+821012345678").urgent
    assert inquiries.for_conversation("telegram:erased-long-ago").handoff_requested

    stored(store, "rest:new-patient", "rest", "hello")  # stored under the new keys after the move
    assert move_stored_conversations(tracker_engine, inquiry_engine) == (0, 0)
    assert asyncio.run(store.retrieve("rest:new-patient")) is not None
    assert inquiries.for_conversation("twilio:whatsapp:+821012345678") is not None


def test_a_new_installation_has_nothing_to_move_and_is_never_moved_later(tmp_path):
    tracker_engine = make_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    inquiry_engine = make_engine(f"sqlite:///{tmp_path / 'inquiries.db'}")
    upgrade(inquiry_engine)
    assert move_stored_conversations(tracker_engine, inquiry_engine) == (0, 0)
    store = URLTrackerStore(DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}")
    stored(store, "socketio:abc", "socketio", "hi")
    assert move_stored_conversations(tracker_engine, inquiry_engine) == (0, 0)
    assert asyncio.run(store.retrieve("socketio:abc")) is not None
