"""The inquiries repository, migrations, accounts and retention on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from inquiries import accounts, retention
from inquiries.database import downgrade, is_current, migrated_engine, upgrade
from inquiries.export import to_csv
from inquiries.models import Base, utcnow
from inquiries.store import ConsultationDetails, Event, InquiryStore, QueueFilter, UnknownInquiry
from inquiries.transcripts import Transcripts, events
from knowledge.database import make_engine

TODAY = date(2026, 11, 28)
ANNA = ConsultationDetails(
    name="Anna Kim",
    contact="anna@example.com",
    contact_kind="email",
    country="Germany",
    treatment="Exosome microneedling",
    clinic="THE PLUS Plastic Surgery",
    travel_month="2027-05",
    budget="$5,000",
    health_consent=True,
    scar_description="raised scars on both cheeks",
)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'inquiries.db'}"
        engine = migrated_engine(url)
        yield engine
        engine.dispose()
        return
    postgres = request.getfixturevalue("postgres_url")
    engine = migrated_engine(postgres)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine) -> InquiryStore:
    return InquiryStore(engine)


def test_migrations_go_up_and_down_and_match_the_models(engine):
    assert is_current(engine)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    downgrade(engine, "base")
    assert not {"inquiries", "inquiry_notes", "inquiry_topics", "coordinators"} & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert is_current(engine)


def test_a_conversation_has_one_inquiry_that_collects_topics_and_flags(store):
    first = store.record(Event("chat-1", "socketio", ["prices"]), TODAY)
    again = store.record(Event("chat-1", "socketio", ["visa", "prices"], handoff=True), TODAY)
    assert again.id == first.id
    assert again.topic_names == ["prices", "visa"]
    assert again.handoff_requested and again.urgency == "high"
    lowered = store.record(Event("chat-1", "socketio", []), TODAY)
    assert lowered.handoff_requested, "a flag once raised stays raised"


def test_urgency_urgent_then_travel_within_a_month_or_hand_off_then_normal(store):
    assert store.record(Event("a", "rest", urgent=True), TODAY).urgency == "urgent"
    soon = ConsultationDetails(**{**ANNA.__dict__, "travel_month": "2026-12"})
    assert store.record(Event("b", "rest", consultation=soon), TODAY).urgency == "high"
    assert store.record(Event("c", "rest", consultation=ANNA), TODAY).urgency == "normal"


def test_the_queue_is_sorted_by_urgency_then_age(store):
    store.record(Event("normal-old", "rest"), TODAY)
    store.record(Event("high", "rest", handoff=True), TODAY)
    store.record(Event("urgent", "rest", urgent=True), TODAY)
    store.record(Event("normal-new", "rest"), TODAY)
    assert [inquiry.conversation_id for inquiry in store.queue()] == ["urgent", "high", "normal-old", "normal-new"]


def test_the_queue_filters_by_status_urgency_topic_channel_date_and_text(store):
    anna = store.record(Event("anna", "socketio", ["prices"], consultation=ANNA), TODAY)
    store.record(Event("other", "telegram", ["visa"], urgent=True), TODAY)
    store.add_note(anna.id, "alice", "Prefers an English-speaking doctor")

    def ids(**criteria) -> list[str]:
        return [inquiry.conversation_id for inquiry in store.queue(QueueFilter(**criteria))]

    assert ids(topic="visa") == ["other"]
    assert ids(channel="socketio") == ["anna"]
    assert ids(urgency="urgent") == ["other"]
    assert ids(text="ANNA") == ["anna"]
    assert ids(text="english-speaking") == ["anna"], "notes are searched too"
    assert ids(text="_") == [] and ids(text="%") == [] and ids(text="a_n") == [], "typed, not wildcards"
    assert ids(created_from=date.today(), created_to=date.today()) == ["other", "anna"]
    assert ids(created_to=date.today() - timedelta(days=1)) == []
    store.set_status(anna.id, "in_progress", "alice")
    assert ids(status="in_progress") == ["anna"]
    assert store.channels() == ["socketio", "telegram"]
    assert store.topics() == ["prices", "visa"]


def test_status_changes_are_kept_in_the_history(store):
    inquiry = store.record(Event("chat", "rest"), TODAY)
    closed = store.set_status(inquiry.id, "closed", "alice")
    assert closed.closed_at is not None
    assert [note.text for note in closed.notes] == ["Status: new → closed"]
    with pytest.raises(ValueError, match="status must be one of"):
        store.set_status(inquiry.id, "archived", "alice")
    with pytest.raises(UnknownInquiry):
        store.set_status(999, "closed", "alice")
    with pytest.raises(ValueError, match="empty"):
        store.add_note(inquiry.id, "alice", "   ")
    reopened = store.record(Event("chat", "rest"), TODAY)
    assert reopened.status == "new" and reopened.closed_at is None, "a patient who comes back reopens it"


def test_health_information_is_stored_only_with_its_own_consent(store):
    no_health = ConsultationDetails(**{**ANNA.__dict__, "health_consent": False})
    inquiry = store.record(Event("chat", "rest", consultation=no_health), TODAY)
    assert inquiry.scar_description is None and inquiry.health_consent_at is None
    assert inquiry.contact_consent_at is not None
    inquiry = store.record(Event("chat", "rest", consultation=ANNA), TODAY)
    assert inquiry.scar_description == "raised scars on both cheeks" and inquiry.health_consent_at is not None


def test_erasure_deletes_the_inquiry_with_its_topics_and_notes(store):
    inquiry = store.record(Event("chat", "rest", ["prices"], consultation=ANNA), TODAY)
    store.add_note(inquiry.id, "alice", "called back")
    assert store.delete_conversation("chat") is True
    assert store.for_conversation("chat") is None
    assert store.delete_conversation("chat") is False
    assert store.topics() == []


def _conversation(engine: Engine, sender: str, messages: list[tuple[str, str, str | None]]) -> None:
    """Events as Rasa stores them; a ("slot", value, name) row is a slot set to that value."""
    events.metadata.create_all(engine)
    rows = [
        {
            "sender_id": sender,
            "type_name": kind,
            "timestamp": 1_700_000_000.0 + index,
            "intent_name": intent if kind == "user" else None,
            "action_name": None,
            "data": json.dumps(
                {"event": kind, "name": intent, "value": text}
                if kind == "slot"
                else {"event": kind, "text": text, "parse_data": {"intent": {"name": intent}}}
            ),
        }
        for index, (kind, text, intent) in enumerate(messages)
    ]
    with engine.begin() as connection:
        connection.execute(events.insert(), rows)


def test_retention_removes_old_closed_inquiries_and_their_conversations(store, engine, tmp_path):
    tracker = make_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    _conversation(tracker, "old", [("user", "hello", "greet")])
    _conversation(tracker, "open", [("user", "hi", "greet")])
    old = store.record(Event("old", "rest"), TODAY)
    store.record(Event("open", "rest"), TODAY)
    store.set_status(old.id, "closed", "alice")
    transcripts = Transcripts(tracker)
    assert retention.purge(store, transcripts, days=30) == 0, "closed today: kept"
    later = utcnow() + timedelta(days=31)
    assert retention.purge(store, transcripts, days=30, now=later) == 1
    assert [inquiry.conversation_id for inquiry in store.queue()] == ["open"]
    assert transcripts.transcript("old") == [] and len(transcripts.transcript("open")) == 1


def test_the_retention_period_is_a_whole_number_of_days_from_1(monkeypatch):
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    assert retention.retention_days() == retention.DEFAULT_RETENTION_DAYS == 365
    monkeypatch.setenv("RETENTION_DAYS", "30")
    assert retention.retention_days() == 30
    for value in ("a year", "0", str(retention.MAX_RETENTION_DAYS + 1)):
        monkeypatch.setenv("RETENTION_DAYS", value)
        with pytest.raises(SystemExit, match=r"^RETENTION_DAYS must be "):
            retention.retention_days()


def test_transcripts_and_unanswered_questions_come_from_the_tracker_store(tmp_path):
    tracker = make_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    transcripts = Transcripts(tracker)
    assert transcripts.transcript("nobody") == [] and transcripts.unanswered() == [], "no table before Rasa writes"
    _conversation(
        tracker,
        "a",
        [
            ("user", "how much in korea", "ask_question"),
            ("bot", "It costs…", None),
            ("user", "do you do hair transplants", "out_of_scope"),
            ("user", "Do you do  hair transplants", "out_of_scope"),
            ("user", "can I pay by card", "ask_question"),
            ("slot", "can I pay by card", "unanswered_question"),
            ("slot", "hotel", "expense_kind"),
            ("user", "what does it cost", "nlu_fallback"),
        ],
    )
    lines = transcripts.transcript("a")
    assert [(line.speaker, line.intent) for line in lines[:2]] == [("patient", "ask_question"), ("assistant", None)]
    unanswered = transcripts.unanswered()
    assert [(row.text, row.count) for row in unanswered] == [
        ("do you do hair transplants", 2),
        ("can I pay by card", 1),
    ], "off-topic messages and questions filed as unanswered; a message the fallback answered is not"
    assert transcripts.message_count("a") == 5


def test_coordinator_passwords_are_hashed_and_checked(engine):
    assert accounts.set_password(engine, "Alice", "a long enough password") is True
    assert accounts.authenticate(engine, "alice", "a long enough password") == "alice"
    assert accounts.authenticate(engine, "alice", "wrong password!!") is None
    assert accounts.authenticate(engine, "mallory", "a long enough password") is None
    assert accounts.set_password(engine, "alice", "another long password") is False
    assert accounts.authenticate(engine, "alice", "a long enough password") is None
    with pytest.raises(accounts.AccountError, match="12 characters"):
        accounts.set_password(engine, "bob", "short")
    with pytest.raises(accounts.AccountError, match="username"):
        accounts.set_password(engine, "bob smith!", "a long enough password")


def test_csv_export_has_one_row_per_inquiry_and_defuses_formulas(store):
    store.record(
        Event(
            "chat", "rest", ["prices"], consultation=ConsultationDetails(**{**ANNA.__dict__, "name": "=HYPERLINK(1)"})
        ),
        TODAY,
    )
    lines = to_csv(store.queue()).splitlines()
    assert lines[0].startswith("id,created_at,updated_at,urgency,status")
    assert "'=HYPERLINK(1)" in lines[1] and "prices" in lines[1]


def test_an_old_datetime_is_not_expired_when_the_inquiry_is_open(store):
    store.record(Event("open", "rest"), TODAY)
    assert store.expired(1, now=datetime(2100, 1, 1)) == []
