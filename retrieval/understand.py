"""From a message and its conversation to what to answer: the facts per question part, or the
closest facts to offer, or nothing.

Confidence is the fused retrieval score of `retrieve.Retriever`, with two thresholds calibrated on
the fact book's own questions (left out one at a time) against CLINC150's out-of-scope validation
queries (`python -m scripts.calibrate_retrieval` prints both): at or above ANSWER the best entry is
the answer; between SUGGEST and ANSWER the closest entries are offered as choices; below SUGGEST
the message is not understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from retrieval.coverage import Coverage
from retrieval.follow_up import Context, resolve, resolve_pointers
from retrieval.parts import is_question, question_parts
from retrieval.retrieve import Candidate, Retriever

ANSWER = 0.62
SUGGEST = 0.45
MAX_PARTS = 4
# How far below the best score an entry that covers every word of the question may be and still be preferred.
COVERAGE_MARGIN = 0.3
# Longer messages tell a story around the question; their extra words say nothing about coverage.
COVERAGE_MAX_WORDS = 14


@dataclass(frozen=True)
class Part:
    text: str  # the part as asked
    question: str  # as resolved against the conversation
    entities: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    unheard: tuple[str, ...] = ()  # words it hinges on that the fact book never mentions

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def not_in_article(self) -> bool:
        """In the assistant's domain, but the fact book has no answer: said so, and filed for a coordinator."""
        return bool(self.unheard) or (self.best is not None and self.best.entry.kind == "unknown")

    @property
    def confident(self) -> bool:
        return self.best is not None and self.best.score >= ANSWER


@dataclass(frozen=True)
class Understanding:
    answers: tuple[Part, ...] = ()  # parts answered, in the order asked
    suggestions: tuple[Candidate, ...] = field(default_factory=tuple)  # offered when nothing is sure

    @property
    def understood(self) -> bool:
        return bool(self.answers)


def understand(retriever: Retriever, text: str, named: tuple[str, ...], context: Context) -> Understanding:
    """The answer for each part of `text` that retrieval is sure of, else the closest entries to offer."""
    names = retriever.book.entity_names
    pointed = resolve_pointers(text, named, context, names)  # "the second one, where is it?" first
    whole = _part(retriever, pointed.text, pointed.entities, context)
    pieces = [piece for piece in question_parts(pointed.text) if not _only_names(piece, names)]
    asked = [piece for piece in pieces if is_question(piece)]
    pieces = (asked or pieces)[:MAX_PARTS]  # a story's statements are context, not questions
    parts = [_part(retriever, piece, pointed.entities, context) for piece in pieces]
    confident = _distinct([part for part in parts if part.confident])
    if len(confident) >= 2:
        return Understanding(tuple(confident))
    best = max([whole, *confident], key=lambda part: part.best.score if part.best else 0.0)
    if best.confident:
        return Understanding((best,))
    offered = [candidate for candidate in best.candidates if candidate.score >= SUGGEST]
    return Understanding(suggestions=tuple(offered[:3]))


def _part(retriever: Retriever, text: str, named: tuple[str, ...], context: Context) -> Part:
    resolved = resolve(text, named, context)
    candidates = retriever.rank(resolved.text, resolved.entities)
    if resolved.follows_on:
        combined = retriever.rank(f"{resolved.follows_on} {resolved.text}", resolved.entities)
        combined = [candidate for candidate in combined if candidate.entry.id not in resolved.avoid]
        if combined and (not candidates or combined[0].score > candidates[0].score):
            candidates = combined
    candidates, unheard = _covering(retriever.coverage, text, candidates)
    return Part(text, resolved.text, resolved.entities, tuple(candidates), unheard)


def _covering(coverage: Coverage, question: str, candidates: list[Candidate]) -> tuple[list[Candidate], tuple]:
    """Prefers, among entries scored nearly as high as the best, one that mentions every specific word
    of the question; when none does and a word is unknown to the whole fact book, the question asks
    about something the article does not cover."""
    if not candidates or len(question.split()) > COVERAGE_MAX_WORDS:
        return candidates, ()
    best = candidates[0]
    missing = coverage.missing(question, best.entry)
    if not missing:
        return candidates, ()
    for candidate in candidates[1:]:
        if candidate.score >= best.score - COVERAGE_MARGIN and not coverage.missing(question, candidate.entry):
            return [candidate, *(other for other in candidates if other is not candidate)], ()
    return candidates, tuple(word for stem, word in missing.items() if not coverage.known(stem))


def _only_names(piece: str, names: dict[str, str]) -> bool:
    """A part that only names something ("THE PLUS Plastic Surgery," before "where is it?") asks nothing."""
    rest = piece.lower()
    for name in names.values():
        rest = rest.replace(name.lower(), " ")
    return not [word for word in re.findall(r"\w+", rest) if word not in ENGLISH_STOP_WORDS]


def _distinct(parts: list[Part]) -> list[Part]:
    seen: set[str] = set()
    kept = []
    for part in parts:
        if part.best and part.best.entry.id not in seen:
            seen.add(part.best.entry.id)
            kept.append(part)
    return kept
