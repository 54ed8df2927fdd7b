"""Where inquiries live (`INQUIRY_DB_URL`, SQLite in the data folder by default) and how the schema
is brought up to date: Alembic migrations, run by `make run` before anything reads the tables."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from knowledge.database import data_dir, make_engine, shared_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def inquiry_db_url(folder: Path | None = None) -> str:
    return os.environ.get("INQUIRY_DB_URL") or f"sqlite:///{(folder or data_dir()) / 'inquiries.db'}"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)


def is_current(engine: Engine) -> bool:
    """True when the database is at the newest migration."""
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def migrated_engine(url: str | None = None) -> Engine:
    """A new engine on an up-to-date schema (commands and start-up)."""
    engine = make_engine(url or inquiry_db_url())
    upgrade(engine)
    return engine


def serving_engine() -> Engine:
    """The process-wide engine of a server; `make run` has migrated the schema already."""
    return shared_engine(inquiry_db_url())
