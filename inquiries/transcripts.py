"""Reads (and, for erasure and retention, deletes; for a cancelled request, rewrites) conversations
in Rasa's SQL tracker store.

The dashboard shows the transcript of an inquiry and the questions the assistant could not
answer; both come from the `events` table Rasa writes, so nothing is stored twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, delete, func, inspect, select, update
from sqlalchemy.engine import Engine

from inquiries.withdrawal import WITHDRAWN_ANSWER, withdrawn

# Rasa's SQLTrackerStore table (rasa/core/tracker_store.py, SQLEvent); read, never created, here.
events = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)

# Off-topic messages, and the questions the actions could not answer (they set this slot, see
# actions/knowledge_actions.py): a message the NLU was unsure of but retrieval answered is not here.
UNANSWERED_INTENTS = ("out_of_scope",)
UNANSWERED_SLOT = "unanswered_question"


@dataclass(frozen=True)
class Line:
    at: datetime
    speaker: str  # "patient" or "assistant"
    text: str
    intent: str | None = None


@dataclass(frozen=True)
class Unanswered:
    text: str
    count: int
    last_asked: datetime


def _time(timestamp: float | None) -> datetime:
    return datetime.fromtimestamp(timestamp or 0, tz=timezone.utc).replace(tzinfo=None)


class Transcripts:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _ready(self) -> bool:
        """False until Rasa has stored its first conversation (the table does not exist before)."""
        return inspect(self.engine).has_table("events")

    def transcript(self, conversation_id: str) -> list[Line]:
        if not self._ready():
            return []
        query = (
            select(events.c.type_name, events.c.timestamp, events.c.data)
            .where(events.c.sender_id == conversation_id, events.c.type_name.in_(("user", "bot")))
            .order_by(events.c.id)
        )
        lines = []
        with self.engine.connect() as connection:
            for type_name, timestamp, data in connection.execute(query):
                event = json.loads(data or "{}")
                text = event.get("text") or ""
                buttons = (event.get("data") or {}).get("buttons") or []
                if buttons:
                    text += "\n" + " · ".join(f"[{button.get('title', '')}]" for button in buttons)
                if type_name == "user":
                    intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
                    lines.append(Line(_time(timestamp), "patient", text, intent))
                else:
                    lines.append(Line(_time(timestamp), "assistant", text))
        return lines

    def unanswered(self, limit: int = 200) -> list[Unanswered]:
        """Patients' messages the assistant could not place or answer, most frequent first."""
        if not self._ready():
            return []
        rejected = (events.c.type_name == "user") & events.c.intent_name.in_(UNANSWERED_INTENTS)
        filed = (events.c.type_name == "slot") & events.c.data.like(f'%"{UNANSWERED_SLOT}"%')
        query = select(events.c.type_name, events.c.timestamp, events.c.data).where(rejected | filed)
        counts: dict[str, list] = {}
        with self.engine.connect() as connection:
            for type_name, timestamp, data in connection.execute(query):
                event = json.loads(data or "{}")
                if type_name == "slot" and event.get("name") != UNANSWERED_SLOT:
                    continue
                raw = event.get("text") if type_name == "user" else event.get("value")
                text = " ".join(str(raw or "").split())
                if not text or text.startswith("/") or text == WITHDRAWN_ANSWER:
                    continue
                key = text.lower()
                entry = counts.setdefault(key, [text, 0, 0.0])
                entry[1] += 1
                entry[2] = max(entry[2], timestamp or 0)
        ranked = sorted(counts.values(), key=lambda entry: (-entry[1], -entry[2]))
        return [Unanswered(text, count, _time(last)) for text, count, last in ranked[:limit]]

    def message_count(self, conversation_id: str) -> int:
        if not self._ready():
            return 0
        query = select(func.count()).where(events.c.sender_id == conversation_id, events.c.type_name == "user")
        with self.engine.connect() as connection:
            return connection.execute(query).scalar_one()

    def withdraw_form_answers(self, conversation_id: str) -> int:
        """Rewrites the stored answers to the conversation's latest consultation request (see
        inquiries/withdrawal.py); the number of events rewritten."""
        if not self._ready():
            return 0
        query = select(events.c.id, events.c.data).where(events.c.sender_id == conversation_id).order_by(events.c.id)
        with self.engine.begin() as connection:
            stored = [(row_id, json.loads(data or "{}")) for row_id, data in connection.execute(query)]
            changes = withdrawn(stored)
            for row_id, event in changes.items():
                connection.execute(update(events).where(events.c.id == row_id).values(data=json.dumps(event)))
        return len(changes)

    def delete(self, conversation_ids: Iterable[str]) -> int:
        ids = list(conversation_ids)
        if not ids or not self._ready():
            return 0
        with self.engine.begin() as connection:
            return connection.execute(delete(events).where(events.c.sender_id.in_(ids))).rowcount
