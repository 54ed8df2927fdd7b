"""How urgent an inquiry is, for the coordinators' queue.

urgent: the safety layer saw warning signs or distress in the conversation.
high:   the patient asked for a person, or plans to travel within a month.
normal: everything else.
"""

from __future__ import annotations

from datetime import date, timedelta

URGENT, HIGH, NORMAL = "urgent", "high", "normal"
SOON = timedelta(days=31)


def travels_soon(travel_month: str | None, today: date) -> bool:
    """A travel month (YYYY-MM) whose first day is within a month from today (or already begun)."""
    if not travel_month:
        return False
    year, month = (int(part) for part in travel_month.split("-"))
    return date(year, month, 1) <= today + SOON


def urgency_of(*, urgent: bool, handoff: bool, travel_month: str | None, today: date) -> str:
    if urgent:
        return URGENT
    if handoff or travels_soon(travel_month, today):
        return HIGH
    return NORMAL
