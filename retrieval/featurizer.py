"""The sentence encoder as a dense featurizer in Rasa's NLU pipeline.

It gives DIET what our few thousand examples cannot: a pretrained, multilingual sense of meaning,
so a turn kind (a question, a greeting, a consultation request) is recognised in words and
languages the training data never used. It adds one sentence-level vector per message; the
vectors are the shared encoder's, so the safety net and retrieval reuse the same computation.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from retrieval.encoder import MODEL_NAME, shared_encoder


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config(), "model": MODEL_NAME}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to check: the encoder has no options."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEncoderFeaturizer:
        return cls(execution_context.node_name, config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        examples = [example for example in training_data.training_examples if example.get(TEXT)]
        vectors = shared_encoder().encode([example.get(TEXT) for example in examples])
        for example, vector in zip(examples, vectors):
            self.add_features_to_message(None, vector[None, :], TEXT, example)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text:
                self.add_features_to_message(None, shared_encoder().embed(text)[None, :], TEXT, message)
        return messages
