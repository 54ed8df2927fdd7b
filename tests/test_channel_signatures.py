"""Webhook signature checks of each messaging platform, and redelivered calls handled once."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from twilio.request_validator import RequestValidator

from channels.redelivery import Deliveries
from channels.signatures import (
    facebook_signature_valid,
    line_signature_valid,
    slack_signature_valid,
    telegram_secret_token,
    telegram_secret_valid,
    twilio_signature_valid,
)

BODY = b'{"object": "page", "entry": []}'


def hex_hmac(secret: str, body: bytes, algorithm: str) -> str:
    return hmac.new(secret.encode(), body, algorithm).hexdigest()


def test_facebook_accepts_sha256_and_sha1_signatures_by_the_app_secret():
    assert facebook_signature_valid("app-secret", BODY, "sha256=" + hex_hmac("app-secret", BODY, "sha256"))
    assert facebook_signature_valid("app-secret", BODY, "sha1=" + hex_hmac("app-secret", BODY, "sha1"))


def test_facebook_refuses_other_secrets_bodies_algorithms_and_malformed_headers():
    good = "sha256=" + hex_hmac("app-secret", BODY, "sha256")
    assert not facebook_signature_valid("other-secret", BODY, good)
    assert not facebook_signature_valid("app-secret", BODY + b" ", good)
    assert not facebook_signature_valid("app-secret", BODY, "md5=" + hex_hmac("app-secret", BODY, "md5"))
    assert not facebook_signature_valid("app-secret", BODY, "new=abc")
    assert not facebook_signature_valid("app-secret", BODY, "")
    assert not facebook_signature_valid("", BODY, "sha256=" + hex_hmac("", BODY, "sha256"))


def slack_signature(secret: str, timestamp: str, body: bytes) -> str:
    return "v0=" + hex_hmac(secret, b"v0:" + timestamp.encode() + b":" + body, "sha256")


def test_slack_accepts_a_fresh_request_signed_with_the_signing_secret():
    assert slack_signature_valid(
        "signing", BODY, "1700000000", slack_signature("signing", "1700000000", BODY), 1700000100
    )


def test_slack_refuses_old_wrongly_signed_or_malformed_requests():
    signature = slack_signature("signing", "1700000000", BODY)
    assert not slack_signature_valid("signing", BODY, "1700000000", signature, 1700000000 + 301)
    assert not slack_signature_valid("other", BODY, "1700000000", signature, 1700000000)
    assert not slack_signature_valid("signing", BODY, "1700000001", signature, 1700000000)
    assert not slack_signature_valid("signing", BODY, "soon", signature, 1700000000)
    assert not slack_signature_valid("signing", BODY, "", signature, 1700000000)


def test_line_accepts_the_base64_hmac_of_the_body_by_the_channel_secret():
    signature = base64.b64encode(hmac.new(b"channel-secret", BODY, hashlib.sha256).digest()).decode()
    assert line_signature_valid("channel-secret", BODY, signature)
    assert not line_signature_valid("other-secret", BODY, signature)
    assert not line_signature_valid("channel-secret", BODY + b"\n", signature)
    assert not line_signature_valid("channel-secret", BODY, "")


def test_twilio_accepts_the_signature_of_the_public_url_and_form_fields():
    url = "https://clinic.example/webhooks/twilio/webhook"
    form = {"From": "whatsapp:+821012345678", "Body": "hello"}
    signature = RequestValidator("auth-token").compute_signature(url, form)
    assert twilio_signature_valid("auth-token", url, form, signature)
    assert not twilio_signature_valid("auth-token", "http://127.0.0.1:5005/webhooks/twilio/webhook", form, signature)
    assert not twilio_signature_valid("auth-token", url, {**form, "Body": "bye"}, signature)
    assert not twilio_signature_valid("other-token", url, form, signature)
    assert not twilio_signature_valid("auth-token", url, form, "")


def test_telegrams_secret_token_is_derived_from_the_bot_token_in_the_allowed_characters():
    secret = telegram_secret_token("123456:ABC")
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret)
    assert secret == telegram_secret_token("123456:ABC") != telegram_secret_token("123456:ABD")
    assert telegram_secret_valid("123456:ABC", secret)
    assert not telegram_secret_valid("123456:ABC", secret[:-1])
    assert not telegram_secret_valid("123456:ABC", "")


def test_a_redelivered_call_is_recognised_until_it_is_forgotten():
    now = [0.0]
    deliveries = Deliveries(keep_s=60, clock=lambda: now[0])
    assert deliveries.first_time("Ev1")
    assert not deliveries.first_time("Ev1")
    assert deliveries.first_time("Ev2")
    now[0] = 61
    assert deliveries.first_time("Ev1")


def test_the_memory_of_deliveries_is_bounded():
    deliveries = Deliveries(most=3)
    for event in ("a", "b", "c", "d"):
        assert deliveries.first_time(event)
    assert deliveries.first_time("a"), "the oldest id was forgotten to make room"
    assert not deliveries.first_time("d")


def test_a_header_with_non_ascii_characters_is_refused_not_an_error():
    assert not facebook_signature_valid("app-secret", BODY, "sha256=é")
    assert not slack_signature_valid("signing", BODY, "1700000000", "v0=é", 1700000000)
    assert not line_signature_valid("channel-secret", BODY, "é")
    assert not telegram_secret_valid("123456:ABC", "é")
