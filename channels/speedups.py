"""Constant work Rasa 3.6 repeats on every turn, done once.

- **The check of an action server's answer.** `RemoteAction._validate_action_result` calls
  `jsonschema.validate`, which first checks Rasa's own constant event schema against the JSON
  Schema metaschema, on every call: about 20 ms of CPU per turn, nearly half of the Rasa server's
  work on a message (docs/benchmarks.md, "Where a turn goes"). Here the validator is built once:
  the same schema and the same error (the best match, with Rasa's hint appended), about 0.5 ms.
- **The class of a stored event.** `Event.resolve_by_type` walks every subclass of `Event`, with an
  `inspect.isabstract` test for each, for every event read back from the tracker store and every
  event in an action's answer: about a hundred walks a turn. Here a name found once is remembered;
  a name not found yet takes Rasa's own path, so an event class imported later is still found.

The Rasa server installs both when it loads the socket.io channel (`channels.socketio`), which
`credentials.yml` always enables.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import validators
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event

# Rasa's wording, so that a malformed answer is reported exactly as before.
HINT = (
    ". Failed to validate Action server response from API, make sure your response from the Action "
    f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
)


@lru_cache(maxsize=1)
def answer_validator() -> Validator:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """What `jsonschema.validate(result, schema)` does, without checking the schema itself again."""
    error = best_match(answer_validator().iter_errors(result))
    if error is None:
        return True
    error.message += HINT
    raise error


_rasa_resolve_by_type = Event.resolve_by_type
_event_classes: dict[str, type[Event]] = {}


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """`Event.resolve_by_type`, remembering each event class it has found by its name."""
    event_class = _event_classes.get(type_name)
    if event_class is None:
        event_class = _rasa_resolve_by_type(type_name, default)
        if getattr(event_class, "type_name", None) == type_name:
            _event_classes[type_name] = event_class
    return event_class


def install() -> None:
    """Idempotent: every Rasa server process calls it once when its channels load."""
    RemoteAction._validate_action_result = validate_action_result
    Event.resolve_by_type = staticmethod(resolve_by_type)
