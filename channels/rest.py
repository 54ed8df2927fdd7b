"""The REST channel (`/webhooks/rest/webhook`) with input checks.

Rasa's own REST input answers a body that is not a JSON object with a server error; this one
answers 400 with what to send, and replies to over-long messages instead of processing them.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.inbound import TOO_LONG, BadRequest, parse_rest_body

logger = logging.getLogger(__name__)


class CheckedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("checked_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                inbound = parse_rest_body(request.body or b"")
            except BadRequest as problem:
                return response.json({"error": str(problem)}, status=400)
            if inbound.too_long:
                return response.json([{"recipient_id": inbound.sender, "text": TOO_LONG}])
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        inbound.text, collector, inbound.sender, input_channel=self.name(), metadata=inbound.metadata
                    )
                )
            except Exception:
                logger.exception("could not handle a REST message")
                return response.json(
                    {"error": "The assistant could not answer just now; please try again."}, status=503
                )
            return response.json(collector.messages)

        return webhook
