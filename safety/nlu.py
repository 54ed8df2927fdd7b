"""The safety net inside the NLU pipeline: runs on every message, after the intent classifier and
the fallback, so an urgent sign or a crisis is caught whatever the classifier made of the message
(a wrong intent, low confidence, or an active form), and in whatever language it is written.

Three checks, the fast ones first: the rules of `safety/red_flags.py` (English, exact, aware of
negation and of general questions), the plainest emergency words of the other languages
(`safety/phrases.py`), then the semantic check of `safety/semantic.py` (the multilingual sentence
encoder, for signs described in other words or other languages)."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from languages.detect import ENGLISH, detect_language
from retrieval.encoder import shared_encoder
from safety.levels import DESPAIR, EMERGENCY, LEVEL_ENTITY, NONE, SAFE, SOON, URGENT, most_serious
from safety.phrases import plain_alarm
from safety.red_flags import (
    asks_in_general,
    detect,
    has_help,
    mentions_only_settled_signs,
    mentions_signs,
    speaks_figuratively,
)
from safety.semantic import EXEMPLARS, SemanticRedFlags, exemplars

RED_FLAG_INTENT = "report_red_flag"
DISTRESS_INTENT = "express_distress"
SAFE_INTENT = "confirm_safe"
SAFETY_INTENTS = (RED_FLAG_INTENT, DISTRESS_INTENT)
# "Contact the clinic soon" is advice for a message that may describe a sign, never in place of a form's
# answer, a budget or a greeting.
MAY_BE_A_REPORT = (
    "ask_question",
    "ask_health_condition",
    "ask_diagnosis",
    DEFAULT_NLU_FALLBACK_INTENT_NAME,
    "out_of_scope",
    RED_FLAG_INTENT,
    DISTRESS_INTENT,
)
# Turns that are plainly something else: in English, the encoder alone does not turn them into alarms.
OTHER_BUSINESS = (
    "cancel",
    "estimate_budget",
    "request_consultation",
    "inform",
    "change_answer",
    "greet",
    "goodbye",
    "thanks",
    "affirm",
    "deny",
    "request_data_export",
    "request_data_deletion",
)
SURE_OF_OTHER_BUSINESS = 0.8

# The NLU training data teaches the semantic check too: its reports of signs are alarms, its
# distress is despair, and every other intent is what an ordinary message looks like.
LEVEL_OF_INTENT = {RED_FLAG_INTENT: URGENT, DISTRESS_INTENT: DESPAIR, SAFE_INTENT: SAFE}
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

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The exemplars are read from their files, not given by the graph: Rasa's training cache must
        know when they change, or it restores a check trained on older ones."""
        digest = hashlib.sha256()
        for path in EXEMPLARS:
            digest.update(path.read_bytes())
        return digest.hexdigest()

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
            classified = message.get(INTENT) or {}
            turn = (classified.get(INTENT_NAME_KEY) or "", classified.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
            level = self.level(text, turn)
            if level == NONE:
                if turn[0] in SAFETY_INTENTS:
                    self._demote_safety_intent(message)
                continue
            if level == SAFE:
                self._override(message, SAFE_INTENT)
                continue
            if level == SOON and turn[0] not in MAY_BE_A_REPORT:
                continue  # "around 3 months from now" answers the form; advice to see the clinic would not
            intent = DISTRESS_INTENT if level == DESPAIR else RED_FLAG_INTENT
            self._override(message, intent)
            entity = {
                ENTITY_ATTRIBUTE_TYPE: LEVEL_ENTITY,
                ENTITY_ATTRIBUTE_VALUE: level,
                ENTITY_ATTRIBUTE_START: 0,
                ENTITY_ATTRIBUTE_END: len(text),
                EXTRACTOR: type(self).__name__,
            }
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        return messages

    @staticmethod
    def _override(message: Message, intent: str) -> None:
        override = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
        ranking = [item for item in message.get(INTENT_RANKING_KEY) or [] if item.get(INTENT_NAME_KEY) != intent]
        message.set(INTENT, override, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [override, *ranking], add_to_output=True)

    def level(self, text: str, turn: tuple[str, float] = ("", 0.0)) -> str:
        """How urgent the message is: the most serious level any check finds (safety/levels.py), or
        SAFE when it says help has come. `turn` is the classifier's (intent, confidence)."""
        if not text.strip():
            return NONE
        detection = detect(text)
        found = detection.level if detection else NONE
        if found == DESPAIR:
            return DESPAIR
        plain = plain_alarm(text)
        if plain is not None:
            return most_serious(plain, found)
        if self.semantic is None:
            return found  # only while training, before train() has run
        english = detect_language(text) == ENGLISH
        assessment = self.semantic.assess(text, english=english)
        if assessment.level == SAFE:  # "at the hospital for the fever": urgent signs in good hands
            helped = has_help(text)
            if english and not helped:
                return found  # "no redness, no heat" is calm, not help that has come
            return SAFE if found == NONE or (found == URGENT and helped) else found
        if english and found == NONE and turn[0] in OTHER_BUSINESS and turn[1] >= SURE_OF_OTHER_BUSINESS:
            # "i don't want to book any more": in English the rules read the plain words of danger and
            # despair, and the classifier is sure this is another kind of turn; the encoder alone is not
            # enough to overrule both.
            return NONE
        if english and found == NONE and speaks_figuratively(text):
            return NONE  # "dying to know the price": the rules know the idiom, the encoder hears an alarm
        if assessment.level == DESPAIR:
            return DESPAIR
        if asks_in_general(text):
            return found
        if english and assessment.level in (EMERGENCY, URGENT) and mentions_only_settled_signs(text):
            return found  # the rules read negation and time in English; the encoder does not
        if english and assessment.level == SOON and not mentions_signs(text):
            return found  # "around 3 months from now": weeks and months, but nothing about the body
        return most_serious(assessment.level, found)

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
