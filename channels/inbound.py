"""Checks an inbound message before it reaches the assistant. Plain Python, shared by channels.

Bad input gets a clear answer instead of an error deep inside Rasa: a body that is not a JSON
object, a missing sender, a message that is not text. Control characters are removed (PostgreSQL
cannot store a NUL), and so are lone surrogates (JSON escapes of half a UTF-16 pair: no character,
and spaCy cannot encode them); over-long messages are refused with a reply the patient can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from channels import safe_json

MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 128
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

USAGE = 'send a JSON object like {"sender": "conversation-id", "message": "your question"}'
TOO_LONG = (
    f"Your message is too long for me to read. Please keep it under {MAX_MESSAGE_CHARS} characters, "
    "or ask one question at a time."
)


class BadRequest(ValueError):
    """The request cannot be read; the text says what to send instead."""


@dataclass(frozen=True)
class Inbound:
    sender: str
    text: str
    metadata: dict[str, Any] | None
    too_long: bool = False


def clean_text(text: str) -> str:
    return _CONTROL.sub("", text).strip()


def parse_rest_body(raw: bytes) -> Inbound:
    try:
        body = safe_json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadRequest(f"The body is not valid UTF-8 JSON: {USAGE}.") from None
    except RecursionError:
        raise BadRequest(f"The body is nested too deeply: {USAGE}.") from None
    if not isinstance(body, dict):
        raise BadRequest(f"The body must be a JSON object: {USAGE}.")
    sender, message, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if not isinstance(sender, (str, int)) or isinstance(sender, bool) or not str(sender).strip():
        raise BadRequest(f"'sender' is required (a conversation id, up to {MAX_SENDER_CHARS} characters): {USAGE}.")
    sender = clean_text(str(sender))
    if not sender or len(sender) > MAX_SENDER_CHARS:
        raise BadRequest(f"'sender' must be 1 to {MAX_SENDER_CHARS} printable characters.")
    return checked_message(sender, message, metadata)


def checked_message(
    sender: str, message: Any, metadata: Any, metadata_key: str = "metadata", usage: str = USAGE
) -> Inbound:
    """The part of a message every channel checks alike: text, metadata, length, something left
    after cleaning; BadRequest says what to send instead (`usage`: what the channel expects)."""
    if not isinstance(message, str):
        raise BadRequest(f"'message' is required and must be text: {usage}.")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest(f"'{metadata_key}' must be a JSON object when given.")
    if len(message) > MAX_MESSAGE_CHARS:
        return Inbound(sender, "", metadata, too_long=True)
    text = clean_text(message)
    if not text:
        raise BadRequest("'message' is empty: type a question.")
    return Inbound(sender, text, metadata)
