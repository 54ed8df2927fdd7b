"""A cancelled consultation request's answers are found among a conversation's stored events
(inquiries/withdrawal.py): the messages taken as answers, the slots holding them, the replies that
repeat them; a question asked in the middle of the form, and everything before the form, stay."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered

from inquiries.withdrawal import WITHDRAWN_ANSWER, WITHDRAWN_REPLY, withdrawn


def said(text: str, intent: str = "inform") -> UserUttered:
    return UserUttered(text, intent={"name": intent, "confidence": 0.9}, parse_data={"entities": [{"value": text}]})


CONVERSATION = [
    said("how much is it?", "ask_question"),
    BotUttered("A session costs ₩3,000,000."),
    said("i want to book a consultation", "request_consultation"),
    ActiveLoop("consultation_form"),
    BotUttered("Do you agree?"),
    said("yes", "affirm"),
    SlotSet("consent_contact", True),
    SlotSet("requested_slot", "contact_name"),
    BotUttered("What name should the coordinators use?"),
    said("my name is Anna Kim"),
    SlotSet("contact_name", "Anna Kim"),
    BotUttered("Thanks, Anna Kim. How can the coordinators reach you?"),
    said("is it painful?", "ask_question"),  # a question in the middle of the form:
    SlotSet("contact", "is it painful?"),  # copied into the slot asked by its mapping,
    BotUttered("Most people feel some discomfort."),
    SlotSet("contact", None),  # and cleared by validation
    said("anna.kim@example.com"),
    SlotSet("contact", "anna.kim@example.com"),
    SlotSet("contact_kind", "email"),
    BotUttered("Please confirm: Anna Kim, anna.kim@example.com"),
    said("cancel", "cancel"),
    ActionExecuted("action_deactivate_loop"),
    ActiveLoop(None),
    ActionExecuted("action_cancel_consultation"),
]


def stored(events) -> list[tuple[int, dict]]:
    return [(number, event.as_dict()) for number, event in enumerate(events, start=1)]


def test_the_answers_the_slots_holding_them_and_the_replies_repeating_them_are_rewritten():
    events = stored(CONVERSATION)
    changes = withdrawn(events)
    by_text = {event.get("text"): number for number, event in events}
    assert changes[by_text["my name is Anna Kim"]]["text"] == WITHDRAWN_ANSWER
    assert changes[by_text["anna.kim@example.com"]]["parse_data"] == {
        **events[by_text["anna.kim@example.com"] - 1][1]["parse_data"],
        "text": WITHDRAWN_ANSWER,
        "entities": [],
    }
    assert changes[by_text["yes"]]["text"] == WITHDRAWN_ANSWER
    assert changes[by_text["Please confirm: Anna Kim, anna.kim@example.com"]]["text"] == WITHDRAWN_REPLY
    assert changes[by_text["Thanks, Anna Kim. How can the coordinators reach you?"]]["text"] == WITHDRAWN_REPLY
    slots = {event["name"]: changes.get(number, event)["value"] for number, event in events if event["event"] == "slot"}
    assert slots == {
        "consent_contact": None,
        "requested_slot": "contact_name",
        "contact_name": None,
        "contact": None,
        "contact_kind": None,
    }
    kept = {
        "how much is it?",
        "A session costs ₩3,000,000.",
        "i want to book a consultation",
        "is it painful?",
        "Most people feel some discomfort.",
        "cancel",
        "What name should the coordinators use?",
    }
    assert not kept & {events[number - 1][1].get("text") for number in changes}
    assert all(changes[number]["event"] == events[number - 1][1]["event"] for number in changes), "kinds kept"


def test_only_the_latest_form_is_withdrawn_and_a_conversation_without_one_is_untouched():
    earlier = [ActiveLoop("consultation_form"), said("Old Name"), SlotSet("contact_name", "Old Name"), ActiveLoop(None)]
    events = stored(earlier + CONVERSATION)
    assert not {1, 2, 3, 4} & set(withdrawn(events))
    assert withdrawn(stored(CONVERSATION[:3])) == {}
