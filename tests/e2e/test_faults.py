"""Faults as an operator meets them: the action server down, a Rasa server restarted, a database
unreachable at start-up, the knowledge base rebuilt while the assistant serves.

The servers are the children of `make run` (service.run.children) on free ports, with their own
data folder, so a test can stop and start each of them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import requests
import yaml

from inquiries.database import upgrade
from inquiries.models import Inquiry
from inquiries.store import InquiryStore
from knowledge.build import build
from knowledge.database import make_engine
from service.run import Child, children, stop_all, wait_until_ready
from service.settings import PROJECT_ROOT, Settings, free_port
from service.train import MODEL_FILE
from tests.conftest import NO_POSTGRES, POSTGRES_URL, _temporary_postgres_database
from tests.e2e.conftest import rest_conversation

CONTACT = "coordinators@clinic.example"
URGENT_START = "Please get medical help now"
TODAY_START = "Please contact the clinic that treated you, or see a doctor, today"
CRISIS_START = "I'm really sorry you're feeling this way"
APOLOGY_START = "Sorry, I can't answer that just now"
UNREACHABLE = "postgresql://nobody@127.0.0.1:1/unreachable"
QUESTIONS = yaml.safe_load((Path(__file__).parent / "patient_questions.yml").read_text(encoding="utf-8"))


@dataclass
class Rasa:
    """One Rasa server child and how to talk to it."""

    child: Child
    environment: dict
    url: str
    token: str

    def ask(self, sender: str, message: str) -> list[dict]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def texts(self, sender: str, message: str) -> list[str]:
        return [reply.get("text", "") for reply in self.ask(sender, message)]

    def events(self, sender: str) -> list[dict]:
        conversation = rest_conversation(sender)
        response = requests.get(
            f"{self.url}/conversations/{conversation}/tracker", params={"token": self.token}, timeout=30
        )
        assert response.status_code == 200, response.text
        return response.json()["events"]


@dataclass
class Stack:
    settings: Settings
    actions: Child
    actions_environment: dict
    servers: dict[str, Rasa]  # by tracker store: "sqlite", and "postgresql" when TEST_POSTGRES_URL is set


def restart(children_and_environments: list[tuple[Child, dict]]) -> None:
    """Stops the children, then starts them again on the same ports and waits until they answer."""
    stop_all([child for child, _ in children_and_environments])
    for child, environment in children_and_environments:
        child.start(environment)
    wait_until_ready([child for child, _ in children_and_environments])


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[Stack]:
    """One action server, a Rasa server on SQLite and, with TEST_POSTGRES_URL, one on PostgreSQL."""
    if not MODEL_FILE.exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    data_dir = tmp_path_factory.mktemp("faults")
    settings = Settings.isolated(data_dir, "faults-test-token")
    build(make_engine(settings.knowledge_db_url))
    upgrade(make_engine(settings.inquiry_db_url))
    with ExitStack() as cleanup:
        stores = {"sqlite": f"sqlite:///{data_dir / 'tracker.db'}"}
        if POSTGRES_URL:
            stores["postgresql"] = cleanup.enter_context(contextmanager(_temporary_postgres_database)())
        servers = {}
        for store, url in stores.items():
            server_settings = replace(settings, rasa_port=free_port(), tracker_store_url=url, log_dir=data_dir / store)
            rasa = next(child for child in children(server_settings) if child.name == "rasa")
            environment = dict(server_settings.child_environment(), COORDINATOR_CONTACT=CONTACT)
            servers[store] = Rasa(
                rasa, environment, f"http://127.0.0.1:{server_settings.rasa_port}", settings.auth_token
            )
        actions = next(child for child in children(settings) if child.name == "actions")
        stack = Stack(settings, actions, settings.child_environment(), servers)
        everything = [(actions, stack.actions_environment)] + [(s.child, s.environment) for s in servers.values()]
        cleanup.callback(stop_all, [child for child, _ in everything])
        restart(everything)
        yield stack


def test_with_the_action_server_down_patients_get_safety_advice_first_then_an_apology_and_it_resumes(stack: Stack):
    rasa = stack.servers["sqlite"]
    assert any("₩" in text for text in rasa.texts("down-price", "how much is it in korea?"))

    stop_all([stack.actions])
    try:
        down = rasa.texts("down-price", "how much is it in korea?")
        assert len(down) == 1 and down[0].startswith(APOLOGY_START) and CONTACT in down[0]

        urgent = rasa.texts("down-urgent", "since yesterday i have a fever and pus coming out of my cheek")
        assert urgent[0].startswith((URGENT_START, TODAY_START)) and "fever" in urgent[0] and "119" in urgent[0]
        assert urgent[-1].startswith(APOLOGY_START) and len(urgent) == 2

        crisis = rasa.texts("down-crisis", "i dont want to live with this face anymore")
        assert crisis[0].startswith(CRISIS_START) and "109" in crisis[0]
        assert crisis[-1].startswith(APOLOGY_START)
    finally:
        restart([(stack.actions, stack.actions_environment)])

    inquiries = InquiryStore(make_engine(stack.settings.inquiry_db_url))
    with inquiries.session() as session:
        urgent_ids = {inquiry.conversation_id for inquiry in session.query(Inquiry).filter(Inquiry.urgent)}
    assert {rest_conversation("down-urgent"), rest_conversation("down-crisis")} <= urgent_ids, (
        "marked urgent for the coordinators, as the actions would"
    )

    back = rasa.texts("down-price", "how much is it in korea?")
    assert any("₩" in text for text in back) and not any(text.startswith(APOLOGY_START) for text in back)
    later = rasa.texts("down-urgent", "what does the treatment cost in turkey?")  # the conversation goes on,
    assert later[0].startswith("First, please") and len(later) == 2  # the advice restated first
    slots = requests.get(
        f"{rasa.url}/conversations/{rest_conversation('down-crisis')}/tracker", params={"token": rasa.token}, timeout=30
    ).json()["slots"]
    assert slots["urgent"] is True and slots["distress"] is True


def test_restarted_rasa_servers_keep_every_conversation_on_sqlite_and_postgresql(stack: Stack):
    if "postgresql" not in stack.servers:
        print(f"PostgreSQL tracker store not tested: {NO_POSTGRES}")
    before = {}
    for store, rasa in stack.servers.items():
        sender = f"restart-{store}"
        assert any("Sinsa" in text for text in rasa.texts(sender, "Tell me about SH Clinic"))
        rasa.texts(sender, "how much is it in korea?")
        before[store] = rasa.events(sender)

    restart([(rasa.child, rasa.environment) for rasa in stack.servers.values()])

    for store, rasa in stack.servers.items():
        sender = f"restart-{store}"
        assert rasa.events(sender) == before[store], f"{store}: the conversation changed across the restart"
        reply = "\n".join(rasa.texts(sender, "where is it?"))
        assert "SH Clinic" in reply and "Sinsa" in reply, f"{store}: the context was lost: {reply[:200]}"


@pytest.mark.parametrize("variable", ["TRACKER_STORE_URL", "KNOWLEDGE_DB_URL", "INQUIRY_DB_URL"])
def test_an_unreachable_database_at_start_up_stops_make_run_with_one_clear_line(variable: str, tmp_path: Path):
    environment = dict(
        os.environ,
        DATA_DIR=str(tmp_path),
        RASA_PORT=str(free_port()),
        ACTION_PORT=str(free_port()),
        WEB_PORT=str(free_port()),
        DASHBOARD_PORT=str(free_port()),
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        PYTHONWARNINGS="ignore",
        **{variable: UNREACHABLE},
    )
    result = subprocess.run(
        [sys.executable, "-m", "service.run"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    errors = [line for line in output.splitlines() if "unreachable" in line]
    assert result.returncode != 0
    assert "Traceback" not in output, output
    assert len(errors) == 1 and variable in errors[0] and "Connection refused" in errors[0], output
    assert output.strip().splitlines()[-1] == errors[0], "the error is the last thing said"


def test_rebuilding_the_knowledge_base_while_serving_never_breaks_an_answer(stack: Stack):
    rasa = stack.servers["sqlite"]
    environment = dict(stack.actions_environment, PYTHONWARNINGS="ignore", SQLALCHEMY_SILENCE_UBER_WARNING="1")
    rebuilds: list[int] = []
    done = threading.Event()

    def rebuild_repeatedly() -> None:
        while not done.is_set():
            result = subprocess.run(
                [sys.executable, "-m", "knowledge", "build"], cwd=PROJECT_ROOT, env=environment, capture_output=True
            )
            rebuilds.append(result.returncode)

    def answer(index: int) -> str | None:
        case = QUESTIONS[index % len(QUESTIONS)]
        reply = "\n".join(rasa.texts(f"rebuild-{index}", case["question"]))
        missing = [expected for expected in case["expect"] if expected.lower() not in reply.lower()]
        return None if not missing else f"{case['question']!r}: missing {missing}; replied {reply[:160]!r}"

    baseline = {index for index in range(len(QUESTIONS)) if answer(index) is None}
    rebuilder = threading.Thread(target=rebuild_repeatedly)
    rebuilder.start()
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            problems = [problem for problem in pool.map(answer, sorted(baseline) * 2) if problem]
    finally:
        done.set()
        rebuilder.join()
    print(f"{len(baseline) * 2} answers during {len(rebuilds)} rebuilds in {time.monotonic() - started:.0f} s")
    assert len(rebuilds) >= 3 and set(rebuilds) == {0}
    assert not problems, "\n".join(problems)
