"""knowledge/database.py: the one-line reason given for a database error instead of a stack trace."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from knowledge.database import first_line, make_engine


def test_a_failed_statement_gives_the_driver_s_first_line_without_the_sql(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(SQLAlchemyError) as raised, engine.connect() as connection:
        connection.execute(text("SELECT * FROM nowhere"))
    engine.dispose()
    assert "\n" in str(raised.value)  # SQLAlchemy's own message carries the statement on more lines
    assert first_line(raised.value) == "no such table: nowhere"


def test_a_failed_connection_gives_one_line(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path}")  # a folder cannot be opened as a database
    with pytest.raises(SQLAlchemyError) as raised, engine.connect():
        pass
    engine.dispose()
    assert first_line(raised.value) == "unable to open database file"


def test_an_error_without_a_message_gives_its_class_name():
    assert first_line(ValueError()) == "ValueError"
    assert first_line(ValueError("  \n ")) == "ValueError"
    wrapped = DBAPIError("SELECT 1", {}, sqlite3.DatabaseError())
    assert first_line(wrapped) == "DatabaseError"


def test_any_other_error_gives_its_first_non_blank_line():
    assert first_line(RuntimeError("\n  disk full\nretry later")) == "disk full"
