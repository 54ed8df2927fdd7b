"""LINE (`/webhooks/line/webhook`): a Rasa input channel for the LINE Messaging API, which Rasa
does not ship.

LINE signs each webhook call: `X-Line-Signature` is the base64 HMAC-SHA256 of the raw body with
the channel secret; unsigned calls get 401 and wrongly signed ones 403. The console's "Verify"
button sends a signed body with no events, answered 200. Each event is handled once (by its
`webhookEventId`, since LINE can redeliver) after the webhook has answered. The replies of one
turn go out together through the reply API with the event's reply token (at most 5 messages of at
most 5000 characters; options as up to 13 quick-reply buttons); what does not fit in one reply,
or a reply whose token was refused (expired or used), goes out through the push API.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.addressing import own_conversations
from channels.fitting import LINE, Message, batches
from channels.messaging import Background, FittedReplies, refuse, resolve_choice
from channels.redelivery import Deliveries
from channels.signatures import line_signature_valid

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.line.me"
SEND_TIMEOUT_S = 10


class LineClient:
    """The two calls of the Messaging API this channel needs."""

    def __init__(self, access_token: str, api_url: str = DEFAULT_API_URL) -> None:
        self.access_token = access_token
        self.api_url = api_url.rstrip("/")

    async def reply(self, reply_token: str, messages: list[dict]) -> bool:
        return await self._post("/v2/bot/message/reply", {"replyToken": reply_token, "messages": messages})

    async def push(self, to: str, messages: list[dict]) -> bool:
        return await self._post("/v2/bot/message/push", {"to": to, "messages": messages})

    async def _post(self, path: str, body: dict) -> bool:
        headers = {"Authorization": f"Bearer {self.access_token}"}
        timeout = aiohttp.ClientTimeout(total=SEND_TIMEOUT_S)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.post(self.api_url + path, json=body, headers=headers) as answer,
            ):
                if answer.status == 200:
                    return True
                logger.warning("line: %s answered %d: %s", path, answer.status, (await answer.text())[:300])
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.warning("line: %s failed: %s", path, error)
        return False


def line_message(message: Message) -> dict:
    """A text message; options become quick-reply postback buttons (data = the option's payload)."""
    line: dict[str, Any] = {"type": "text", "text": message.text}
    if message.options:
        line["quickReply"] = {
            "items": [
                {
                    "type": "action",
                    "action": {
                        "type": "postback",
                        "label": option.title,
                        "data": option.payload,
                        "displayText": option.title,
                    },
                }
                for option in message.options
            ]
        }
    return line


class LineOutput(FittedReplies, OutputChannel):
    """With a reply token, collects the turn's messages until `flush`; without one (messages the
    server sends on its own), pushes each at once."""

    limits = LINE

    @classmethod
    def name(cls) -> str:
        return "line"

    def __init__(self, client: LineClient, reply_token: str | None = None) -> None:
        self.client = client
        self.reply_token = reply_token
        self.pending: list[dict] = []

    async def send_fitted(self, recipient_id: str, message: Message) -> None:
        await self._add(recipient_id, [line_message(message)])

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._add(recipient_id, [{"type": "image", "originalContentUrl": image, "previewImageUrl": image}])

    async def _add(self, recipient_id: str, messages: list[dict]) -> None:
        self.pending.extend(messages)
        if self.reply_token is None:
            await self.flush(recipient_id)

    async def flush(self, recipient_id: str) -> None:
        messages, self.pending = self.pending, []
        groups = batches(messages, LINE.messages_per_reply)
        if groups and self.reply_token:
            token, self.reply_token = self.reply_token, None  # a reply token works once
            if await self.client.reply(token, groups[0]):
                groups = groups[1:]
        for group in groups:
            if not await self.client.push(recipient_id, group):
                logger.error("line: %d message(s) to %s could not be delivered", len(group), recipient_id)


class LineInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "line"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials["channel_secret"],
            credentials["channel_access_token"],
            credentials.get("api_url") or DEFAULT_API_URL,
        )

    def __init__(self, channel_secret: str, channel_access_token: str, api_url: str = DEFAULT_API_URL) -> None:
        self.channel_secret = channel_secret
        self.client = LineClient(channel_access_token, api_url)
        self.deliveries = Deliveries()
        self.background = Background()

    def get_output_channel(self) -> LineOutput:
        return LineOutput(self.client)

    async def _turn(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        request: Request,
        event: dict,
        sender: str,
        text: str,
    ) -> None:
        output = LineOutput(self.client, event.get("replyToken"))
        text = await resolve_choice(request, self.name(), sender, text)
        metadata = {"line_source": event.get("source"), "line_event_type": event.get("type")}
        await on_new_message(UserMessage(text, output, sender, input_channel=self.name(), metadata=metadata))
        await output.flush(sender)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = own_conversations(self.name(), on_new_message)
        webhook = Blueprint("line_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            signature = request.headers.get("X-Line-Signature", "")
            if not signature:
                return refuse("line", 401, "the X-Line-Signature header is missing")
            if not line_signature_valid(self.channel_secret, request.body or b"", signature):
                return refuse("line", 403, "the X-Line-Signature header does not match the channel secret")
            body = request.json
            for event in (body.get("events") if isinstance(body, dict) else None) or []:
                text, sender, event_id = event_text(event), conversation_id(event), event.get("webhookEventId")
                if not text or not sender or (event_id and not self.deliveries.first_time(str(event_id))):
                    continue
                self.background.run(self._turn(on_new_message, request, event, sender, text), "a LINE event")
            return response.json({})

        return webhook


def event_text(event: dict) -> str | None:
    """What the user said: a text message's text, or a tapped quick reply's postback data."""
    if event.get("type") == "message" and (event.get("message") or {}).get("type") == "text":
        return event["message"].get("text")
    if event.get("type") == "postback":
        return (event.get("postback") or {}).get("data")
    return None


def conversation_id(event: dict) -> str | None:
    """The chat the event came from (a group, a room, or one user); replies are pushed there too."""
    source = event.get("source") or {}
    return source.get("groupId") or source.get("roomId") or source.get("userId")
