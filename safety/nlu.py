"""The safety net inside the NLU pipeline: runs on every message, after the intent classifier and
the fallback, so an urgent sign or a crisis is caught whatever the classifier made of the message
(a wrong intent, low confidence, or an active form), and in whatever language it is written.

Three checks, the fast ones first: the rules of `safety/red_flags.py` (English, exact, aware of
negation and of general questions), the plainest emergency words of the other languages
(`safety/phrases.py`), then the semantic check of `safety/semantic.py` (the multilingual sentence
encoder, for signs described in other words or other languages)."""

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

from languages.detect import ENGLISH, detect_language
from retrieval.encoder import shared_encoder
from safety.phrases import plain_alarm
from safety.red_flags import asks_in_general, detect
from safety.semantic import DESPAIR, NONE, URGENT, SemanticRedFlags, exemplars

RED_FLAG_INTENT = "report_red_flag"
DISTRESS_INTENT = "express_distress"
SAFETY_INTENTS = (RED_FLAG_INTENT, DISTRESS_INTENT)
# The NLU training data teaches the semantic check too: its reports of signs are alarms, its
# distress is despair, and every other intent is what an ordinary message looks like.
LEVEL_OF_INTENT = {RED_FLAG_INTENT: URGENT, DISTRESS_INTENT: DESPAIR}
STORED = "semantic_red_flags.npz"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SafetyNet(GraphComponent, IntentClassifier):
    """Overrides the intent with `express_distress` or `report_red_flag` when a check fires.

    It is also the judge of the classifier's own safety intents: when neither check finds an alarm
    (a general question, "how many people get a fever after the injections?", or a calm report,
    "the bruises are almost gone"), the next intent answers it instead, or, when the classifier was
    not confident of that one either, `nlu_fallback`, as the FallbackClassifier before it would have
    decided (`fallback_threshold`, the same value).
    """

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        semantic: SemanticRedFlags | None = None,
    ) -> None:
        self.fallback_threshold = config["fallback_threshold"]
        self._model_storage = model_storage
        self._resource = resource
        self.semantic = semantic

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"fallback_threshold": 0.5}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyNet:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Trains the semantic check on the exemplars and the NLU data, and keeps it in the model."""
        texts, levels = exemplars()
        for example in training_data.intent_examples:
            texts.append(example.get(TEXT))
            levels.append(LEVEL_OF_INTENT.get(example.get(INTENT), NONE))
        self.semantic = SemanticRedFlags.train(shared_encoder(), texts, levels)
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(
                directory / STORED,
                weights=self.semantic.weights,
                bias=self.semantic.bias,
                classes=np.array(self.semantic.classes),
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SafetyNet:
        with model_storage.read_from(resource) as directory, np.load(directory / STORED) as stored:
            semantic = SemanticRedFlags(shared_encoder(), stored["weights"], stored["bias"], list(stored["classes"]))
        semantic.assess("hello")  # the encoder loads now, not on the first patient's message
        return cls(config, model_storage, resource, semantic)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            intent = self._alarm(text)
            if intent is None:
                if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) in SAFETY_INTENTS:
                    self._demote_safety_intent(message)
                continue
            override = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [item for item in message.get(INTENT_RANKING_KEY) or [] if item.get(INTENT_NAME_KEY) != intent]
            message.set(INTENT, override, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [override, *ranking], add_to_output=True)
        return messages

    def _alarm(self, text: str) -> str | None:
        """The safety intent the message calls for, or None."""
        if not text.strip():
            return None
        detection = detect(text)
        if detection is not None:
            return DISTRESS_INTENT if detection.self_harm else RED_FLAG_INTENT
        plain = plain_alarm(text)
        if plain is not None:
            return DISTRESS_INTENT if plain == DESPAIR else RED_FLAG_INTENT
        if self.semantic is None:
            return None  # only while training, before train() has run
        assessment = self.semantic.assess(text, english=detect_language(text) == ENGLISH)
        if assessment.level == DESPAIR:
            return DISTRESS_INTENT
        if assessment.level != NONE and not asks_in_general(text):
            return RED_FLAG_INTENT
        return None

    def _demote_safety_intent(self, message: Message) -> None:
        ranking = [
            item
            for item in message.get(INTENT_RANKING_KEY) or []
            if item.get(INTENT_NAME_KEY) not in (*SAFETY_INTENTS, DEFAULT_NLU_FALLBACK_INTENT_NAME)
        ]
        if not ranking:
            return
        threshold = self.fallback_threshold
        if (ranking[0].get(PREDICTED_CONFIDENCE_KEY) or 0.0) < threshold:
            unsure = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: threshold}
            ranking = [unsure, *ranking]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
