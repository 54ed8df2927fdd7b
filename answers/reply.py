"""What an answer is: text and optional buttons."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    @classmethod
    def intent(cls, title: str, intent: str, **entities: str) -> Button:
        """A button that sends `intent` (with entities) straight to the dialogue, skipping the NLU."""
        return cls(title, f"/{intent}{json.dumps(entities) if entities else ''}")

    @classmethod
    def fact(cls, title: str, fact_id: str) -> Button:
        """A button that asks for one fact of the fact book."""
        return cls.intent(title, "ask_question", fact=fact_id)


@dataclass
class Reply:
    text: str
    buttons: list[Button] = field(default_factory=list)
    medical: bool = False  # carries health information: the first one gets the not-advice note


@dataclass(frozen=True)
class Question:
    """What the patient asked: the intent and the message (for the budget and personal questions)."""

    intent: str
    text: str = ""


def bullet_list(items: Sequence[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def join_words(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def span(low: float | None, high: float | None, unit: str) -> str:
    """ "3 to 4 hours", "1 day", "7 days": a duration range in words."""
    unit_text = unit if (high or low) == 1 else f"{unit}s"
    if low is not None and high is not None and low != high:
        return f"{low:.0f} to {high:.0f} {unit_text}"
    return f"{(high if high is not None else low):.0f} {unit_text}"
