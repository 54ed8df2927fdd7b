"""The safety net inside the NLU pipeline: runs on every message, after the intent classifier and
the fallback, so an urgent sign or a crisis is caught whatever the classifier made of the message
(a wrong intent, low confidence, or an active form)."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from safety.red_flags import asks_in_general, detect

RED_FLAG_INTENT = "report_red_flag"
DISTRESS_INTENT = "express_distress"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafetyNet(GraphComponent, IntentClassifier):
    """Overrides the intent with `express_distress` or `report_red_flag` when the detector fires.

    It also vetoes the classifier's `report_red_flag` for a general question that reports nothing
    ("how many people get a fever after the injections?"): the next intent answers it instead, or,
    when the classifier was not confident of that one either, `nlu_fallback`, as the
    FallbackClassifier before it would have decided (`fallback_threshold`, the same value).
    """

    def __init__(self, fallback_threshold: float) -> None:
        self.fallback_threshold = fallback_threshold

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"fallback_threshold": 0.5}

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyNet:
        return cls(config["fallback_threshold"])

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            detection = detect(text)
            if detection is None:
                if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == RED_FLAG_INTENT and asks_in_general(text):
                    self._demote_red_flag(message)
                continue
            intent = DISTRESS_INTENT if detection.self_harm else RED_FLAG_INTENT
            override = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [item for item in message.get(INTENT_RANKING_KEY) or [] if item.get(INTENT_NAME_KEY) != intent]
            message.set(INTENT, override, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [override, *ranking], add_to_output=True)
        return messages

    def _demote_red_flag(self, message: Message) -> None:
        ranking = [
            item
            for item in message.get(INTENT_RANKING_KEY) or []
            if item.get(INTENT_NAME_KEY) not in (RED_FLAG_INTENT, DEFAULT_NLU_FALLBACK_INTENT_NAME)
        ]
        if not ranking:
            return
        threshold = self.fallback_threshold
        if (ranking[0].get(PREDICTED_CONFIDENCE_KEY) or 0.0) < threshold:
            unsure = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: threshold}
            ranking = [unsure, *ranking]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
