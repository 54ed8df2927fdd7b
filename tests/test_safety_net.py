"""The safety net in the NLU pipeline (safety/nlu.py) on Rasa's own messages: what it overrides,
what it vetoes, and what a vetoed message becomes."""

from __future__ import annotations

from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from safety.nlu import DISTRESS_INTENT, RED_FLAG_INTENT, SafetyNet

NET = SafetyNet(SafetyNet.get_default_config()["fallback_threshold"])


def classified(text: str, *ranking: tuple[str, float]) -> Message:
    """A message as DIET and the FallbackClassifier leave it: the first of `ranking` is the intent."""
    items = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    return Message(data={TEXT: text, INTENT: items[0], INTENT_RANKING_KEY: items})


def intent_of(message: Message) -> tuple[str, float]:
    NET.process([message])
    intent = message.get(INTENT)
    return intent["name"], intent["confidence"]


def test_a_report_is_urgent_whatever_the_classifier_made_of_it():
    message = classified(
        "fever 39 and red streaks spreading from the injection spot, what do i do",
        ("ask_clinic_location", 0.001),
        ("ask_scar_causes", 0.001),
    )
    assert intent_of(message) == (RED_FLAG_INTENT, 1.0)
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == RED_FLAG_INTENT


def test_thoughts_of_self_harm_get_the_crisis_intent():
    message = classified("after this treatment i want to end my life", ("ask_results", 0.9))
    assert intent_of(message) == (DISTRESS_INTENT, 1.0)


def test_a_general_question_the_classifier_took_for_a_report_goes_to_the_next_intent():
    message = classified(
        "how many people get a fever after the injections?", (RED_FLAG_INTENT, 0.7), ("ask_side_effects", 0.6)
    )
    assert intent_of(message) == ("ask_side_effects", 0.6)


def test_an_unsure_next_intent_becomes_the_fallback_not_a_confident_answer():
    message = classified("can this cause a fever, i wonder?", (RED_FLAG_INTENT, 0.99), ("ask_clinic_location", 0.001))
    assert intent_of(message) == (DEFAULT_NLU_FALLBACK_INTENT_NAME, 0.5)
    assert [item["name"] for item in message.get(INTENT_RANKING_KEY)] == [
        DEFAULT_NLU_FALLBACK_INTENT_NAME,
        "ask_clinic_location",
    ]


def test_an_ordinary_question_is_left_alone():
    message = classified("how much is it in korea?", ("ask_price_korea", 0.95), ("ask_treatment_price", 0.03))
    assert intent_of(message) == ("ask_price_korea", 0.95)
