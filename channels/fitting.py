"""Fits the assistant's replies to what each messaging platform can show. Plain Python.

Answers can be longer than a platform accepts in one message, and offer more buttons, or longer
button titles and payloads, than it can carry. A reply is cut at paragraph, line, sentence and
word boundaries into messages that fit; options that do not fit as buttons become a numbered list
in the text (with buttons labelled by the numbers where the platform has buttons at all). A reply
of "2", or of an option's title, then stands for that option's payload: `choose_option` resolves
it against the options of the assistant's last turn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    title: str
    payload: str


@dataclass(frozen=True)
class Limits:
    """What one platform accepts in one message."""

    text_chars: int
    buttons: int  # 0: the platform has no buttons (SMS, WhatsApp through Twilio)
    title_chars: int = 0
    payload_bytes: int = 0
    messages_per_reply: int = 0  # 0: no limit


@dataclass(frozen=True)
class Message:
    text: str
    options: tuple[Option, ...] = ()


# https://www.twilio.com/docs/sms/api/message-resource (Body: 1600 characters)
TWILIO = Limits(text_chars=1600, buttons=0)
# https://core.telegram.org/bots/api#sendmessage, #inlinekeyboardbutton (callback_data: 1-64 bytes)
TELEGRAM = Limits(text_chars=4096, buttons=100, title_chars=64, payload_bytes=64)
# https://developers.facebook.com/docs/messenger-platform/send-messages/quick-replies
FACEBOOK = Limits(text_chars=2000, buttons=13, title_chars=20, payload_bytes=1000)
# https://api.slack.com/reference/block-kit/blocks (section text 3000, actions block 25 elements)
SLACK = Limits(text_chars=3000, buttons=25, title_chars=75, payload_bytes=2000)
# https://developers.line.biz/en/reference/messaging-api/#send-reply-message, #quick-reply
LINE = Limits(text_chars=5000, buttons=13, title_chars=20, payload_bytes=300, messages_per_reply=5)

_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+")
_NUMBER = re.compile(r"[0-9]{1,3}")


def options_from(buttons: Iterable[dict] | None) -> tuple[Option, ...]:
    """Rasa's button (or quick-reply) dicts as options; entries without a payload are left out."""
    return tuple(
        Option(str(button.get("title") or button["payload"]), str(button["payload"]))
        for button in buttons or ()
        if button.get("payload")
    )


def split_text(text: str, limit: int) -> list[str]:
    """Cuts `text` into pieces of at most `limit` characters, packing whole paragraphs together
    and cutting inside one only where it is too long: at a line break, then a sentence end, then a
    space, and only as a last resort inside a word."""
    text = text.strip()
    if not text:
        return []
    return _pack(text, limit, ("\n\n", "\n", _SENTENCE_END, " "))


def _pack(text: str, limit: int, separators: Sequence[str | re.Pattern]) -> list[str]:
    if len(text) <= limit:
        return [text]
    if not separators:
        return [text[start : start + limit] for start in range(0, len(text), limit)]
    separator, finer = separators[0], separators[1:]
    joiner = " " if isinstance(separator, re.Pattern) else separator
    parts = separator.split(text) if isinstance(separator, re.Pattern) else text.split(separator)
    pieces: list[str] = []
    current = ""
    for part in (part.strip() for part in parts):
        if not part:
            continue
        candidate = f"{current}{joiner}{part}" if current else part
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        if len(part) <= limit:
            current = part
        else:
            *whole, current = _pack(part, limit, finer)
            pieces.extend(whole)
    if current:
        pieces.append(current)
    return pieces


def numbered(text: str, options: Sequence[Option]) -> str:
    lines = "\n".join(f"{number}. {option.title}" for number, option in enumerate(options, start=1))
    return "\n\n".join(part for part in (text, lines, "Reply with a number.") if part)


def fit(text: str, options: Sequence[Option], limits: Limits) -> list[Message]:
    """The messages to send for one reply; the options ride on the last one."""
    options = tuple(options)
    if options and len(options) > limits.buttons:
        text, options = numbered(text, options), ()
    elif any(len(option.title) > limits.title_chars for option in options):
        text = numbered(text, options)
        options = tuple(Option(str(number), option.payload) for number, option in enumerate(options, start=1))
    if limits.payload_bytes:
        # A payload too long for the platform travels as its number; choose_option maps it back.
        options = tuple(
            Option(option.title, str(number)) if len(option.payload.encode()) > limits.payload_bytes else option
            for number, option in enumerate(options, start=1)
        )
    pieces = split_text(text, limits.text_chars) or ([""] if options else [])
    return [Message(piece, options if index == len(pieces) - 1 else ()) for index, piece in enumerate(pieces)]


def batches(items: Sequence, size: int) -> list[list]:
    """`items` in groups of at most `size` (a platform's messages-per-request limit)."""
    size = size or len(items) or 1
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


def choose_option(reply: str, options: Sequence[Option]) -> str | None:
    """The payload a reply stands for: an option's number ("2", "2.") or its exact title (case and
    spacing aside). None when the reply is anything else, which then goes to the NLU as typed."""
    reply = " ".join(reply.split()).rstrip(".)").casefold()
    if not reply or not options:
        return None
    if _NUMBER.fullmatch(reply):
        number = int(reply)
        return options[number - 1].payload if 1 <= number <= len(options) else None
    for option in options:
        if " ".join(option.title.split()).casefold() == reply:
            return option.payload
    return None
