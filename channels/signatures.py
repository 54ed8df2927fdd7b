"""Checks that a webhook request really comes from the messaging platform. Plain Python.

Each platform signs its webhook calls differently; every check here compares in constant time and
answers False (never raises) for a missing or malformed signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping

from twilio.request_validator import RequestValidator

SLACK_MAX_AGE_S = 5 * 60


def _same(expected: str, given: str) -> bool:
    """Constant-time comparison that also copes with non-ASCII header values (False, not an error)."""
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", "surrogateescape"))


def facebook_signature_valid(app_secret: str, body: bytes, header: str) -> bool:
    """Meta signs the raw body with the app secret: `X-Hub-Signature-256: sha256=<hex>` (or the
    older `X-Hub-Signature: sha1=<hex>`). Only those two algorithms are accepted."""
    algorithm, _, signature = (header or "").partition("=")
    if algorithm not in ("sha256", "sha1") or not signature or not app_secret:
        return False
    expected = hmac.new(app_secret.encode(), body, algorithm).hexdigest()
    return _same(expected, signature.lower())


def slack_signature_valid(signing_secret: str, body: bytes, timestamp: str, signature: str, now: float) -> bool:
    """Slack signs `v0:<timestamp>:<raw body>` with the signing secret; requests older than five
    minutes are refused so a captured request cannot be replayed."""
    if not signing_secret or not timestamp or not signature:
        return False
    try:
        if abs(now - int(timestamp)) > SLACK_MAX_AGE_S:
            return False
    except ValueError:
        return False
    digest = hmac.new(signing_secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return _same(f"v0={digest.hexdigest()}", signature)


def line_signature_valid(channel_secret: str, body: bytes, signature: str) -> bool:
    """LINE signs the raw body with the channel secret: `X-Line-Signature: base64(HMAC-SHA256)`."""
    if not channel_secret or not signature:
        return False
    expected = base64.b64encode(hmac.new(channel_secret.encode(), body, hashlib.sha256).digest()).decode()
    return _same(expected, signature)


def twilio_signature_valid(auth_token: str, url: str, form: Mapping, signature: str) -> bool:
    """Twilio signs the URL it called plus the sorted form fields with the auth token (HMAC-SHA1)."""
    if not auth_token or not signature:
        return False
    return RequestValidator(auth_token).validate(url, form, signature)


def telegram_secret_token(bot_token: str) -> str:
    """Telegram does not sign updates; it echoes the `secret_token` given to setWebhook in the
    `X-Telegram-Bot-Api-Secret-Token` header. Derived from the bot token, so only the holder of the
    token knows it and there is no second secret to configure (1-256 characters of [A-Za-z0-9_-])."""
    return hmac.new(bot_token.encode(), b"telegram-webhook-secret", hashlib.sha256).hexdigest()


def telegram_secret_valid(bot_token: str, header: str) -> bool:
    return bool(header) and _same(telegram_secret_token(bot_token), header)
