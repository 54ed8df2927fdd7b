"""Reading a follow-up against the conversation so far.

"the second one" and "which is cheaper?" point into the last list the assistant showed;
"and food?" or "what about Turkey?" repeat the last question about something else; "where is it?"
leans on the clinic, country or cell type in play. Each becomes a question retrieval can answer
on its own: the referents' names are written into the text and passed on as entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.factbook import DEFAULT_ENTITIES

_ORDINALS = {
    "first": 0, "1st": 0, "former": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2,
    "fourth": 3, "4th": 3, "fifth": 4, "5th": 4, "last": -1, "latter": -1,
}  # fmt: skip
_ORDINAL = re.compile(
    r"\b(?:the|that|this)\s+(" + "|".join(_ORDINALS) + r")\b(?:\s+(?:one|option|clinic|country|type|method|document))?"
    r"|\b(" + "|".join(_ORDINALS) + r")\s+(?:one|option|clinic|country|type|method|document)\b"
    r"|\b(?:number|no\.?|#)\s*([1-5])\b|^\s*([1-5])\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_COMPARATIVE = re.compile(
    r"\b(?:cheap\w*|expensive|dear\w*|pric(?:ier|iest)|costl\w*|best|better|worse|worst|safe(?:r|st)|"
    r"fast(?:er|est)|which (?:one|of (?:them|these|those|the)))\b",
    re.IGNORECASE,
)
_ELLIPTIC = re.compile(r"^\s*(?:and|what about|how about|also|same for|and for|plus|what of|then)\b", re.IGNORECASE)
_REFERS = re.compile(r"\b(?:it|its|that|this|they|them|their|there|those|these|he|she|him|her|the clinic|the doctor)\b")
_WORD = re.compile(r"\w+")
_COUNTED_WORD = re.compile(r"\w\w+")  # "who's at Cellinique" is three words, not four
ELLIPTIC_WORDS = 3


@dataclass(frozen=True)
class Context:
    """What earlier turns left: the last question, the list last shown, and the things in play."""

    last_question: str = ""
    listed: tuple[str, ...] = ()  # kind:slug of the items of the last list shown, in order
    in_play: tuple[str, ...] = ()  # kind:slug named earlier in the conversation


@dataclass(frozen=True)
class Resolved:
    text: str
    entities: tuple[str, ...]
    follows_on: str = ""  # the earlier question this one continues, when it is elliptic


def resolve_pointers(text: str, named: tuple[str, ...], context: Context, names: dict[str, str]) -> Resolved:
    """Ordinals and comparatives over the last list shown, written out as the items' names."""
    if not context.listed:
        return Resolved(text, named)
    match = _ORDINAL.search(text)
    if match:
        word = match.group(1) or match.group(2)
        index = _ORDINALS[word.lower()] if word else int(match.group(3) or match.group(4)) - 1
        if -len(context.listed) <= index < len(context.listed):
            referent = context.listed[index]
            rewritten = f"{text[: match.start()]}{names.get(referent, '')}{text[match.end():]}".strip()
            return Resolved(rewritten, (*named, referent))
    if not named and _COMPARATIVE.search(text):
        listed_names = ", ".join(names.get(ref, "") for ref in context.listed)
        return Resolved(f"{text} ({listed_names})", tuple(context.listed))
    return Resolved(text, named)


def _elliptic(text: str) -> bool:
    """"and food?", "what about Turkey?", "how long?" continue the last question; "and how much is it
    in korea" is a question of its own."""
    lead = _ELLIPTIC.match(text)
    rest = text[lead.end() :] if lead else text
    return len(_COUNTED_WORD.findall(rest)) <= ELLIPTIC_WORDS


def leans_on_context(text: str) -> bool:
    """Whether the message continues the conversation ("and food?", "where is it?") rather than standing alone."""
    return _elliptic(text) or bool(_REFERS.search(text.lower()))


def resolve(
    text: str, named: tuple[str, ...], context: Context, names: dict[str, str], own_subject: bool
) -> Resolved:
    """A part that leans on something outside itself ("and food?", "where is it?", "how much is it
    there" after "Turkey is closer to me"): the things in play join its entities and, when it has no
    subject of its own words (`own_subject`), their names join its words; an elliptic one is also read
    as a continuation of the last question."""
    elliptic = _elliptic(text)
    refers = bool(_REFERS.search(text.lower()))
    if not (elliptic or refers):
        return Resolved(text, named)
    named_kinds = {ref.split(":", 1)[0] for ref in named}
    in_play = tuple(ref for ref in context.in_play if ref.split(":", 1)[0] not in named_kinds)
    replaced = [  # "and mexico?" after a question about Turkey: Turkey's place is Mexico's
        ref
        for ref, name in names.items()
        if ref.split(":", 1)[0] in named_kinds and ref not in named and mentions(context.last_question, name)
    ]
    entities = (*named, *in_play)
    unnamed = [
        names[ref]
        for ref in dict.fromkeys(entities)
        if ref in names and ref not in DEFAULT_ENTITIES and not mentions(text, names[ref])
    ]
    if unnamed and refers and not own_subject:
        text = f"{text} ({', '.join(unnamed)})"
    last = without_names(context.last_question, [names[ref] for ref in replaced])
    return Resolved(text, entities, last if elliptic else "")


def without_names(question: str, names: list[str]) -> str:
    """The last question without the things a follow-up replaces: "what does it cost in turkey?"
    becomes "what does it cost in ?" before "and mexico?" is read with it."""
    for name in names:
        for word in _WORD.findall(name.lower()):
            if len(word) >= 3 and word not in ("clinic", "surgery", "the"):
                question = re.sub(rf"\b{re.escape(word)}\b", " ", question, flags=re.IGNORECASE)
    return " ".join(question.split())


def mentions(text: str, name: str) -> bool:
    """Whether the text names it, by any longer word of its name ("the plus" for THE PLUS Plastic Surgery)."""
    words = [word for word in _WORD.findall(name.lower()) if len(word) >= 4 and word not in ("clinic", "surgery")]
    return any(word in text.lower() for word in words)
