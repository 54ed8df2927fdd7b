"""Slack (`/webhooks/slack/webhook`), on Rasa's Slack channel.

Rasa 3.6's Slack input checks the signing secret (HMAC-SHA256 of `v0:timestamp:body`, five-minute
window) but answers a bad signature with 400, and answers Slack's url_verification with a bare JSON
string. Slack retries an event when it has no answer within about 3 seconds (`X-Slack-Retry-Num`);
Rasa skips only retries whose reason is `http_timeout`, so a retry for any other reason is answered
twice, while a timeout retry of an event this server never received is lost. This one refuses
unsigned calls with 401 and wrongly signed ones with 403, answers url_verification with
`{"challenge": ...}`, and handles each `event_id` once. Replies fit Slack's block limits.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from channels.addressing import own_conversations
from channels.fitting import SLACK, Message
from channels.messaging import FittedReplies, refuse, resolve_choice
from channels.redelivery import Deliveries
from channels.signatures import slack_signature_valid

DEFAULT_API_URL = "https://slack.com/api/"


def mrkdwn_escaped(text: str) -> str:
    """Slack reads `&`, `<` and `>` in message text as markup (links, mentions) unless escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class FittedSlackBot(FittedReplies, SlackBot):
    limits = SLACK

    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
        api_url: str = DEFAULT_API_URL,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, proxy=proxy, base_url=api_url.rstrip("/") + "/")

    async def send_fitted(self, recipient_id: str, message: Message) -> None:
        extra: dict[str, Any] = {}
        if message.options:
            section = (
                [{"type": "section", "text": {"type": "plain_text", "text": message.text}}] if message.text else []
            )
            buttons = [
                {"type": "button", "text": {"type": "plain_text", "text": option.title}, "value": option.payload}
                for option in message.options
            ]
            extra["blocks"] = [*section, {"type": "actions", "elements": buttons}]
        text = mrkdwn_escaped(message.text)  # the top-level text is read as mrkdwn
        await self._post_message(channel=self.slack_channel or recipient_id, text=text, **extra)


class VerifiedSlackInput(SlackInput):
    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials["slack_token"],
            credentials.get("slack_channel"),
            slack_retry_reason_header="x-slack-retry-reason",
            slack_retry_number_header="x-slack-retry-num",
            slack_signing_secret=credentials["slack_signing_secret"],
            api_url=credentials.get("api_url") or DEFAULT_API_URL,
        )

    def __init__(self, *args: Any, api_url: str = DEFAULT_API_URL, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.api_url = api_url
        self.deliveries = Deliveries()
        # Retries are decided by event_id below, whatever their reason.
        self.errors_ignore_retry = ()

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> FittedSlackBot:
        return FittedSlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url)

    async def process_message(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: str | None,
        metadata: dict | None,
    ) -> Any:
        if sender_id:
            text = await resolve_choice(request, self.name(), sender_id, text)
        return await super().process_message(request, on_new_message, text, sender_id, metadata)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(own_conversations(self.name(), on_new_message))

        @webhook.middleware("request")
        async def guard(request: Request) -> HTTPResponse | None:
            if not request.path.rstrip("/").endswith("/webhook"):
                return None
            timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
            signature = request.headers.get("X-Slack-Signature", "")
            if not timestamp or not signature:
                return refuse("slack", 401, "the X-Slack-Signature or X-Slack-Request-Timestamp header is missing")
            if not slack_signature_valid(
                self.slack_signing_secret, request.body or b"", timestamp, signature, time.time()
            ):
                return refuse("slack", 403, "the X-Slack-Signature header does not match the signing secret")
            if request.headers.get("content-type") != "application/json":
                return None
            try:
                body = json.loads(request.body)
            except ValueError:
                return response.json({"error": "the body is not JSON"}, status=400)
            if not isinstance(body, dict):
                return None
            if body.get("type") == "url_verification":
                return response.json({"challenge": body.get("challenge", "")})
            event_id = body.get("event_id")
            if event_id and not self.deliveries.first_time(str(event_id)):
                return response.text("already handled", headers={"X-Slack-No-Retry": "1"})
            return None

        return webhook
