"""Two Rasa servers and one action server on a shared PostgreSQL database and a Redis lock store,
as in production (README, "Deployment"), started by `make run`'s own code: one conversation whose
messages go to both servers alternately, several at once, is kept whole and in order.

The same traffic loses turns while every request gets HTTP 200 without a shared lock store
(measured: 3, then 5 of the 20 messages; `make run` refuses that configuration), and with Rasa's
own Redis lock store too (1 to 3 of 20 in 6 of 7 runs; service/lock_store.py says why).
Runs only when TEST_POSTGRES_URL and TEST_REDIS_URL are set (CI sets both)."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import redis
import requests
import yaml
from sqlalchemy import text

from answers.honesty import NOT_MEDICAL_ADVICE
from inquiries.database import upgrade
from knowledge.build import build
from knowledge.database import make_engine
from service.run import children, stop_all, wait_until_ready
from service.settings import Settings, free_port
from service.train import MODEL_FILE
from tests.e2e.conftest import rest_conversation

REDIS_URL = os.environ.get("TEST_REDIS_URL")
NO_REDIS = "TEST_REDIS_URL is not set (CI sets it; e.g. redis://127.0.0.1:6379/0)"
TOKEN = "scale-out-token"
QUESTIONS = [
    case["question"]
    for case in yaml.safe_load((Path(__file__).parent / "patient_questions.yml").read_text(encoding="utf-8"))[:20]
]
AT_ONCE = 5  # messages in flight together, split between the two servers


@dataclass
class Stack:
    rasa_urls: list[str]
    database_url: str
    start_s: float


@pytest.fixture
def stack(postgres_url: str, tmp_path: Path) -> Iterator[Stack]:
    """Action server and two Rasa servers sharing one PostgreSQL database and one Redis lock store."""
    if not REDIS_URL:
        pytest.skip(NO_REDIS)
    if not MODEL_FILE.exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    prefix = f"scaleout{uuid.uuid4().hex[:12]}"  # this run's Redis keys: parallel runs do not collide
    settings = replace(
        Settings.from_environment(),
        rasa_port=free_port(),
        action_port=free_port(),
        dashboard_port=free_port(),
        rasa_interface="127.0.0.1",
        auth_token=TOKEN,
        data_dir=tmp_path,
        log_dir=tmp_path / "logs-1",
        knowledge_db_url=postgres_url,
        inquiry_db_url=postgres_url,
        tracker_store_url=postgres_url,
        cors_origins=(),
        lock_store_url=REDIS_URL,
        lock_store_key_prefix=prefix,
        event_broker_url="",
        rasa_replicas=2,
        sanic_workers=1,
    )
    second = replace(settings, rasa_port=free_port(), log_dir=tmp_path / "logs-2")
    build(make_engine(postgres_url))
    upgrade(make_engine(postgres_url))
    first_children = {child.name: child for child in children(settings)}
    replica = next(child for child in children(second) if child.name == "rasa")
    started = []
    began = time.monotonic()
    try:
        for child in (first_children["actions"], first_children["rasa"], replica):
            child.start(settings.child_environment())
            started.append(child)
        wait_until_ready(started)
        yield Stack(
            [f"http://127.0.0.1:{port}" for port in (settings.rasa_port, second.rasa_port)],
            postgres_url,
            time.monotonic() - began,
        )
    finally:
        stop_all(started)
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"*{prefix}:*"))  # locks, and mutexes of a server stopped mid-change
        if keys:
            client.delete(*keys)
        client.close()


def ask(url: str, sender: str, message: str) -> list[str]:
    response = requests.post(
        f"{url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=90,
    )
    response.raise_for_status()
    return [reply.get("text", "") for reply in response.json()]


def turns(events: list[dict]) -> dict[str, list[dict]]:
    """Each user message with the events that followed it up to the next one."""
    by_message: dict[str, list[dict]] = {}
    current: list[dict] | None = None
    for event in events:
        if event["event"] == "user":
            current = by_message.setdefault(event["text"], [])
        elif current is not None:
            current.append(event)
    return by_message


def test_one_conversation_across_two_servers_keeps_every_turn_once_and_in_order(stack: Stack):
    sender = f"patient-{uuid.uuid4().hex[:10]}"
    replies: dict[str, list[str]] = {}
    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        for wave in range(0, len(QUESTIONS), AT_ONCE):
            batch = QUESTIONS[wave : wave + AT_ONCE]
            urls = [stack.rasa_urls[(wave + index) % 2] for index in range(len(batch))]
            for question, answer in zip(batch, pool.map(ask, urls, [sender] * len(batch), batch)):
                replies[question] = answer
    conversation_s = time.monotonic() - began

    trackers = [
        requests.get(
            f"{url}/conversations/{rest_conversation(sender)}/tracker",
            params={"token": TOKEN, "include_events": "ALL"},
            timeout=10,
        ).json()
        for url in stack.rasa_urls
    ]
    assert trackers[0]["events"] == trackers[1]["events"], "the two servers see different conversations"
    events = trackers[0]["events"]

    # Every message exactly once, in one session.
    user_texts = [event["text"] for event in events if event["event"] == "user"]
    assert sorted(user_texts) == sorted(QUESTIONS)
    assert [event["event"] for event in events].count("session_started") == 1

    # Each message is followed by its own replies (those its sender got), then the bot listens.
    for question, following in turns(events).items():
        assert [event["text"] for event in following if event["event"] == "bot"] == replies[question], question
        actions = [event["name"] for event in following if event["event"] == "action"]
        assert actions[-1] == "action_listen", question

    # The database holds each event once, in the order of the tracker.
    with make_engine(stack.database_url).connect() as connection:
        rows = connection.execute(
            text("SELECT type_name, timestamp FROM events WHERE sender_id = :conversation ORDER BY id"),
            {"conversation": rest_conversation(sender)},
        ).all()
    assert [(row.type_name, row.timestamp) for row in rows] == [
        (event["event"], event["timestamp"]) for event in events
    ]

    # Slots carry across servers: the not-medical-advice note comes with the first medical answer only.
    noted = [question for question, texts in replies.items() if any(NOT_MEDICAL_ADVICE in text for text in texts)]
    note_set = [event for event in events if event["event"] == "slot" and event["name"] == "medical_note_shown"]
    assert len(noted) == 1 and len(note_set) == 1, noted
    assert trackers[0]["slots"]["medical_note_shown"] is True

    print(
        f"scale-out: 2 servers ready in {stack.start_s:.0f} s; {len(QUESTIONS)} messages, {AT_ONCE} at a time, "
        f"in {conversation_s:.1f} s; {len(events)} events, each once and in order"
    )
