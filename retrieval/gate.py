"""The fact book as a gate in the NLU: a knowledge question nothing in the fact book comes close to
is not one.

With every knowledge question one intent, the classifier learns "a question" rather than "a question
about scars, the treatment or the trip", and takes "how much has the Dow changed today" for one. This
component, after the classifier and the FallbackClassifier, turns an `ask_question` whose best cosine
similarity to the fact book's questions and statements is below `threshold` into `nlu_fallback`, so
that integrations and monitoring read the rejection in the tracker and in /model/parse. The fact
book's vectors are computed when the model is trained and kept in it (adding a fact retrains).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from knowledge.factbook import load_factbook
from knowledge.files import load_facts
from retrieval.encoder import shared_encoder
from retrieval.index import entry_texts

QUESTION_INTENT = "ask_question"
STORED = "fact_book_vectors.npy"
SIMILARITY_KEY = "fact_book_similarity"  # in /model/parse: how close a knowledge question came


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FactBookGate(GraphComponent, IntentClassifier):
    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vectors: np.ndarray | None = None,
    ) -> None:
        self.threshold = config["threshold"]
        self._model_storage = model_storage
        self._resource = resource
        self.vectors = vectors

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"threshold": 0.5}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FactBookGate:
        return cls(config, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The fact book is read from its files, not given by the graph: Rasa's training cache must
        know when it changes, or it restores the vectors of an older fact book."""
        return load_factbook(load_facts()).content_hash

    def train(self, training_data: TrainingData) -> Resource:
        """Embeds the fact book's questions and statements (not its other procedures) into the model."""
        book = load_factbook(load_facts())
        texts = [text for entry in book.entries if entry.kind != "elsewhere" for text in entry_texts(entry)]
        self.vectors = shared_encoder().encode(texts)
        with self._model_storage.write_to(self._resource) as directory:
            np.save(directory / STORED, self.vectors)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> FactBookGate:
        with model_storage.read_from(resource) as directory:
            vectors = np.load(directory / STORED)
        return cls(config, model_storage, resource, vectors)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if self.vectors is None or (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != QUESTION_INTENT:
                continue
            closest = float((self.vectors @ shared_encoder().embed(message.get(TEXT) or "")).max())
            message.set(SIMILARITY_KEY, round(closest, 4), add_to_output=True)
            if closest < self.threshold:
                unsure = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: closest}
                ranking = [
                    item
                    for item in message.get(INTENT_RANKING_KEY) or []
                    if item.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME
                ]
                message.set(INTENT, unsure, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [unsure, *ranking], add_to_output=True)
        return messages
