"""Replies fitted to each messaging platform: message lengths, buttons, numbered options."""

from __future__ import annotations

from channels.fitting import (
    FACEBOOK,
    LINE,
    SLACK,
    TELEGRAM,
    TWILIO,
    Limits,
    Option,
    batches,
    choose_option,
    fit,
    options_from,
    split_text,
)

GREETING_OPTIONS = (
    Option("What is a hypertrophic scar?", "/ask_scar_definition"),
    Option("How does the treatment work?", "/ask_how_stem_cells_work"),
    Option("Clinics", "/ask_clinics"),
    Option("Prices", "/ask_price_korea"),
    Option("Medical visa", "/ask_visa_type"),
)
SHORT_OPTIONS = (Option("Clinics", "/ask_clinics"), Option("Prices", "/ask_price_korea"))


def paragraph(number: int, words: int = 60) -> str:
    return " ".join(f"p{number}w{index}" for index in range(words)) + "."


def test_a_short_answer_is_one_message():
    assert split_text("  Hello there.  ", 1600) == ["Hello there."]


def test_an_empty_answer_is_no_message():
    assert split_text(" \n ", 1600) == []
    assert fit("", (), TWILIO) == []


def test_a_long_answer_is_cut_between_paragraphs_and_loses_nothing():
    text = "\n\n".join(paragraph(number) for number in range(40))
    pieces = split_text(text, 1600)
    assert len(pieces) > 1
    assert all(len(piece) <= 1600 for piece in pieces)
    assert all(piece.startswith("p") and piece.endswith(".") for piece in pieces), "cut inside a paragraph"
    assert "\n\n".join(pieces).split() == text.split()


def test_paragraphs_are_packed_together_up_to_the_limit():
    text = "\n\n".join(["One.", "Two.", "Three."])
    assert split_text(text, 1600) == [text]
    assert split_text(text, 10) == ["One.\n\nTwo.", "Three."]


def test_a_paragraph_too_long_for_one_message_is_cut_at_sentence_ends():
    sentences = [f"Sentence number {index} says something useful." for index in range(100)]
    pieces = split_text(" ".join(sentences), 500)
    assert all(len(piece) <= 500 for piece in pieces)
    assert all(piece.endswith(".") for piece in pieces)
    assert " ".join(pieces) == " ".join(sentences)


def test_a_word_longer_than_the_limit_is_cut_inside_only_as_a_last_resort():
    url = "https://example.com/" + "x" * 50
    pieces = split_text(f"See {url} now", 30)
    assert all(len(piece) <= 30 for piece in pieces)
    assert "".join(pieces).replace(" ", "") == f"See{url}now"


def test_whatsapp_through_twilio_gets_buttons_as_numbered_options():
    [message] = fit("Hello! What would you like to know?", GREETING_OPTIONS, TWILIO)
    assert message.options == ()
    assert "1. What is a hypertrophic scar?" in message.text
    assert "5. Medical visa" in message.text
    assert message.text.startswith("Hello! What would you like to know?")
    assert "Reply with a number." in message.text


def test_a_reply_of_a_number_or_a_title_sends_that_options_payload():
    assert choose_option("2", GREETING_OPTIONS) == "/ask_how_stem_cells_work"
    assert choose_option(" 5. ", GREETING_OPTIONS) == "/ask_visa_type"
    assert choose_option("3)", GREETING_OPTIONS) == "/ask_clinics"
    assert choose_option("medical  VISA", GREETING_OPTIONS) == "/ask_visa_type"


def test_other_replies_go_to_the_assistant_as_typed():
    assert choose_option("0", GREETING_OPTIONS) is None
    assert choose_option("6", GREETING_OPTIONS) is None
    assert choose_option("²", GREETING_OPTIONS) is None
    assert choose_option("2 sessions?", GREETING_OPTIONS) is None
    assert choose_option("how much are clinics", GREETING_OPTIONS) is None
    assert choose_option("2", ()) is None


def test_options_ride_on_the_last_message_of_a_long_answer():
    text = "\n\n".join(paragraph(number) for number in range(40))
    messages = fit(text, SHORT_OPTIONS, SLACK)
    assert len(messages) > 1
    assert [message.options for message in messages[:-1]] == [()] * (len(messages) - 1)
    assert messages[-1].options == SHORT_OPTIONS


def test_facebook_shows_short_options_as_they_are():
    [message] = fit("Pick one:", SHORT_OPTIONS, FACEBOOK)
    assert message.text == "Pick one:" and message.options == SHORT_OPTIONS


def test_titles_too_long_for_the_platform_are_numbered_with_number_buttons():
    [message] = fit("Hello!", GREETING_OPTIONS, FACEBOOK)
    assert "1. What is a hypertrophic scar?" in message.text
    assert [option.title for option in message.options] == ["1", "2", "3", "4", "5"]
    assert [option.payload for option in message.options] == [option.payload for option in GREETING_OPTIONS]


def test_more_options_than_the_platform_shows_become_a_numbered_list():
    options = tuple(Option(f"Topic {index}", f"/topic_{index}") for index in range(14))
    [message] = fit("Topics:", options, FACEBOOK)
    assert message.options == ()
    assert "14. Topic 13" in message.text


def test_a_payload_too_long_for_a_telegram_button_travels_as_its_number():
    long_payload = '/ask_clinic_details{"clinic": "' + "x" * 60 + '"}'
    options = (Option("Clinics", "/ask_clinics"), Option("That clinic", long_payload))
    [message] = fit("Which one?", options, TELEGRAM)
    assert message.options == (Option("Clinics", "/ask_clinics"), Option("That clinic", "2"))
    assert choose_option(message.options[1].payload, options) == long_payload


def test_each_platform_keeps_its_messages_within_its_limit():
    text = "\n\n".join(paragraph(number, words=400) for number in range(10))
    for limits in (TWILIO, TELEGRAM, FACEBOOK, SLACK, LINE):
        assert all(len(message.text) <= limits.text_chars for message in fit(text, GREETING_OPTIONS, limits))


def test_line_sends_at_most_five_messages_per_request():
    assert [len(group) for group in batches(list(range(12)), LINE.messages_per_reply)] == [5, 5, 2]
    assert batches([1, 2], Limits(text_chars=10, buttons=0).messages_per_reply) == [[1, 2]]


def test_rasa_buttons_become_options_and_entries_without_payload_are_left_out():
    buttons = [
        {"title": "Clinics", "payload": "/ask_clinics"},
        {"title": "Website", "url": "https://x"},
        {"payload": "/help"},
    ]
    assert options_from(buttons) == (Option("Clinics", "/ask_clinics"), Option("/help", "/help"))
    assert options_from(None) == ()
