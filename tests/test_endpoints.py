"""The production configuration: the endpoints Rasa reads, written at start-up from the settings;
the start-up refusals; the tracker store on a missing PostgreSQL database; the compose file's
commands. Redis and PostgreSQL parts run when TEST_REDIS_URL and TEST_POSTGRES_URL are set."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import stat
import sys
import threading
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import make_url

from service import endpoints as endpoints_module
from service.endpoints import EndpointError, check_endpoints, endpoints, lock_store, write_endpoints
from service.lock_store import AtomicRedisLockStore
from service.run import children
from service.settings import PROJECT_ROOT, Settings, int_setting

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
PROJECT_ENDPOINTS = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8"))
REDIS_URL = os.environ.get("TEST_REDIS_URL")
NO_REDIS = "TEST_REDIS_URL is not set (CI sets it; e.g. redis://127.0.0.1:6379/0)"
RABBITMQ_URL = os.environ.get("TEST_RABBITMQ_URL")
NO_RABBITMQ = "TEST_RABBITMQ_URL is not set (e.g. amqp://guest:guest@127.0.0.1:5672/)"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """One embedded server, whatever the environment of the test run says."""
    return replace(
        Settings.from_environment(),
        data_dir=tmp_path,
        log_dir=tmp_path / "logs",
        lock_store_url="",
        lock_store_key_prefix="",
        event_broker_url="",
        event_broker_queue="rasa_production_events",
        rasa_replicas=1,
        sanic_workers=1,
    )


@pytest.fixture
def rasa_environment(settings, monkeypatch) -> None:
    """The variables the endpoints file refers to, as `make run` gives them to Rasa."""
    for name in ("ACTION_ENDPOINT_URL", "TRACKER_STORE_URL"):
        monkeypatch.setenv(name, settings.child_environment()[name])


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_without_production_variables_rasa_gets_the_project_endpoints_and_its_in_memory_lock(settings):
    assert endpoints(settings) == PROJECT_ENDPOINTS
    assert set(PROJECT_ENDPOINTS) == {"action_endpoint", "tracker_store"}


def test_a_redis_url_becomes_rasa_s_redis_lock_store(settings):
    url = "redis://locks:p%40ss@cache.internal:6380/2"
    content = endpoints(replace(settings, lock_store_url=url, lock_store_key_prefix="clinic1"))
    assert content["lock_store"] == {
        "type": "service.lock_store.AtomicRedisLockStore",
        "url": "cache.internal",
        "port": 6380,
        "db": 2,
        "use_ssl": False,
        "username": "locks",
        "password": "p@ss",
        "key_prefix": "clinic1",
    }
    assert content["tracker_store"] == PROJECT_ENDPOINTS["tracker_store"]


def test_rediss_means_tls_and_the_port_and_database_have_redis_defaults(settings):
    lock = endpoints(replace(settings, lock_store_url="rediss://cache.internal"))["lock_store"]
    assert (lock["use_ssl"], lock["port"], lock["db"]) == (True, 6379, 0)


def test_an_amqp_url_becomes_rasa_s_pika_event_broker_on_the_configured_queue(settings):
    url = "amqp://rasa:s%2Fcret@mq.internal/clinic"
    broker = endpoints(replace(settings, event_broker_url=url, event_broker_queue="conversations"))["event_broker"]
    # Rasa writes user and password back into the URL as given, so they stay percent-encoded.
    assert broker == {
        "type": "pika",
        "url": "amqp://mq.internal:5672/clinic",
        "port": 5672,
        "username": "rasa",
        "password": "s%2Fcret",
        "queues": ["conversations"],
    }


@pytest.mark.parametrize(
    "changes, named",
    [
        ({"rasa_replicas": 2}, "RASA_REPLICAS=2"),
        ({"sanic_workers": 4}, "SANIC_WORKERS=4"),
        ({"rasa_replicas": 3, "sanic_workers": 2}, "RASA_REPLICAS=3 and SANIC_WORKERS=2"),
    ],
)
def test_more_than_one_rasa_server_or_worker_without_a_lock_store_refuses_to_start(settings, changes, named):
    with pytest.raises(EndpointError, match=re.escape(named)) as error:
        endpoints(replace(settings, **changes))
    assert "LOCK_STORE_URL" in str(error.value) and "\n" not in str(error.value)
    assert endpoints(replace(settings, lock_store_url="redis://cache:6379/0", **changes))["lock_store"]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"lock_store_url": "http://cache:6379"}, "LOCK_STORE_URL must look like redis://"),
        ({"lock_store_url": "redis://:secret@cache:port/0"}, "LOCK_STORE_URL has a bad port"),
        ({"lock_store_url": "redis://:secret@cache/locks"}, "LOCK_STORE_URL must end with a Redis database number"),
        ({"lock_store_url": "redis://cache", "lock_store_key_prefix": "clinic-1"}, "LOCK_STORE_KEY_PREFIX"),
        ({"event_broker_url": "amqp://mq.internal/"}, "EVENT_BROKER_URL needs a user and a password"),
        ({"event_broker_url": "kafka://user:secret@mq:9092"}, "EVENT_BROKER_URL must look like amqp://"),
    ],
)
def test_a_malformed_setting_stops_the_start_with_one_line_that_hides_the_password(settings, changes, message):
    with pytest.raises(EndpointError, match=re.escape(message)) as error:
        endpoints(replace(settings, **changes))
    assert "secret" not in str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize("name, value", [("RASA_REPLICAS", "two"), ("SANIC_WORKERS", "0")])
def test_replica_and_worker_counts_must_be_whole_numbers_from_1(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit, match=name):
        Settings.from_environment()


def test_a_whole_number_setting_is_read_within_its_bounds_or_the_default_when_unset():
    assert int_setting("LIMIT", 5, 1, 10, environ={}) == 5
    assert int_setting("LIMIT", 5, 1, 10, environ={"LIMIT": " 10 "}) == 10
    assert int_setting("LIMIT", 5, 1, 10, environ={"LIMIT": "1"}) == 1


@pytest.mark.parametrize(
    "value, message",
    [
        ("ten", "LIMIT must be a whole number, got 'ten'"),
        ("2.5", "LIMIT must be a whole number, got '2.5'"),
        ("", "LIMIT must be a whole number, got ''"),
        ("0", "LIMIT must be between 1 and 10, got 0"),
        ("11", "LIMIT must be between 1 and 10, got 11"),
    ],
)
def test_a_bad_whole_number_setting_stops_with_one_line_naming_it(value, message):
    with pytest.raises(SystemExit) as stopped:
        int_setting("LIMIT", 5, 1, 10, environ={"LIMIT": value})
    assert str(stopped.value) == message


@pytest.mark.parametrize("name", ["WEB_PORT", "RASA_PORT", "ACTION_PORT", "DASHBOARD_PORT"])
@pytest.mark.parametrize("value", ["http", "0", "65536"])
def test_ports_must_be_whole_numbers_from_1_to_65535(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit, match=name):
        Settings.from_environment()


def test_the_file_rasa_reads_is_written_to_the_data_folder_for_the_owner_only(settings, rasa_environment):
    from rasa.core.lock_store import LockStore
    from rasa.core.utils import read_endpoints_from_path

    production = replace(
        settings,
        lock_store_url="redis://:secret@cache.internal:6379/1",
        lock_store_key_prefix="clinic1",
        event_broker_url="amqp://rasa:secret@mq.internal:5672/",
    )
    path = write_endpoints(production)
    assert path == settings.data_dir / "endpoints.yml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    read = read_endpoints_from_path(path)
    lock_store = LockStore.create(read.lock_store)  # Redis connects on first use
    assert isinstance(lock_store, AtomicRedisLockStore) and lock_store.key_prefix == "clinic1:lock:"
    connection = lock_store.red.connection_pool.connection_kwargs
    assert (connection["host"], connection["db"], connection["password"]) == ("cache.internal", 1, "secret")
    assert (read.event_broker.type, read.event_broker.kwargs["queues"]) == ("pika", ["rasa_production_events"])
    assert read.tracker_store.type == "service.tracker_store.URLTrackerStore"


def test_make_run_passes_the_written_file_to_rasa(settings):
    rasa = next(child for child in children(settings) if child.name == "rasa")
    assert rasa.command[rasa.command.index("--endpoints") + 1] == str(settings.data_dir / "endpoints.yml")


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"lock_store_url": "redis://:secret@127.0.0.1:{port}/0"}, "lock store redis://:***@127.0.0.1:{port}/0"),
        (
            {"event_broker_url": "amqp://rasa:secret@127.0.0.1:{port}/"},
            "event broker amqp://rasa:***@127.0.0.1:{port}/",
        ),
    ],
)
def test_an_unreachable_redis_or_rabbitmq_stops_the_start_with_one_line(settings, changes, message):
    port = closed_port()
    changes = {key: value.format(port=port) for key, value in changes.items()}
    with pytest.raises(EndpointError, match=re.escape(message.format(port=port)) + " is unreachable") as error:
        check_endpoints(replace(settings, **changes))
    assert "secret" not in str(error.value) and "\n" not in str(error.value)


def test_rasa_locks_a_conversation_in_redis_under_the_key_prefix(settings, rasa_environment):
    if not REDIS_URL:
        pytest.skip(NO_REDIS)
    import redis
    from rasa.core.lock_store import LockStore
    from rasa.core.utils import read_endpoints_from_path

    prefix = f"unit{uuid.uuid4().hex[:12]}"
    production = replace(settings, lock_store_url=REDIS_URL, lock_store_key_prefix=prefix)
    check_endpoints(production)
    lock_store = LockStore.create(read_endpoints_from_path(write_endpoints(production)).lock_store)
    client = redis.Redis.from_url(REDIS_URL)
    try:
        assert lock_store.issue_ticket("patient-1") == 0
        assert client.exists(f"{prefix}:lock:patient-1")
    finally:
        lock_store.delete_lock("patient-1")
        client.close()


def tickets_issued_at_once(stores: list, conversation_id: str) -> list[int]:
    """Eight threads, shared between two stores (two servers), each taking 25 tickets of one conversation."""
    tickets: list[int] = []

    def take(store) -> None:
        tickets.extend(store.issue_ticket(conversation_id) for _ in range(25))

    threads = [threading.Thread(target=take, args=(stores[index % 2],)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stores[0].delete_lock(conversation_id)
    return tickets


def test_two_servers_taking_tickets_of_one_conversation_at_once_each_get_their_own(settings):
    if not REDIS_URL:
        pytest.skip(NO_REDIS)
    from rasa.core.lock_store import RedisLockStore
    from rasa.utils.endpoints import EndpointConfig

    prefix = f"unit{uuid.uuid4().hex[:12]}"
    config = EndpointConfig.from_dict(
        lock_store(replace(settings, lock_store_url=REDIS_URL, lock_store_key_prefix=prefix))
    )
    tickets = tickets_issued_at_once([AtomicRedisLockStore(config) for _ in range(2)], "patient-1")
    assert sorted(tickets) == list(range(200))

    # Rasa's own store hands one ticket to several messages (measured: 200 tickets, 50 different ones).
    plain = [RedisLockStore(host=config.url, **config.kwargs) for _ in range(2)]
    assert len(set(tickets_issued_at_once(plain, "patient-2"))) < 200


def test_conversation_events_reach_the_rabbitmq_queue(settings, rasa_environment):
    if not RABBITMQ_URL:
        pytest.skip(NO_RABBITMQ)
    import aio_pika
    from rasa.core.brokers.broker import EventBroker
    from rasa.core.utils import read_endpoints_from_path

    queue_name = f"test_{uuid.uuid4().hex[:12]}"
    production = replace(settings, event_broker_url=RABBITMQ_URL, event_broker_queue=queue_name)
    check_endpoints(production)
    config = read_endpoints_from_path(write_endpoints(production)).event_broker

    async def publish_and_consume() -> bytes:
        broker = await EventBroker.create(config)
        broker.publish({"event": "user", "text": "how much is it in korea?"})
        await asyncio.sleep(0.5)
        await broker.close()
        connection = await aio_pika.connect(RABBITMQ_URL)
        try:
            queue = await (await connection.channel()).declare_queue(queue_name, durable=True)
            message = await queue.get(timeout=5)
            await queue.delete()
            return message.body
        finally:
            await connection.close()

    assert b"how much is it in korea?" in asyncio.run(publish_and_consume())


def test_the_tracker_store_refuses_a_missing_postgresql_database_instead_of_using_another(
    postgres_url, rasa_environment, monkeypatch
):
    from rasa.core.tracker_store import TrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    from service.tracker_store import TrackerStoreUnavailable

    config_file = str(PROJECT_ROOT / "endpoints.yml")
    missing = make_url(postgres_url).set(database=f"missing_{uuid.uuid4().hex[:8]}")
    monkeypatch.setenv("TRACKER_STORE_URL", missing.render_as_string(hide_password=False))
    with pytest.raises(TrackerStoreUnavailable, match=f'database "{missing.database}" does not exist'):
        TrackerStore.create(read_endpoint_config(config_file, "tracker_store"))

    monkeypatch.setenv("TRACKER_STORE_URL", postgres_url)
    store = TrackerStore.create(read_endpoint_config(config_file, "tracker_store"))
    assert store.engine.url.database == make_url(postgres_url).database
    store.engine.dispose()


def compose_command(service: str) -> list[str]:
    return COMPOSE["services"][service]["command"]


def test_the_compose_containers_run_the_commands_make_run_runs(settings):
    ported = replace(settings, action_port=5055)
    commands = {child.name: [*child.command] for child in children(ported)}
    for command in commands.values():
        command[0] = "python" if command[0] == sys.executable else command[0]
    assert compose_command("actions") == commands["actions"]
    assert compose_command("web") == commands["web"]
    assert compose_command("dashboard") == commands["dashboard"]
    assert compose_command("rasa") == ["python", "-m", "service.endpoints"]


def test_the_rasa_container_becomes_make_run_s_rasa_server(settings, monkeypatch):
    """`python -m service.endpoints` checks, writes the files and execs the command `make run` uses."""
    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("RASA_AUTH_TOKEN", "container-token")
    for name in ("LOCK_STORE_URL", "EVENT_BROKER_URL", "RASA_REPLICAS", "SANIC_WORKERS"):
        monkeypatch.delenv(name, raising=False)
    executed = []
    monkeypatch.setattr(endpoints_module.os, "execve", lambda path, args, env: executed.append((path, args, env)))
    endpoints_module.main()
    (path, args, env), expected = executed[0], Settings.from_environment()
    assert args == next(child for child in children(expected) if child.name == "rasa").command
    assert path == sys.executable and env["RASA_TELEMETRY_ENABLED"] == "false"
    assert (settings.data_dir / "endpoints.yml").exists() and (settings.data_dir / "credentials.yml").exists()


def test_the_compose_rasa_server_has_the_lock_store_and_one_token_for_every_replica():
    environment = COMPOSE["services"]["rasa"]["environment"]
    assert environment["LOCK_STORE_URL"].startswith("redis://redis:")
    assert environment["RASA_AUTH_TOKEN"].startswith("${RASA_AUTH_TOKEN:?")


def test_the_readme_documents_every_production_variable():
    names = ("LOCK_STORE_URL", "LOCK_STORE_KEY_PREFIX", "EVENT_BROKER_URL", "EVENT_BROKER_QUEUE", "RASA_REPLICAS")
    assert [name for name in (*names, "SANIC_WORKERS") if f"`{name}`" not in README] == []
