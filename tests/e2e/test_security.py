"""Security checks on the running assistant: the HTTP API needs its token, the action server is
reachable from this host only, and no secret is kept in the repository (they come from the
environment; `service/credentials.py` writes them to the ignored data folder)."""

from __future__ import annotations

import math
import re
import socket
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests

from service.run import children, stop_all, wait_until_ready
from service.settings import PROJECT_ROOT, Settings, free_port

# Every route of Rasa's HTTP API that reads or changes conversations or the model.
PROTECTED = [
    ("GET", "/status"),
    ("GET", "/domain"),
    ("GET", "/conversations/patient-1/tracker"),
    ("GET", "/conversations/patient-1/story"),
    ("POST", "/conversations/patient-1/tracker/events"),
    ("PUT", "/conversations/patient-1/tracker/events"),
    ("POST", "/conversations/patient-1/messages"),
    ("POST", "/conversations/patient-1/execute"),
    ("POST", "/conversations/patient-1/trigger_intent"),
    ("POST", "/conversations/patient-1/predict"),
    ("POST", "/model/parse"),
    ("POST", "/model/predict"),
    ("PUT", "/model"),
    ("DELETE", "/model"),
    ("POST", "/model/train"),
    ("POST", "/model/test/intents"),
    ("POST", "/model/test/stories"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED, ids=[f"{method} {path}" for method, path in PROTECTED])
def test_the_http_api_refuses_requests_without_the_right_token(assistant, method, path):
    body = {"text": "how much is it in korea?", "event": "slot", "name": "urgent", "value": False}
    for params in ({}, {"token": "wrong-token"}, {"token": ""}):
        response = requests.request(method, f"{assistant.url}{path}", params=params, json=body, timeout=30)
        assert response.status_code in (401, 403), f"{method} {path} {params}: {response.status_code}"


def test_with_the_token_the_api_reads_a_conversation_and_the_public_routes_say_only_that_it_runs(assistant):
    assistant.ask("api-patient", "hello")
    tracker = requests.get(
        f"{assistant.url}/conversations/rest:api-patient/tracker", params={"token": assistant.token}, timeout=30
    )
    assert tracker.status_code == 200 and tracker.json()["sender_id"] == "rest:api-patient"
    assert requests.get(f"{assistant.url}/", timeout=10).text.startswith("Hello from Rasa")
    assert set(requests.get(f"{assistant.url}/version", timeout=10).json()) == {"version", "minimum_compatible_version"}


@pytest.fixture(scope="module")
def action_server(tmp_path_factory) -> Iterator[int]:
    """The action server as `make run` starts it (default ACTION_HOST), on a free port."""
    folder = tmp_path_factory.mktemp("actions")
    settings = replace(Settings.from_environment(), action_port=free_port(), data_dir=folder, log_dir=folder)
    actions = next(child for child in children(settings) if child.name == "actions")
    actions.start(settings.child_environment())
    try:
        wait_until_ready([actions])
        yield settings.action_port
    finally:
        stop_all([actions])


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on `port` (IPv4 and IPv6), from /proc/net."""
    addresses = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                packed = b"".join(raw[index : index + 4][::-1] for index in range(0, len(raw), 4))
                family = socket.AF_INET if width == 8 else socket.AF_INET6
                addresses.add(socket.inet_ntop(family, packed))
    return addresses


def host_addresses() -> list[str]:
    """This host's IPv4 addresses other than loopback."""
    output = subprocess.run(["hostname", "-I"], capture_output=True, text=True, check=False).stdout
    return [address for address in output.split() if "." in address and not address.startswith("127.")]


def test_the_action_server_listens_on_loopback_only(action_server: int):
    assert listening_addresses(action_server) == {"127.0.0.1"}
    for address in host_addresses():
        with socket.socket() as sock:
            sock.settimeout(2)
            assert sock.connect_ex((address, action_server)) != 0, f"the action server answers on {address}"


# Formats of real credentials (providers' documented prefixes), and secret-named values that look random.
TOKEN_FORMATS = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----|xox[abprs]-\d{6,}-[0-9A-Za-z-]+|\b\d{8,10}:[A-Za-z0-9_-]{35}\b"
    r"|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36}\b|\bAIza[0-9A-Za-z_-]{35}\b|\b(?:AC|SK)[0-9a-f]{32}\b"
    r"|\bEAA[0-9A-Za-z]{30,}|\bsk_live_[0-9A-Za-z]{20,}"
)
SECRET_VALUES = re.compile(
    r"(?i)(?:secret|token|password|passwd|api_?key|private_?key)\w*[\"']?\s*[:=]\s*[\"']([A-Za-z0-9/+_.=-]{20,})[\"']"
)


def looks_random(text: str, bits_per_character: float) -> bool:
    """Real secrets mix letters and digits at random; the tests' stand-ins are words or zeros."""
    counts = Counter(text)
    entropy = -sum(count / len(text) * math.log2(count / len(text)) for count in counts.values())
    return entropy > bits_per_character and any(c.isdigit() for c in text) and any(c.isalpha() for c in text)


def test_no_secret_is_kept_in_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    findings = []
    for name in tracked.stdout.splitlines():
        try:
            text = (PROJECT_ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue  # images, and files deleted but not yet committed
        for match in TOKEN_FORMATS.finditer(text):
            if "PRIVATE KEY" in match.group() or looks_random(match.group(), 3.0):
                findings.append(f"{name}: {match.group()[:12]}...")
        for match in SECRET_VALUES.finditer(text):
            if looks_random(match.group(1), 3.5):
                findings.append(f"{name}: {match.group()[:40]}...")
    assert not findings, "\n".join(findings)


def test_the_credentials_file_rasa_reads_is_outside_the_repository():
    """The generated file holds the channels' secrets (owner-only: tests/test_channel_credentials.py)."""
    ignored = subprocess.run(["git", "check-ignore", "-q", "var/credentials.yml"], cwd=PROJECT_ROOT, check=False)
    assert ignored.returncode == 0, "var/ must stay ignored: the generated credentials.yml lives there"
