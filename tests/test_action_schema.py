"""The action server's answers are checked as Rasa 3.6 checks them, by a validator built once
(channels/action_schema.py): same verdicts, same error messages as Rasa's own check."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa_sdk.events import ActionExecuted, ActiveLoop, FollowupAction, Restarted, SessionStarted, SlotSet

from channels import action_schema

RASA_CHECK = RemoteAction._validate_action_result
ACTION = RemoteAction("action_answer_price", None)

VALID_ANSWERS = [
    {"events": [], "responses": []},
    {},
    {
        "events": [SlotSet("last_topic", "prices"), SlotSet("clinic", None)],
        "responses": [{"text": "Prices start at...", "buttons": [{"title": "Visa", "payload": "/ask_visa"}]}],
    },
    {"events": [ActiveLoop("consultation_form"), SlotSet("requested_slot", "name")], "responses": []},
    {
        "events": [FollowupAction("action_listen"), ActionExecuted("action_listen")],
        "responses": [{"response": "utter_greet"}],
    },
    {"events": [SessionStarted(), Restarted()], "responses": [{"text": "🙂 مرحبا", "custom": {"kind": "card"}}]},
]

INVALID_ANSWERS = [
    {"events": "not a list"},
    {"events": [{"event": "no such event"}]},
    {"events": [{"event": "slot", "value": 1}]},
    {"events": [{"event": "slot", "name": 3, "value": 1}]},
    {"events": [{"event": "user", "text": 7}]},
    {"responses": [{"text": "fine"}, "not an object"]},
    {"responses": {"text": "not a list"}},
    ["not", "an", "object"],
]


def rasa_error(answer) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        RASA_CHECK(ACTION, answer)
    return raised.value


@pytest.mark.parametrize("answer", VALID_ANSWERS)
def test_a_valid_answer_passes_both_checks(answer):
    assert RASA_CHECK(ACTION, answer) is True
    assert action_schema.validate_action_result(ACTION, answer) is True


@pytest.mark.parametrize("answer", INVALID_ANSWERS)
def test_an_invalid_answer_gets_the_error_rasa_would_raise(answer):
    expected = rasa_error(answer)
    with pytest.raises(ValidationError) as raised:
        action_schema.validate_action_result(ACTION, answer)
    assert raised.value.message == expected.message
    assert list(raised.value.absolute_path) == list(expected.absolute_path)
    assert raised.value.message.endswith("/custom-actions")


def test_the_validator_is_built_once():
    assert action_schema.answer_validator() is action_schema.answer_validator()


def test_install_replaces_the_check_on_every_remote_action(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RASA_CHECK)
    action_schema.install()
    action_schema.install()
    assert RemoteAction._validate_action_result is action_schema.validate_action_result
    with pytest.raises(ValidationError):
        RemoteAction("validate_consultation_form", None)._validate_action_result({"events": [{"event": "?"}]})
