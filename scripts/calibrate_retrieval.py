"""Calibrates retrieval's two thresholds (retrieval/understand.py: ANSWER and SUGGEST).

Positives: the fact book's own questions, each scored by an index built without it (five folds).
Negatives: CLINC150's out-of-scope validation queries and the validation part of its unrelated
in-scope queries (../shared/eval/external; the test lists are never used here). Prints, for a grid of
thresholds, the share of held-out fact questions whose best entry is at least that similar to them
(and is the right one), and the share of negatives whose best entry is.

    python -m scripts.calibrate_retrieval
"""

from __future__ import annotations

import numpy as np

from knowledge.factbook import FactBook, load_factbook
from knowledge.files import load_facts
from retrieval.encoder import shared_encoder
from retrieval.index import build_index
from retrieval.retrieve import Retriever
from scripts.clinc import load, tuning_part

FOLDS = 5
GRID = [round(0.3 + 0.025 * step, 3) for step in range(21)]


def held_out_book(book: FactBook, fold: int) -> tuple[FactBook, list[tuple[str, str]]]:
    """The book without every FOLDS-th question of each entry (from `fold` on), and those questions."""
    held: list[tuple[str, str]] = []
    facts = {}
    for fact_id, fact in book.facts.items():
        kept = [q for index, q in enumerate(fact.questions) if index % FOLDS != fold]
        held += [(q, fact_id) for index, q in enumerate(fact.questions) if index % FOLDS == fold]
        facts[fact_id] = fact.copy(update={"questions": kept})
    trimmed = FactBook(facts, book.subjects, book.unknowns, book.elsewhere, book.entity_names)
    return trimmed, held


def main() -> None:
    book = load_factbook(load_facts())
    encoder = shared_encoder()
    positives: list[tuple[float, bool]] = []
    for fold in range(FOLDS):
        trimmed, held = held_out_book(book, fold)
        retriever = Retriever(trimmed, build_index(trimmed, encoder), encoder)
        for question, fact_id in held:
            best = retriever.rank(question, limit=1)[0]
            positives.append((best.similarity, best.entry.id == fact_id))
        print(f"fold {fold + 1}/{FOLDS}: {len(held)} held-out questions", flush=True)
    oos = load()
    negatives_text = oos["val"] + tuning_part(oos["unrelated_in_scope_val"])
    retriever = Retriever(book, build_index(book, encoder), encoder)
    negatives = np.array([retriever.rank(text, limit=1)[0].similarity for text in negatives_text])
    scores = np.array([score for score, _ in positives])
    right = np.array([correct for _, correct in positives])
    print(f"\n{len(scores)} held-out fact questions (right at 1: {right.mean():.3f}); {len(negatives)} negatives")
    print("threshold  kept  kept-and-right  negatives-above")
    for threshold in GRID:
        kept = scores >= threshold
        print(
            f"{threshold:9.2f}  {kept.mean():.3f}  {(kept & right).mean():14.3f}  {(negatives >= threshold).mean():.3f}"
        )


if __name__ == "__main__":
    main()
