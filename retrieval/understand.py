"""From a message and its conversation to what to answer: the facts per question part, or the
closest facts to offer, or nothing.

The fused score ranks the entries; confidence is how close the question came to the best one (the
encoder's cosine similarity), with thresholds calibrated on the fact book's own questions (held out
five-fold) against CLINC150's out-of-scope and unrelated validation queries (`python -m
scripts.calibrate_retrieval` prints the grid). At or above ANSWER the best entry is the answer (0.45:
98% of held-out fact questions kept; 36% of unrelated queries come as close, but the NLU has rejected
most of those as out of scope before retrieval sees them); between SUGGEST and ANSWER the closest
facts are offered as choices; below SUGGEST the message is not understood. When the NLU itself was
unsure what kind of turn it was, an answer needs FALLBACK_ANSWER (0.60: 78% kept, 5% of unrelated
queries above) and a suggestion ANSWER.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from retrieval.coverage import Coverage
from retrieval.follow_up import Context, mentions, resolve, resolve_pointers
from retrieval.parts import is_question, question_parts
from retrieval.retrieve import Candidate, Retriever

ANSWER = 0.45
FALLBACK_ANSWER = 0.60
SUGGEST = 0.35
MAX_PARTS = 4
JOINING_WORDS = frozenset({"and", "or", "the", "a", "an", "also", "then", "so", "plus"})
# How far below the best score an entry that covers every word of the question may be and still be preferred.
COVERAGE_MARGIN = 0.3
# Longer messages tell a story around the question; their extra words say nothing about coverage.
COVERAGE_MAX_WORDS = 14
# A question this close to a fact is that fact's, whatever word it adds ("biologicaly").
COVERAGE_TRUSTED = 0.7


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

    def sure(self, threshold: float) -> bool:
        return self.best is not None and self.best.similarity >= threshold


@dataclass(frozen=True)
class Understanding:
    answers: tuple[Part, ...] = ()  # parts answered, in the order asked
    suggestions: tuple[Candidate, ...] = field(default_factory=tuple)  # facts offered when nothing is sure

    @property
    def understood(self) -> bool:
        return bool(self.answers)


def understand(
    retriever: Retriever,
    text: str,
    named: tuple[str, ...],
    context: Context,
    answer_at: float = ANSWER,
    suggest_at: float = SUGGEST,
) -> Understanding:
    """The answer for each part of `text` that retrieval is sure of, else the closest entries to offer."""
    names = retriever.book.entity_names
    pointed = resolve_pointers(text, named, context, names)  # "the second one, where is it?" first
    pieces = [piece for piece in question_parts(pointed.text) if not _only_names(piece, names)]
    # The whole message, for when no single part is sure; whether the article covers a long message's
    # every word says nothing, so coverage judges single questions only.
    whole = _part(retriever, pointed.text, pointed.entities, context, judge_coverage=len(pieces) <= 1)
    asked = [piece for piece in pieces if is_question(piece)]
    if len(asked) == 1 < len(pieces) and not retriever.coverage.specific_terms(asked[0]):
        parts = [whole]  # "I read the fat gets reabsorbed. Is that true?": the story is the subject
    else:
        pieces = (asked or pieces)[:MAX_PARTS]  # a story's statements are context, not questions
        parts = [_part(retriever, piece, pointed.entities, context) for piece in pieces]
    parts = [each for part in parts for each in _each_named(retriever, part, pointed.entities, context)]
    confident = _distinct([part for part in parts if part.sure(answer_at)])
    if len(confident) >= 2:
        return Understanding(tuple(confident))
    best = max([whole, *confident], key=lambda part: part.best.similarity if part.best else 0.0)
    if best.sure(answer_at):
        return Understanding((best,))
    offered = [c for c in best.candidates if c.entry.kind == "fact" and c.similarity >= suggest_at]
    return Understanding(suggestions=tuple(offered[:3]))


def _part(
    retriever: Retriever, text: str, named: tuple[str, ...], context: Context, judge_coverage: bool = True
) -> Part:
    own_subject = bool(retriever.coverage.specific_terms(text))
    resolved = resolve(text, named, context, retriever.book.entity_names, own_subject)
    if resolved.follows_on and not named and own_subject:
        # "and food?" after hotel prices names its new subject in words: it stands on its own.
        candidates = retriever.rank(text)
    elif resolved.follows_on:
        # "how long?", "what about Thailand?": the last question, about this.
        candidates = retriever.rank(f"{resolved.follows_on} {resolved.text}", resolved.entities)
    else:
        candidates = retriever.rank(resolved.text, resolved.entities)
    if not judge_coverage:
        return Part(text, resolved.text, resolved.entities, tuple(candidates))
    candidates, unheard = _covering(retriever.coverage, text, candidates)
    return Part(text, resolved.text, resolved.entities, tuple(candidates), unheard)


def _covering(coverage: Coverage, question: str, candidates: list[Candidate]) -> tuple[list[Candidate], tuple]:
    """Prefers, among entries scored nearly as high as the best, one that mentions every specific word
    of the question. When none does, the best is not very close, and it mentions fewer than half of
    them while one of the missing words is unknown to the whole fact book, the question asks about
    something the article does not cover ("is there parking at THE PLUS?", and however close "what
    vaccinations do i need to travel to korea?" comes to the travel facts)."""
    if not candidates or len(question.split()) > COVERAGE_MAX_WORDS:
        return candidates, ()
    best = candidates[0]
    missing = coverage.missing(question, best.entry)
    if not missing:
        return candidates, ()
    for candidate in candidates[1:]:
        if candidate.score >= best.score - COVERAGE_MARGIN and not coverage.missing(question, candidate.entry):
            return [candidate, *(other for other in candidates if other is not candidate)], ()
    unheard = tuple(word for stem, word in missing.items() if not coverage.known(stem))
    trusted = best.similarity >= COVERAGE_TRUSTED and not unheard
    if len(missing) * 2 <= len(coverage.specific_terms(question)) or trusted:
        return candidates, ()
    return candidates, unheard


def _each_named(retriever: Retriever, part: Part, named: tuple[str, ...], context: Context) -> list[Part]:
    """"Price in Turkey and in Thailand?" names two things of one kind: unless one entry is about both
    (a comparison), each is answered on its own."""
    names = retriever.book.entity_names
    kinds = Counter(ref.split(":", 1)[0] for ref in named if mentions(part.text, names.get(ref, "")))
    several = [ref for ref in named if kinds[ref.split(":", 1)[0]] > 1 and mentions(part.text, names.get(ref, ""))]
    best = retriever.book.facts.get(part.best.entry.id) if part.best else None
    if not several or (best is not None and set(several) <= set(best.entities)):
        return [part]
    others = tuple(ref for ref in named if ref not in several)
    return [_part(retriever, part.text, (*others, ref), context) for ref in several]


def _only_names(piece: str, names: dict[str, str]) -> bool:
    """A part that only names something ("THE PLUS Plastic Surgery," before "where is it?") asks nothing."""
    rest = piece.lower()
    for name in names.values():
        rest = rest.replace(name.lower(), " ")
    return not [word for word in re.findall(r"\w+", rest) if word not in JOINING_WORDS]


def _distinct(parts: list[Part]) -> list[Part]:
    seen: set[str] = set()
    kept = []
    for part in parts:
        if part.best and part.best.entry.id not in seen:
            seen.add(part.best.entry.id)
            kept.append(part)
    return kept
