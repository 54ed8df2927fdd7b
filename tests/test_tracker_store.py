"""The conversation store Rasa is configured with (service/tracker_store.py), on real SQLite and,
when TEST_POSTGRES_URL is set, PostgreSQL: turns survive a new store on the same database, SQLite
writes ahead from pooled connections, an erasure turn deletes the conversation, and a missing
database is one clear line."""

from __future__ import annotations

import asyncio
import socket

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text

from inquiries.withdrawal import WITHDRAWN_ANSWER, WITHDRAWN_REPLY
from service.tracker_store import CANCEL_ACTION, ERASE_ACTION, TrackerStoreUnavailable, URLTrackerStore

LAST_TOPIC = {"type": "text", "influence_conversation": False, "mappings": [{"type": "custom"}]}
DOMAIN = Domain.from_dict({"slots": {"last_topic": LAST_TOPIC}})


def turn(text_: str, intent: str, *after) -> list:
    return [ActionExecuted("action_listen"), UserUttered(text_, intent={"name": intent, "confidence": 0.9}), *after]


def conversation(sender: str) -> DialogueStateTracker:
    events = turn("how much is it?", "ask_treatment_price", SlotSet("last_topic", "prices"))
    events += [ActionExecuted("action_answer_price"), BotUttered("Prices vary by clinic.")]
    return DialogueStateTracker.from_events(sender, events, slots=DOMAIN.slots)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'tracker.db'}"
    return request.getfixturevalue("postgres_url")


def test_a_saved_conversation_is_read_back_by_a_new_store(store_url):
    saved = conversation("patient-1")
    asyncio.run(URLTrackerStore(DOMAIN, host=store_url).save(saved))
    read = asyncio.run(URLTrackerStore(DOMAIN, host=store_url).retrieve("patient-1"))
    assert [event.as_dict() for event in read.events] == [event.as_dict() for event in saved.events]
    assert read.get_slot("last_topic") == "prices"


def test_an_erasure_turn_deletes_the_conversation_instead_of_saving_it(store_url):
    store = URLTrackerStore(DOMAIN, host=store_url)
    tracker = conversation("patient-2")
    asyncio.run(store.save(tracker))
    for event in turn("delete my data", "request_data_deletion", ActionExecuted(ERASE_ACTION)):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    assert asyncio.run(store.retrieve("patient-2")) is None


def test_sqlite_writes_ahead_syncs_at_checkpoints_and_keeps_its_connection(tmp_path):
    store = URLTrackerStore(DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}")
    asyncio.run(store.save(conversation("patient-3")))
    assert store.engine.pool.checkedin() == 1  # open in the pool, not closed after the session
    assert asyncio.run(store.retrieve("patient-3")).get_slot("last_topic") == "prices"
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL


def test_an_unreachable_database_is_one_line_without_the_password():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(TrackerStoreUnavailable) as error:
        URLTrackerStore(DOMAIN, host=f"postgresql://rasa:secret@127.0.0.1:{port}/tracker")
    message = str(error.value)
    assert message.startswith(f"tracker store database postgresql://rasa:***@127.0.0.1:{port}/tracker is unreachable")
    assert "secret" not in message and "\n" not in message


def test_an_empty_url_is_refused():
    with pytest.raises(TrackerStoreUnavailable, match="TRACKER_STORE_URL is empty"):
        URLTrackerStore(DOMAIN, host="")


def test_a_cancelled_request_keeps_its_turns_but_not_the_answers(store_url):
    store = URLTrackerStore(DOMAIN, host=store_url)
    tracker = conversation("patient-5")
    for event in [
        *turn("i'd like a consultation", "request_consultation", ActiveLoop("consultation_form")),
        BotUttered("What name should the coordinators use?"),
        *turn("Anna Kim", "inform", SlotSet("contact_name", "Anna Kim"), BotUttered("Thanks, Anna Kim.")),
    ]:
        tracker.update(event)
    asyncio.run(store.save(tracker))
    for event in turn("cancel", "cancel", ActiveLoop(None), ActionExecuted(CANCEL_ACTION)):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    read = asyncio.run(store.retrieve("patient-5"))
    texts = [event.text for event in read.events if isinstance(event, (UserUttered, BotUttered))]
    assert "Anna Kim" not in str([event.as_dict() for event in read.events])
    asked = "What name should the coordinators use?"
    assert texts[-5:] == ["i'd like a consultation", asked, WITHDRAWN_ANSWER, WITHDRAWN_REPLY, "cancel"], texts
    assert len(read.events) == len(tracker.events), "every turn is still there"
    assert read.get_slot("last_topic") == "prices", "what came before the request is kept"
