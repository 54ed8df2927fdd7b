"""Bad input as the public channels meet it: generated messages (scripts/fuzz_inputs.py, fixed
seed) to the REST webhook and the socket.io channel of the real assistant. `make fuzz` sends
10,000 to each; CI sends FUZZ_CASES."""

from __future__ import annotations

import asyncio
import uuid

import requests

from channels.inbound import TOO_LONG
from scripts.fuzz_inputs import answers_normally, connected_client, generate, send_rest, send_socketio
from tests.e2e.conftest import rest_conversation

FUZZ_CASES = 600
URGENT_START = "Please get medical help now"
TODAY_START = "Please contact the clinic that treated you, or see a doctor, today"


def test_generated_bad_messages_over_rest_get_200_or_400_never_5xx(assistant):
    report = send_rest(assistant.url, assistant.token, generate(FUZZ_CASES))
    print("\n".join(report.lines()))
    assert sum(report.kinds.values()) == FUZZ_CASES
    assert set(report.outcomes) <= {"200", "400"} and report.outcomes["400"] > 0
    assert not report.errors, "\n".join(report.errors[:20])


def test_generated_bad_messages_over_socket_io_each_get_an_answer(assistant):
    report = send_socketio(assistant.url, generate(FUZZ_CASES))
    print("\n".join(report.lines()))
    assert sum(report.kinds.values()) == FUZZ_CASES
    assert report.outcomes["too long reply"] > 0
    assert not report.errors, "\n".join(report.errors[:20])


def test_after_the_bad_input_both_channels_still_answer_a_normal_question(assistant):
    for channel, reply in answers_normally(assistant.url, assistant.token).items():
        assert "₩" in reply, f"{channel}: {reply[:200]}"


def socketio_texts(url: str, payloads: list) -> list[list[str]]:
    """The bot's texts for each payload, sent in turn on one socket with its own session."""

    async def run() -> list[list[str]]:
        received: list = []
        client = await connected_client(url, received)
        session_id = f"bad-input-{uuid.uuid4().hex}"
        answers = []
        try:
            await client.call("session_request", {"session_id": session_id}, timeout=30)
            for payload in payloads:
                received.clear()
                data = {**payload, "session_id": session_id} if isinstance(payload, dict) else payload
                await client.call("user_uttered", data, timeout=60)
                await asyncio.sleep(0.2)  # the client handles incoming events in tasks of their own
                answers.append([message.get("text", "") for message in received])
        finally:
            await client.disconnect()
        return answers

    return asyncio.run(run())


def test_an_over_long_message_gets_the_same_clear_reply_on_both_channels(assistant):
    message = "how much is it? " * 7_000  # 112 KB
    rest = requests.post(
        f"{assistant.url}/webhooks/rest/webhook",
        json={"sender": "long-1", "message": message},
        headers=assistant.rest_auth,
        timeout=30,
    )
    assert rest.status_code == 200 and [reply["text"] for reply in rest.json()] == [TOO_LONG]
    assert socketio_texts(assistant.url, [{"message": message}]) == [[TOO_LONG]]


def test_a_socket_io_payload_that_is_not_a_message_is_told_what_to_send(assistant):
    answers = socketio_texts(assistant.url, ["hello", {"message": 42}, {"message": "  "}, {"text": "hi"}])
    assert ["must be an object" in texts[0] for texts in answers] == [True, False, False, False]
    assert "'message' is required" in answers[1][0] and "'message' is empty" in answers[2][0]
    assert "'message' is required" in answers[3][0]


def test_a_turn_cut_by_the_circuit_breaker_leaves_the_conversation_answering(assistant):
    """Some messages (here a SQL fragment the NLU reads as a form answer) make the policies repeat
    the fallback until Rasa's limit of 10 actions; the next messages must be answered as usual,
    an urgent one with the advice of its level first."""
    sender = f"runaway-{uuid.uuid4().hex[:8]}"
    assistant.ask(sender, '" OR 1=1 --')
    urgent = assistant.reply_text(sender, "i have a high fever and pus since yesterday")
    assert urgent.startswith((URGENT_START, TODAY_START))
    assert "₩" in assistant.reply_text(sender, "how much is it in korea?")


def test_numbers_python_refuses_and_nan_get_answers_and_the_tracker_stays_valid_json(assistant):
    huge = requests.post(
        f"{assistant.url}/webhooks/rest/webhook",
        data='{"sender": "x", "message": ' + "1" * 5000 + "}",
        headers=assistant.rest_auth,
        timeout=30,
    )
    assert huge.status_code == 400 and "must be text" in huge.json()["error"]
    sender = f"nan-{uuid.uuid4().hex[:8]}"
    body = '{"sender": "' + sender + '", "message": "how much is it in korea?", "metadata": {"x": NaN}}'
    answered = requests.post(
        f"{assistant.url}/webhooks/rest/webhook", data=body, headers=assistant.rest_auth, timeout=60
    )
    assert answered.status_code == 200 and any("₩" in reply.get("text", "") for reply in answered.json())
    tracker = requests.get(
        f"{assistant.url}/conversations/{rest_conversation(sender)}/tracker",
        params={"token": assistant.token},
        timeout=30,
    )
    assert tracker.status_code == 200 and tracker.json()["sender_id"] == rest_conversation(
        sender
    )  # strict JSON: no NaN in it
