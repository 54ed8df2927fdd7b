"""Channel identity (channels/identity.py) and the REST webhook's credential (channels/rest.py),
without a server: conversation ids, replies addressed to the platform's sender, tokens."""

from __future__ import annotations

import asyncio

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sanic import Sanic
from sanic.request import Request

from channels.addressing import own_conversations
from channels.identity import channel_of, conversation_id, sender_of
from channels.rest import NO_CREDENTIAL, NOT_CONFIGURED, WRONG_CREDENTIAL, presented_token, refusal, webhook_tokens


def test_a_conversation_id_names_its_channel_and_keeps_the_platforms_sender_whole():
    conversation = conversation_id("twilio", "whatsapp:+821012345678")
    assert conversation == "twilio:whatsapp:+821012345678"
    assert channel_of(conversation) == "twilio" and sender_of(conversation) == "whatsapp:+821012345678"
    assert conversation_id("rest", conversation) != conversation, "a sender id cannot pose as another channel's"


def test_a_message_is_filed_under_its_channel_and_answered_to_the_platforms_sender():
    seen: list[UserMessage] = []

    async def rasa(message: UserMessage) -> None:
        seen.append(message)
        await message.output_channel.send_response(message.sender_id, {"text": "hello", "buttons": []})

    output = CollectingOutputChannel()
    handler = own_conversations("telegram", rasa)
    asyncio.run(handler(UserMessage("hi", output, "12345", input_channel="telegram", metadata={"a": 1})))
    [message] = seen
    assert message.sender_id == "telegram:12345" and message.text == "hi" and message.metadata == {"a": 1}
    assert message.input_channel == "telegram" and message.output_channel.name() == output.name()
    assert [reply["recipient_id"] for reply in output.messages] == ["12345"]


def request_with(headers: dict[str, str], query: str = "") -> Request:
    app = Sanic.get_app("identity-test", force_create=True)
    return Request(f"/webhooks/rest/webhook{query}".encode(), headers, "1.1", "POST", None, app)


def test_the_webhook_takes_its_own_token_or_the_api_token_and_nothing_else():
    accepted = webhook_tokens({"REST_WEBHOOK_TOKEN": "integrator", "RASA_AUTH_TOKEN": "admin"})
    assert accepted == ("integrator", "admin")
    assert refusal("integrator", accepted) is None and refusal("admin", accepted) is None
    assert refusal("", accepted).status == 401 and NO_CREDENTIAL.encode() in refusal("", accepted).body
    assert refusal("guess", accepted).status == 403 and WRONG_CREDENTIAL.encode() in refusal("guess", accepted).body
    unconfigured = refusal("anything", webhook_tokens({}))
    assert unconfigured.status == 403 and NOT_CONFIGURED.encode() in unconfigured.body


def test_the_token_comes_as_a_bearer_header_or_a_query_parameter():
    assert presented_token(request_with({"Authorization": "Bearer s3cret"})) == "s3cret"
    assert presented_token(request_with({"authorization": "bearer  s3cret "})) == "s3cret"
    assert presented_token(request_with({}, "?token=s3cret")) == "s3cret"
    assert presented_token(request_with({"Authorization": "Basic dXNlcjpwYXNz"})) == ""
