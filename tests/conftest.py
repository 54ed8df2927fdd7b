"""Shared fixtures: real knowledge-base databases (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from knowledge.build import build
from knowledge.database import make_engine
from knowledge.query import KnowledgeBase

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
NO_POSTGRES = "TEST_POSTGRES_URL is not set (CI sets it; e.g. postgresql://postgres@127.0.0.1:5432/postgres)"


def _temporary_postgres_database() -> Iterator[str]:
    """A fresh database on the configured PostgreSQL server, dropped afterwards."""
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    name = f"test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _temporary_postgres_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'knowledge.db'}"


@pytest.fixture(scope="session")
def built_sqlite_engine(tmp_path_factory) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('kb') / 'knowledge.db'}")
    build(engine)
    return engine


@pytest.fixture(scope="session")
def kb(built_sqlite_engine: Engine) -> KnowledgeBase:
    return KnowledgeBase(built_sqlite_engine)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def any_kb(request, built_sqlite_engine: Engine, tmp_path_factory) -> Iterator[KnowledgeBase]:
    """The knowledge base on each supported database."""
    if request.param == "sqlite":
        yield KnowledgeBase(built_sqlite_engine)
        return
    generator = _temporary_postgres_database()
    url = next(generator)
    engine = make_engine(url)
    build(engine)
    try:
        yield KnowledgeBase(engine)
    finally:
        engine.dispose()
        generator.close()


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Headless, and quiet on this machine's closed network (no sync, updates or background fetches).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium driven by Playwright (`make install` installs it; no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no chromium at {CHROMIUM}: run scripts/install-browser.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
