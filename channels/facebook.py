"""Facebook Messenger (`/webhooks/facebook/webhook`), on Rasa's Facebook channel.

Rasa 3.6's Facebook input checks `X-Hub-Signature` with the app secret, but answers a wrongly
signed call (and a wrong verify token) with 200, lets the header choose any hashlib function
(`md5=...` passes), compares in variable time, and reads only the first event of a batch. Its
sends are blocking `requests` calls without a timeout, made on the server's event loop, and more
than 3 buttons are dropped. This one refuses with 401/403, prefers `X-Hub-Signature-256`, handles
every event, sends from a worker thread with a timeout, and shows options as quick replies
(numbered in the text when they do not fit).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fbmessenger import MessengerClient
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.addressing import own_conversations
from channels.fitting import FACEBOOK, Message
from channels.messaging import FittedReplies, refuse, resolve_choice
from channels.signatures import facebook_signature_valid

logger = logging.getLogger(__name__)

DEFAULT_GRAPH_URL = "https://graph.facebook.com/v2.12"  # fbmessenger's default
SEND_TIMEOUT_S = 10


def messenger_client(page_access_token: str, graph_url: str) -> MessengerClient:
    client = MessengerClient(page_access_token)
    client.graph_url = graph_url.rstrip("/")
    return client


class FittedMessengerBot(FittedReplies, MessengerBot):
    limits = FACEBOOK

    async def _post(self, payload: dict, recipient_id: str) -> None:
        result = await asyncio.to_thread(
            self.messenger_client.send, payload, recipient_id, "RESPONSE", timeout=SEND_TIMEOUT_S
        )
        if isinstance(result, dict) and "error" in result:
            logger.error("facebook: the Send API refused a message: %s", result["error"])

    def send(self, recipient_id: str, element: Any) -> None:
        self.messenger_client.send(element.to_dict(), recipient_id, "RESPONSE", timeout=SEND_TIMEOUT_S)

    async def send_action(self, recipient_id: str, sender_action: str) -> None:
        await asyncio.to_thread(self.messenger_client.send_action, sender_action, recipient_id, timeout=SEND_TIMEOUT_S)

    async def send_fitted(self, recipient_id: str, message: Message) -> None:
        payload: dict[str, Any] = {"text": message.text}
        if message.options:
            payload["quick_replies"] = [
                {"content_type": "text", "title": option.title, "payload": option.payload} for option in message.options
            ]
        await self._post(payload, recipient_id)


class _Messenger(Messenger):
    """Rasa's event parsing, with every event of a batch handled and the fitted output."""

    def __init__(
        self, client: MessengerClient, on_new_message: Callable[[UserMessage], Awaitable[Any]], request: Request
    ):
        self.client = client
        self.on_new_message = on_new_message
        self.request = request
        self.last_message: dict[str, Any] = {}

    async def handle(self, payload: dict, metadata: dict[str, Any] | None) -> None:
        for entry in payload.get("entry") or []:
            for event in entry.get("messaging") or []:
                self.last_message = event
                if event.get("message"):
                    await self.message(event, metadata)
                elif event.get("postback"):
                    await self.postback(event, metadata)

    async def _handle_user_message(self, text: str, sender_id: str, metadata: dict[str, Any] | None) -> None:
        output = FittedMessengerBot(self.client)
        text = await resolve_choice(self.request, "facebook", sender_id, text)
        try:
            await output.send_action(sender_id, "typing_on")  # Messenger turns it off with the reply
            await self.on_new_message(UserMessage(text, output, sender_id, input_channel="facebook", metadata=metadata))
        except Exception:
            # Facebook redelivers a batch until it gets a 200; one failure should not loop.
            logger.exception("facebook: could not handle a message")


class VerifiedFacebookInput(FacebookInput):
    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials["verify"],
            credentials["secret"],
            credentials["page-access-token"],
            graph_url=credentials.get("graph_url") or DEFAULT_GRAPH_URL,
        )

    def __init__(self, fb_verify: str, fb_secret: str, fb_access_token: str, graph_url: str = DEFAULT_GRAPH_URL):
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self.graph_url = graph_url

    def get_output_channel(self) -> FittedMessengerBot:
        return FittedMessengerBot(messenger_client(self.fb_access_token, self.graph_url))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = own_conversations(self.name(), on_new_message)
        webhook = Blueprint("verified_fb_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify_subscription(request: Request) -> HTTPResponse:
            if request.args.get("hub.mode") != "subscribe" or request.args.get("hub.verify_token") != self.fb_verify:
                return refuse("facebook", 403, "hub.verify_token does not match FACEBOOK_VERIFY_TOKEN")
            return response.text(request.args.get("hub.challenge", ""))

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            signature = request.headers.get("X-Hub-Signature-256") or request.headers.get("X-Hub-Signature")
            if not signature:
                return refuse("facebook", 401, "the X-Hub-Signature-256 header is missing")
            if not facebook_signature_valid(self.fb_secret, request.body or b"", signature):
                return refuse("facebook", 403, "the X-Hub-Signature-256 header does not match the app secret")
            client = messenger_client(self.fb_access_token, self.graph_url)
            await _Messenger(client, on_new_message, request).handle(request.json or {}, self.get_metadata(request))
            return response.text("success")

        return webhook
