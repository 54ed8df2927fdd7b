"""Starts the real assistant for end-to-end tests: the action server, a Rasa server and the
coordinators' dashboard on free ports, launched by the same code as `make run`, with a fresh data
folder (SQLite knowledge base, inquiries and tracker store), the trained model from `models/`, and
the real HTTP channels."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from channels.identity import conversation_id
from service.run import running
from service.settings import Settings
from service.train import MODEL_FILE


@dataclass
class Assistant:
    url: str
    token: str
    data_dir: Path
    dashboard_url: str

    @property
    def inquiry_db_url(self) -> str:
        return f"sqlite:///{self.data_dir / 'inquiries.db'}"

    @property
    def tracker_store_url(self) -> str:
        return f"sqlite:///{self.data_dir / 'tracker.db'}"

    @property
    def rest_auth(self) -> dict[str, str]:
        """The REST webhook's credential (it accepts the HTTP API token)."""
        return {"Authorization": f"Bearer {self.token}"}

    def ask(self, sender: str, message: str) -> list[dict]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            headers=self.rest_auth,
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def reply_text(self, sender: str, message: str) -> str:
        return "\n".join(reply.get("text", "") for reply in self.ask(sender, message))


def rest_conversation(sender: str) -> str:
    """The conversation id Rasa stores a REST sender's messages under."""
    return conversation_id("rest", sender)


def start_assistant(data_dir: Path) -> Iterator[Assistant]:
    """The action server, Rasa and the dashboard, launched exactly as `make run` launches them, on free ports."""
    if not MODEL_FILE.exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    with running(Settings.isolated(data_dir, "e2e-test-token")) as settings:
        yield Assistant(
            f"http://127.0.0.1:{settings.rasa_port}",
            settings.auth_token,
            data_dir,
            f"http://127.0.0.1:{settings.dashboard_port}",
        )


@pytest.fixture(scope="session")
def assistant(tmp_path_factory) -> Iterator[Assistant]:
    yield from start_assistant(tmp_path_factory.mktemp("assistant"))


def pytest_collection_modifyitems(items) -> None:
    """Everything under tests/e2e is an end-to-end test (`make e2e`, or `pytest -m e2e`)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
