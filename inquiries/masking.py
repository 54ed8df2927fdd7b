"""Contact details never reach the logs in clear: emails and phone numbers are masked."""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}")
# 8 to 15 digits with spaces, dashes or brackets between them; not dates, decimals, times or addresses.
PHONE = re.compile(r"(?<![\w.:/-])(?!\d{4}-\d\d-\d\d\b)\+?\(?\d(?:[ ()-]{0,2}\d){7,14}(?![\w.:])")


def _mask_phone(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group())
    return f"***{digits[-2:]}"


def mask(text: str) -> str:
    """'anna.kim@example.com, +82 10-1234-5678' -> 'a***@***, ***78'."""
    return PHONE.sub(_mask_phone, EMAIL.sub(lambda m: f"{m.group(1)}***@***", text))


class MaskingFilter(logging.Filter):
    """Masks the formatted message of every record that passes through a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install(logger: logging.Logger | None = None) -> None:
    """Adds the filter to every handler of `logger` (the root logger by default)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(existing, MaskingFilter) for existing in handler.filters):
            handler.addFilter(MaskingFilter())
