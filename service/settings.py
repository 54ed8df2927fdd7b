"""Every setting of the running assistant, read from the environment with documented defaults.

The README's configuration table lists the same names; keep them in step.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from inquiries.database import inquiry_db_url
from knowledge.database import PROJECT_ROOT as PROJECT_ROOT  # re-exported: one project root for all
from knowledge.database import data_dir as default_data_dir
from knowledge.database import knowledge_db_url

DEFAULT_EVENT_QUEUE = "rasa_production_events"  # Rasa's own default queue name
PORTS = (1, 65535)  # the bounds of a port setting: int_setting("RASA_PORT", 5005, *PORTS)


def int_setting(name: str, default: int, low: int, high: int, environ: Mapping[str, str] = os.environ) -> int:
    """A whole number from `low` to `high` from the environment (`default` when unset), or one clear line
    (SystemExit) saying what is wrong with it."""
    raw = environ.get(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise SystemExit(f"{name} must be between {low} and {high}, got {value}")
    return value


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def count_setting(name: str, default: int) -> int:
    """A count of at least 1 from the environment, or one clear line saying what is wrong with it."""
    raw = os.environ.get(name, "").strip() or str(default)
    try:
        count = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from None
    if count < 1:
        raise SystemExit(f"{name} must be 1 or more, got {count}")
    return count


def tracker_store_url(folder: Path | None = None) -> str:
    """`TRACKER_STORE_URL`, or a SQLite file in the data folder (Rasa, the dashboard and the CLI agree)."""
    return os.environ.get("TRACKER_STORE_URL") or f"sqlite:///{(folder or default_data_dir()) / 'tracker.db'}"


@dataclass(frozen=True)
class Settings:
    rasa_port: int
    action_port: int
    web_port: int
    dashboard_port: int
    rasa_interface: str
    action_host: str
    auth_token: str
    token_generated: bool
    data_dir: Path
    log_dir: Path
    knowledge_db_url: str
    inquiry_db_url: str
    tracker_store_url: str
    cors_origins: tuple
    # Production (README, "Deployment"): shared locks and the event stream; unset runs one embedded server.
    lock_store_url: str = ""
    lock_store_key_prefix: str = ""
    event_broker_url: str = ""
    event_broker_queue: str = DEFAULT_EVENT_QUEUE
    rasa_replicas: int = 1
    sanic_workers: int = 1

    @property
    def action_endpoint_url(self) -> str:
        return os.environ.get("ACTION_ENDPOINT_URL") or f"http://127.0.0.1:{self.action_port}/webhook"

    @classmethod
    def from_environment(cls) -> Settings:
        data_dir = default_data_dir()
        web_port = int_setting("WEB_PORT", 8000, *PORTS)
        token = os.environ.get("RASA_AUTH_TOKEN", "")
        cors = os.environ.get("RASA_CORS_ORIGINS") or f"http://localhost:{web_port} http://127.0.0.1:{web_port}"
        return cls(
            rasa_port=int_setting("RASA_PORT", 5005, *PORTS),
            action_port=int_setting("ACTION_PORT", 5055, *PORTS),
            web_port=web_port,
            dashboard_port=int_setting("DASHBOARD_PORT", 8001, *PORTS),
            rasa_interface=os.environ.get("RASA_INTERFACE", "0.0.0.0"),
            action_host=os.environ.get("ACTION_HOST", "127.0.0.1"),
            auth_token=token or secrets.token_urlsafe(24),
            token_generated=not token,
            data_dir=data_dir,
            log_dir=Path(os.environ.get("LOG_DIR", data_dir / "logs")).resolve(),
            knowledge_db_url=knowledge_db_url(data_dir),
            inquiry_db_url=inquiry_db_url(data_dir),
            tracker_store_url=tracker_store_url(data_dir),
            cors_origins=tuple(cors.split()),
            lock_store_url=os.environ.get("LOCK_STORE_URL", "").strip(),
            lock_store_key_prefix=os.environ.get("LOCK_STORE_KEY_PREFIX", "").strip(),
            event_broker_url=os.environ.get("EVENT_BROKER_URL", "").strip(),
            event_broker_queue=os.environ.get("EVENT_BROKER_QUEUE", "").strip() or DEFAULT_EVENT_QUEUE,
            rasa_replicas=count_setting("RASA_REPLICAS", 1),
            sanic_workers=count_setting("SANIC_WORKERS", 1),
        )

    @classmethod
    def isolated(cls, data_dir: Path, auth_token: str) -> Settings:
        """An assistant of its own for tests and `make bench`: free loopback ports, and SQLite files
        and logs in `data_dir` (the environment's other settings still apply)."""
        return replace(
            cls.from_environment(),
            rasa_port=free_port(),
            action_port=free_port(),
            dashboard_port=free_port(),
            rasa_interface="127.0.0.1",
            auth_token=auth_token,
            data_dir=data_dir,
            log_dir=data_dir / "logs",
            knowledge_db_url=f"sqlite:///{data_dir / 'knowledge.db'}",
            inquiry_db_url=f"sqlite:///{data_dir / 'inquiries.db'}",
            tracker_store_url=f"sqlite:///{data_dir / 'tracker.db'}",
            cors_origins=(),
        )

    def child_environment(self) -> dict:
        """The environment every process started by `make run` gets: the resolved settings."""
        env = dict(os.environ)
        env.update(
            {
                "RASA_TELEMETRY_ENABLED": "false",
                "DATA_DIR": str(self.data_dir),
                "KNOWLEDGE_DB_URL": self.knowledge_db_url,
                "INQUIRY_DB_URL": self.inquiry_db_url,
                "TRACKER_STORE_URL": self.tracker_store_url,
                "ACTION_ENDPOINT_URL": self.action_endpoint_url,
                "RASA_PORT": str(self.rasa_port),
                "DASHBOARD_PORT": str(self.dashboard_port),
                "RASA_AUTH_TOKEN": self.auth_token,  # the REST webhook accepts it (channels/rest.py)
                "SANIC_HOST": self.action_host,
                "SANIC_WORKERS": str(self.sanic_workers),
            }
        )
        return env
