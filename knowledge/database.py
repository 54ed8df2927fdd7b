"""Where the knowledge base lives: an SQLAlchemy URL from the environment, SQLite by default."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import QueuePool

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """`DATA_DIR`, or the project's ignored `var/` folder: where the embedded SQLite files live."""
    return Path(os.environ.get("DATA_DIR", PROJECT_ROOT / "var")).resolve()


def knowledge_db_url(folder: Path | None = None) -> str:
    """`KNOWLEDGE_DB_URL`, or a SQLite file in the data folder."""
    return os.environ.get("KNOWLEDGE_DB_URL") or f"sqlite:///{(folder or data_dir()) / 'knowledge.db'}"


def _enable_sqlite_wal(dbapi_connection, _record) -> None:
    # WAL lets the assistant keep reading the old facts while a rebuild writes the new ones.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get their folder created and WAL journaling."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # A real pool (SQLAlchemy 1.4 opens a new SQLite connection per session otherwise), shared by
        # the worker threads the actions query from: a connection is used by one thread at a time.
        engine = create_engine(
            url, future=True, poolclass=QueuePool, connect_args={"timeout": 15, "check_same_thread": False}
        )
        event.listen(engine, "connect", _enable_sqlite_wal)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


def first_line(error: BaseException) -> str:
    """The first line of a database error (the driver's own error when SQLAlchemy wraps one):
    one clear reason for the user instead of a stack trace; the error's class name when it says nothing."""
    reason = getattr(error, "orig", None) or error
    text = str(reason).strip()
    return text.splitlines()[0] if text else type(reason).__name__


@lru_cache(maxsize=8)
def shared_engine(url: str) -> Engine:
    """One engine (and connection pool) per URL for the whole process."""
    return make_engine(url)
