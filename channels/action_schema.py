"""Rasa 3.6 checks every answer of the action server with `jsonschema.validate`, which first checks
Rasa's own constant event schema against the JSON Schema metaschema, on every call. That repeated
check was about 20 ms of CPU per turn, nearly half of the Rasa server's work on a message
(docs/benchmarks.md, "Where a turn goes").

`install()` replaces `RemoteAction._validate_action_result` with the same check on a validator built
once: the same schema, the same error (the best match, with Rasa's hint appended), about 0.5 ms.
The Rasa server installs it when it loads the socket.io channel (`channels.socketio`), which
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


def install() -> None:
    """Idempotent: every Rasa server process calls it once when its channels load."""
    RemoteAction._validate_action_result = validate_action_result
