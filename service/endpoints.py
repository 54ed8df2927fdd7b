"""The collaborators Rasa uses, decided at start-up from the settings.

Rasa's endpoints.yml switches a lock store or an event broker on by its presence and cannot leave
one out when a variable is unset, so `make run` writes the file Rasa reads: the project's
`endpoints.yml` (action server, tracker store), plus a Redis lock store (service/lock_store.py)
when `LOCK_STORE_URL` is set and a RabbitMQ event broker when `EVENT_BROKER_URL` is set. The file
holds their passwords: it is written to the data folder, readable by the owner only.

Rasa's in-memory lock store orders the messages of one conversation inside one process only. With
several Rasa servers (`RASA_REPLICAS`) or Sanic workers (`SANIC_WORKERS`) and no shared lock, two
messages of a conversation are handled at once and one turn overwrites the other in the tracker
store, while both senders get HTTP 200. That setting stops the start with one line instead.

In a container, `python -m service.endpoints` is the Rasa server's command: the start-up checks,
the files, then `rasa run` with the very command line `make run` uses (service.run.children).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit

import yaml

from knowledge.database import first_line
from service.settings import PROJECT_ROOT, Settings

BASE_FILE = PROJECT_ROOT / "endpoints.yml"
FILE_NAME = "endpoints.yml"
CONNECT_TIMEOUT_S = 5


class EndpointError(RuntimeError):
    """A lock store or event broker setting is wrong, or its service is unreachable; the text says which."""


def _parts(name: str, url: str, schemes: tuple[str, ...], example: str) -> SplitResult:
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        raise EndpointError(f"{name} has a bad port: {_safe(url)} (expected e.g. {example})") from None
    if parts.scheme not in schemes or not parts.hostname:
        raise EndpointError(f"{name} must look like {example}, got {_safe(url)}")
    return parts


def _safe(url: str) -> str:
    """The URL with its password replaced, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    return parts._replace(netloc=f"{parts.username or ''}:***@{netloc}").geturl()


def lock_store(settings: Settings) -> dict | None:
    """Rasa's `lock_store` section for `LOCK_STORE_URL` (redis://[:password@]host[:port][/db], rediss:// for TLS)."""
    if not settings.lock_store_url:
        several = [
            f"{name}={count}"
            for name, count in (("RASA_REPLICAS", settings.rasa_replicas), ("SANIC_WORKERS", settings.sanic_workers))
            if count > 1
        ]
        if several:
            raise EndpointError(
                f"with {' and '.join(several)}, a shared lock store is needed: set LOCK_STORE_URL=redis://host:6379/0 "
                "(without it, messages of one conversation handled at once overwrite each other in the tracker store)"
            )
        return None
    parts = _parts("LOCK_STORE_URL", settings.lock_store_url, ("redis", "rediss"), "redis://:password@host:6379/0")
    database = parts.path.strip("/") or "0"
    if not database.isdigit():
        raise EndpointError(
            f"LOCK_STORE_URL must end with a Redis database number, got {_safe(settings.lock_store_url)}"
        )
    prefix = settings.lock_store_key_prefix
    if prefix and not prefix.isalnum():
        raise EndpointError(f"LOCK_STORE_KEY_PREFIX must be letters and digits only, got {prefix!r}")
    section = {
        "type": "service.lock_store.AtomicRedisLockStore",  # Rasa's `redis` store, safe across servers
        "url": parts.hostname,
        "port": parts.port or 6379,
        "db": int(database),
        "use_ssl": parts.scheme == "rediss",
    }
    if parts.username:
        section["username"] = unquote(parts.username)
    if parts.password:
        section["password"] = unquote(parts.password)
    if prefix:
        section["key_prefix"] = prefix
    return section


def event_broker(settings: Settings) -> dict | None:
    """Rasa's pika `event_broker` section for `EVENT_BROKER_URL` (amqp://user:password@host:5672/vhost)."""
    if not settings.event_broker_url:
        return None
    example = "amqp://user:password@host:5672/"
    parts = _parts("EVENT_BROKER_URL", settings.event_broker_url, ("amqp", "amqps"), example)
    if not parts.username or parts.password is None:
        raise EndpointError(f"EVENT_BROKER_URL needs a user and a password, like {example}")
    port = parts.port or (5671 if parts.scheme == "amqps" else 5672)
    return {
        "type": "pika",
        # Rasa puts the user and password back into this URL as given: they stay percent-encoded.
        "url": f"{parts.scheme}://{parts.hostname}:{port}{parts.path}",
        "port": port,
        "username": parts.username,
        "password": parts.password,
        "queues": [settings.event_broker_queue],
    }


def endpoints(settings: Settings) -> dict:
    """The project's endpoints.yml plus the lock store and event broker that are configured."""
    content = yaml.safe_load(BASE_FILE.read_text(encoding="utf-8")) or {}
    for key, section in (("lock_store", lock_store(settings)), ("event_broker", event_broker(settings))):
        if section is not None:
            content[key] = section
    return content


def describe(settings: Settings) -> str:
    lock = f"Redis {_safe(settings.lock_store_url)}" if settings.lock_store_url else "in memory (one Rasa server)"
    broker = (
        f"RabbitMQ {_safe(settings.event_broker_url)}, queue {settings.event_broker_queue}"
        if settings.event_broker_url
        else "none"
    )
    return f"lock store: {lock}; event broker: {broker}"


def write_endpoints(settings: Settings) -> Path:
    """Writes the endpoints Rasa reads to the data folder (owner-only) and returns the path."""
    content = endpoints(settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / FILE_NAME
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write("# Written by service/endpoints.py at start-up from the environment; edits are overwritten.\n")
        yaml.safe_dump(content, file, sort_keys=False, allow_unicode=True)
    os.replace(temporary, path)
    print(f"run: {describe(settings)}", flush=True)
    return path


def check_endpoints(settings: Settings) -> None:
    """Validates the settings and connects once to Redis and RabbitMQ; EndpointError names what failed."""
    lock, broker = lock_store(settings), event_broker(settings)
    if lock is not None:
        _ping_redis(settings.lock_store_url, lock)
    if broker is not None:
        asyncio.run(_connect_rabbitmq(settings.event_broker_url))


def _ping_redis(url: str, section: dict) -> None:
    import redis

    client = redis.Redis(
        host=section["url"],
        port=section["port"],
        db=section["db"],
        username=section.get("username"),
        password=section.get("password"),
        ssl=section["use_ssl"],
        socket_connect_timeout=CONNECT_TIMEOUT_S,
        socket_timeout=CONNECT_TIMEOUT_S,
    )
    try:
        client.ping()
    except redis.RedisError as error:
        raise EndpointError(
            f"lock store {_safe(url)} is unreachable: {first_line(error).rstrip('.')}. Check LOCK_STORE_URL"
        ) from None
    finally:
        client.close()


async def _connect_rabbitmq(url: str) -> None:
    import aio_pika

    try:
        connection = await aio_pika.connect(url, timeout=CONNECT_TIMEOUT_S)
    except Exception as error:  # aio_pika raises socket, AMQP and timeout errors alike
        reason = first_line(error).rstrip(".")
        raise EndpointError(f"event broker {_safe(url)} is unreachable: {reason}. Check EVENT_BROKER_URL") from None
    await connection.close()


def main() -> None:
    from service.run import children  # service.run imports this module
    from service.tracker_store import check_reachable  # imports Rasa: only where Rasa is started

    settings = Settings.from_environment()
    try:
        check_reachable(settings.tracker_store_url)
        check_endpoints(settings)
        rasa = next(child for child in children(settings) if child.name == "rasa")
    except RuntimeError as error:  # a database, Redis or RabbitMQ out of reach, or a half-configured channel
        raise SystemExit(f"run: {error}.") from None
    os.chdir(PROJECT_ROOT)
    os.execve(rasa.command[0], rasa.command, settings.child_environment())


if __name__ == "__main__":
    main()
