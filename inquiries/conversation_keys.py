"""Moves conversations stored before channel identity to their channel's keys, once.

Conversations used to be keyed by the sender id alone; they are now `<channel>:<sender>`
(channels/identity.py). A conversation stored under the old key belongs to the channel of its first
patient message (Rasa records it in each message's `input_channel`); one without a patient message
goes under `unknown:`. The inquiries follow their conversation; an inquiry whose conversation is
gone (retention) follows its own `channel` column.

Each table records that it has been moved (a row in `conversation_keys`, in its own database) in
the transaction that moves it, so a second run, or a run after new conversations were stored under
the new keys, changes nothing. The inquiries are moved first: the old keys they are matched by come
from the events.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, MetaData, String, Table, inspect, select, update
from sqlalchemy.engine import Connection, Engine

from channels.identity import UNKNOWN_CHANNEL, conversation_id
from inquiries.models import Inquiry
from inquiries.transcripts import events

EVENTS_MOVED = "events by channel:sender"
INQUIRIES_MOVED = "inquiries by channel:sender"
marker = Table(
    "conversation_keys",
    MetaData(),
    Column("move", String(40), primary_key=True),
    Column("applied_at", DateTime, nullable=False),
)


def _moved(connection: Connection, move: str) -> bool:
    if not inspect(connection).has_table(marker.name):
        return False
    return connection.execute(select(marker.c.move).where(marker.c.move == move)).first() is not None


def _mark(connection: Connection, move: str) -> None:
    marker.create(connection, checkfirst=True)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    connection.execute(marker.insert().values(move=move, applied_at=now))


def old_to_new(tracker_engine: Engine) -> dict[str, str]:
    """Each conversation's old key and its new one, read from the events not yet moved."""
    with tracker_engine.connect() as connection:
        if not inspect(connection).has_table(events.name) or _moved(connection, EVENTS_MOVED):
            return {}
        channels: dict[str, str] = {}
        query = select(events.c.sender_id, events.c.type_name, events.c.data).order_by(events.c.id)
        for sender, type_name, data in connection.execute(query):
            if type_name == "user" and not channels.get(sender):
                channels[sender] = (json.loads(data or "{}").get("input_channel") or "").strip()
            else:
                channels.setdefault(sender, "")
    return {sender: conversation_id(channel or UNKNOWN_CHANNEL, sender) for sender, channel in channels.items()}


def move_inquiries(inquiry_engine: Engine, keys: dict[str, str]) -> int:
    table = Inquiry.__table__
    with inquiry_engine.begin() as connection:
        if _moved(connection, INQUIRIES_MOVED):
            return 0
        rows = connection.execute(select(table.c.id, table.c.conversation_id, table.c.channel)).all()
        for row_id, old, channel in rows:
            new = keys.get(old) or conversation_id(channel or UNKNOWN_CHANNEL, old)
            connection.execute(update(table).where(table.c.id == row_id).values(conversation_id=new))
        _mark(connection, INQUIRIES_MOVED)
    return len(rows)


def move_events(tracker_engine: Engine, keys: dict[str, str]) -> int:
    with tracker_engine.begin() as connection:
        if _moved(connection, EVENTS_MOVED):
            return 0
        for old, new in keys.items():
            connection.execute(update(events).where(events.c.sender_id == old).values(sender_id=new))
        _mark(connection, EVENTS_MOVED)
    return len(keys)


def move_stored_conversations(tracker_engine: Engine, inquiry_engine: Engine) -> tuple[int, int]:
    """(conversations, inquiries) moved to their channel's keys; (0, 0) once done."""
    keys = old_to_new(tracker_engine)
    inquiries = move_inquiries(inquiry_engine, keys)
    conversations = move_events(tracker_engine, keys)
    return conversations, inquiries
