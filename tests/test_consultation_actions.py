"""The consultation form's validation, the hand-off, privacy and urgent actions, run with rasa_sdk's
Tracker and CollectingDispatcher on a real knowledge base and a real (SQLite) inquiries database."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_actions, records
from actions.consultation_actions import (
    ActionAskConsultationConfirmed,
    ActionHandOff,
    ActionSubmitConsultation,
    ValidateConsultationForm,
)
from actions.privacy_actions import ActionDeleteMyData, ActionShowMyData
from actions.safety_actions import ActionAnswerWhileUrgent, ActionConfirmSafe, ActionUrgentCare
from inquiries.database import migrated_engine
from inquiries.store import InquiryStore
from knowledge.database import PROJECT_ROOT

DOMAIN = yaml.safe_load(Path(PROJECT_ROOT / "domain.yml").read_text())
ANSWERED = {
    "consent_contact": True,
    "contact_name": "Anna Kim",
    "contact": "anna@example.com",
    "contact_kind": "email",
    "residence_country": "Germany",
    "treatment_interest": "Exosome microneedling",
    "preferred_clinic": "theplus",
    "travel_month": "2027-05",
    "budget": "$5,000",
    "consent_health": True,
    "scar_description": "raised scars on both cheeks",
    "consultation_confirmed": True,
}


@pytest.fixture(autouse=True)
def databases(built_sqlite_engine, tmp_path, monkeypatch) -> InquiryStore:
    monkeypatch.setenv("KNOWLEDGE_DB_URL", str(built_sqlite_engine.url))
    url = f"sqlite:///{tmp_path / 'inquiries.db'}"
    migrated_engine(url).dispose()
    monkeypatch.setenv("INQUIRY_DB_URL", url)
    for cached in (knowledge_actions.knowledge_base, records.inquiry_store):
        cached.cache_clear()
    yield InquiryStore(records.inquiry_store().engine)
    for cached in (knowledge_actions.knowledge_base, records.inquiry_store):
        cached.cache_clear()


def user_event(text: str, intent: str, confidence: float, entities: list[dict]) -> dict:
    return {
        "event": "user",
        "text": text,
        "parse_data": {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities},
        "input_channel": "socketio",
    }


def tracker(
    text: str = "",
    intent: str = "inform",
    *,
    slots: dict | None = None,
    asked: str | None = None,
    confidence: float = 0.95,
    entities: list[dict] = (),
    history: list[dict] = (),
    sender: str = "socketio:patient-1",
) -> Tracker:
    slots = dict(slots or {})
    events = [*history, user_event(text, intent, confidence, list(entities))]
    if asked:
        slots.update({asked: text, "requested_slot": asked})
        events.append({"event": "slot", "name": asked, "value": text})
    return Tracker(
        sender_id=sender,
        slots=slots,
        latest_message=events[-1 if not asked else -2]["parse_data"],
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": "consultation_form"} if asked else {},
        latest_action_name="action_listen",
    )


def run(action, tracker_: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, DOMAIN))
    return dispatcher.messages, events


def validate(slot: str, text: str, intent: str = "inform", **kwargs):
    messages, events = run(ValidateConsultationForm(), tracker(text, intent, asked=slot, **kwargs))
    slots = {event["name"]: event["value"] for event in events if event["event"] == "slot"}
    return messages, slots


def test_a_valid_answer_is_stored_and_the_next_question_is_asked():
    messages, slots = validate("contact", "my mail is Anna@Example.com", slots={"consent_contact": True})
    assert messages == []
    assert slots["contact"] == "Anna@example.com" and slots["contact_kind"] == "email"


def test_an_invalid_answer_gets_a_specific_re_prompt():
    messages, slots = validate("travel_month", "Smarch")
    assert slots["travel_month"] is None
    assert "Please give a month" in messages[0]["text"]


def test_a_question_in_the_middle_is_answered_and_the_question_asked_again():
    messages, slots = validate("travel_month", "how much is one session in korea?", intent="ask_question")
    assert slots["travel_month"] is None, "still missing: the form asks it again"
    assert "₩" in messages[0]["text"] and not messages[0]["buttons"], "answered without buttons that leave the form"


def test_a_name_is_not_mistaken_for_a_question():
    _messages, slots = validate("contact_name", "Clinic Kim", intent="ask_question", confidence=0.6)
    assert slots["contact_name"] == "Clinic Kim"


def test_changing_an_answer_clears_it_so_it_is_asked_again():
    entities = [{"entity": "form_field", "value": "budget"}]
    _messages, slots = validate(
        "consultation_confirmed", "/change_answer", intent="change_answer", entities=entities, slots=ANSWERED
    )
    assert slots["budget"] is None and slots["consultation_confirmed"] is None


def test_a_change_without_the_detail_asks_which_one():
    messages, slots = validate("travel_month", "i want to change something", intent="change_answer")
    assert slots["travel_month"] is None
    assert messages[0]["text"] == "Which detail would you like to change?"
    assert "/change_answer" in messages[0]["buttons"][1]["payload"]


def test_refusing_consent_ends_the_form_with_nothing_asked():
    _messages, slots = validate("consent_contact", "no", intent="deny")
    assert slots["consent_contact"] is False and slots["requested_slot"] is None


def test_without_health_consent_the_description_is_not_asked():
    _messages, slots = validate(
        "consent_health", "no thanks", intent="deny", slots={**ANSWERED, "consent_health": None}
    )
    assert slots["consent_health"] is False and slots["scar_description"] is None
    assert slots["requested_slot"] is None, "all other answers are in: on to the summary's confirmation"


def test_the_summary_lists_every_answer_and_offers_changes(databases):
    messages, _ = run(ActionAskConsultationConfirmed(), tracker("", "inform", slots=ANSWERED))
    text = messages[0]["text"]
    for shown in ("Anna Kim", "email anna@example.com", "Germany", "THE PLUS Plastic Surgery", "May 2027", "$5,000"):
        assert shown in text
    titles = [button["title"] for button in messages[0]["buttons"]]
    assert titles[0] == "Send it" and "Change: contact" in titles and titles[-1] == "Cancel the request"


def test_a_confirmed_request_becomes_an_inquiry_and_the_form_is_cleared(databases):
    history = [user_event("how much in korea", "ask_question", 0.9, [])]
    answered = {**ANSWERED, "asked_subjects": ["costs"]}
    messages, events = run(ActionSubmitConsultation(), tracker("yes", "affirm", slots=answered, history=history))
    inquiry = databases.for_conversation("socketio:patient-1")
    assert inquiry.name == "Anna Kim" and inquiry.channel == "socketio" and inquiry.topic_names == ["prices"]
    assert inquiry.clinic == "THE PLUS Plastic Surgery"
    assert inquiry.scar_description == "raised scars on both cheeks"
    assert f"reference #{inquiry.id}" in messages[0]["text"] and "email anna@example.com" in messages[0]["text"]
    assert SlotSet("contact", None) in events and SlotSet("scar_description", None) in events


def test_without_consent_nothing_is_stored(databases):
    messages, events = run(ActionSubmitConsultation(), tracker("no", "deny", slots={"consent_contact": False}))
    assert databases.queue() == []
    assert "haven't stored any personal details" in messages[0]["text"]
    assert SlotSet("consent_contact", None) in events


def test_a_hand_off_on_the_website_asks_for_a_contact(databases):
    messages, _ = run(ActionHandOff(), tracker("can i talk to a person", "request_human"))
    inquiry = databases.for_conversation("socketio:patient-1")
    assert inquiry.handoff_requested and inquiry.urgency == "high"
    assert "leave a contact" in messages[0]["text"] and messages[0]["buttons"][0]["payload"] == "/request_consultation"
    assert "within one working day" in messages[0]["text"]


def level(value: str) -> list[dict]:
    return [{"entity": "urgency_level", "value": value, "start": 0, "end": 1, "extractor": "SafetyNet"}]


def test_urgent_signs_put_the_conversation_first_in_the_queue(databases):
    report = tracker("my face is swollen with pus", "report_red_flag", entities=level("urgent"))
    messages, events = run(ActionUrgentCare(), report)
    assert messages[0]["text"].startswith("Please contact the clinic that treated you, or see a doctor, today")
    assert "119" in messages[0]["text"]
    assert SlotSet("urgent", True) in events and SlotSet("urgency", "urgent") in events
    inquiry = databases.for_conversation("socketio:patient-1")
    assert inquiry.urgency == "urgent" and inquiry.topic_names == ["urgent symptoms"]


def test_a_sign_to_have_checked_soon_is_advice_not_an_alarm(databases):
    report = tracker("my cheek is still swollen 5 weeks later", "report_red_flag", entities=level("soon"))
    messages, events = run(ActionUrgentCare(), report)
    assert "doesn't sound like an emergency" in messages[0]["text"]
    assert not any(event.get("name") in ("urgent", "urgency") for event in events)


def test_an_emergency_outranks_the_urgency_already_in_force(databases):
    report = tracker("now i can't breathe", "report_red_flag", entities=level("emergency"), slots={"urgency": "urgent"})
    _, events = run(ActionUrgentCare(), report)
    assert SlotSet("urgency", "emergency") in events
    report = tracker("and a fever", "report_red_flag", entities=level("urgent"), slots={"urgency": "emergency"})
    _, events = run(ActionUrgentCare(), report)
    assert SlotSet("urgency", "emergency") in events


def test_while_urgent_a_question_gets_the_advice_first_and_then_its_answer():
    question = tracker("how much is the hotel per night?", "ask_question", slots={"urgency": "emergency"})
    messages, _ = run(ActionAnswerWhileUrgent(), question)
    assert messages[0]["text"].startswith("First, please don't wait: call 119 now")
    assert len(messages) == 2 and not messages[1]["buttons"]


def test_while_urgent_should_i_wait_gets_the_advice_alone():
    messages, _ = run(ActionAnswerWhileUrgent(), tracker("can i wait?", "nlu_fallback", slots={"urgency": "urgent"}))
    assert [message["text"][:60] for message in messages] == [
        "First, please contact the clinic that treated you or a docto"
    ]


def test_asking_for_a_person_while_urgent_is_an_urgent_hand_off_without_office_hours(databases):
    messages, _ = run(
        ActionAnswerWhileUrgent(), tracker("a human please", "request_human", slots={"urgency": "emergency"})
    )
    text = messages[0]["text"]
    assert "flagged this conversation as urgent" in text and "call 119 now" in text
    assert "working" not in text and "within" not in text
    inquiry = databases.for_conversation("socketio:patient-1")
    assert inquiry.urgency == "urgent" and inquiry.handoff_requested


def test_help_has_come_ends_urgent_mode():
    messages, events = run(
        ActionConfirmSafe(), tracker("the ambulance is here", "confirm_safe", slots={"urgency": "emergency"})
    )
    assert messages[0]["text"].startswith("I'm glad you have help")
    assert events == [SlotSet("urgency", None)]
    messages, events = run(ActionConfirmSafe(), tracker("i'm fine", "confirm_safe"))
    assert messages[0]["text"] == "Good to hear. What would you like to know?" and events == []


def test_a_patient_sees_what_is_stored_and_can_erase_it(databases):
    run(ActionSubmitConsultation(), tracker("yes", "affirm", slots=ANSWERED))
    messages, _ = run(ActionShowMyData(), tracker("yes", "affirm"))
    assert "Name: Anna Kim" in messages[0]["text"] and "Scar description: raised scars" in messages[0]["text"]
    messages, _ = run(ActionDeleteMyData(), tracker("yes", "affirm"))
    assert databases.for_conversation("socketio:patient-1") is None
    assert messages[0]["text"].startswith("Your inquiry and this conversation have been deleted")


def test_topics_leave_out_answers_to_the_form_but_keep_questions_asked_in_it():
    events = [
        user_event("how much in korea", "ask_question", 0.9, []),
        user_event("exosome microneedling", "ask_question", 0.6, []),
        {"event": "slot", "name": "treatment_interest", "value": "Exosome microneedling"},
        user_event("how long is recovery?", "ask_question", 0.9, []),
        {"event": "slot", "name": "travel_month", "value": None},
        user_event("march", "inform", 0.9, []),
        {"event": "slot", "name": "travel_month", "value": "2027-03"},
    ]
    assert records.asked_intents(events) == ["ask_question", "ask_question"]


def test_no_after_the_summary_asks_what_to_change_but_no_to_health_consent_shows_the_summary():
    asked = lambda slot: {"event": "slot", "name": "requested_slot", "value": slot}  # noqa: E731
    after_summary = tracker("no", "deny", slots=ANSWERED, history=[asked("consultation_confirmed")])
    messages, _ = run(ActionAskConsultationConfirmed(), after_summary)
    assert messages[0]["text"] == "Which detail would you like to change?"
    after_consent = tracker("no", "deny", slots=ANSWERED, history=[asked("consent_health")])
    messages, _ = run(ActionAskConsultationConfirmed(), after_consent)
    assert messages[0]["text"].startswith("Here is your consultation request")
