"""Splitting a message into the questions it asks.

"How much is it, how long do I stay, and do I need a visa?" asks three things, and so does a list of
terse queries ("hostel price, hotel price, luxury?"); a patient's story ("I had laser twice, my derm
said ... so is it safe?") asks one, in its last sentence. Each part is retrieved on its own; the
caller keeps the parts that find an answer.
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
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:(?:and|or|plus|also|&)\s+)?|\s*/\s*", re.IGNORECASE)
# A comma-separated list of pieces this short is a list of queries, not one sentence's clauses.
LIST_ITEM_WORDS = 4
_ASKS = re.compile(
    rf"[?？]|(?:^|:)\s*(?:{_QUESTION_WORDS}|tell|explain|list|show|give|describe|compare|pls|please|plz)\b",
    re.IGNORECASE,
)
TERSE_WORDS = 5


def question_parts(text: str) -> list[str]:
    """The message's parts in order; a single part when it asks one thing."""
    parts: list[str] = []
    for sentence in _SENTENCES.split(text):
        for clause in _JOINS.split(sentence):
            for part in _list_items(clause):
                part = part.strip(" ,;")
                if len(_WORD.findall(part)) >= 1:
                    parts.append(part)
    return parts or [text]


def _list_items(clause: str) -> list[str]:
    """"hostel price, hotel price, luxury?" as three queries; a clause with longer pieces as itself."""
    items = [item for item in _LIST_SEPARATOR.split(clause) if item.strip(" ?")]
    if len(items) >= 2 and all(len(_WORD.findall(item)) <= LIST_ITEM_WORDS for item in items):
        return items
    return [clause]


def is_question(part: str) -> bool:
    """Asks something: a question mark, a question word or request first (or after a label: "before
    treatment: how long no alcohol"), or a terse keyword query ("visa docs", "hotel price seoul"); a
    story's statements ("I had laser twice.") are not."""
    return bool(_ASKS.search(part)) or len(_WORD.findall(part)) <= TERSE_WORDS
