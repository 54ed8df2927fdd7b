"""`make run`: builds what is missing, starts the action server, Rasa and the website, and stops
them all on Ctrl-C.

Each process runs in its own process group with its output in the log folder, so stopping the
supervisor never leaves a server behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from inquiries.conversation_keys import move_stored_conversations
from inquiries.database import upgrade
from knowledge.build import build
from knowledge.database import first_line, make_engine
from knowledge.files import KnowledgeFileError
from service.credentials import write_credentials
from service.endpoints import EndpointError, check_endpoints, write_endpoints
from service.settings import PROJECT_ROOT, Settings
from service.train import MODEL_FILE, train_if_changed

READY_TIMEOUT_S = 240


@dataclass
class Child:
    name: str
    command: list[str]
    ready_url: str
    log: Path
    process: subprocess.Popen | None = None

    def start(self, env: dict) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                self.command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.ready_url, timeout=2) as response:
                return response.status < 500
        except OSError:
            return False

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)

    def kill(self) -> None:
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)

    def log_tail(self, lines: int = 20) -> str:
        if not self.log.exists():
            return "(no output)"
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def children(settings: Settings) -> list[Child]:
    python = sys.executable
    logs = settings.log_dir
    rasa = [
        python,
        "-m",
        "rasa",
        "run",
        "--model",
        str(MODEL_FILE),
        "--enable-api",
        "--auth-token",
        settings.auth_token,
        "--port",
        str(settings.rasa_port),
        "--interface",
        settings.rasa_interface,
        "--endpoints",
        str(write_endpoints(settings)),
        "--credentials",
        str(write_credentials(settings.data_dir)),
        "--cors",
        *settings.cors_origins,
    ]
    return [
        Child(
            "actions",
            [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.action_port)],
            f"http://127.0.0.1:{settings.action_port}/health",
            logs / "actions.log",
        ),
        Child("rasa", rasa, f"http://127.0.0.1:{settings.rasa_port}/", logs / "rasa.log"),
        Child("web", [python, "-m", "service.web"], f"http://127.0.0.1:{settings.web_port}/", logs / "web.log"),
        Child(
            "dashboard",
            [python, "-m", "dashboard"],
            f"http://127.0.0.1:{settings.dashboard_port}/health",
            logs / "dashboard.log",
        ),
    ]


def step(message: str, action: Callable[[], object]) -> object:
    print(f"run: {message}...", flush=True)
    return action()


def private_files(settings: Settings) -> None:
    """Conversations, inquiries and logs are readable by their owner only: every file this run and
    its children create (umask 077), and the ones an earlier run left readable by others."""
    os.umask(0o077)
    for folder in (settings.data_dir, settings.log_dir):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
        for path in folder.iterdir():
            if path.is_file():
                path.chmod(0o600)


def prepare(settings: Settings) -> None:
    """Knowledge base and model; each failure names the step and the fix."""
    private_files(settings)
    os.environ.update(settings.child_environment())
    from service.tracker_store import TrackerStoreUnavailable, check_reachable

    try:
        check_reachable(settings.tracker_store_url)
    except TrackerStoreUnavailable as error:
        raise SystemExit(f"run: {error}. Start the database or set TRACKER_STORE_URL.") from None
    try:
        check_endpoints(settings)
    except EndpointError as error:
        raise SystemExit(f"run: {error}.") from None
    try:
        counts = step("building the knowledge base", lambda: build(make_engine(settings.knowledge_db_url)))
    except KnowledgeFileError as error:
        raise SystemExit(f"run: the knowledge base has an error: {error}. Fix the file and run again.") from None
    except SQLAlchemyError as error:
        reason = first_line(error)
        raise SystemExit(f"run: the knowledge base is unreachable: {reason}. Check KNOWLEDGE_DB_URL.") from None
    print(f"run: knowledge base ready ({sum(counts.values())} rows)")
    # In a child process: the encoder need not stay in the supervisor's memory.
    indexed = step(
        "indexing the fact book for retrieval",
        lambda: subprocess.run(
            [sys.executable, "-m", "knowledge", "index"], cwd=PROJECT_ROOT, capture_output=True, text=True
        ),
    )
    if indexed.returncode != 0:
        problem = (indexed.stderr.strip().splitlines() or ["indexing failed"])[0]
        raise SystemExit(f"run: {problem}")
    try:
        step("updating the inquiries database", lambda: upgrade(make_engine(settings.inquiry_db_url)))
    except SQLAlchemyError as error:
        reason = first_line(error)
        raise SystemExit(f"run: the inquiries database is unreachable: {reason}. Check INQUIRY_DB_URL.") from None
    try:
        moved, _inquiries = step("keying stored conversations by channel", lambda: move_conversations(settings))
    except SQLAlchemyError as error:
        raise SystemExit(f"run: could not move stored conversations to their channel: {first_line(error)}") from None
    if moved:
        print(f"run: {moved} conversations stored before channel identity now belong to their channel")
    train_if_changed()


def move_conversations(settings: Settings) -> tuple[int, int]:
    """Conversations stored before channel identity moved to their channel's keys (once)."""
    tracker_engine, inquiry_engine = make_engine(settings.tracker_store_url), make_engine(settings.inquiry_db_url)
    try:
        return move_stored_conversations(tracker_engine, inquiry_engine)
    finally:
        tracker_engine.dispose()
        inquiry_engine.dispose()


def wait_until_ready(started: list[Child]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    pending = list(started)
    while pending:
        for child in list(pending):
            if not child.alive():
                raise RuntimeError(f"{child.name} stopped during start-up. Its log ({child.log}):\n{child.log_tail()}")
            if child.ready():
                print(f"run: {child.name} is up", flush=True)
                pending.remove(child)
        if time.monotonic() > deadline:
            names = ", ".join(child.name for child in pending)
            raise RuntimeError(f"{names} did not answer within {READY_TIMEOUT_S} s; see {started[0].log.parent}")
        time.sleep(0.5)


@contextmanager
def running(settings: Settings, names: tuple[str, ...] = ("actions", "rasa", "dashboard")) -> Iterator[Settings]:
    """The named servers on `settings` (a throwaway assistant for tests, evaluations and benchmarks),
    with the knowledge base built and the inquiries migrated first; all stopped on the way out."""
    build(make_engine(settings.knowledge_db_url))
    upgrade(make_engine(settings.inquiry_db_url))
    move_conversations(settings)
    started: list[Child] = []
    try:
        for child in children(settings):
            if child.name in names:
                child.start(settings.child_environment())
                started.append(child)
        wait_until_ready(started)
        yield settings
    finally:
        stop_all(started)


def stop_all(started: list[Child]) -> None:
    for child in started:
        child.stop()
    deadline = time.monotonic() + 15
    for child in started:
        while child.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        child.kill()


def main() -> int:
    settings = Settings.from_environment()
    started_at = time.monotonic()
    prepare(settings)
    started: list[Child] = []

    def on_signal(signum, _frame):
        raise KeyboardInterrupt

    # Ctrl-C and a service manager's stop both end every process started here. SIGINT is set
    # explicitly: a shell starting `make run` in the background hands it over ignored.
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        for child in children(settings):
            child.start(settings.child_environment())
            started.append(child)
        wait_until_ready(started)
        token_note = " (generated for this run; set RASA_AUTH_TOKEN to choose one)" if settings.token_generated else ""
        rest_token = "$REST_WEBHOOK_TOKEN" if os.environ.get("REST_WEBHOOK_TOKEN") else "<API token>"
        print(
            f"""
run: the assistant is ready after {time.monotonic() - started_at:.0f} s
  website chat     http://localhost:{settings.web_port}/
  coordinators     http://localhost:{settings.dashboard_port}/ (create a login: python -m inquiries add-user NAME)
  REST channel     http://localhost:{settings.rasa_port}/webhooks/rest/webhook ('Authorization: Bearer {rest_token}')
  socket.io        http://localhost:{settings.rasa_port}/socket.io
  HTTP API token   {settings.auth_token}{token_note}
  logs             {settings.log_dir}
Press Ctrl-C to stop.""",
            flush=True,
        )
        while all(child.alive() for child in started):
            time.sleep(1)
        dead = next(child for child in started if not child.alive())
        print(f"run: {dead.name} stopped unexpectedly. Its log:\n{dead.log_tail()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nrun: stopping...", flush=True)
        return 0
    except RuntimeError as error:
        print(f"run: {error}", file=sys.stderr)
        return 1
    finally:
        stop_all(started)
        if started:
            print("run: all processes stopped.")


if __name__ == "__main__":
    sys.exit(main())
