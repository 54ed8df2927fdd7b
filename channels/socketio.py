"""The socket.io channel of the website chat, with the REST channel's input checks.

Rasa's own handler reads `data.get(...)` from whatever a client sends: a payload that is not an
object, a message that is not text or metadata that is not JSON ends in an exception and no reply,
and a 100 KB message goes through the whole NLU pipeline. This one answers each of these on the
sender's socket with a message saying what to send, and over-long messages with the same reply as
REST (`channels/inbound.py`). Session persistence and the event names stay as `credentials.yml`
sets them; `enter_room` is awaited when python-socketio makes it a coroutine (5.10 and later,
upstream Rasa issue 13027), so an upgrade cannot silently stop every reply.

Loading this channel also installs, in the Rasa server, the answers for a failed custom action and
for a conversation that tripped Rasa's circuit breaker (`channels.resilience`), and does once the
constant work Rasa repeats on every turn (`channels.speedups`): this channel is always on.
"""

from __future__ import annotations

import inspect
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput

from channels import resilience, safe_json, speedups
from channels.addressing import own_conversations
from channels.inbound import MAX_SENDER_CHARS, TOO_LONG, BadRequest, Inbound, checked_message, clean_text

logger = logging.getLogger(__name__)

USAGE = 'send an object like {"message": "your question", "session_id": "..."}'
NO_SESSION = "This chat has no session yet: reload the page (a client sends session_request first)."
NOT_ANSWERED = "The assistant could not answer just now; please try again."


def session_id_from(value: Any) -> str | None:
    """A client's session id when it is usable as a conversation id, else None."""
    if not isinstance(value, str):
        return None
    session_id = clean_text(value)
    return session_id if 0 < len(session_id) <= MAX_SENDER_CHARS else None


def parse_socketio_message(data: Any, sid: str, session_persistence: bool, metadata_key: str) -> Inbound:
    """A `user_uttered` payload checked like a REST body; BadRequest says what to send instead."""
    if not isinstance(data, dict):
        raise BadRequest(f"The message must be an object: {USAGE}.")
    sender = sid
    if session_persistence:
        sender = session_id_from(data.get("session_id"))
        if sender is None:
            raise BadRequest(NO_SESSION)
    metadata = data.get(metadata_key)
    if isinstance(metadata, str):  # socket.io clients may send the metadata as a JSON string
        try:
            metadata = safe_json.loads(metadata)
        except (ValueError, RecursionError):
            raise BadRequest(f"'{metadata_key}' must be a JSON object when given.") from None
    return checked_message(sender, data.get("message"), metadata, metadata_key, USAGE)


class CheckedSocketIOInput(SocketIOInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> SocketBlueprint:
        resilience.install()
        speedups.install()
        on_new_message = own_conversations(self.name(), on_new_message)
        webhook = super().blueprint(on_new_message)
        sio = self.sio
        sio.packet_class.json = safe_json  # a 5,000-digit number or a NaN gets an answer, not silence
        output = SocketIOOutput(sio, self.bot_message_evt)

        async def tell(sid: str, text: str) -> None:
            """A reply to this socket only: the message never reached a conversation."""
            await sio.emit(self.bot_message_evt, {"text": text}, room=sid, namespace=self.namespace)

        # Registering again replaces the handlers of Rasa's blueprint for these events.
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            session_id = session_id_from(data.get("session_id") if isinstance(data, dict) else None)
            session_id = session_id or uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            try:
                inbound = parse_socketio_message(data, sid, self.session_persistence, self.metadata_key)
            except BadRequest as problem:
                await tell(sid, str(problem))
                return
            if inbound.too_long:
                await tell(sid, TOO_LONG)
                return
            message = UserMessage(
                inbound.text, output, inbound.sender, input_channel=self.name(), metadata=inbound.metadata
            )
            try:
                await on_new_message(message)
            except Exception:
                logger.exception("could not handle a socket.io message")
                await tell(sid, NOT_ANSWERED)

        return webhook
