"""The dashboard's protections: encrypted session cookies, the CSRF token of every form, the login
rate limit, the login requirement, and the security headers of every response."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import math
import secrets
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from aiohttp import web
from aiohttp_session import Session, get_session
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from dashboard.forms import BadInput, text_field

SESSION_COOKIE = "dashboard_session"
SESSION_HOURS = 8
CSRF_FIELD = "csrf_token"
CSRF_REFUSED = "This form has expired or did not come from the dashboard. Reload the page and try again."
# Reachable without logging in; every other path needs a coordinator's session.
PUBLIC_PATHS = frozenset({"/health", "/login"})
PUBLIC_PREFIXES = ("/static/",)
SECURITY_HEADERS = {
    # Only the dashboard's own stylesheet: no scripts at all, no inline styles, no framing.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def session_key(raw: str) -> bytes:
    """The 32-byte cookie key from `DASHBOARD_SECRET_KEY`: urlsafe base64 of 32 bytes, or a passphrase
    of 32 or more characters hashed into a key."""
    try:
        decoded = base64.b64decode(raw + "=" * (-len(raw) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        decoded = b""
    if len(decoded) == 32:
        return decoded
    if len(raw) >= 32:
        return hashlib.sha256(raw.encode()).digest()
    raise ValueError(
        "DASHBOARD_SECRET_KEY needs 32 or more characters; make one with "
        "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
    )


def cookie_storage(key: bytes, secure: bool) -> EncryptedCookieStorage:
    """Sessions live in the browser, encrypted and signed (Fernet); they end 8 hours after login."""
    if len(key) != 32:
        raise ValueError("the session key must be 32 bytes")
    return EncryptedCookieStorage(
        key,
        cookie_name=SESSION_COOKIE,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="Strict",
        secure=secure,
    )


def csrf_token(session: Session) -> str:
    """The session's token for its forms, made on first use."""
    if CSRF_FIELD not in session:
        session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return session[CSRF_FIELD]


def valid_csrf(session: Session, submitted: str) -> bool:
    expected = session.get(CSRF_FIELD)
    return bool(expected and submitted) and hmac.compare_digest(expected.encode(), submitted.encode())


def safe_next(target: str | None) -> str:
    """Where to go after login: a path on this site, never another host (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    if any(ord(char) < 32 or char == "\\" for char in target):
        return "/"
    return target


class LoginLimiter:
    """Failed logins per (username, address) in a sliding window, kept in memory.

    In memory is enough for one dashboard process: a restart forgets the failures, which gives an
    attacker five more guesses, against Argon2 hashes of 12+ character passwords.
    """

    def __init__(self, max_failures: int = 5, window_s: float = 15 * 60, clock: Callable[[], float] = time.monotonic):
        self.max_failures = max_failures
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        failures = self._failures.get(key, deque())
        while failures and failures[0] <= self.clock() - self.window_s:
            failures.popleft()
        return failures

    def retry_after(self, key: tuple[str, str]) -> int:
        """Seconds until this key may try again; 0 when it may try now."""
        failures = self._recent(key)
        if len(failures) < self.max_failures:
            return 0
        return max(1, math.ceil(failures[0] + self.window_s - self.clock()))

    def failed(self, key: tuple[str, str]) -> None:
        if len(self._failures) > 10_000:  # forget keys whose failures have all expired
            self._failures = {old: kept for old in list(self._failures) if (kept := self._recent(old))}
        failures = self._recent(key)
        failures.append(self.clock())
        self._failures[key] = failures

    def succeeded(self, key: tuple[str, str]) -> None:
        self._failures.pop(key, None)


ANY_USERNAME = "*"
MAX_FAILURES_PER_ADDRESS = 30


def limiter_keys(username: str, address: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """The (username, address) key, and the address's key for every username: random usernames
    from one address run out of guesses as fast as one username does."""
    return (username, address), (ANY_USERNAME, address)


class PasswordCheckGate:
    """At most `slots` password checks at a time (Argon2: tens of milliseconds of a core and 64 MB
    each) and `queue` more waiting; a login beyond that is told to try again at once, without a
    hash. A flood of logins then takes one core at most, and coordinators' pages keep the other.
    """

    def __init__(self, slots: int = 1, queue: int = 8) -> None:
        self.slots, self.queue = slots, queue
        self._semaphore: asyncio.Semaphore | None = None
        self._inside = 0

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[bool]:
        """Yields True once this login may check its password, False when too many are waiting."""
        if self._inside >= self.slots + self.queue:
            yield False
            return
        self._semaphore = self._semaphore or asyncio.Semaphore(self.slots)
        self._inside += 1
        try:
            async with self._semaphore:
                yield True
        finally:
            self._inside -= 1


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


@web.middleware
async def require_login(request: web.Request, handler):
    """Pages send a visitor without a session to the login page; the API answers 401."""
    if is_public(request.path):
        return await handler(request)
    session = await get_session(request)
    if not session.get("user"):
        if request.path.startswith("/api/"):
            return web.json_response({"error": "login required"}, status=401)
        target = request.path_qs if request.method == "GET" else "/"
        raise web.HTTPSeeOther(request.app.router["login"].url_for().with_query(next=target))
    return await handler(request)


@web.middleware
async def check_csrf(request: web.Request, handler):
    """Every POST (login and logout included) carries the session's token in a hidden field."""
    if request.method == "POST":
        form = await request.post()
        if not valid_csrf(await get_session(request), text_field(form, CSRF_FIELD)):
            raise BadInput(CSRF_REFUSED, status=403)
    return await handler(request)


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.path.startswith(PUBLIC_PREFIXES):
        response.headers.setdefault("Cache-Control", "no-store")  # pages hold patients' data
