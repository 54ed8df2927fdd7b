"""Rasa's SQL tracker store configured by one SQLAlchemy URL (`TRACKER_STORE_URL`).

Rasa's own SQL store takes the URL in pieces and, when the named PostgreSQL database is missing,
logs that it could not create its tables, starts anyway and then fails on every message. This one
takes a URL, and refuses to start when the database cannot be reached, with one clear line.

On SQLite (the embedded default) it writes ahead (WAL) and syncs to disk at checkpoints rather than
on every commit (`synchronous=NORMAL`): Rasa commits once a turn on its event loop, and a full sync
there held every conversation up by 1-10 ms on a busy disk. A crash of the process loses nothing; a
power cut may lose the last turns. Production runs on PostgreSQL (README, "Deployment").

It also carries out a patient's erasure request: when a turn ran the erasure action, saving that
turn deletes the conversation instead (deleting earlier, from the action server, would be undone
by this very save, which writes back every event it does not find stored). In the same way, when a
turn cancelled a consultation request, saving it rewrites the request's answers in the stored
events (inquiries/withdrawal.py): the patient is told none of it is kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from inquiries.transcripts import Transcripts
from knowledge.database import first_line

ERASE_ACTION = "action_delete_my_data"  # actions/privacy_actions.py
CANCEL_ACTION = "action_cancel_consultation"  # actions/consultation_actions.py


class TrackerStoreUnavailable(RuntimeError):
    pass


def check_reachable(url: str) -> None:
    """Connects once; raises TrackerStoreUnavailable naming the database (never the password)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        safe = parsed.render_as_string(hide_password=True)
        reason = first_line(error)
        raise TrackerStoreUnavailable(f"tracker store database {safe} is unreachable: {reason}") from None
    finally:
        engine.dispose()


def write_ahead(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class URLTrackerStore(SQLTrackerStore):
    """`type: service.tracker_store.URLTrackerStore` with `url: ${TRACKER_STORE_URL}` in endpoints.yml."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> None:
        if not host:
            raise TrackerStoreUnavailable("TRACKER_STORE_URL is empty")
        check_reachable(host)
        url = make_url(host)
        super().__init__(
            domain=domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=url.database,
            username=url.username,
            password=url.password,
            event_broker=event_broker,
            query=dict(url.query),
            **kwargs,
        )
        if url.get_backend_name() == "sqlite":
            self._keep_sqlite_connections_open()

    def _keep_sqlite_connections_open(self) -> None:
        """Rasa's SQLite engine opens and closes a connection for every session, several a turn, and
        closing the last one checkpoints the write-ahead log to disk; a pool keeps them open."""
        self.engine.dispose()
        self.engine = create_engine(
            self.engine.url, poolclass=QueuePool, connect_args={"check_same_thread": False, "timeout": 15}
        )
        sqlalchemy_event.listen(self.engine, "connect", write_ahead)
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        if ran_this_turn(tracker, ERASE_ACTION):
            Transcripts(self.engine).delete([tracker.sender_id])
            return
        await super().save(tracker)
        if ran_this_turn(tracker, CANCEL_ACTION):
            Transcripts(self.engine).withdraw_form_answers(tracker.sender_id)


def ran_this_turn(tracker: DialogueStateTracker, action: str) -> bool:
    """True when `action` ran in the latest turn."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == action:
            return True
    return False
