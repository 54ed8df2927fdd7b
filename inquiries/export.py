"""CSV export of the queue, for the dashboard and the command line (same columns for both)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from inquiries.models import Inquiry

COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "urgency",
    "status",
    "channel",
    "conversation_id",
    "consultation_requested",
    "handoff_requested",
    "topics",
    "name",
    "contact_kind",
    "contact",
    "country",
    "treatment",
    "clinic",
    "travel_month",
    "budget",
    "scar_description",
)
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = value.isoformat(sep=" ", timespec="seconds") if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def row(inquiry: Inquiry) -> list[str]:
    values = {column: getattr(inquiry, column, None) for column in COLUMNS}
    values["topics"] = ", ".join(inquiry.topic_names)
    return [_cell(values[column]) for column in COLUMNS]


def to_csv(inquiries: Iterable[Inquiry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(row(inquiry) for inquiry in inquiries)
    return buffer.getvalue()
