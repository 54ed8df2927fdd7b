"""Which conversation a message belongs to: the channel it came in on, and the sender id that
channel gives (a socket.io session, a Telegram chat, a WhatsApp number, a REST caller's id).

Rasa keys a conversation by the sender id alone, so any channel that lets its caller choose the id
(the REST webhook does) could read, continue or erase another channel's conversation by sending,
say, a patient's WhatsApp number. Every channel therefore hands Rasa `<channel>:<sender>` as the
conversation id; the tracker store, the inquiries, the transcripts, the dashboard and the privacy
requests all work on that id, so none of them can mix two channels up. Replies still go to the
sender id the platform knows (channels/addressing.py). Plain Python: the action server reads the
channel of a conversation from here without loading Rasa's channels.
"""

from __future__ import annotations

SEPARATOR = ":"
# What conversations stored before channel identity, whose channel could not be told, are filed under.
UNKNOWN_CHANNEL = "unknown"


def conversation_id(channel: str, sender: str) -> str:
    """The conversation of `sender` on `channel` (its `name()`)."""
    return f"{channel}{SEPARATOR}{sender}"


def channel_of(conversation: str) -> str:
    """The channel a conversation id belongs to ("rest", "socketio", "twilio", ...)."""
    channel, separator, _sender = conversation.partition(SEPARATOR)
    return channel if separator and channel else UNKNOWN_CHANNEL


def sender_of(conversation: str) -> str:
    """The sender id the channel's platform knows, to send to it."""
    _channel, _, sender = conversation.partition(SEPARATOR)
    return sender
