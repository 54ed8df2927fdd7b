"""The knowledge actions, run with rasa_sdk's Tracker and CollectingDispatcher on the real fact book,
encoder and knowledge base."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import knowledge_actions
from actions.knowledge_actions import (
    ActionAnswerFallback,
    ActionAnswerGuidance,
    ActionAnswerOutOfScope,
    ActionAnswerQuestion,
)
from tests.action_runs import run, slots, tracker


@pytest.fixture(autouse=True)
def use_test_knowledge_base(built_sqlite_engine, monkeypatch):
    monkeypatch.setenv("KNOWLEDGE_DB_URL", str(built_sqlite_engine.url))
    knowledge_actions.knowledge_base.cache_clear()
    yield
    knowledge_actions.knowledge_base.cache_clear()


def test_a_price_question_is_answered_with_the_articles_figures_and_leaves_its_context():
    messages, events = run(ActionAnswerQuestion(), tracker("how much is one session in seoul"))
    assert "400,000" in messages[0]["text"] and "2,500,000" in messages[0]["text"]
    remembered = slots(events)
    assert remembered["last_question"] == "how much is one session in seoul"
    assert remembered["asked_subjects"] == ["costs"]


def test_a_list_shown_is_remembered_and_the_second_one_is_resolved_against_it():
    _, events = run(ActionAnswerQuestion(), tracker("which clinics do you know?"))
    listed = slots(events)["listed"]
    assert listed == ["clinic:cellinique", "clinic:theplus", "clinic:sh_clinic"]
    messages, _ = run(ActionAnswerQuestion(), tracker("the second one, where is it?", slots={"listed": listed}))
    assert "Garosu" in messages[0]["text"]


def test_a_clinic_named_earlier_answers_where_is_it():
    messages, _ = run(ActionAnswerQuestion(), tracker("where is it?", slots={"clinic": "sh_clinic"}))
    assert "Sinsa" in messages[0]["text"]


def test_the_first_medical_answer_sets_the_note_shown_slot():
    messages, events = run(ActionAnswerQuestion(), tracker("what side effects can it have?"))
    assert "not medical advice" in messages[0]["text"]
    assert SlotSet("medical_note_shown", True) in events
    again, events = run(
        ActionAnswerQuestion(), tracker("what side effects can it have?", slots={"medical_note_shown": True})
    )
    assert "not medical advice" not in again[0]["text"]
    assert SlotSet("medical_note_shown", True) not in events


def test_a_button_payload_answers_exactly_the_fact_it_names():
    entities = [{"entity": "fact", "value": "travel_visa_type"}]
    pressed = tracker('/ask_question{"fact": "travel_visa_type"}', entities=entities)
    messages, events = run(ActionAnswerQuestion(), pressed)
    assert "C-3-3" in messages[0]["text"]
    assert slots(events)["asked_subjects"] == ["travel"]


def test_a_question_the_article_cannot_answer_is_said_so_and_filed_for_the_coordinators():
    messages, events = run(ActionAnswerQuestion(), tracker("can I pay by credit card at the clinic?"))
    assert "doesn't give" in messages[0]["text"] and "coordinators" in messages[0]["text"]
    assert slots(events)["unanswered_question"] == "can I pay by credit card at the clinic?"


def test_fallback_answers_a_question_retrieval_is_sure_of():
    messages, _ = run(ActionAnswerFallback(), tracker("visa docs list pls", "nlu_fallback", confidence=0.3))
    assert "passport" in messages[0]["text"].lower()


def test_fallback_with_nothing_close_says_what_it_can_do_and_files_the_message():
    messages, events = run(ActionAnswerFallback(), tracker("zzzz qqqq", "nlu_fallback", confidence=0.2))
    assert messages[0]["response"] == "utter_out_of_scope"
    assert slots(events) == {"unanswered_question": "zzzz qqqq"}


def test_guidance_answers_a_medication_question_without_advice_on_doses():
    messages, _ = run(ActionAnswerGuidance(), tracker("can i take ibuprofen before?", "ask_medication"))
    assert "can't advise on taking, stopping or dosing" in messages[0]["text"]


def test_an_unreachable_knowledge_base_gets_an_apology_not_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("KNOWLEDGE_DB_URL", f"sqlite:///{tmp_path / 'missing' / 'nothing.db'}")
    knowledge_actions.knowledge_base.cache_clear()
    messages, events = run(ActionAnswerGuidance(), tracker("budget for 7 days?", "estimate_budget"))
    assert "can't reach my information" in messages[0]["text"] and events == []


def test_a_follow_up_the_nlu_was_unsure_of_is_read_with_the_question_before_it():
    context = {"last_question": "how much is a hotel in seoul"}
    unsure = tracker("and food?", "nlu_fallback", confidence=0.4, slots=context)
    messages, _ = run(ActionAnswerFallback(), unsure)
    assert "food" in messages[0]["text"].lower() and "$" in messages[0]["text"]


def test_out_of_scope_is_said_so_unless_it_continues_the_conversation():
    alone, _ = run(ActionAnswerOutOfScope(), tracker("what's the weather tomorrow", "out_of_scope"))
    assert alone[0]["response"] == "utter_out_of_scope"
    context = {"last_question": "how much is public transport in seoul"}
    follow_up, _ = run(ActionAnswerOutOfScope(), tracker("and taxis?", "out_of_scope", slots=context))
    assert "taxi" in follow_up[0]["text"].lower() and "$" in follow_up[0]["text"]


def test_an_in_domain_question_the_nlu_took_for_out_of_scope_gets_the_honest_answer():
    messages, events = run(ActionAnswerOutOfScope(), tracker("can i pay by credit card at the clinic?", "out_of_scope"))
    assert "doesn't give" in messages[0]["text"] and slots(events)["unanswered_question"]


def test_a_question_naming_our_subject_is_never_out_of_scope():
    """The classifier's out_of_scope is overruled by a clinic, cell type or therapy the fact book knows:
    the answer when retrieval is sure, else the honest "the article doesn't say", filed."""
    founded = tracker("what year was SH Clinic founded?", "out_of_scope", [{"entity": "clinic", "value": "sh_clinic"}])
    messages, events = run(ActionAnswerOutOfScope(), founded)
    assert "doesn't give an answer to that about SH Clinic" in messages[0]["text"]
    assert slots(events)["unanswered_question"] == "what year was SH Clinic founded?"
    where = tracker("where is SH Clinic located?", "out_of_scope", [{"entity": "clinic", "value": "sh_clinic"}])
    messages, _ = run(ActionAnswerOutOfScope(), where)
    assert "Sinsa" in messages[0]["text"]
    weather = tracker("what's the weather in mexico", "out_of_scope", [{"entity": "country", "value": "mexico"}])
    assert run(ActionAnswerOutOfScope(), weather)[0][0]["response"] == "utter_out_of_scope"


def test_an_out_of_scope_verdict_yields_to_a_fact_that_covers_every_word_asked():
    messages, _ = run(ActionAnswerOutOfScope(), tracker("casual restaurant meal price", "out_of_scope"))
    assert "$" in messages[0]["text"]
    messages, _ = run(ActionAnswerOutOfScope(), tracker("Что такое гипертрофический рубец?", "out_of_scope"))
    assert "collagen" in messages[0]["text"]
    english = ("how do i cook rice", "book me a flight to seoul", "is the subway safe at night")
    for request in (*english, "Как сварить борщ, чтобы был красный", "明日の天気はどうですか"):
        [message], _ = run(ActionAnswerOutOfScope(), tracker(request, "out_of_scope"))
        assert message["response"] == "utter_out_of_scope", request


def test_a_guarantee_question_gets_the_articles_warning_and_the_honest_answer():
    messages, _ = run(ActionAnswerQuestion(), tracker("can you guarantee my scars will be gone?"))
    text = messages[0]["text"]
    assert "unpredictable" in text and "No one can honestly guarantee a result" in text
    assert "Medical Service Act" in text and "experimental" in text
