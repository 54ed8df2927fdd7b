"""Which stored events of a conversation hold the answers to a consultation request the patient
cancelled, and what each becomes. Plain Python over Rasa's event dictionaries.

A cancelled request must not leave the patient's name, contact or scar description behind in the
conversation (the patient is told nothing from it is kept). The answers live in three kinds of
event after the form's last activation: the patient's message taken as an answer (a question
asked mid-form is not one), the slot events holding the values, and the assistant's messages that
repeat a value (the summary).
Each is rewritten in place, keeping the event (the conversation's shape and Rasa's event count
stay as they were) but not what the patient typed.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from inquiries.intake import FORM_SLOTS

FORM = "consultation_form"
FORM_DERIVED_SLOTS = ("contact_kind", "requested_slot")
WITHDRAWN_ANSWER = "(an answer to a consultation request the patient cancelled: removed)"
WITHDRAWN_REPLY = "(the assistant repeated answers to a consultation request the patient cancelled: removed)"
MIN_VALUE_CHARS = 3  # shorter values ("no", "1") would match unrelated replies


def since_last_activation(events: list[tuple[int, dict[str, Any]]]) -> list[tuple[int, dict[str, Any]]]:
    """The events from the form's latest activation on (none if it never started)."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index][1]
        if event.get("event") == "active_loop" and event.get("name") == FORM:
            return events[index:]
    return []


def withdrawn(events: Iterable[tuple[int, dict[str, Any]]]) -> dict[int, dict[str, Any]]:
    """The rewritten events by their id, for `(id, event)` pairs in stored order.

    A message is an answer when a form slot holds a value at the end of its turn: the form's slot
    mapping first copies any text into the slot asked, and validation then keeps it or, for a
    question asked mid-form, clears it again."""
    events = since_last_activation(list(events))
    changes: dict[int, dict[str, Any]] = {}
    values: set[str] = set()
    turns: list[tuple[tuple[int, dict[str, Any]] | None, dict[str, Any]]] = [(None, {})]
    for event_id, event in events:
        kind, name, value = event.get("event"), event.get("name"), event.get("value")
        if kind == "user":
            turns.append(((event_id, event), {}))
        elif kind == "slot" and name in (*FORM_SLOTS, *FORM_DERIVED_SLOTS) and name != "requested_slot":
            turns[-1][1][name] = value
            if value is not None:
                changes[event_id] = {**event, "value": None}
    for message, slots in turns:
        if not any(value is not None for name, value in slots.items() if name in FORM_SLOTS):
            continue  # no answer in this turn (a question, or before the form asked anything)
        if message is not None:
            changes[message[0]] = without_text(message[1])
        values.update(str(value).strip().lower() for value in slots.values() if isinstance(value, str))
    values = {value for value in values if len(value) >= MIN_VALUE_CHARS}
    for event_id, event in events:
        text = str(event.get("text") or "").lower()
        if event.get("event") == "bot" and any(value in text for value in values):
            changes[event_id] = {**event, "text": WITHDRAWN_REPLY, "data": {}}
    return changes


def without_text(event: dict[str, Any]) -> dict[str, Any]:
    """A patient's message with its words (and what the NLU read from them) replaced."""
    event = copy.deepcopy(event)
    event["text"] = WITHDRAWN_ANSWER
    parse_data = event.get("parse_data") or {}
    parse_data["text"] = WITHDRAWN_ANSWER
    parse_data["entities"] = []
    event["parse_data"] = parse_data
    return event
