"""The socket.io channel's input checks (channels/socketio.py): the same limits and wording as REST,
and a message that says what to send instead of an exception inside Rasa."""

from __future__ import annotations

import pytest

from channels.inbound import MAX_MESSAGE_CHARS, MAX_SENDER_CHARS, BadRequest
from channels.socketio import NO_SESSION, parse_socketio_message, session_id_from

SID = "socket-1"


def parse(data, persistence: bool = True):
    return parse_socketio_message(data, SID, persistence, "metadata")


def test_a_message_of_the_session_is_cleaned_and_keeps_its_metadata():
    inbound = parse({"message": " how much\x00 is it? ", "session_id": "abc", "metadata": '{"page": "/prices"}'})
    assert (inbound.sender, inbound.text, inbound.metadata) == ("abc", "how much is it?", {"page": "/prices"})


def test_without_session_persistence_the_socket_is_the_conversation():
    assert parse({"message": "hi"}, persistence=False).sender == SID


@pytest.mark.parametrize("session_id", [None, 42, {}, "", "   ", "x" * (MAX_SENDER_CHARS + 1)])
def test_a_message_without_a_usable_session_is_told_to_reload(session_id):
    with pytest.raises(BadRequest, match="reload the page"):
        parse({"message": "hi", "session_id": session_id})
    assert "session_request" in NO_SESSION


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ("just a string", "must be an object"),
        (["message", "hi"], "must be an object"),
        (None, "must be an object"),
        ({"session_id": "abc"}, "'message' is required"),
        ({"message": 42, "session_id": "abc"}, "'message' is required"),
        ({"message": b"\xff\xfe", "session_id": "abc"}, "'message' is required"),
        ({"message": " \t\u0007 ", "session_id": "abc"}, "'message' is empty"),
        ({"message": "hi", "session_id": "abc", "metadata": "not json {"}, "'metadata' must be a JSON object"),
        ({"message": "hi", "session_id": "abc", "metadata": [1, 2]}, "'metadata' must be a JSON object"),
        ({"message": "hi", "session_id": "abc", "metadata": "[" * 100_000}, "'metadata' must be a JSON object"),
    ],
)
def test_bad_payloads_get_a_message_saying_what_to_send(data, problem):
    with pytest.raises(BadRequest, match=problem):
        parse(data)


def test_an_over_long_message_is_marked_for_the_too_long_reply_and_not_read():
    inbound = parse({"message": "x" * (MAX_MESSAGE_CHARS + 1), "session_id": "abc"})
    assert inbound.too_long and inbound.text == ""
    assert not parse({"message": "x" * MAX_MESSAGE_CHARS, "session_id": "abc"}).too_long


def test_lone_surrogates_are_removed_like_control_characters():
    assert parse({"message": "price\ud800 in korea", "session_id": "abc"}).text == "price in korea"


def test_session_ids_are_cleaned_and_bounded():
    assert session_id_from(" abc\x00 ") == "abc"
    assert session_id_from("s" * MAX_SENDER_CHARS) == "s" * MAX_SENDER_CHARS
    assert session_id_from(None) is None
