"""Starts the real assistant for end-to-end tests: the action server and a Rasa server on free
ports, with a fresh data folder (SQLite knowledge base and tracker store), the trained model from
`models/`, and the real HTTP channels."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from knowledge.build import build
from knowledge.database import make_engine

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MODEL = PROJECT_ROOT / "models" / "assistant.tar.gz"
START_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited during start-up:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not start within {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


@dataclass
class Assistant:
    url: str
    token: str
    data_dir: Path

    def ask(self, sender: str, message: str) -> list[dict]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=30
        )
        response.raise_for_status()
        return response.json()

    def reply_text(self, sender: str, message: str) -> str:
        return "\n".join(reply.get("text", "") for reply in self.ask(sender, message))


def start_assistant(data_dir: Path, env_overrides: dict[str, str] | None = None) -> Iterator[Assistant]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    rasa_port, action_port = free_port(), free_port()
    token = "e2e-test-token"
    env = dict(
        os.environ,
        RASA_TELEMETRY_ENABLED="false",
        DATA_DIR=str(data_dir),
        KNOWLEDGE_DB_URL=f"sqlite:///{data_dir / 'knowledge.db'}",
        TRACKER_STORE_URL=f"sqlite:///{data_dir / 'tracker.db'}",
        ACTION_ENDPOINT_URL=f"http://127.0.0.1:{action_port}/webhook",
        SANIC_HOST="127.0.0.1",
    )
    env.update(env_overrides or {})
    build(make_engine(env["KNOWLEDGE_DB_URL"]))
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    commands = {
        "actions": (
            [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(action_port)],
            f"http://127.0.0.1:{action_port}/health",
        ),
        "rasa": (
            [
                sys.executable,
                "-m",
                "rasa",
                "run",
                "--model",
                str(MODEL),
                "--enable-api",
                "--auth-token",
                token,
                "--port",
                str(rasa_port),
                "--interface",
                "127.0.0.1",
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                "credentials.yml",
            ],
            f"http://127.0.0.1:{rasa_port}/",
        ),
    }
    processes = []
    try:
        for name, (command, ready_url) in commands.items():
            log = logs / f"{name}.log"
            process = subprocess.Popen(
                command,
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log.open("wb"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            processes.append(process)
            wait_for(ready_url, process, log)
        yield Assistant(f"http://127.0.0.1:{rasa_port}", token, data_dir)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="session")
def assistant(tmp_path_factory) -> Iterator[Assistant]:
    yield from start_assistant(tmp_path_factory.mktemp("assistant"))


def pytest_collection_modifyitems(items) -> None:
    """Everything under tests/e2e is an end-to-end test (`make e2e`, or `pytest -m e2e`)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
