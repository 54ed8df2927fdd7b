"""What the dashboard accepts from a request: every filter, id and form field is checked here, and
anything wrong becomes a `BadInput` with a sentence the coordinator can act on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import date

from inquiries.models import STATUSES, URGENCIES
from inquiries.store import STATUS_LABELS, QueueFilter

MAX_NOTE = 5000
MAX_SEARCH = 200
MAX_NAME = 50
# Query parameters of the queue, the CSV export and the API, and the QueueFilter field each sets.
FILTER_PARAMS = {
    "status": "status",
    "urgency": "urgency",
    "topic": "topic",
    "channel": "channel",
    "from": "created_from",
    "to": "created_to",
    "q": "text",
}


class BadInput(ValueError):
    """A request the dashboard refuses, with the HTTP status and the reason shown to the user."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise BadInput(f"Unknown {name} {value!r}: choose one of {', '.join(allowed)}.")
    return value


def _date(name: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"The {name} date must look like 2025-07-17, not {value!r}.") from None


def _short(name: str, value: str, limit: int) -> str:
    if len(value) > limit:
        raise BadInput(f"The {name} can have at most {limit} characters.")
    return value


def queue_filter(query: Mapping[str, str]) -> QueueFilter:
    """The filter of the queue page, the export and the API; empty parameters mean no filter."""
    raw = {param: (query.get(param) or "").strip() for param in FILTER_PARAMS}
    created_from = _date("'from'", raw["from"]) if raw["from"] else None
    created_to = _date("'to'", raw["to"]) if raw["to"] else None
    if created_from and created_to and created_from > created_to:
        raise BadInput("The 'from' date is after the 'to' date.")
    return QueueFilter(
        status=_choice("status", raw["status"], STATUSES) if raw["status"] else None,
        urgency=_choice("urgency", raw["urgency"], URGENCIES) if raw["urgency"] else None,
        topic=_short("topic", raw["topic"], MAX_NAME) or None,
        channel=_short("channel", raw["channel"], MAX_NAME) or None,
        created_from=created_from,
        created_to=created_to,
        text=_short("search text", raw["q"], MAX_SEARCH) or None,
    )


def filter_params(criteria: QueueFilter) -> dict[str, str]:
    """The query parameters that select `criteria` (for the export link and the form)."""
    values = asdict(criteria)
    return {param: str(values[field]) for param, field in FILTER_PARAMS.items() if values[field]}


def text_field(form: Mapping, name: str) -> str:
    """A form field's text; a file upload in its place counts as empty."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def status_choice(form: Mapping) -> str:
    status = text_field(form, "status").strip()
    if not status:
        raise BadInput("Choose a status.")
    return _choice("status", status, STATUSES)


def note_text(form: Mapping) -> str:
    text = text_field(form, "text").strip()
    if not text:
        raise BadInput("A note cannot be empty.")
    return _short("note", text, MAX_NOTE)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)
