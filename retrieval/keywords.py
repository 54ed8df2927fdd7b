"""Keyword similarity with stemming: it finds rare names and exact terms ("Radiesse", "type III",
"buffy coat") that a sentence embedding blurs, and matches "fillers" to "filler".

A snowball stemmer keeps the word it is working on in itself, and the action server retrieves in
several worker threads at once: each thread has its own stemmer (one shared stemmer garbled stems
and raised IndexError under load)."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import snowballstemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

_WORD = re.compile(r"\w+", re.UNICODE)
_local = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    """This thread's English stemmer."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def terms(text: str) -> list[str]:
    """Stemmed words without English stop words; other scripts pass through whole."""
    words = [word for word in _WORD.findall(text.lower()) if word not in ENGLISH_STOP_WORDS]
    return _stemmer().stemWords(words)


class KeywordIndex:
    """TF-IDF over stemmed words and word pairs, one document per entry (its statement and questions)."""

    def __init__(self, documents: Sequence[str]) -> None:
        self._vectorizer = TfidfVectorizer(analyzer=self._analyse, sublinear_tf=True)
        self._matrix = self._vectorizer.fit_transform(documents)

    @staticmethod
    def _analyse(text: str) -> list[str]:
        words = terms(text)
        return words + [f"{first} {second}" for first, second in pairwise(words)]

    def similarity(self, text: str) -> np.ndarray:
        """Cosine similarity of `text` to every document, in document order."""
        query = self._vectorizer.transform([text])
        return (self._matrix @ query.T).toarray().ravel()
