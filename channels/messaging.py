"""What the messaging channels share on the Rasa side: replies fitted to the platform, refusing
unverified webhook calls, turning a numbered or titled choice back into its payload, and running a
turn in the background."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Sequence
from typing import Any

from rasa.shared.core.events import BotUttered, UserUttered
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.fitting import Limits, Message, Option, choose_option, fit, options_from
from channels.identity import conversation_id

logger = logging.getLogger(__name__)


class FittedReplies:
    """Mixed into a platform's output channel (before Rasa's class): text, buttons and quick replies
    are fitted to the platform's `limits`, and each resulting message goes to `send_fitted`."""

    limits: Limits

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send_fitted_all(recipient_id, text, ())

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict], **kwargs: Any) -> None:
        await self._send_fitted_all(recipient_id, text, options_from(buttons))

    async def send_quick_replies(self, recipient_id: str, text: str, quick_replies: list[dict], **kwargs: Any) -> None:
        await self._send_fitted_all(recipient_id, text, options_from(quick_replies))

    async def _send_fitted_all(self, recipient_id: str, text: str, options: Sequence[Option]) -> None:
        for message in fit(text, options, self.limits):
            await self.send_fitted(recipient_id, message)

    async def send_fitted(self, recipient_id: str, message: Message) -> None:
        raise NotImplementedError


def refuse(channel: str, status: int, reason: str) -> HTTPResponse:
    """401 when the platform's signature is missing, 403 when it is wrong; nothing is processed."""
    logger.warning("%s webhook refused (%d): %s", channel, status, reason)
    return response.json({"error": reason}, status=status)


async def last_options(request: Request, conversation: str) -> tuple[Option, ...]:
    """The options (buttons or quick replies) the assistant offered in its last turn, read from the
    conversation's tracker, so every server and every restart agrees on what "2" means."""
    agent = getattr(request.app.ctx, "agent", None)
    if agent is None or agent.tracker_store is None:
        return ()
    tracker = await agent.tracker_store.retrieve(conversation)
    if tracker is None:
        return ()
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return ()
        if isinstance(event, BotUttered) and (event.data.get("buttons") or event.data.get("quick_replies")):
            return options_from(event.data.get("buttons") or event.data.get("quick_replies"))
    return ()


async def resolve_choice(request: Request, channel: str, sender_id: str, text: str) -> str:
    """The payload of the option a reply names ("2" or its title), else the text unchanged."""
    try:
        options: Sequence[Option] = await last_options(request, conversation_id(channel, sender_id))
    except Exception:
        logger.exception("could not read the last options of a conversation; taking the reply as typed")
        return text
    return choose_option(text, options) or text


class Background:
    """Runs turns after the webhook has answered, for platforms that want a quick 200 (Slack, LINE),
    keeping a reference to each task until it ends."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()

    def run(self, turn: Awaitable[None], what: str) -> None:
        async def logged() -> None:
            try:
                await turn
            except Exception:
                logger.exception("could not handle %s", what)

        task = asyncio.create_task(logged())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
