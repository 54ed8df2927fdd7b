"""JSON as the channels read it from the outside world.

Python's parser raises on an integer of more than 4,300 digits (a ValueError, not a JSON error) and
accepts NaN and Infinity, which no JSON reader after us accepts (the tracker API would answer
invalid JSON). Here a number too long to be a count, NaN and the infinities become null: a request
is then refused or answered by the usual checks ("'message' must be text"), never a 500.
The socket.io server decodes its packets with this module too (channels/socketio.py).
"""

from __future__ import annotations

import json
from typing import Any

MAX_INT_DIGITS = 100


def _integer(text: str) -> int | None:
    return int(text) if len(text.lstrip("-")) <= MAX_INT_DIGITS else None


def _constant(_name: str) -> None:
    return None


def loads(text: str | bytes, **options: Any) -> Any:
    return json.loads(text, parse_int=_integer, parse_constant=_constant, **options)


def dumps(value: Any, **options: Any) -> str:
    return json.dumps(value, **options)
