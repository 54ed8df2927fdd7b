"""`make bench-login`: a coordinator's queue page while a flood of bad logins runs.

The dashboard runs in its own process (`python -m dashboard`, as `make run` starts it) on a fresh
SQLite database with one coordinator and a few inquiries. A logged-in coordinator loads the queue
page, first alone, then while 32 threads send bad logins with random usernames from loopback for
a bounded time. The flood runs in a process of its own, as an attacker's client would: 32 threads
in the measuring process would hold its interpreter lock and slow the measurement, not the page.
Printed: the page's median and p95, the logins' status codes, and the dashboard's peak memory
(VmHWM).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from inquiries import accounts
from inquiries.database import migrated_engine
from inquiries.store import Event, InquiryStore
from service.settings import PROJECT_ROOT, free_port

FLOODERS = 32
FLOOD_SECONDS = 20
USERNAME, PASSWORD = "mina", "coordinator password 1"


def start_dashboard(folder: Path, port: int) -> subprocess.Popen:
    environment = {
        **os.environ,
        "INQUIRY_DB_URL": f"sqlite:///{folder / 'inquiries.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{folder / 'tracker.db'}",
        "DASHBOARD_PORT": str(port),
        "DASHBOARD_SECRET_KEY": secrets.token_urlsafe(32),
    }
    log = (folder / "dashboard.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard"], cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if requests.get(f"{url}/health", timeout=1).ok:
                return process
        except requests.ConnectionError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"bench: the dashboard did not start; see {folder / 'dashboard.log'}")


def login(session: requests.Session, url: str, username: str, password: str) -> int:
    page = session.get(f"{url}/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = {"username": username, "password": password, "csrf_token": token}
    return session.post(f"{url}/login", data=form, timeout=60, allow_redirects=False).status_code


def page_times(session: requests.Session, url: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        session.get(f"{url}/", timeout=60).raise_for_status()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    return f"median {statistics.median(times):6.1f} ms, p95 {ordered[int(0.95 * (len(ordered) - 1))]:6.1f} ms"


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def flood(url: str, results: multiprocessing.Queue) -> None:
    """FLOODERS threads of bad logins for FLOOD_SECONDS; puts the count of each status code."""
    statuses: dict[int, int] = {}
    lock, stop = threading.Lock(), time.monotonic() + FLOOD_SECONDS

    def bad_logins() -> None:
        session = requests.Session()
        while time.monotonic() < stop:
            status = login(session, url, f"nobody-{secrets.token_hex(4)}", secrets.token_urlsafe(16))
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=bad_logins) for _ in range(FLOODERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(statuses)


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        engine = migrated_engine(f"sqlite:///{folder / 'inquiries.db'}")
        accounts.set_password(engine, USERNAME, PASSWORD)
        store = InquiryStore(engine)
        for number in range(40):
            store.record(Event(f"bench-{number}", "rest", ["prices"], urgent=number % 7 == 0))
        engine.dispose()
        port = free_port()
        dashboard = start_dashboard(folder, port)
        url = f"http://127.0.0.1:{port}"
        try:
            coordinator = requests.Session()
            assert login(coordinator, url, USERNAME, PASSWORD) == 303, "the coordinator could not log in"
            page_times(coordinator, url, 10)
            alone = page_times(coordinator, url, 100)
            results: multiprocessing.Queue = multiprocessing.Queue()
            attacker = multiprocessing.Process(target=flood, args=(url, results))
            attacker.start()
            time.sleep(1)
            during = []
            stop = time.monotonic() + FLOOD_SECONDS - 2
            while time.monotonic() < stop:
                during += page_times(coordinator, url, 5)
            statuses = results.get(timeout=FLOOD_SECONDS + 60)
            attacker.join()
            print(f"Queue page of a logged-in coordinator ({len(alone)} and {len(during)} loads, loopback):")
            print(f"  alone                                  {summary(alone)}")
            print(f"  during {FLOODERS} concurrent bad logins ({FLOOD_SECONDS} s) {summary(during)}")
            print(f"  bad logins answered: {dict(sorted(statuses.items()))} (401 checked, 429 refused unchecked)")
            print(f"  dashboard peak memory (VmHWM): {peak_mb(dashboard.pid):.0f} MB")
        finally:
            dashboard.terminate()
            dashboard.wait(timeout=15)


if __name__ == "__main__":
    main()
