"""`python -m dashboard`: serves the coordinators' dashboard with its settings from the environment
(README, "Coordinators' dashboard"). `make run` starts it next to the assistant."""

from __future__ import annotations

import logging
import os
import secrets

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from dashboard.app import make_app
from dashboard.security import session_key
from inquiries import masking
from inquiries.database import migrated_engine
from inquiries.retention import retention_days
from knowledge.database import make_engine
from service.settings import PORTS, int_setting, tracker_store_url

logger = logging.getLogger("dashboard")


class PathOnlyAccessLogger(AbstractAccessLogger):
    """Logs method, path and status, never the query string: searches may hold patients' names."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %s: status %d, %d ms", request.remote, request.method, request.path, response.status, time * 1000
        )


def secure_cookies() -> bool:
    raw = os.environ.get("DASHBOARD_SECURE_COOKIES", "false").strip().lower()
    if raw not in ("true", "1", "yes", "false", "0", "no", ""):
        raise SystemExit(f"DASHBOARD_SECURE_COOKIES must be true or false, got {raw!r}")
    return raw in ("true", "1", "yes")


def secret_key() -> bytes:
    raw = os.environ.get("DASHBOARD_SECRET_KEY", "")
    if not raw:
        logger.warning("DASHBOARD_SECRET_KEY is not set; with a random key, sessions end when the dashboard restarts")
        return secrets.token_bytes(32)
    try:
        return session_key(raw)
    except ValueError as error:
        raise SystemExit(str(error)) from None


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    masking.install()
    host = os.environ.get("DASHBOARD_HOST", "127.0.0.1")
    port = int_setting("DASHBOARD_PORT", 8001, *PORTS)
    key, secure, days = secret_key(), secure_cookies(), retention_days()  # bad settings stop here
    app = make_app(migrated_engine(), make_engine(tracker_store_url()), key, secure_cookies=secure, retention_days=days)
    logger.info("coordinators' dashboard on http://%s:%d", host, port)
    web.run_app(app, host=host, port=port, print=None, access_log_class=PathOnlyAccessLogger)


if __name__ == "__main__":
    main()
