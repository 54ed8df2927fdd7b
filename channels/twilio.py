"""SMS and WhatsApp through Twilio (`/webhooks/twilio/webhook`), on Rasa's Twilio channel.

Rasa 3.6's Twilio input does not check `X-Twilio-Signature`: anyone who knows the URL can talk as
any phone number. This one validates it with twilio's RequestValidator over the public URL Twilio
calls (`TWILIO_WEBHOOK_URL` when a proxy sits in front, else the URL the request arrived on) and
refuses unsigned or wrongly signed calls. Rasa's sends are blocking calls on the server's event
loop; these go through twilio's asynchronous client with a timeout. Buttons become numbered options
(SMS and WhatsApp have none here) and long answers are cut to Twilio's 1600 characters.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from channels.addressing import own_conversations
from channels.fitting import TWILIO, Message
from channels.messaging import FittedReplies, refuse, resolve_choice
from channels.signatures import twilio_signature_valid

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.twilio.com"
SEND_TIMEOUT_S = 10
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class FittedTwilioOutput(FittedReplies, TwilioOutput):
    limits = TWILIO

    def __init__(self, account_sid: str, auth_token: str, twilio_number: str, api_url: str = DEFAULT_API_URL) -> None:
        # TwilioOutput's own __init__ makes a blocking client for the production API only.
        Client.__init__(
            self,
            account_sid,
            auth_token,
            http_client=AsyncTwilioHttpClient(pool_connections=False, timeout=SEND_TIMEOUT_S),
        )
        self.twilio_number = twilio_number
        self.api_url = api_url.rstrip("/")

    def get_hostname(self, uri: str) -> str:
        return super().get_hostname(uri).replace(DEFAULT_API_URL, self.api_url, 1)

    async def send_fitted(self, recipient_id: str, message: Message) -> None:
        await self._send_message({"to": recipient_id, "from_": self.twilio_number, "body": message.text})

    async def _send_message(self, message_data: dict[str, Any]) -> Any:
        try:
            return await self.messages.create_async(**message_data)
        except TwilioRestException as error:
            logger.error("twilio: could not send a message: %s", error.msg)
            return None


class VerifiedTwilioInput(TwilioInput):
    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials["account_sid"],
            credentials["auth_token"],
            credentials["twilio_number"],
            webhook_url=credentials.get("webhook_url"),
            api_url=credentials.get("api_url") or DEFAULT_API_URL,
        )

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        twilio_number: str,
        webhook_url: str | None = None,
        api_url: str = DEFAULT_API_URL,
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.webhook_url = webhook_url
        self.api_url = api_url

    def get_output_channel(self) -> FittedTwilioOutput:
        return FittedTwilioOutput(self.account_sid, self.auth_token, self.twilio_number, self.api_url)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = own_conversations(self.name(), on_new_message)
        webhook = Blueprint("verified_twilio_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            signature = request.headers.get("X-Twilio-Signature", "")
            if not signature:
                return refuse("twilio", 401, "the X-Twilio-Signature header is missing")
            url = self.webhook_url or request.url
            if not twilio_signature_valid(self.auth_token, url, request.form, signature):
                return refuse("twilio", 403, f"the X-Twilio-Signature header does not match {url} and the auth token")
            sender, text = request.form.get("From"), request.form.get("Body")
            if sender and text:
                text = text.replace("¡", "@")  # carriers garble @ as ¡
                text = await resolve_choice(request, self.name(), sender, text)
                try:
                    await on_new_message(
                        UserMessage(
                            text,
                            self.get_output_channel(),
                            sender,
                            input_channel=self.name(),
                            metadata=self.get_metadata(request),
                        )
                    )
                except Exception:
                    logger.exception("twilio: could not handle a message")
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return webhook
