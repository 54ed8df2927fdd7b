"""Coordinators' accounts: usernames and Argon2 password hashes (argon2-cffi)."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from inquiries.models import Coordinator, utcnow

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,49}$")
MIN_PASSWORD = 12
_hasher = PasswordHasher()
# Verifying against this when the user is unknown takes as long as for a real user: the login
# page does not tell which usernames exist by its timing.
_DUMMY_HASH = _hasher.hash("not a real password")


class AccountError(ValueError):
    pass


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")


def set_password(engine: Engine, username: str, password: str) -> bool:
    """Creates the coordinator, or changes the password; True when the account is new."""
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise AccountError("a username has 2-50 characters: lowercase letters, digits, '.', '_' or '-'")
    check_new_password(password)
    with Session(engine) as session, session.begin():
        account = session.scalars(select(Coordinator).where(Coordinator.username == username)).one_or_none()
        created = account is None
        if created:
            account = Coordinator(username=username, password_hash="")
            session.add(account)
        account.password_hash = _hasher.hash(password)
        return created


def authenticate(engine: Engine, username: str, password: str) -> str | None:
    """The coordinator's username when the password is right, else None."""
    username = (username or "").strip().lower()
    with Session(engine) as session, session.begin():
        account = session.scalars(select(Coordinator).where(Coordinator.username == username)).one_or_none()
        try:
            _hasher.verify(account.password_hash if account else _DUMMY_HASH, password or "")
        except (VerificationError, InvalidHashError):
            return None
        if account is None:
            return None
        account.last_login_at = utcnow()
        if _hasher.check_needs_rehash(account.password_hash):
            account.password_hash = _hasher.hash(password)
        return account.username


def usernames(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(Coordinator.username).order_by(Coordinator.username)))
