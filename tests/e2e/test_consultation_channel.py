"""The consultation request, the hand-off and the privacy requests as a patient meets them over
REST (real Rasa and action servers), checked in the inquiries database and the tracker store."""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
import requests

from inquiries import accounts
from inquiries.store import InquiryStore
from inquiries.transcripts import Transcripts
from knowledge.database import make_engine
from tests.e2e.conftest import rest_conversation

URGENT_START = "Please get medical help now"
TODAY_START = "Please contact the clinic that treated you, or see a doctor, today"


def next_month() -> str:
    today = date.today()
    return f"{today.year + (today.month == 12):04d}-{today.month % 12 + 1:02d}"


@pytest.fixture
def patient(assistant):
    sender = f"patient-{uuid.uuid4().hex[:10]}"

    def say(message: str) -> str:
        return assistant.reply_text(sender, message)

    say.sender = rest_conversation(sender)
    return say


@pytest.fixture
def store(assistant) -> InquiryStore:
    return InquiryStore(make_engine(assistant.inquiry_db_url))


def test_a_consultation_request_in_patients_words_becomes_an_inquiry(patient, store):
    assert "₩" in patient("how much is stem cell for scars in korea")
    assert "Do you agree?" in patient("ok i want to book a consultation")
    assert "What name" in patient("yes")
    assert "reach you" in patient("Mariam Haddad")
    assert "country code" in patient("0501234567")  # no country code: asked again
    assert "Which country" in patient("+971 50 123 4567")
    assert "Which treatment" in patient("i live in the uae")
    assert "preferred clinic" in patient("Fat-derived autologous stem-cell injection")
    assert "Which month" in patient("Cellinique")
    assert "budget" in patient("next month")
    assert "describe your scars" in patient("about 6000 usd")
    assert "Please describe" in patient("yes")
    summary = patient("thick raised scars on my chin for 3 years, tried steroid shots")
    assert "Name: Mariam Haddad" in summary and "Contact: phone +971 50 123 4567" in summary
    assert "Clinic: Cellinique Clinic" in summary and "Budget: $6,000" in summary
    done = patient("/affirm")
    inquiry = store.for_conversation(patient.sender)
    assert f"reference #{inquiry.id}" in done
    assert inquiry.country == "United Arab Emirates" and inquiry.clinic == "Cellinique Clinic"
    assert inquiry.travel_month == next_month()
    assert inquiry.urgency == "high", "travelling within a month"
    assert inquiry.topic_names == ["prices"] and inquiry.channel == "rest"
    assert inquiry.scar_description.startswith("thick raised scars")


def test_a_question_and_a_change_in_the_middle_of_the_request(patient, store):
    patient("can i book a consultation")
    patient("yes i agree")
    patient("Lena Vogel")
    patient("lena.vogel@example.de")
    patient("Germany")
    patient("not sure")
    patient("no preference")
    answer = patient("how long is the recovery?")
    assert "Which month" in answer and "hospital stay" in answer.lower(), "the recovery facts, then the question again"
    patient("march")
    patient("skip")
    assert "Here is your consultation request" in patient("no")
    assert "Which detail" in patient("no")
    assert "reach you" in patient("i want to change my email")
    assert "Contact: email lena@example.de" in patient("lena@example.de")
    patient("/affirm")
    inquiry = store.for_conversation(patient.sender)
    assert inquiry.contact == "lena@example.de" and inquiry.scar_description is None
    assert inquiry.health_consent_at is None and inquiry.budget is None


def test_refusing_consent_or_cancelling_stores_nothing(patient, store, assistant):
    patient("i'd like a consultation")
    assert "haven't stored any personal details" in patient("no")
    patient("book a consultation please")
    patient("yes")
    patient("Tom Baker")
    patient("what does it cost?")  # a question in the middle of the form is not an answer
    patient("tom.baker@example.com")
    assert "answers you gave to it are removed" in patient("cancel")
    assert store.for_conversation(patient.sender) is None
    transcripts = Transcripts(make_engine(assistant.tracker_store_url))
    stored = str(transcripts.transcript(patient.sender))
    assert "Tom Baker" not in stored and "tom.baker" not in stored and "what does it cost?" in stored
    assert not [line for line in transcripts.unanswered() if "Tom" in line.text or "tom.baker" in line.text]
    assert "₩" in patient("how much is it in korea?"), "the conversation goes on"


def test_urgent_signs_during_the_request_come_first_and_the_request_goes_on(patient, store):
    patient("i want to book a consultation")
    patient("yes")
    reply = patient("my cheek is very swollen and hot with pus since the injection")
    assert reply.startswith((URGENT_START, TODAY_START))
    assert "What name" in reply, "the request continues after the advice"
    inquiry = store.for_conversation(patient.sender)
    assert inquiry.urgency == "urgent" and store.queue()[0].urgency == "urgent"


def test_asking_for_a_person_flags_the_inquiry_and_says_what_happens_next(patient, store):
    reply = patient("can i talk to a real person please")
    assert "coordinator" in reply and "leave a contact" in reply
    inquiry = store.for_conversation(patient.sender)
    assert inquiry.handoff_requested and inquiry.urgency == "high"


def test_a_patient_sees_their_data_then_has_it_erased(patient, store, assistant):
    patient("talk to a human")
    assert "Do you want to see" in patient("what data do you have about me")
    shown = patient("yes")
    assert "This is what is stored about you" in shown and "You asked to talk to a person" in shown
    assert "delete your data" in patient("delete my data")
    assert "have been deleted" in patient("yes")
    assert store.for_conversation(patient.sender) is None
    assert Transcripts(make_engine(assistant.tracker_store_url)).transcript(patient.sender) == []
    assert "Hello" in patient("hi"), "a new conversation starts normally"


def test_a_patients_conversation_reaches_the_coordinators_dashboard(patient, assistant):
    patient("what documents do i need for the medical visa")
    patient("and how much is it in korea")
    reply = patient("since yesterday there is pus and my cheek is hot and swollen")
    assert reply.startswith((URGENT_START, TODAY_START))
    engine = make_engine(assistant.inquiry_db_url)
    accounts.set_password(engine, "mina", "coordinator password 1")
    coordinator = requests.Session()
    login_page = coordinator.get(f"{assistant.dashboard_url}/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
    coordinator.post(
        f"{assistant.dashboard_url}/login",
        data={"username": "mina", "password": "coordinator password 1", "csrf_token": token},
        timeout=10,
    ).raise_for_status()
    queue = coordinator.get(f"{assistant.dashboard_url}/api/inquiries", timeout=10).json()["inquiries"]
    mine = next(inquiry for inquiry in queue if inquiry["conversation_id"] == patient.sender)
    assert queue[0]["urgency"] == "urgent"
    assert mine["urgency"] == "urgent" and mine["channel"] == "rest"
    assert set(mine["topics"]) == {"visa", "prices", "urgent symptoms"}
    page = coordinator.get(f"{assistant.dashboard_url}/inquiries/{mine['id']}", timeout=10).text
    assert "since yesterday there is pus" in page, "the transcript comes from the tracker store"
