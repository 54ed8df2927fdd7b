"""How the consultation form reads patients' answers (inquiries.intake), without Rasa."""

from __future__ import annotations

from datetime import date

import pytest

from inquiries import intake
from inquiries.intake import NO_PREFERENCE, NOT_GIVEN, NOT_SURE, Contact, InvalidAnswer

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "name"),
    [("Anna Kim", "Anna Kim"), ("my name is José García", "José García"), ("i'm Tran Van Minh.", "Tran Van Minh")],
)
def test_names_are_taken_as_typed_without_the_introduction(text, name):
    assert intake.parse_name(text) == name


@pytest.mark.parametrize("text", ["", "how much is it?", "anna@example.com", "12345", "a b c d e f g h"])
def test_what_is_not_a_name_is_asked_again(text):
    with pytest.raises(InvalidAnswer, match="doesn't look like a name"):
        intake.parse_name(text)


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("Anna.Kim@Example.com", Contact("email", "Anna.Kim@example.com")),
        ("my email is anna@example.org thanks", Contact("email", "anna@example.org")),
        ("whatsapp +82 10 1234 5678", Contact("whatsapp", "+82 10-1234-5678")),
        ("0044 7911 123456", Contact("phone", "+44 7911 123456")),
        ("kakaotalk: anna_k", Contact("kakaotalk", "anna_k")),
        ("kakao id minsu92", Contact("kakaotalk", "minsu92")),
    ],
)
def test_contacts_are_recognised_and_normalised(text, contact):
    assert intake.parse_contact(text) == contact


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ("anna@", "email address doesn't look complete"),
        ("010 1234 5678", "country code"),
        ("+1 555", "I need one way to reach you"),
        ("+44 1234 5", "phone number doesn't look valid"),
        ("call me maybe", "I need one way to reach you"),
    ],
)
def test_bad_contacts_get_a_specific_re_prompt(text, prompt):
    with pytest.raises(InvalidAnswer, match=prompt):
        intake.parse_contact(text)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("i live in germany", "Germany"),
        ("UK", "United Kingdom"),
        ("from the usa", "United States"),
        ("i live in the uae", "United Arab Emirates"),
        ("Korea", "South Korea"),
        ("viet nam", "Vietnam"),
        ("Saudi Arabia", "Saudi Arabia"),
    ],
)
def test_countries_of_residence_are_any_real_country(text, country):
    assert intake.parse_country(text) == country


def test_an_unknown_country_is_asked_again():
    with pytest.raises(InvalidAnswer, match="don't recognise that country"):
        intake.parse_country("narnia")


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("march", "2027-03"),
        ("December", "2026-12"),
        ("next month", "2026-12"),
        ("this month", "2026-11"),
        ("in 3 months", "2027-02"),
        ("2027-04", "2027-04"),
        ("05/2027", "2027-05"),
        ("sept 2027", "2027-09"),
        ("not sure", NOT_SURE),
    ],
)
def test_travel_months_are_read_relative_to_today(text, month):
    assert intake.parse_month(text, TODAY) == month


@pytest.mark.parametrize(
    ("text", "prompt"),
    [("Smarch", "Please give a month"), ("january 2025", "already passed"), ("2035-01", "within the next 3 years"),
     ("march or april", "Please give a month"), ("2027-13", "Please give a month")],
)  # fmt: skip
def test_a_month_that_is_not_real_or_not_ahead_is_asked_again(text, prompt):
    with pytest.raises(InvalidAnswer, match=prompt):
        intake.parse_month(text, TODAY)


def test_clinics_come_from_the_knowledge_base(kb):
    assert intake.parse_clinic("the plus", kb) == "theplus"
    assert intake.parse_clinic("whatever", kb) == NO_PREFERENCE
    assert intake.parse_clinic("anything", kb, clinic_entity="sh_clinic") == "sh_clinic"
    with pytest.raises(InvalidAnswer, match="Cellinique Clinic, SH Clinic, THE PLUS Plastic Surgery"):
        intake.parse_clinic("Gangnam Beauty Center", kb)


def test_treatments_are_the_knowledge_base_options_or_the_patients_words(kb):
    assert "Exosome microneedling" in intake.treatment_options(kb)
    assert intake.parse_treatment("exosome microneedling", kb) == "Exosome microneedling"
    assert intake.parse_treatment("stem cells from my own fat", kb) == "stem cells from my own fat"
    assert intake.parse_treatment("not sure", kb) == NOT_SURE
    with pytest.raises(InvalidAnswer):
        intake.parse_treatment("42", kb)


def test_budgets_are_amounts_with_their_currency_or_skipped():
    assert intake.parse_budget("around 5,000 dollars") == "$5,000"
    assert intake.parse_budget("7 million won") == "₩7,000,000"
    assert intake.parse_budget("skip") == NOT_GIVEN
    with pytest.raises(InvalidAnswer, match="Please give an amount"):
        intake.parse_budget("a lot")


def test_yes_and_no_come_from_the_intent_or_the_words():
    assert intake.parse_yes_no("/affirm", "affirm") is True
    assert intake.parse_yes_no("ok", None) is True
    assert intake.parse_yes_no("no thanks", "out_of_scope") is False
    with pytest.raises(InvalidAnswer, match="yes or no"):
        intake.parse_yes_no("maybe later", "out_of_scope")


def test_descriptions_are_kept_in_the_patients_words_within_a_limit():
    assert intake.parse_description("raised scars on my jaw") == "raised scars on my jaw"
    assert intake.parse_description("skip") == NOT_GIVEN
    with pytest.raises(InvalidAnswer):
        intake.parse_description("x" * 1001)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("I want to change my email", "contact"),
        ("wrong phone number", "contact"),
        ("edit the travel month", "travel_month"),
        ("my country is wrong", "residence_country"),
        ("fix my name", "contact_name"),
        ("change something", None),
    ],
)
def test_the_answer_to_change_is_found_in_the_patients_words(text, field):
    assert intake.field_to_change(text) == field


def test_a_button_names_the_answer_to_change():
    assert intake.field_to_change("/change_answer", "budget") == "budget"


def test_questions_are_told_apart_from_answers():
    assert intake.looks_like_question("how long is the recovery?")
    assert intake.looks_like_question("what about the visa")
    assert not intake.looks_like_question("raised scars on my cheeks")
