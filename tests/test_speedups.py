"""Constant work of Rasa 3.6, done once (channels/speedups.py): the action server's answers are
checked with the same verdicts and errors as Rasa's own check, and stored events resolve to the
same classes, on Rasa's own event classes and trackers."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core import events as rasa_events
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.events import SlotSet as RasaSlotSet
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa_sdk.events import ActionExecuted, ActiveLoop, FollowupAction, Restarted, SessionStarted, SlotSet

from channels import speedups

RASA_CHECK = RemoteAction._validate_action_result
RASA_RESOLVE = Event.resolve_by_type
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
    assert speedups.validate_action_result(ACTION, answer) is True


@pytest.mark.parametrize("answer", INVALID_ANSWERS)
def test_an_invalid_answer_gets_the_error_rasa_would_raise(answer):
    expected = rasa_error(answer)
    with pytest.raises(ValidationError) as raised:
        speedups.validate_action_result(ACTION, answer)
    assert raised.value.message == expected.message
    assert list(raised.value.absolute_path) == list(expected.absolute_path)
    assert raised.value.message.endswith("/custom-actions")


def test_the_validator_is_built_once():
    assert speedups.answer_validator() is speedups.answer_validator()


def every_event_class() -> list[type[Event]]:
    classes, seen = [Event], []
    while classes:
        for subclass in classes.pop().__subclasses__():
            classes.append(subclass)
            if getattr(subclass, "type_name", Event.type_name) != Event.type_name and subclass not in seen:
                seen.append(subclass)
    return seen


@pytest.mark.parametrize("type_name", sorted({cls.type_name for cls in every_event_class()}))
def test_every_event_name_resolves_to_the_class_rasa_finds(type_name):
    assert speedups.resolve_by_type(type_name) is RASA_RESOLVE(type_name)
    assert speedups.resolve_by_type(type_name) is RASA_RESOLVE(type_name)  # now from memory


def test_unknown_names_behave_as_in_rasa():
    with pytest.raises(ValueError, match="Unknown event name"):
        speedups.resolve_by_type("no_such_event")
    assert speedups.resolve_by_type("no_such_event", UserUttered) is UserUttered
    assert speedups.resolve_by_type("topic") is None
    assert "no_such_event" not in speedups._event_classes


def test_an_event_class_defined_later_is_still_found():
    class Reminder(rasa_events.ReminderScheduled):
        type_name = "test_reminder_defined_later"

    assert speedups.resolve_by_type("test_reminder_defined_later") is Reminder


def test_install_replaces_both_and_a_tracker_reads_back_the_same(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RASA_CHECK)
    monkeypatch.setattr(Event, "resolve_by_type", staticmethod(RASA_RESOLVE))
    stored = DialogueStateTracker.from_events(
        "patient-1", [UserUttered("how much?", intent={"name": "ask_price"}), RasaSlotSet("last_topic", "prices")]
    ).current_state(EventVerbosity.ALL)["events"]
    speedups.install()
    speedups.install()
    assert RemoteAction._validate_action_result is speedups.validate_action_result
    assert Event.resolve_by_type is speedups.resolve_by_type
    with pytest.raises(ValidationError):
        RemoteAction("validate_consultation_form", None)._validate_action_result({"events": [{"event": "?"}]})
    read_back = DialogueStateTracker.from_dict("patient-1", stored)
    assert [event.as_dict() for event in read_back.events] == stored
    assert read_back.get_slot("last_topic") == "prices"
