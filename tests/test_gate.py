"""The fact-book gate in the NLU (retrieval/gate.py), trained and stored with Rasa's own model storage
and loaded back: a knowledge question far from every fact becomes nlu_fallback; others pass."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from retrieval.gate import FactBookGate


@pytest.fixture(scope="module")
def gate(tmp_path_factory) -> FactBookGate:
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    resource = Resource("gate")
    context = ExecutionContext(GraphSchema({}), "test")
    config = FactBookGate.get_default_config()
    FactBookGate.create(config, storage, resource, context).train(TrainingData([]))
    return FactBookGate.load(config, storage, resource, context)


def classified(text: str, intent: str = "ask_question") -> Message:
    items = [{"name": intent, "confidence": 0.9}, {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 0.5}]
    return Message(data={TEXT: text, INTENT: items[0], INTENT_RANKING_KEY: items})


def intent_of(gate: FactBookGate, message: Message) -> str:
    gate.process([message])
    return message.get(INTENT)["name"]


@pytest.mark.parametrize("text", ["how do i change the oil in my car", "how do i get red wine out of a couch"])
def test_a_question_far_from_every_fact_becomes_the_fallback(gate, text):
    message = classified(text)
    assert intent_of(gate, message) == DEFAULT_NLU_FALLBACK_INTENT_NAME
    names = [item["name"] for item in message.get(INTENT_RANKING_KEY)]
    assert names.count(DEFAULT_NLU_FALLBACK_INTENT_NAME) == 1 and names[1] == "ask_question"


@pytest.mark.parametrize(
    "text", ["how much is one session in seoul", "which documents for the c-3-3 visa", "ソウルで1回いくら？"]
)
def test_a_question_about_the_facts_passes(gate, text):
    assert intent_of(gate, classified(text)) == "ask_question"


def test_other_intents_are_left_alone(gate):
    assert intent_of(gate, classified("how much has the dow changed today", "greet")) == "greet"
