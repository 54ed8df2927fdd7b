"""Telegram (`/webhooks/telegram/webhook`), on Rasa's Telegram channel.

Rasa 3.6's Telegram input does not authenticate updates: it asks Telegram for the bot's name on
every update and compares it with a configured name, which anyone posting to the webhook passes.
This one registers the webhook with a `secret_token` (derived from the bot token) and refuses
updates without it. It registers at server start rather than while the server is being built
(Rasa runs `asyncio.run` there, leaving the bot's HTTP session on a closed event loop), answers
button taps so the client stops its spinner, and fits replies to Telegram's limits.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.addressing import own_conversations
from channels.fitting import TELEGRAM, Message
from channels.messaging import FittedReplies, refuse, resolve_choice
from channels.signatures import telegram_secret_token, telegram_secret_valid

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_API_URL = "https://api.telegram.org"


class FittedTelegramOutput(FittedReplies, TelegramOutput):
    limits = TELEGRAM

    def __init__(self, access_token: str, api_url: str = DEFAULT_API_URL) -> None:
        # TelegramOutput's own __init__ cannot choose the API server.
        Bot.__init__(self, access_token, server=TelegramAPIServer.from_base(api_url))

    async def send_fitted(self, recipient_id: str, message: Message) -> None:
        keyboard = None
        if message.options:
            keyboard = InlineKeyboardMarkup()
            for option in message.options:
                keyboard.row(InlineKeyboardButton(option.title, callback_data=option.payload))
        await self.send_message(recipient_id, message.text, reply_markup=keyboard)


class VerifiedTelegramInput(TelegramInput):
    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials["access_token"],
            None,
            credentials["webhook_url"],
            api_url=credentials.get("api_url") or DEFAULT_API_URL,
        )

    def __init__(self, access_token: str, verify: str | None, webhook_url: str, api_url: str = DEFAULT_API_URL) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode=False)
        self.api_url = api_url

    def get_output_channel(self) -> FittedTelegramOutput:
        return FittedTelegramOutput(self.access_token, self.api_url)

    async def register_webhook(self, output: FittedTelegramOutput) -> None:
        await output.request(
            "setWebhook",
            {
                "url": self.webhook_url,
                "secret_token": telegram_secret_token(self.access_token),
                "allowed_updates": json.dumps(["message", "edited_message", "callback_query"]),
            },
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = own_conversations(self.name(), on_new_message)
        webhook = Blueprint("verified_telegram_webhook", __name__)
        output = self.get_output_channel()

        @webhook.listener("after_server_start")
        async def register(_app: Sanic, _loop: Any) -> None:
            try:
                await self.register_webhook(output)
                logger.info("telegram: webhook registered at %s", self.webhook_url)
            except Exception as error:
                logger.error("telegram: could not register the webhook %s: %s", self.webhook_url, error)

        @webhook.listener("before_server_stop")
        async def close(_app: Sanic, _loop: Any) -> None:
            await output.session.close()

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            secret = request.headers.get(SECRET_HEADER, "")
            if not secret:
                return refuse("telegram", 401, f"the {SECRET_HEADER} header is missing")
            if not telegram_secret_valid(self.access_token, secret):
                return refuse("telegram", 403, f"the {SECRET_HEADER} header is wrong")
            update = Update(**(request.json or {}))
            tap = update.callback_query
            message = tap.message if tap else update.message or update.edited_message
            text = tap.data if tap else message and message.text
            if message is None or not text:
                return response.text("ignored")
            sender = str(message.chat.id)
            try:
                if tap:
                    await output.answer_callback_query(tap.id)
                text = await resolve_choice(request, self.name(), sender, text)
                await on_new_message(
                    UserMessage(text, output, sender, input_channel=self.name(), metadata=self.get_metadata(request))
                )
            except Exception:
                # Telegram redelivers an update until it gets a 200; one failure should not loop.
                logger.exception("telegram: could not handle an update")
            return response.text("success")

        return webhook
