"""The safety net in the NLU pipeline (safety/nlu.py) on Rasa's own messages: what it overrides,
what it vetoes, and what a vetoed message becomes, in English and in the patients' other languages.
The net is trained and stored with Rasa's own model storage, then loaded back, as in a model."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from safety.nlu import DISTRESS_INTENT, RED_FLAG_INTENT, SafetyNet

TRAINING = [
    ("how much is one session", "ask_question"),
    ("where is the clinic", "ask_question"),
    ("delete my data please", "request_data_deletion"),
    ("cancel the booking", "cancel"),
    ("pus coming out of the injection site", RED_FLAG_INTENT),
    ("i want to end my life", DISTRESS_INTENT),
]


@pytest.fixture(scope="module")
def net(tmp_path_factory) -> SafetyNet:
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    resource = Resource("safety_net")
    context = ExecutionContext(GraphSchema({}), "test")
    config = SafetyNet.get_default_config()
    untrained = SafetyNet.create(config, storage, resource, context)
    untrained.train(TrainingData([Message(data={TEXT: text, INTENT: intent}) for text, intent in TRAINING]))
    return SafetyNet.load(config, storage, resource, context)


def classified(text: str, *ranking: tuple[str, float]) -> Message:
    """A message as DIET and the FallbackClassifier leave it: the first of `ranking` is the intent."""
    items = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    return Message(data={TEXT: text, INTENT: items[0], INTENT_RANKING_KEY: items})


def intent_of(net: SafetyNet, message: Message) -> tuple[str, float]:
    net.process([message])
    intent = message.get(INTENT)
    return intent["name"], intent["confidence"]


def test_a_report_is_urgent_whatever_the_classifier_made_of_it(net):
    message = classified(
        "fever 39 and red streaks spreading from the injection spot, what do i do",
        ("ask_question", 0.001),
        ("estimate_budget", 0.001),
    )
    assert intent_of(net, message) == (RED_FLAG_INTENT, 1.0)
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == RED_FLAG_INTENT


def test_thoughts_of_self_harm_get_the_crisis_intent(net):
    message = classified("after this treatment i want to end my life", ("ask_question", 0.9))
    assert intent_of(net, message) == (DISTRESS_INTENT, 1.0)


def test_a_general_question_the_classifier_took_for_a_report_goes_to_the_next_intent(net):
    message = classified(
        "how many people get a fever after the injections?", (RED_FLAG_INTENT, 0.7), ("ask_question", 0.6)
    )
    assert intent_of(net, message) == ("ask_question", 0.6)


def test_an_unsure_next_intent_becomes_the_fallback_not_a_confident_answer(net):
    message = classified("can this cause a fever, i wonder?", (RED_FLAG_INTENT, 0.99), ("ask_question", 0.001))
    assert intent_of(net, message) == (DEFAULT_NLU_FALLBACK_INTENT_NAME, 0.5)
    assert [item["name"] for item in message.get(INTENT_RANKING_KEY)] == [
        DEFAULT_NLU_FALLBACK_INTENT_NAME,
        "ask_question",
    ]


def test_an_ordinary_question_is_left_alone(net):
    message = classified("how much is it in korea?", ("ask_question", 0.95), ("estimate_budget", 0.03))
    assert intent_of(net, message) == ("ask_question", 0.95)


@pytest.mark.parametrize(
    "text",
    [
        "注射のあと、夫の顔の右側が下がってきて、言葉がうまく出ません",  # Japanese: half the face drooping, speech
        "打完针以后我妈突然喘不上气，嘴唇也肿了",  # Chinese: suddenly breathless, lips swollen
        "ฉีดเสร็จแล้วแก้มข้างซ้ายกลายเป็นสีเทาและเย็นมาก",  # Thai: cheek turned grey and cold after the injection
        "시술 받고 나서 갑자기 한쪽 눈이 안 보여요",  # Korean: suddenly cannot see from one eye
        "После укола у меня температура 40 и всё лицо горячее и красное",  # Russian: 40 degrees, face hot and red
    ],
)
def test_warning_signs_in_the_patients_languages_are_urgent(net, text):
    assert intent_of(net, classified(text, ("ask_question", 0.9)))[0] == RED_FLAG_INTENT


def test_despair_without_the_usual_words_gets_the_crisis_intent(net):
    message = classified("everyone would be better off without me and this face", ("ask_question", 0.9))
    assert intent_of(net, message)[0] == DISTRESS_INTENT


@pytest.mark.parametrize("text", ["明日のソウルの天気は？", "сколько стоит одна процедура?", "delete my data please"])
def test_ordinary_messages_in_any_language_are_left_alone(net, text):
    assert intent_of(net, classified(text, ("ask_question", 0.9))) == ("ask_question", 0.9)


def test_a_sign_that_lingers_for_weeks_is_to_be_checked_soon(net):
    message = classified("my cheek is still swollen 6 weeks after the injections", ("ask_question", 0.9))
    assert intent_of(net, message)[0] == RED_FLAG_INTENT
    assert [entity["value"] for entity in message.get("entities")] == ["soon"]


def test_help_has_come_is_recognised_in_any_language(net):
    for text in ("the ambulance is here now", "救急車が来ました、今病院に向かっています"):
        assert intent_of(net, classified(text, ("thanks", 0.7)))[0] == "confirm_safe", text


def test_a_calm_report_the_classifier_took_for_a_red_flag_goes_to_the_next_intent(net):
    calm = "the bruises on my thigh are almost gone now, day 10"
    message = classified(calm, (RED_FLAG_INTENT, 0.8), ("ask_question", 0.6))
    assert intent_of(net, message) == ("ask_question", 0.6)
