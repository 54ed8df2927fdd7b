"""Stemming is used by retrieval in the action server's worker threads at once: each thread must
get the same stems as a single thread would (snowballstemmer's stemmers keep per-word state)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from retrieval.keywords import terms

TEXTS = [
    "how much does the stem cell treatment cost in seoul",
    "what are the side effects of adipose derived stem cells",
    "hypertrophic scars keep thickening for months",
    "which documents are required for the medical visa application",
] * 50


def test_terms_from_many_threads_at_once_equal_terms_from_one():
    expected = [terms(text) for text in TEXTS]
    with ThreadPoolExecutor(8) as pool:
        for _ in range(20):
            assert list(pool.map(terms, TEXTS)) == expected
