"""The bad-input generator (scripts/fuzz_inputs.py): the same cases for the same seed, every kind
in turn, and over-long messages marked so both channels are checked for the too-long reply."""

from __future__ import annotations

import json
from collections import Counter

from channels.inbound import MAX_MESSAGE_CHARS
from scripts.fuzz_inputs import KINDS, SOCKETIO_MAX_BYTES, generate


def test_the_same_seed_gives_the_same_cases_and_another_seed_others():
    first = [(case.kind, case.rest_body) for case in generate(120)]
    assert first == [(case.kind, case.rest_body) for case in generate(120)]
    assert first != [(case.kind, case.rest_body) for case in generate(120, seed=1)]


def test_every_kind_takes_its_turn():
    counts = Counter(case.kind for case in generate(len(KINDS) * 10))
    assert counts == {kind: 10 for kind in KINDS}
    assert {"empty", "whitespace", "long_100kb", "control_chars", "invalid_utf8", "emoji", "rtl"} <= set(KINDS)
    assert {"sql_injection", "html_injection", "malformed_json", "oversized_json"} <= set(KINDS)


def test_over_long_messages_are_marked_and_fit_one_socketio_packet():
    cases = list(generate(len(KINDS) * 20))
    for case in cases:
        payload = case.socketio_payload
        if case.too_long:
            assert len(payload["message"]) > MAX_MESSAGE_CHARS
        if isinstance(payload, dict) and isinstance(payload.get("message"), str):
            assert len(json.dumps(payload)) < SOCKETIO_MAX_BYTES * 1.1
    assert any(len(case.rest_body) >= 100_000 for case in cases if case.kind == "long_100kb")


def test_neighbouring_cases_belong_to_different_conversations():
    senders = [json.loads(case.rest_body)["sender"] for case in list(generate(200))[:4]]  # empty ... control_chars
    assert len(set(senders)) == 4
