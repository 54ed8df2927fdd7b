"""Answers that are not one fact: the trip budget computed from the facts' figures, personal medical
questions referred to a doctor, money formatting. Plain Python on a real knowledge base, no Rasa."""

from __future__ import annotations

import pytest

from answers.budget import parse_amount, parse_plan
from answers.guidance import GUIDANCE, answer
from answers.honesty import NOT_MEDICAL_ADVICE
from answers.money import ARTICLE_RATE, ExchangeRate, money_range
from answers.reply import Question


def ask(kb, intent: str, text: str = "") -> str:
    return answer(kb, Question(intent, text), medical_note_shown=True).text


def test_every_guidance_intent_has_an_answer(kb):
    for intent in GUIDANCE:
        reply = answer(kb, Question(intent), medical_note_shown=True)
        assert reply.text.strip(), intent
        assert len(reply.text) < 1600, f"{intent} answer is too long for a chat bubble"


def test_the_first_medical_guidance_carries_the_not_advice_note(kb):
    first = answer(kb, Question("ask_pregnancy"), medical_note_shown=False).text
    assert NOT_MEDICAL_ADVICE in first
    assert NOT_MEDICAL_ADVICE not in answer(kb, Question("ask_pregnancy"), medical_note_shown=True).text


def test_medication_questions_are_referred_to_a_doctor_with_the_articles_preparation(kb):
    text = ask(kb, "ask_medication", "can I take isotretinoin before?")
    assert "can't advise on taking, stopping or dosing" in text and "aspirin" in text


def test_a_diagnosis_is_never_given_and_the_button_asks_for_a_fact(kb):
    reply = answer(kb, Question("ask_diagnosis"), medical_note_shown=True)
    assert "can't tell what kind of scar you have" in reply.text
    assert reply.buttons[0].payload == '/ask_question{"fact": "keloid_main_difference"}'


def test_conversions_use_the_rate_implied_by_the_article(monkeypatch):
    monkeypatch.delenv("EXCHANGE_RATE_KRW_PER_USD", raising=False)
    rate = ExchangeRate.from_environment()
    assert rate.krw_per_usd == ARTICLE_RATE == 1453
    assert round(rate.convert(869_000, "krw", "usd")) == 598
    assert "2025-07-17" in rate.describe()


def test_a_configured_rate_is_used_and_dated(monkeypatch):
    monkeypatch.setenv("EXCHANGE_RATE_KRW_PER_USD", "1400")
    monkeypatch.setenv("EXCHANGE_RATE_DATE", "2026-11-01")
    rate = ExchangeRate.from_environment()
    assert rate.convert(14_000, "usd", "krw") == 19_600_000
    assert "2026-11-01" in rate.describe()


def test_a_bad_configured_rate_is_refused(monkeypatch):
    monkeypatch.setenv("EXCHANGE_RATE_KRW_PER_USD", "lots")
    with pytest.raises(ValueError, match="must be a number"):
        ExchangeRate.from_environment()


def test_money_ranges():
    assert money_range(400_000, 2_500_000, "krw") == "₩400,000–₩2,500,000"
    assert money_range(200, None, "usd") == "$200+"
    assert money_range(14_413, 14_413, "usd") == "$14,413"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$3,000", (3000, "usd")),
        ("5k usd", (5000, "usd")),
        ("2 million won", (2_000_000, "krw")),
        ("₩900,000", (900_000, "krw")),
        ("i have 4000 dollars", (4000, "usd")),
        ("7 nights", None),
    ],
)
def test_amounts_are_read_with_their_currency(text, expected):
    assert parse_amount(text) == expected


def test_trip_plans_are_read_from_the_message():
    plan = parse_plan("two sessions, 10 nights in a luxury hotel, street food and taxis", default_nights=7)
    assert (plan.sessions, plan.nights, plan.accommodation, plan.food, plan.transport) == (
        2,
        10,
        "luxury",
        "street_food",
        "taxi",
    )
    assert parse_plan("2 weeks", default_nights=7).nights == 14
    assert parse_plan("", default_nights=7).nights == 7


def test_a_budget_estimate_states_won_dollars_assumptions_and_verdict(kb):
    text = ask(kb, "estimate_budget", "I have $2,000 for 1 session and 5 nights in a hostel")
    assert "$275–$1,721" in text and "5 nights at $20–$50" in text
    assert "Estimated total:" in text and "₩" in text and "1,453" in text
    assert "Not included: flights" in text
    assert "Your $2,000" in text
