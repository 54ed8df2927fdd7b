"""The REST channel (`/webhooks/rest/webhook`): an integration endpoint, with a credential and
input checks.

Its caller chooses the sender id, so it is for servers the clinic trusts, never for browsers (the
website chat uses socket.io with the session ids the server issues). Every call carries a credential,
`Authorization: Bearer <token>` or `?token=<token>`: the webhook's own `REST_WEBHOOK_TOKEN`, which
gives nothing else, or the HTTP API token (`RASA_AUTH_TOKEN`). The embedded default requires it as
production does, because the Rasa server listens on every interface for the website's browsers; with
no token configured the webhook refuses every call. Its conversations are its own: `rest:<sender>`
(channels/identity.py), so no sender id reaches another channel's patient.

Rasa's own REST input answers a body that is not a JSON object with a server error; this one
answers 400 with what to send, and replies to over-long messages instead of processing them.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Awaitable, Callable, Collection, Mapping

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.addressing import own_conversations
from channels.inbound import TOO_LONG, BadRequest, parse_rest_body

logger = logging.getLogger(__name__)

NO_CREDENTIAL = "This webhook needs a credential: send 'Authorization: Bearer <token>' (README: REST channel)."
WRONG_CREDENTIAL = "The credential is not valid for this webhook."
NOT_CONFIGURED = "This webhook takes no calls: the server has no REST_WEBHOOK_TOKEN or RASA_AUTH_TOKEN set."


def webhook_tokens(environ: Mapping[str, str] = os.environ) -> tuple[str, ...]:
    """The credentials the webhook accepts: its own token and the HTTP API token, where set."""
    tokens = (environ.get("REST_WEBHOOK_TOKEN", ""), environ.get("RASA_AUTH_TOKEN", ""))
    return tuple(token for token in tokens if token)


def presented_token(request: Request) -> str:
    """The token a call carries, as a bearer token or as `?token=`."""
    scheme, _, token = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.args.get("token", "")


def refusal(presented: str, accepted: Collection[str]) -> HTTPResponse | None:
    """401/403 with what to do, or None when `presented` is one of the `accepted` tokens."""
    if not accepted:
        return response.json({"error": NOT_CONFIGURED}, status=403)
    if not presented:
        return response.json({"error": NO_CREDENTIAL}, status=401, headers={"WWW-Authenticate": "Bearer"})
    if not any(hmac.compare_digest(presented.encode(), token.encode()) for token in accepted):
        return response.json({"error": WRONG_CREDENTIAL}, status=403)
    return None


class CheckedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        on_new_message = own_conversations(self.name(), on_new_message)
        accepted = webhook_tokens()
        webhook = Blueprint("checked_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            refused = refusal(presented_token(request), accepted)
            if refused is not None:
                return refused
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
