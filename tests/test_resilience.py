"""What the Rasa server says when a custom action fails, and how it recovers a turn cut by the
circuit breaker (channels/resilience.py), on Rasa's own tracker and action classes."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import ACTION_LISTEN_NAME, REQUESTED_SLOT
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from answers.coordinators import Coordinators
from channels import resilience
from channels.resilience import APOLOGY, Safety, apology, fallback_events, unchecked_answers
from inquiries.database import upgrade
from inquiries.models import Inquiry
from inquiries.store import InquiryStore
from knowledge.database import make_engine
from safety.guidance import crisis_reply

URGENT_START = "Please get medical help now"
TODAY_START = "Please contact the clinic that treated you, or see a doctor, today"
CONTACT = "coordinators@clinic.example"


def tracker(text: str, intent: str = "ask_price", *after) -> DialogueStateTracker:
    events = [ActionExecuted(ACTION_LISTEN_NAME), UserUttered(text, intent={"name": intent}, input_channel="rest")]
    return DialogueStateTracker.from_events("patient-1", [*events, *after])


def texts(events) -> list[str]:
    return [event.text for event in events if isinstance(event, BotUttered)]


@pytest.fixture(autouse=True)
def inquiries(tmp_path: Path, monkeypatch) -> InquiryStore:
    url = f"sqlite:///{tmp_path / 'inquiries.db'}"
    upgrade(make_engine(url))
    monkeypatch.setenv("INQUIRY_DB_URL", url)
    monkeypatch.setenv("COORDINATOR_CONTACT", CONTACT)
    return InquiryStore(make_engine(url))


def urgent_conversations(store: InquiryStore) -> set[str]:
    with store.session() as session:
        return {inquiry.conversation_id for inquiry in session.query(Inquiry).filter(Inquiry.urgent)}


def test_the_apology_gives_the_coordinators_contact_only_when_one_is_published():
    with_contact = apology(Coordinators("one working day", "Mon-Fri", CONTACT))
    assert with_contact.startswith(APOLOGY) and CONTACT in with_contact
    assert apology(Coordinators("one working day", "Mon-Fri", "")) == APOLOGY


def test_a_question_gets_only_the_apology():
    events = asyncio.run(fallback_events("action_answer_question", tracker("how much is it in korea?")))
    assert texts(events) == [apology(Coordinators.from_environment())]
    assert not [event for event in events if isinstance(event, SlotSet)]


def test_urgent_signs_get_the_urgent_care_advice_first_and_the_conversation_is_marked_urgent(inquiries):
    message = "since yesterday i have a fever and pus coming out of my cheek"
    events = asyncio.run(fallback_events("action_urgent_care", tracker(message, "report_red_flag")))
    replies = texts(events)
    assert replies[0].startswith(TODAY_START) and "fever or chills" in replies[0] and "119" in replies[0]
    assert replies[-1].startswith(APOLOGY) and len(replies) == 2
    assert SlotSet("urgent", True) in events and SlotSet("urgency", "urgent") in events
    assert urgent_conversations(inquiries) == {"patient-1"}


def test_a_conversation_already_urgent_hears_the_reminder_before_the_apology():
    urgent = tracker("how much is the hotel?", "ask_question", SlotSet("urgency", "emergency"))
    replies = texts(asyncio.run(fallback_events("action_answer_while_urgent", urgent)))
    assert replies[0].startswith("First, please don't wait: call 119 now") and replies[1].startswith(APOLOGY)


@pytest.mark.parametrize(
    ("action", "text", "intent"),
    [
        ("action_answer_question", "my cheek went black since the injection", "ask_side_effects"),  # the detector
        ("action_answer_question", "something is really wrong with my face", "report_red_flag"),  # the intent
        ("action_urgent_care", "something is really wrong with my face", "ask_side_effects"),  # the action
    ],
)
def test_urgent_care_comes_first_whichever_part_recognised_the_urgency(action, text, intent):
    assert texts(asyncio.run(fallback_events(action, tracker(text, intent))))[0].startswith(URGENT_START)


def test_self_harm_gets_the_crisis_lines_and_answers_stay_free_of_sales_talk():
    events = asyncio.run(fallback_events("action_crisis_support", tracker("i want to end it all", "express_distress")))
    assert texts(events)[0] == crisis_reply()
    assert SlotSet("distress", True) in events and SlotSet("urgent", True) in events


def test_nothing_is_said_twice_in_one_turn():
    first = asyncio.run(fallback_events("action_urgent_care", tracker("i have a high fever", "report_red_flag")))
    again = asyncio.run(fallback_events("validate_consultation_form", tracker("i have a high fever", "x", *first)))
    assert texts(again) == []


def test_a_form_answer_that_could_not_be_checked_is_not_kept():
    form_turn = tracker(
        "my email is mina@example.com",
        "inform",
        SlotSet(REQUESTED_SLOT, "contact"),
        ActionExecuted("consultation_form"),
        SlotSet("contact", "my email is mina@example.com"),
    )
    assert unchecked_answers(form_turn) == [SlotSet("contact", None)]
    events = asyncio.run(fallback_events("validate_consultation_form", form_turn))
    assert SlotSet("contact", None) in events and texts(events)[0].startswith(APOLOGY)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_action_server_gives_the_fallback_instead_of_an_exception(monkeypatch):
    monkeypatch.setattr(RemoteAction, "run", resilience._run_or_fall_back)
    action = RemoteAction("action_answer_question", EndpointConfig(f"http://127.0.0.1:{closed_port()}/webhook"))
    domain_free_tracker = tracker("how much is it in korea?")
    monkeypatch.setattr(RemoteAction, "_action_call_format", lambda self, tracker, domain: {})
    events = asyncio.run(action.run(None, None, domain_free_tracker, None))
    assert texts(events) == [apology(Coordinators.from_environment())]


def test_a_form_rejection_is_not_a_failure(monkeypatch):
    async def rejecting(*_args):
        raise ActionExecutionRejection("validate_consultation_form")

    monkeypatch.setattr(resilience, "_original_run", rejecting)
    with pytest.raises(ActionExecutionRejection):
        asyncio.run(
            resilience._run_or_fall_back(RemoteAction("validate_consultation_form", None), None, None, None, None)
        )


@pytest.mark.parametrize(
    ("last_action", "listens_after"),
    [("action_answer_fallback", True), (ACTION_LISTEN_NAME, False)],
    ids=["cut by the circuit breaker", "ended normally"],
)
def test_a_turn_cut_by_the_circuit_breaker_ends_listening(monkeypatch, last_action, listens_after):
    async def prediction_loop(*_args):
        return None

    monkeypatch.setattr(resilience, "_original_prediction_loop", prediction_loop)
    conversation = tracker("' OR 1=1 --", "inform", *[ActionExecuted(last_action)])
    before = len(conversation.events)
    processor = MessageProcessor.__new__(MessageProcessor)
    asyncio.run(resilience._prediction_loop_ending_in_listen(processor, None, conversation))
    assert conversation.latest_action_name == ACTION_LISTEN_NAME
    assert len(conversation.events) == before + (1 if listens_after else 0)


def test_safety_of_an_ordinary_question_is_nothing():
    safety = Safety.of("action_answer_question", tracker("how much is it in korea?"))
    assert not safety.replies() and not safety.slots()
