"""Files each message a channel receives under that channel's conversation for its sender
(channels/identity.py), and sends the replies to the sender id the platform knows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from channels.identity import conversation_id

Handler = Callable[[UserMessage], Awaitable[Any]]


class ToSender(OutputChannel):
    """A channel's output that sends to the platform's own sender id, whatever conversation id Rasa
    passes (Rasa addresses replies to the conversation id)."""

    def __init__(self, output: OutputChannel, sender: str) -> None:
        self.output = output
        self.sender = sender

    def name(self) -> str:  # responses may vary by channel (domain `channel:` keys)
        return self.output.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        await self.output.send_response(self.sender, message)


def own_conversations(channel: str, on_new_message: Handler) -> Handler:
    """`on_new_message` for a channel's blueprint, filing each message under the channel's own
    conversation id for its sender."""

    async def handle(message: UserMessage) -> Any:
        return await on_new_message(
            UserMessage(
                message.text,
                ToSender(message.output_channel, message.sender_id),
                conversation_id(channel, message.sender_id),
                parse_data=message.parse_data,
                input_channel=message.input_channel or channel,
                message_id=message.message_id,
                metadata=message.metadata,
            )
        )

    return handle
