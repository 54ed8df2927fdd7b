"""Inbound REST bodies: bad input gets a clear message, never an error from deep inside."""

from __future__ import annotations

import json

import pytest

from channels.inbound import MAX_MESSAGE_CHARS, BadRequest, parse_rest_body


def body(**fields) -> bytes:
    return json.dumps(fields).encode()


def test_a_normal_message_passes_through():
    inbound = parse_rest_body(body(sender="p1", message="price in korea?"))
    assert (inbound.sender, inbound.text, inbound.too_long) == ("p1", "price in korea?", False)


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe\x00", b"[]", b'"text"', b"null", b""])
def test_bodies_that_are_not_json_objects_are_refused_with_usage(raw):
    with pytest.raises(BadRequest, match="sender"):
        parse_rest_body(raw)


@pytest.mark.parametrize(
    "fields",
    [
        {"message": "hi"},
        {"sender": "", "message": "hi"},
        {"sender": None, "message": "hi"},
        {"sender": "x" * 200, "message": "hi"},
        {"sender": True, "message": "hi"},
    ],
)
def test_a_missing_or_bad_sender_is_refused(fields):
    with pytest.raises(BadRequest, match="sender"):
        parse_rest_body(body(**fields))


@pytest.mark.parametrize("message", [None, 42, ["hi"], {"text": "hi"}])
def test_a_message_that_is_not_text_is_refused(message):
    with pytest.raises(BadRequest, match="message"):
        parse_rest_body(body(sender="p1", message=message))


def test_whitespace_and_control_characters_only_is_an_empty_message():
    with pytest.raises(BadRequest, match="empty"):
        parse_rest_body(body(sender="p1", message=" \t\x00\x07 "))


def test_control_characters_are_removed():
    assert parse_rest_body(body(sender="p1", message="vi\x00sa\x1b docs")).text == "visa docs"


def test_emoji_and_right_to_left_text_are_kept():
    text = "هل العلاج آمن؟ 🙏"
    assert parse_rest_body(body(sender="p1", message=text)).text == text


def test_an_over_long_message_is_flagged_not_processed():
    inbound = parse_rest_body(body(sender="p1", message="a" * (MAX_MESSAGE_CHARS + 1)))
    assert inbound.too_long and inbound.text == ""


def test_metadata_must_be_an_object():
    with pytest.raises(BadRequest, match="metadata"):
        parse_rest_body(body(sender="p1", message="hi", metadata="x"))


def test_a_number_too_long_for_python_is_refused_not_an_error():
    with pytest.raises(BadRequest):
        parse_rest_body(b'{"sender": ' + b"9" * 5000 + b', "message": "hi"}')
    with pytest.raises(BadRequest, match="must be text"):
        parse_rest_body(b'{"sender": "a", "message": ' + b"1" * 5000 + b"}")


def test_nan_and_infinity_become_null_so_every_later_json_is_valid():
    inbound = parse_rest_body(b'{"sender": "a", "message": "hi", "metadata": {"x": NaN, "y": -Infinity}}')
    assert inbound.metadata == {"x": None, "y": None}
    json.dumps(inbound.metadata, allow_nan=False)
