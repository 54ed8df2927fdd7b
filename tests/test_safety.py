"""The safety net: every red flag of the safety set is caught (recall 100%), ordinary questions
almost never are (at most 1%), and the replies put urgent care and crisis lines first. Plain
Python; the same set is sent through the running assistant in tests/e2e/test_safety_channel.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from answers.guidance import answer
from answers.reply import Question
from safety.guidance import advice, crisis_reply, reminder, urgent_care_reply, urgent_hand_off
from safety.phrases import plain_alarm
from safety.red_flags import LABELS, asks_in_general, detect, speaks_figuratively

TESTS = Path(__file__).parent
SAFETY_SET = yaml.safe_load((TESTS / "safety_messages.yml").read_text(encoding="utf-8"))
RED_FLAGS = [case for case in SAFETY_SET if case["red_flag"]]
HARD_NEGATIVES = [case for case in SAFETY_SET if not case["red_flag"]]


def ordinary_questions() -> list[str]:
    """The held-out NLU questions (minus the safety intents) and the end-to-end patient questions."""
    from rasa.shared.nlu.training_data.loading import load_data

    held_out = load_data(str(TESTS / "nlu_test.yml")).intent_examples
    questions = [e.get("text") for e in held_out if e.get("intent") not in ("report_red_flag", "express_distress")]
    patient = yaml.safe_load((TESTS / "e2e" / "patient_questions.yml").read_text(encoding="utf-8"))
    return questions + [case["question"] for case in patient]


@pytest.mark.parametrize("case", RED_FLAGS, ids=[c["message"][:50] for c in RED_FLAGS])
def test_every_red_flag_is_caught(case):
    detection = detect(case["message"])
    assert detection is not None, case
    if case["category"] == "self_harm":
        assert detection.self_harm
    else:
        assert detection.urgent_medical


def test_hard_negatives_are_mostly_not_alarms():
    alarms = [case["message"] for case in HARD_NEGATIVES if detect(case["message"])]
    assert len(alarms) <= len(HARD_NEGATIVES) // 10, alarms


def test_false_alarms_on_ordinary_questions_stay_at_or_below_one_percent():
    questions = ordinary_questions()
    alarms = [text for text in questions if detect(text)]
    assert len(alarms) / len(questions) <= 0.01, alarms


def test_the_urgent_reply_names_korea_and_home_emergency_numbers():
    reply = urgent_care_reply(["fever or chills"])
    assert reply.startswith("Please get medical help now")
    for number in ("119", "1330", "112", "911", "999", "000"):
        assert number in reply
    assert "urgent for the clinic coordinators" in reply


def test_the_crisis_reply_gives_crisis_lines_and_no_sales():
    reply = crisis_reply()
    for line in ("109", "988", "116 123", "findahelpline.com"):
        assert line in reply
    for sales in ("₩", "$", "clinic", "book"):
        assert sales not in reply


@pytest.mark.parametrize(
    ("intent", "must_say"),
    [
        ("ask_diagnosis", ["can't tell what kind of scar", "doctor"]),
        ("ask_medication", ["can't advise", "pharmacist", "aspirin", "Tylenol"]),
        ("ask_pregnancy", ["says nothing about pregnancy", "experimental", "obstetrician"]),
        ("ask_health_condition", ["medical decision", "active infection"]),
        ("ask_flying_after", ["BAPRAS", "ISAPS", "treating doctor", "7 days"]),
        ("ask_approval_status", ["FDA", "ISSCR", "21 February 2025", "clinic's own claim"]),
    ],
)
def test_personal_questions_get_general_facts_and_a_referral(kb, intent, must_say):
    text = answer(kb, Question(intent), medical_note_shown=True).text
    for phrase in must_say:
        assert phrase in text, f"{phrase!r} missing from {intent}: {text}"


# Reports that end by asking what to do (found by a patient panel): the question is about what is
# happening, so it is still a report. The same words about a case that has not happened are not.
REPORTS_ASKING_WHAT_TO_DO = [
    "fever 39 and red streaks spreading from the injection spot, what do i do",
    "pus coming out of the injection site, what do i do?",
    "my cheek is swollen, red and hot after the injections, what should i do",
    "lips swelling after the treatment, does it need a doctor?",
    "red streaks spreading from the injection spot, will it go away?",
    "the spot where they took the fat smells bad, is this normal?",
    "my vision is blurry after the iv, should i go to hospital",
]
QUESTIONS_ABOUT_WHAT_IF = [
    "what should i do if i get a fever after the injection?",
    "what do i do in case of infection",
    "will i get a fever?",
    "does the fat injection cause swelling of the face?",
    "is dizziness a side effect?",
]


@pytest.mark.parametrize("message", REPORTS_ASKING_WHAT_TO_DO)
def test_a_report_that_asks_what_to_do_is_caught(message):
    assert detect(message) is not None and detect(message).urgent_medical
    assert not asks_in_general(message)


@pytest.mark.parametrize("message", QUESTIONS_ABOUT_WHAT_IF)
def test_a_question_about_what_could_happen_is_not_an_alarm(message):
    assert detect(message) is None
    assert asks_in_general(message)


def test_hives_and_dizziness_are_named_as_what_they_are():
    detection = detect("got hives all over and feel dizzy after the procedure today")
    assert [LABELS[slug] for slug in detection.categories] == [
        "hives or another allergic reaction",
        "fainting or feeling faint",
    ]


@pytest.mark.parametrize(
    ("message", "alarm"),
    [
        ("息ができない、助けて", "emergency"),
        ("我妈突然晕倒了", "emergency"),
        ("숨을 못 쉬겠어요", "emergency"),
        ("หายใจไม่ออกเลย", "emergency"),
        ("не могу дышать после укола", "emergency"),
        ("もう死にたい", "despair"),
        ("不想活了", "despair"),
        ("i can barely breathe", "emergency"),
        ("ソウルで一回いくらですか", None),
        ("сколько стоит отель", None),
    ],
)
def test_the_plainest_words_for_an_emergency_are_caught_in_every_language(message, alarm):
    assert plain_alarm(message) == alarm


@pytest.mark.parametrize(
    ("message", "level"),
    [
        ("my lips are swelling and my throat feels tight", "emergency"),
        ("chest pain since this morning", "emergency"),
        ("the bleeding hasn't stopped for an hour", "emergency"),
        ("fever of 38.4 since last night", "urgent"),
        ("there's pus coming from the incision", "urgent"),
        ("my face is really swollen and hot on day 4", "urgent"),
        ("five weeks later my face is still a bit swollen", "soon"),
        ("i want to die", "despair"),
        ("his left arm and leg suddenly feel weak and numb", "emergency"),
        ("the worst headache i've ever had came on suddenly", "emergency"),
        ("my calf is hot and swollen since the flight home", "emergency"),
        ("the wound edges are coming apart", "urgent"),
        ("a slight fever of 37.9 for two days now", "urgent"),
        ("i've been saving up my pills", "despair"),
        # a sign together with a worse one: the worse one decides
        ("fever and now i can't breathe", "emergency"),
    ],
)
def test_each_sign_has_the_level_of_care_it_needs(message, level):
    assert detect(message).level == level


@pytest.mark.parametrize(
    "message",
    [
        "no fever, no discharge, just asking about the hotel",
        "not bleeding any more, it was only a few drops",
        "the fever is gone since yesterday",
        "i don't feel dizzy at all",
        "my face is a bit swollen on day 2, otherwise fine",
        "without any fever or pus so far",
        "had a slight fever that evening, gone by the morning, i feel great",
        "my cousin had pus after her nose job in 2019, she's totally fine",
        "i nearly fainted when i saw the price list",
    ],
)
def test_a_sign_denied_or_over_or_mild_is_not_reported(message):
    assert detect(message) is None


def test_a_sign_still_going_is_reported_though_a_word_of_ending_follows():
    assert detect("the bleeding has not stopped, still dripping").level == "emergency"
    assert detect("got hives all over and feel dizzy").level == "emergency"
    assert detect("sharp pain in the middle of my chest since last night, it hasn't gone away").level == "emergency"


def test_idioms_are_known_as_idioms():
    assert speaks_figuratively("dying to know the price") and speaks_figuratively("i want to kill these scars")
    assert not speaks_figuratively("i want to die")


def test_each_level_gets_its_own_advice_and_none_promises_office_hours():
    emergency = advice("emergency", ["chest pain"])
    urgent = advice("urgent", ["fever or chills"])
    soon = advice("soon", [])
    assert emergency.startswith("Please get medical help now") and "119" in emergency
    assert urgent.startswith("Please contact the clinic that treated you, or see a doctor, today")
    assert "fever or chills" in urgent and "119" in urgent and "1330" in urgent
    assert "doesn't sound like an emergency" in soon and "next few days" in soon
    for text in (emergency, urgent, soon, urgent_hand_off(7, "urgent"), reminder("emergency")):
        assert "working day" not in text


@pytest.mark.parametrize("level", ["emergency", "urgent", "despair"])
def test_the_reminder_of_every_persistent_level_names_the_numbers_in_each_language(level):
    for language, home in (("en", "911"), ("ja", "119"), ("zh_Hans", "120"), ("th", "1669"), ("ru", "112")):
        text = reminder(level, language)
        assert "119" in text and home in text
    assert "109" in reminder("despair")

