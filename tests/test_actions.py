"""The Rasa actions, run with rasa_sdk's Tracker and CollectingDispatcher on a real knowledge base."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_actions
from actions.knowledge_actions import ActionAnswerFallback, ActionAnswerQuestion


@pytest.fixture(autouse=True)
def use_test_knowledge_base(built_sqlite_engine, monkeypatch):
    monkeypatch.setenv("KNOWLEDGE_DB_URL", str(built_sqlite_engine.url))
    knowledge_actions.knowledge_base.cache_clear()
    knowledge_actions.topic_search.cache_clear()
    yield
    knowledge_actions.knowledge_base.cache_clear()
    knowledge_actions.topic_search.cache_clear()


def tracker(
    text: str, intent: str, entities: list[dict] = (), slots: dict | None = None, confidence: float = 0.9
) -> Tracker:
    return Tracker(
        sender_id="patient",
        slots=slots or {},
        latest_message={"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": list(entities)},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action, tracker_: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return dispatcher.messages, events


def test_a_price_question_answers_with_won_and_remembers_the_topic():
    messages, events = run(ActionAnswerQuestion(), tracker("how much in korea", "ask_price_korea"))
    assert "₩400,000–₩2,500,000" in messages[0]["text"]
    assert SlotSet("topic", "price") in events


def test_a_named_clinic_is_remembered_for_follow_ups():
    entities = [{"entity": "clinic", "value": "sh_clinic", "start": 14, "end": 23}]
    messages, events = run(ActionAnswerQuestion(), tracker("tell me about SH Clinic", "ask_clinic_details", entities))
    assert "Sinsa" in messages[0]["text"]
    assert SlotSet("clinic", "sh_clinic") in events
    follow_up, _ = run(
        ActionAnswerQuestion(), tracker("where is it?", "ask_clinic_location", slots={"clinic": "sh_clinic"})
    )
    assert follow_up[0]["text"].startswith("SH Clinic is in Sinsa")


def test_the_first_medical_answer_sets_the_note_shown_slot():
    messages, events = run(ActionAnswerQuestion(), tracker("side effects?", "ask_side_effects"))
    assert "not medical advice" in messages[0]["text"]
    assert SlotSet("medical_note_shown", True) in events
    again, events = run(
        ActionAnswerQuestion(), tracker("side effects?", "ask_side_effects", slots={"medical_note_shown": True})
    )
    assert "not medical advice" not in again[0]["text"]
    assert SlotSet("medical_note_shown", True) not in events


def test_buttons_reach_the_dispatcher():
    messages, _ = run(ActionAnswerQuestion(), tracker("which doctor", "ask_clinic_details"))
    assert [button["title"] for button in messages[0]["buttons"]] == [
        "Cellinique Clinic",
        "SH Clinic",
        "THE PLUS Plastic Surgery",
    ]


def test_fallback_offers_the_closest_topics_and_a_person():
    messages, _ = run(ActionAnswerFallback(), tracker("papers for visa?", "nlu_fallback", confidence=0.3))
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    assert "/ask_visa_documents" in payloads and payloads[-1] == "/request_human"


def test_fallback_offers_the_classifiers_likely_topic_first():
    unsure = tracker("how does the treatment work", "nlu_fallback", confidence=0.5)
    unsure.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "ask_how_stem_cells_work", "confidence": 0.38},
        {"name": "ask_effectiveness", "confidence": 0.07},
    ]
    messages, _ = run(ActionAnswerFallback(), unsure)
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    assert payloads[0] == "/ask_how_stem_cells_work" and payloads[-1] == "/request_human"


def test_fallback_with_nothing_close_says_what_it_can_do():
    messages, _ = run(ActionAnswerFallback(), tracker("zzzz qqqq", "nlu_fallback", confidence=0.2))
    assert messages[0]["response"] == "utter_out_of_scope"


def test_an_unreachable_knowledge_base_gets_an_apology_not_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("KNOWLEDGE_DB_URL", f"sqlite:///{tmp_path / 'missing' / 'nothing.db'}")
    knowledge_actions.knowledge_base.cache_clear()
    messages, events = run(ActionAnswerQuestion(), tracker("price?", "ask_price_korea"))
    assert "can't reach my information" in messages[0]["text"] and events == []
