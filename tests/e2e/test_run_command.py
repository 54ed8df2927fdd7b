"""`make run`'s supervisor as an operator meets it: it starts all three processes on the configured
ports, the assistant answers over REST, and Ctrl-C (SIGINT) stops every process it started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from service.settings import PROJECT_ROOT, free_port

READY_TIMEOUT_S = 240


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_run_starts_everything_and_ctrl_c_stops_everything(tmp_path: Path):
    ports = {name: free_port() for name in ("RASA_PORT", "ACTION_PORT", "WEB_PORT", "DASHBOARD_PORT")}
    env = dict(
        os.environ,
        DATA_DIR=str(tmp_path),
        RASA_AUTH_TOKEN="run-test-token",
        **{name: str(port) for name, port in ports.items()},
    )
    output = tmp_path / "run.out"
    with output.open("wb") as out:
        supervisor = subprocess.Popen(
            [sys.executable, "-m", "service.run"], cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while "is ready" not in output.read_text() and time.monotonic() < deadline:
            assert supervisor.poll() is None, output.read_text()[-3000:]
            time.sleep(1)
        text = output.read_text()
        assert "is ready" in text, text[-3000:]
        assert f"http://localhost:{ports['RASA_PORT']}/webhooks/rest/webhook" in text
        assert all(port_open(port) for port in ports.values())
        reply = requests.post(
            f"http://127.0.0.1:{ports['RASA_PORT']}/webhooks/rest/webhook",
            json={"sender": "run-test", "message": "hello"},
            headers={"Authorization": "Bearer run-test-token"},
            timeout=30,
        ).json()
        assert "not medical advice" in reply[0]["text"]
        page = requests.get(f"http://127.0.0.1:{ports['WEB_PORT']}/", timeout=10)
        assert page.status_code == 200 and 'aria-live="polite"' in page.text
        dashboard = requests.get(f"http://127.0.0.1:{ports['DASHBOARD_PORT']}/", timeout=10)
        assert "/login" in dashboard.url, "the queue asks for a login"

        supervisor.send_signal(signal.SIGINT)
        assert supervisor.wait(timeout=60) == 0
        assert "all processes stopped" in output.read_text()
        assert not any(port_open(port) for port in ports.values())
    finally:
        if supervisor.poll() is None:
            supervisor.terminate()  # the supervisor stops its children on SIGTERM; a kill would orphan them
            try:
                supervisor.wait(timeout=30)
            except subprocess.TimeoutExpired:
                supervisor.kill()
