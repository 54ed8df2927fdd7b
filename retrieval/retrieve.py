"""Ranks the fact book's entries for one question.

An entry's score fuses four signals, each covering the others' blind spots (RETRIEVAL-NOTES in
shared/ measured the encoder alone at about 0.55 right-at-1):
- the encoder's best cosine similarity between the question and the entry's questions or statement
  (meaning, in any of the encoder's languages);
- the probability a classifier over the entries gives it (what all of its questions share);
- keyword similarity with stemming (rare names and exact terms);
- the entities the message names: an entry about the named clinic, country or cell type is
  preferred, one about a different thing of the same kind is held back. The assistant's defaults,
  South Korea and hypertrophic scars, are what every fact is about: naming them prefers nothing,
  but still holds back what is about another country or another scar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.factbook import DEFAULT_ENTITIES, Entry, FactBook
from retrieval.coverage import Coverage
from retrieval.encoder import SentenceEncoder
from retrieval.index import FactIndex

# Weights chosen by five-fold cross-validation on the fact book's own questions.
KEYWORD_WEIGHT = 0.6
CLASSIFIER_WEIGHT = 2.0
ENTITY_BONUS = 0.5
ENTITY_PENALTY = 0.5


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    score: float  # the fused score that ranks the entries
    similarity: float  # the encoder's best cosine similarity to the entry: how close the question came


class Retriever:
    def __init__(self, book: FactBook, index: FactIndex, encoder: SentenceEncoder) -> None:
        self.book = book
        self.index = index
        self.encoder = encoder
        self._entities = [self._entry_entities(entry) for entry in index.entries]
        self.coverage = Coverage(index.entries)

    def _entry_entities(self, entry: Entry) -> frozenset[str]:
        fact = self.book.facts.get(entry.id)
        return frozenset(fact.entities) if fact else frozenset()

    def rank(self, text: str, entities: Iterable[str] = (), limit: int = 10) -> list[Candidate]:
        """The best `limit` entries for `text`, best first; `entities` are the kind:slug refs it names."""
        query = self.encoder.embed(text)
        similarities = self.index.dense_scores(query)
        scores = similarities + CLASSIFIER_WEIGHT * self.index.class_probabilities(query)
        scores += KEYWORD_WEIGHT * self.index.keywords.similarity(text)
        named = frozenset(entities)
        if named:
            kinds = {ref.split(":", 1)[0] for ref in named}
            for position, about in enumerate(self._entities):
                shared = (about & named) - DEFAULT_ENTITIES
                if shared:
                    # An entry about exactly what was named beats a list that merely includes it.
                    scores[position] += ENTITY_BONUS * len(shared) / len(about | named)
                elif not about & named and any(ref.split(":", 1)[0] in kinds for ref in about):
                    scores[position] -= ENTITY_PENALTY
        best = scores.argsort()[::-1][:limit]
        return [
            Candidate(self.index.entries[position], float(scores[position]), float(similarities[position]))
            for position in best
        ]
