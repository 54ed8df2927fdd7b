"""Splitting a message into the questions it asks.

"How much is it, how long do I stay, and do I need a visa?" asks three things; a patient's story
("I had laser twice, my derm said ... so is it safe?") asks one, in its last sentence. Each part is
retrieved on its own; the caller keeps the parts that find an answer.
"""

from __future__ import annotations

import re

_SENTENCES = re.compile(r"(?<=[?!。？！])\s*|(?<=[.;])\s+|\n+")
# A new question starts after "and", "also", "plus" or a comma when a question word follows.
_QUESTION_WORDS = (
    r"how|what|what's|whats|which|where|when|who|why|do|does|did|is|are|can|could|will|would|should|shall|"
    r"any|is there|are there|i need|need"
)
_JOINS = re.compile(rf"(?:,\s*(?:and|also|plus)?|\s+(?:and|also|plus|&))\s+(?=(?:{_QUESTION_WORDS})\b)", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_ASKS = re.compile(
    rf"[?？]|^\s*(?:{_QUESTION_WORDS}|tell|explain|list|show|give|describe|compare|pls|please|plz)\b",
    re.IGNORECASE,
)
TERSE_WORDS = 5


def question_parts(text: str) -> list[str]:
    """The message's parts in order; a single part when it asks one thing."""
    parts: list[str] = []
    for sentence in _SENTENCES.split(text):
        for part in _JOINS.split(sentence):
            part = part.strip(" ,;")
            if len(_WORD.findall(part)) >= 1:
                parts.append(part)
    return parts or [text]


def is_question(part: str) -> bool:
    """Asks something: a question mark, a question word or request first, or a terse keyword query
    ("visa docs", "hotel price seoul"); a story's statements ("I had laser twice.") are not."""
    return bool(_ASKS.search(part)) or len(_WORD.findall(part)) <= TERSE_WORDS
