"""The callback channel (`/webhooks/callback/webhook`) for a clinic CRM: it posts a message like
the REST channel and gets the bot's replies posted, one JSON object each, to `CALLBACK_URL`.

Rasa's callback input answers a body that is not a JSON object with a server error; this one
applies the REST channel's input checks (400 with what to send, a reply for over-long messages).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.callback import CallbackInput
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.addressing import own_conversations
from channels.inbound import TOO_LONG, BadRequest, parse_rest_body

logger = logging.getLogger(__name__)


class CheckedCallbackInput(CallbackInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = own_conversations(self.name(), on_new_message)
        webhook = Blueprint("checked_callback_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                inbound = parse_rest_body(request.body or b"")
            except BadRequest as problem:
                return response.json({"error": str(problem)}, status=400)
            output = self.get_output_channel()
            try:
                if inbound.too_long:
                    await output.send_text_message(inbound.sender, TOO_LONG)
                else:
                    await on_new_message(
                        UserMessage(
                            inbound.text, output, inbound.sender, input_channel=self.name(), metadata=inbound.metadata
                        )
                    )
            except Exception:
                logger.exception("callback: could not handle a message")
                return response.json(
                    {"error": "The assistant could not answer just now; please try again."}, status=503
                )
            return response.text("success")

        return webhook
