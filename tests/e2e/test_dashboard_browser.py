"""A coordinator's morning in headless Chromium: `python -m dashboard` started as `make run` would,
on seeded databases; log in, find the urgent inquiry on top, filter, read a transcript, change the
status, export CSV. The run saves the README's screenshots to docs/screenshots/."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from service.settings import free_port
from tests.test_dashboard import PASSWORD, USERNAME, seeded, sqlite_urls

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"


@dataclass
class Served:
    url: str
    ids: dict[str, int]


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("dashboard")
    inquiry_url, tracker_url = sqlite_urls(folder)
    with seeded(inquiry_url, tracker_url) as clinic:
        ids = clinic.ids
    port = free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(folder),
        "INQUIRY_DB_URL": inquiry_url,
        "TRACKER_STORE_URL": tracker_url,
        "DASHBOARD_PORT": str(port),
        "DASHBOARD_HOST": "127.0.0.1",
        "DASHBOARD_SECRET_KEY": "a passphrase of more than thirty-two characters",
        "RETENTION_DAYS": "365",
    }
    log = folder / "dashboard.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "dashboard"], cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/health", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the dashboard did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield Served(url, ids)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def row_links(page) -> list[str]:
    return page.locator("table.queue tbody tr td:first-child a").all_inner_texts()


def test_a_coordinator_works_through_the_queue(chromium, served):
    context = chromium.new_context(viewport={"width": 1360, "height": 900}, accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    ids = {conversation: f"#{number}" for conversation, number in served.ids.items()}
    try:
        page.goto(f"{served.url}/")
        assert "/login" in page.url
        page.fill("#username", USERNAME)
        page.fill("#password", "not the password")
        page.click("button:has-text('Log in')")
        assert page.locator("p.error").inner_text() == "Wrong username or password."
        page.fill("#password", PASSWORD)
        page.click("button:has-text('Log in')")

        # The urgent inquiry is on top, though it came in last, and says so in words.
        assert row_links(page) == [ids["web-urgent"], ids["tg-lee"], ids["web-closed"], ids["web-anna"]]
        first_row = page.locator("table.queue tbody tr").first
        assert "URGENT" in first_row.inner_text()
        assert "Sofia Rossi" in first_row.inner_text()

        # Filters: status, then urgency, then topic.
        page.select_option("select[name=status]", "new")
        page.click("button:has-text('Filter')")
        assert row_links(page) == [ids["web-urgent"], ids["tg-lee"], ids["web-anna"]]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "dashboard-queue.png"), full_page=True)
        page.select_option("select[name=urgency]", "high")
        page.click("button:has-text('Filter')")
        assert row_links(page) == [ids["tg-lee"]]
        page.click("text=Clear filters")
        page.select_option("select[name=topic]", "clinics")
        page.click("button:has-text('Filter')")
        assert row_links(page) == [ids["web-anna"]]
        assert "topic=clinics" in page.url

        # Export what the filter shows.
        with page.expect_download() as download_info:
            page.click("text=Export CSV")
        download = download_info.value
        assert download.suggested_filename.startswith("inquiries-") and download.suggested_filename.endswith(".csv")
        rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
        assert [(row["name"], row["topics"]) for row in rows] == [("Anna Kim", "clinics, prices")]

        # The urgent inquiry: transcript, then the status and a note.
        page.click("text=Clear filters")
        page.locator("table.queue tbody tr").first.locator("a").first.click()
        transcript = page.locator("ol.transcript")
        assert "there is pus and I have a fever" in transcript.inner_text()
        assert "Please seek medical care now: call 119 in Korea." in transcript.inner_text()
        page.select_option("#status-choice", "in_progress")
        page.click("button:has-text('Change status')")
        assert page.locator("p.flash").inner_text() == "Status set to in progress."
        page.fill("#note", "Called Sofia: she is on her way to the clinic's doctor. Follow up tomorrow.")
        page.click("button:has-text('Add note')")
        notes = page.locator("ol.notes").inner_text()
        assert "Status: new → in progress" in notes and "Follow up tomorrow." in notes
        page.screenshot(path=str(SCREENSHOTS / "dashboard-inquiry.png"), full_page=True)

        page.click("nav >> text=Queue")
        page.select_option("select[name=status]", "in_progress")
        page.click("button:has-text('Filter')")
        assert row_links(page) == [ids["web-urgent"]]

        page.click("button:has-text('Log out')")
        assert page.locator("p.flash").inner_text() == "You are logged out."
        page.goto(f"{served.url}/")
        assert "/login" in page.url
        wrong_password = "Failed to load resource: the server responded with a status of 401 (Unauthorized)"
        assert problems == [wrong_password]  # nothing else: no missing file, nothing blocked by the CSP
    finally:
        context.close()


def test_the_unanswered_questions_page_in_the_browser(chromium, served):
    context = chromium.new_context()
    page = context.new_page()
    try:
        page.goto(f"{served.url}/login?next=/unanswered")
        page.fill("#username", USERNAME)
        page.fill("#password", PASSWORD)
        page.click("button:has-text('Log in')")
        assert page.url.endswith("/unanswered")
        first = page.locator("table.unanswered tbody tr").first.inner_text()
        assert "Do you accept Bitcoin?" in first and "2" in first
    finally:
        context.close()
