"""Answers are short, carry the article's exact figures, attribute the clinics' claims and never
hide that the therapy is experimental. Plain Python on a real knowledge base, no Rasa."""

from __future__ import annotations

import pytest

from answers.budget import parse_amount, parse_plan
from answers.compose import ANSWERS, answer
from answers.honesty import EXPERIMENTAL, NOT_MEDICAL_ADVICE
from answers.money import ARTICLE_RATE, ExchangeRate, money_range
from answers.reply import Question


def ask(kb, intent: str, text: str = "", context=None, **entities) -> str:
    question = Question(intent, text, {k: [v] if isinstance(v, str) else v for k, v in entities.items()}, context or {})
    return answer(kb, question, medical_note_shown=True).text


def test_every_knowledge_intent_has_an_answer_without_entities(kb):
    for intent in ANSWERS:
        reply = answer(kb, Question(intent), medical_note_shown=True)
        assert reply.text.strip(), intent
        assert len(reply.text) < 1600, f"{intent} answer is too long for a chat bubble"


@pytest.mark.parametrize(
    ("intent", "entities", "figures"),
    [
        ("ask_price_korea", {}, ["₩400,000–₩2,500,000", "$14,413", "per session"]),
        ("ask_treatment_price", {"therapy": "stem_cell_facial"}, ["₩869,000", "$598", "$770–$800"]),
        ("ask_treatment_price", {"therapy": "exosome_microneedling"}, ["lower end", "₩400,000"]),
        ("ask_price_country", {"country": "turkey"}, ["$4,108–$16,410", "$14,413"]),
        ("ask_price_country", {"country": "mexico"}, ["from $67", "limited in scope"]),
        ("compare_countries", {"country": ["usa", "thailand"]}, ["$9,000–$50,000", "$1,900–$31,883"]),
        ("ask_travel_expenses", {"expense_kind": "accommodation"}, ["$20–$50", "$70–$150", "$200+"]),
        ("ask_visa_validity", {}, ["C-3-3", "90 days"]),
        ("ask_visa_documents", {"document_category": "financial"}, ["bank statement", "C-3-3"]),
        ("ask_duration", {}, ["3 to 4 hours", "7 days"]),
        ("ask_results_timeline", {}, ["4 to 6 weeks", "3 to 6 months", "12 to 24 months"]),
        ("ask_side_effects", {}, ["8%", "local anaesthesia"]),
        ("ask_research_status", {}, ["experimental", "65%"]),
        ("ask_effectiveness", {}, ["80%", "6 months", "experimental"]),
        ("ask_preparation", {}, ["1 week", "2 to 3 days", "aspirin"]),
        ("ask_aftercare", {}, ["Tylenol", "1 day", "1 to 2 weeks"]),
        ("ask_clinic_location", {"clinic": "theplus"}, ["Garosu-gil", "Seoul"]),
        ("ask_clinic_doctors", {"clinic": "cellinique"}, ["Dr. Chris Gunwoo Kim"]),
        ("ask_clinic_techniques", {"clinic": "theplus"}, ["Buffy Coat", "60 cc"]),
        ("ask_keloid_vs_hypertrophic", {}, ["type III", "earlobes"]),
        ("ask_scar_course", {}, ["6 months", "1 to 2 years"]),
        ("ask_combination_therapies", {}, ["Fractional CO2, RF, IPL", "PRP"]),
    ],
)
def test_answers_carry_the_exact_figures(kb, intent, entities, figures):
    text = ask(kb, intent, **entities)
    for figure in figures:
        assert figure in text, f"{figure!r} missing from {intent}: {text}"


def test_clinic_marketing_is_attributed_to_the_clinic(kb):
    text = ask(kb, "ask_clinic_details", clinic="theplus")
    assert "THE PLUS Plastic Surgery says it uses stem-cell products made in the USA and approved by the FDA" in text
    assert "not been checked independently" in text


def test_answers_about_results_always_say_it_is_experimental(kb):
    for intent in ("ask_effectiveness", "ask_results_timeline", "ask_how_stem_cells_work", "ask_side_effects"):
        assert EXPERIMENTAL in ask(kb, intent), intent


def test_the_first_medical_answer_carries_the_not_advice_note_once(kb):
    first = answer(kb, Question("ask_side_effects"), medical_note_shown=False)
    later = answer(kb, Question("ask_side_effects"), medical_note_shown=True)
    assert NOT_MEDICAL_ADVICE in first.text and first.medical
    assert NOT_MEDICAL_ADVICE not in later.text


def test_a_clinic_question_without_a_clinic_offers_the_three_as_buttons(kb):
    reply = answer(kb, Question("ask_clinic_details"))
    assert [b.title for b in reply.buttons] == ["Cellinique Clinic", "SH Clinic", "THE PLUS Plastic Surgery"]
    assert reply.buttons[0].payload == '/ask_clinic_details{"clinic": "cellinique"}'


def test_follow_up_uses_the_clinic_in_play(kb):
    text = ask(kb, "ask_clinic_location", context={"clinic": "sh_clinic"})
    assert text.startswith("SH Clinic is in Sinsa")


def test_a_country_named_after_prices_means_that_countrys_prices(kb):
    text = ask(kb, "ask_why_korea", context={"topic": "price"}, country="thailand")
    assert "$1,900–$31,883" in text


def test_an_unknown_clinic_is_answered_honestly(kb):
    text = ask(kb, "ask_clinic_details", clinic="unknown_clinic")
    assert "don't have information" in text


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


def test_a_named_country_turns_a_treatment_price_question_into_that_countrys_prices(kb):
    text = ask(kb, "ask_treatment_price", "how much in the US?", country="usa")
    assert "$9,000–$50,000" in text


def test_a_named_treatment_keeps_its_own_price_even_with_a_country(kb):
    text = ask(
        kb, "ask_treatment_price", "stem cell facial price in korea", therapy="stem_cell_facial", country="south_korea"
    )
    assert "₩869,000" in text


def test_a_named_document_makes_a_visa_question_a_documents_question(kb):
    text = ask(kb, "ask_visa_type", "do i need a bank statement for the visa", document_category="financial")
    assert "bank statement" in text and "financial" in text
