"""The coordinators' dashboard over real HTTP: the app served by aiohttp on a free port, a migrated
inquiries database, and a tracker-store `events` table holding rows shaped like Rasa's.

The store-level tests (queue, filters, changes, export, transcripts, retention) run on SQLite and,
when TEST_POSTGRES_URL is set, on PostgreSQL too.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import requests
from aiohttp import web
from sqlalchemy import text, update
from sqlalchemy.engine import Engine

from dashboard.app import make_app
from dashboard.security import MAX_FAILURES_PER_ADDRESS, LoginLimiter, PasswordCheckGate, session_key
from inquiries.accounts import set_password
from inquiries.database import migrated_engine
from inquiries.export import COLUMNS
from inquiries.models import Inquiry, utcnow
from inquiries.store import ConsultationDetails, Event, InquiryStore
from inquiries.transcripts import Transcripts, events
from knowledge.database import make_engine

USERNAME, PASSWORD = "mina", "scar-care coordinator 2025"
OTHER_USERNAME = "joon"
KEY = bytes(range(32))
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SCRIPT = "<script>alert('x')</script>"


# Rasa's tracker store: one `events` row per event, the event's JSON in `data`.


def user_event(text: str, intent: str, at: float, channel: str = "rest") -> dict:
    message_id = uuid.uuid4().hex
    ranking = [{"name": intent, "confidence": 0.91}, {"name": "nlu_fallback", "confidence": 0.3}]
    return {
        "event": "user",
        "timestamp": at,
        "metadata": {},
        "text": text,
        "parse_data": {
            "intent": ranking[0],
            "entities": [],
            "text": text,
            "message_id": message_id,
            "metadata": {},
            "intent_ranking": ranking,
        },
        "input_channel": channel,
        "message_id": message_id,
    }


def bot_event(text: str, response: str, at: float, buttons: list[dict] | None = None) -> dict:
    data = {"elements": None, "quick_replies": None, "buttons": buttons, "attachment": None, "image": None}
    return {"event": "bot", "timestamp": at, "metadata": {"utter_action": response}, "text": text, "data": data}


def action_event(name: str, at: float) -> dict:
    return {
        "event": "action",
        "timestamp": at,
        "metadata": {},
        "name": name,
        "policy": "RulePolicy",
        "confidence": 1.0,
        "action_text": None,
        "hide_rule_turn": False,
    }


def store_conversation(engine: Engine, sender_id: str, conversation: list[dict]) -> None:
    """Inserts the events as Rasa's SQLTrackerStore does (type, intent and action in their columns)."""
    rows = [
        {
            "sender_id": sender_id,
            "type_name": event["event"],
            "timestamp": event["timestamp"],
            "intent_name": (event.get("parse_data") or {}).get("intent", {}).get("name"),
            "action_name": event.get("name"),
            "data": json.dumps(event),
        }
        for event in conversation
    ]
    with engine.begin() as connection:
        connection.execute(events.insert(), rows)


def turn(question: str, intent: str, answer: str, response: str, at: float, **buttons) -> list[dict]:
    return [
        action_event("action_listen", at - 1),
        user_event(question, intent, at),
        action_event(response, at + 1),
        bot_event(answer, response, at + 1, buttons.get("buttons")),
    ]


# The clinic's queue: four conversations and a few questions the assistant could not place.


def backdate(engine: Engine, conversation_id: str, **changes) -> None:
    with engine.begin() as connection:
        connection.execute(update(Inquiry).where(Inquiry.conversation_id == conversation_id).values(**changes))


def consultation(**fields) -> ConsultationDetails:
    optional = {"contact_kind": "email", "treatment": "stem-cell injections", "clinic": None, "travel_month": None}
    optional |= {"budget": None, "health_consent": False, "scar_description": None}
    return ConsultationDetails(**{**optional, **fields})


def seed_clinic(inquiry_engine: Engine, tracker_engine: Engine) -> dict[str, int]:
    """Inquiries as the assistant records them, and their conversations; returns id by conversation."""
    store = InquiryStore(inquiry_engine)
    today = date.today()
    anna = consultation(
        name="Anna Kim",
        contact="anna.kim@example.com",
        contact_kind="email",
        country="Australia",
        clinic="Cellinique Clinic",
        travel_month=f"{today.year + 1}-03",
        budget="$5,000",
        health_consent=True,
        scar_description=f"Raised scars on both cheeks {SCRIPT}",
    )
    lee = consultation(
        name="Lee Min-jun",
        contact="+64 21 345 6789",
        contact_kind="whatsapp",
        country="New Zealand",
        travel_month=(today + timedelta(days=14)).strftime("%Y-%m"),
    )
    sofia = consultation(
        name="Sofia Rossi",
        contact="+39 333 123 4567",
        contact_kind="phone",
        country="Italy",
        clinic="THE PLUS Plastic Surgery",
        health_consent=True,
        scar_description="Treated 3 days ago in Seoul; the left cheek is now swollen, hot and painful.",
    )
    formula = consultation(name='=HYPERLINK("http://evil.example","refund")', contact="x@example.com", country="Japan")
    store.record(Event("web-anna", "rest", topics=["prices", "clinics"], consultation=anna))
    store.record(Event("tg-lee", "telegram", topics=["visa"], handoff=True, consultation=lee))
    urgent = Event(
        "web-urgent", "socketio", ["urgent symptoms", "recovery"], urgent=True, handoff=True, consultation=sofia
    )
    store.record(urgent)
    store.record(Event("web-closed", "rest", topics=["results"], consultation=formula))
    now = utcnow()
    backdate(inquiry_engine, "web-anna", created_at=now - timedelta(days=3))
    backdate(inquiry_engine, "tg-lee", created_at=now - timedelta(days=2))
    backdate(inquiry_engine, "web-urgent", created_at=now - timedelta(hours=1))
    backdate(inquiry_engine, "web-closed", created_at=now - timedelta(days=40), status="closed", closed_at=now)

    events.metadata.create_all(tracker_engine)
    start = time.time() - 3600
    store_conversation(
        tracker_engine,
        "web-urgent",
        turn(
            "I had the injections 3 days ago and now there is pus and I have a fever",
            "report_red_flag",
            "These can be signs of an infection. Please seek medical care now: call 119 in Korea.",
            "action_answer_red_flag",
            start,
        )
        + turn(
            "ok thank you, can someone from the clinic call me?",
            "request_human",
            "A coordinator will contact you.",
            "utter_handoff",
            start + 60,
            buttons=[{"title": "Leave my contact", "payload": "/request_consultation"}],
        ),
    )
    store_conversation(
        tracker_engine,
        "web-anna",
        turn(
            f"how much is it in korea? {SCRIPT}",
            "ask_price_korea",
            "In Korea, sessions cost from ₩869,000 (about $598).",
            "action_answer_price",
            start - 86400,
        ),
    )
    for number, question in enumerate(["Do you accept Bitcoin?", "do you accept  bitcoin?", "Can my dog come along?"]):
        at = start + 100 * number
        store_conversation(
            tracker_engine,
            f"web-visitor-{number}",
            [
                user_event(question, "ask_question", at),
                bot_event("The article I answer from doesn't give that.", "action_answer_question", at + 1),
                {"event": "slot", "timestamp": at + 1, "name": "unanswered_question", "value": question},
            ],
        )
    set_password(inquiry_engine, USERNAME, PASSWORD)
    set_password(inquiry_engine, OTHER_USERNAME, PASSWORD)
    return {inquiry.conversation_id: inquiry.id for inquiry in store.queue()}


# The dashboard on a free port, and a coordinator's browser.


@contextmanager
def serving(app: web.Application) -> Iterator[str]:
    """Serves the app from its own event loop in a thread; yields its base URL."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    runner = web.AppRunner(app)

    async def start() -> str:
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        return f"http://{host}:{port}"

    try:
        yield asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=30)
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


class Browser:
    """A cookie jar that remembers the form token of the last page it read; never follows redirects."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()
        self.csrf = ""

    def _read(self, response: requests.Response) -> requests.Response:
        found = CSRF.search(response.text)
        if found:
            self.csrf = found.group(1)
        return response

    def get(self, path: str) -> requests.Response:
        return self._read(self.http.get(self.url + path, allow_redirects=False, timeout=30))

    def post(self, path: str, data: dict, with_token: bool = True) -> requests.Response:
        form = {"csrf_token": self.csrf, **data} if with_token else data
        return self._read(self.http.post(self.url + path, data=form, allow_redirects=False, timeout=30))

    def request(self, method: str, path: str, **options) -> requests.Response:
        return self.http.request(method, self.url + path, allow_redirects=False, timeout=30, **options)

    def login(self, username: str = USERNAME, password: str = PASSWORD, next_path: str = "") -> requests.Response:
        self.get("/login")
        return self.post("/login", {"username": username, "password": password, "next": next_path})


@dataclass
class Clinic:
    inquiry_engine: Engine
    tracker_engine: Engine
    ids: dict[str, int]


@contextmanager
def seeded(inquiry_url: str, tracker_url: str) -> Iterator[Clinic]:
    inquiry_engine, tracker_engine = migrated_engine(inquiry_url), make_engine(tracker_url)
    try:
        yield Clinic(inquiry_engine, tracker_engine, seed_clinic(inquiry_engine, tracker_engine))
    finally:
        inquiry_engine.dispose()
        tracker_engine.dispose()


def sqlite_urls(folder: Path) -> tuple[str, str]:
    return f"sqlite:///{folder / 'inquiries.db'}", f"sqlite:///{folder / 'tracker.db'}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """The seeded SQLite files, made once (migrating and hashing passwords take most of a second)."""
    folder = tmp_path_factory.mktemp("clinic")
    with seeded(*sqlite_urls(folder)) as clinic:
        return folder, clinic.ids


@pytest.fixture
def clinic(sqlite_template, tmp_path) -> Iterator[Clinic]:
    """A fresh copy of the seeded SQLite databases for one test."""
    folder, ids = sqlite_template
    for name in ("inquiries.db", "tracker.db"):
        shutil.copy(folder / name, tmp_path / name)
    inquiry_url, tracker_url = sqlite_urls(tmp_path)
    copy = Clinic(make_engine(inquiry_url), make_engine(tracker_url), ids)
    yield copy
    copy.inquiry_engine.dispose()
    copy.tracker_engine.dispose()


@dataclass
class Dashboard(Clinic):
    url: str

    def browser(self) -> Browser:
        return Browser(self.url)

    def logged_in(self, username: str = USERNAME) -> Browser:
        browser = self.browser()
        assert browser.login(username).status_code == 303
        return browser

    def inquiry(self, conversation_id: str) -> Inquiry:
        return InquiryStore(self.inquiry_engine).get(self.ids[conversation_id])


@contextmanager
def dashboard_on(clinic: Clinic, **options) -> Iterator[Dashboard]:
    with serving(make_app(clinic.inquiry_engine, clinic.tracker_engine, KEY, **options)) as url:
        yield Dashboard(clinic.inquiry_engine, clinic.tracker_engine, clinic.ids, url)


@pytest.fixture
def dashboard(clinic) -> Iterator[Dashboard]:
    with dashboard_on(clinic) as running:
        yield running


@pytest.fixture(params=["sqlite", "postgresql"])
def any_dashboard(request) -> Iterator[Dashboard]:
    """The dashboard on each supported database (PostgreSQL only when TEST_POSTGRES_URL is set)."""
    if request.param == "sqlite":
        with dashboard_on(request.getfixturevalue("clinic")) as running:
            yield running
        return
    url = request.getfixturevalue("postgres_url")
    with seeded(url, url) as clinic, dashboard_on(clinic) as running:  # inquiries and Rasa's events in one database
        yield running


def queue_ids(page: str) -> list[int]:
    return [int(number) for number in re.findall(r'<td><a href="/inquiries/(\d+)">#', page)]


def api(browser: Browser, query: str = "") -> list[dict]:
    response = browser.get(f"/api/inquiries{query}")
    assert response.status_code == 200, response.text
    return response.json()["inquiries"]


# Who may see what


def test_health_is_public_and_tells_nothing_else(dashboard):
    response = dashboard.browser().get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("path", ["/", "/?urgency=urgent", "/inquiries/1", "/export.csv", "/unanswered", "/nowhere"])
def test_pages_send_a_visitor_without_a_session_to_the_login_page(dashboard, path):
    response = dashboard.browser().get(path)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login?next=")
    assert "Anna" not in response.text


def test_the_api_answers_401_json_without_a_session(dashboard):
    response = dashboard.browser().get("/api/inquiries")
    assert response.status_code == 401
    assert response.json() == {"error": "login required"}


def test_a_change_without_a_session_changes_nothing(dashboard):
    browser = dashboard.browser()
    browser.get("/login")  # a session with a form token, but nobody logged in
    number = dashboard.ids["web-anna"]
    assert browser.post(f"/inquiries/{number}/status", {"status": "closed"}).status_code == 303
    assert browser.post(f"/inquiries/{number}/notes", {"text": "sneaky"}).status_code == 303
    inquiry = dashboard.inquiry("web-anna")
    assert inquiry.status == "new"
    assert inquiry.notes == []


def test_login_opens_the_page_that_was_asked_for(dashboard):
    browser = dashboard.browser()
    asked = browser.get("/unanswered").headers["Location"]
    browser.get(asked)
    response = browser.post("/login", {"username": "Mina ", "password": PASSWORD, "next": "/unanswered"})
    assert (response.status_code, response.headers["Location"]) == (303, "/unanswered")
    page = browser.get("/unanswered")
    assert page.status_code == 200
    assert "Log out" in page.text and USERNAME in page.text


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_login_never_redirects_to_another_site(dashboard, target):
    browser = dashboard.browser()
    browser.get("/login")
    response = browser.post("/login", {"username": USERNAME, "password": PASSWORD, "next": target})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(("username", "password"), [(USERNAME, "wrong password 123"), ("nobody", PASSWORD), ("", "")])
def test_wrong_passwords_and_unknown_users_are_refused(dashboard, username, password):
    browser = dashboard.browser()
    response = browser.login(username, password)
    assert response.status_code == 401
    assert "Wrong username or password." in response.text
    assert browser.get("/").status_code == 303
    assert browser.get("/api/inquiries").status_code == 401


def test_logout_ends_the_session(dashboard):
    browser = dashboard.logged_in()
    browser.get("/")
    response = browser.post("/logout", {})
    assert (response.status_code, response.headers["Location"]) == (303, "/login")
    assert "You are logged out." in browser.get("/login").text
    assert browser.get("/").status_code == 303
    assert browser.get("/api/inquiries").status_code == 401


def test_a_tampered_session_cookie_is_ignored(dashboard):
    browser = dashboard.logged_in()
    assert browser.get("/").status_code == 200
    token = browser.http.cookies.get("dashboard_session").strip('"')
    middle = len(token) // 2
    tampered = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    browser.http.cookies.clear()
    browser.http.cookies.set("dashboard_session", f'"{tampered}"')
    assert browser.get("/").status_code == 303


def test_a_session_from_another_secret_key_is_not_accepted(dashboard):
    cookie = dashboard.logged_in().http.cookies.get("dashboard_session")
    other = make_app(dashboard.inquiry_engine, dashboard.tracker_engine, bytes(32))
    with serving(other) as url:
        browser = Browser(url)
        browser.http.cookies.set("dashboard_session", cookie)
        assert browser.get("/").status_code == 303


@pytest.mark.parametrize("secure", [False, True])
def test_the_session_cookie_is_httponly_strict_and_lasts_8_hours(clinic, secure):
    with dashboard_on(clinic, secure_cookies=secure) as running:
        browser = running.browser()
        browser.get("/login")
        cookie = browser.post("/login", {"username": USERNAME, "password": PASSWORD}).headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert "Max-Age=28800" in cookie
    assert ("Secure" in cookie) is secure


def test_every_response_carries_the_security_headers(dashboard):
    browser = dashboard.logged_in()
    for path in ("/login", "/", f"/inquiries/{dashboard.ids['web-anna']}", "/inquiries/999999", "/health"):
        headers = browser.get(path).headers
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert "script-src 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
    assert browser.get("/").headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_scripts_or_styles(dashboard):
    browser = dashboard.logged_in()
    for path in ("/login", "/", f"/inquiries/{dashboard.ids['web-urgent']}", "/unanswered"):
        page = browser.get(path).text
        assert "<script" not in page.replace("&lt;script", "")
        assert " style=" not in page and "<style" not in page


# The login rate limit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_five_failed_logins_block_that_username_from_that_address_for_15_minutes(clinic):
    clock = Clock()
    with dashboard_on(clinic, login_limiter=LoginLimiter(clock=clock)) as running:
        attacker = running.browser()
        for _ in range(5):
            assert attacker.login(USERNAME, "guess guess guess").status_code == 401
        blocked = attacker.login(USERNAME, PASSWORD)
        assert blocked.status_code == 429
        assert "Too many failed logins for this username. Try again in 15 minutes." in blocked.text
        assert blocked.headers["Retry-After"] == "900"
        assert running.browser().login(OTHER_USERNAME).status_code == 303  # another account is not locked
        clock.now += 14 * 60
        assert "Try again in 1 minute." in attacker.login(USERNAME, PASSWORD).text
        clock.now += 60
        assert attacker.login(USERNAME, PASSWORD).status_code == 303


def test_random_usernames_from_one_address_run_out_of_guesses_too(clinic):
    with dashboard_on(clinic, login_limiter=LoginLimiter(clock=Clock())) as running:
        attacker = running.browser()
        for number in range(MAX_FAILURES_PER_ADDRESS):
            assert attacker.login(f"nobody{number}", "guess guess guess").status_code == 401
        blocked = attacker.login(USERNAME, PASSWORD)
        assert blocked.status_code == 429 and "from this address" in blocked.text


def test_password_checks_beyond_the_gate_are_turned_away_without_a_hash():
    gate = PasswordCheckGate(slots=1, queue=1)
    admitted: list[bool] = []

    async def login() -> None:
        async with gate.turn() as ok:
            admitted.append(ok)
            await asyncio.sleep(0.05)

    async def two_floods() -> None:
        await asyncio.gather(*(login() for _ in range(5)))
        assert sorted(admitted) == [False, False, False, True, True]
        await asyncio.gather(*(login() for _ in range(5)))  # the gate is free again afterwards

    asyncio.run(two_floods())
    assert admitted.count(True) == 4


def test_a_successful_login_clears_the_failures():
    limiter, key = LoginLimiter(clock=Clock()), ("mina", "10.0.0.7")
    for _ in range(4):
        limiter.failed(key)
    limiter.succeeded(key)
    for _ in range(4):
        limiter.failed(key)
    assert limiter.retry_after(key) == 0


# CSRF


def test_a_change_without_the_csrf_token_is_refused(dashboard):
    browser = dashboard.logged_in()
    number = dashboard.ids["web-anna"]
    browser.get(f"/inquiries/{number}")
    for path, data in (
        (f"/inquiries/{number}/status", {"status": "closed"}),
        (f"/inquiries/{number}/notes", {"text": "hi"}),
    ):
        missing = browser.post(path, data, with_token=False)
        wrong = browser.post(path, {**data, "csrf_token": "x" * 43}, with_token=False)
        assert missing.status_code == wrong.status_code == 403
        assert "This form has expired or did not come from the dashboard." in missing.text
    assert browser.post("/logout", {}, with_token=False).status_code == 403
    inquiry = dashboard.inquiry("web-anna")
    assert (inquiry.status, inquiry.notes) == ("new", [])
    assert browser.get("/").status_code == 200  # still logged in


def test_the_login_form_needs_its_csrf_token_too(dashboard):
    browser = dashboard.browser()
    browser.get("/login")
    response = browser.post("/login", {"username": USERNAME, "password": PASSWORD}, with_token=False)
    assert response.status_code == 403
    assert browser.get("/").status_code == 303


def test_another_sessions_token_is_refused(dashboard):
    mina, joon = dashboard.logged_in(), dashboard.logged_in(OTHER_USERNAME)
    number = dashboard.ids["web-anna"]
    joon.get(f"/inquiries/{number}")
    response = mina.post(f"/inquiries/{number}/status", {"status": "closed", "csrf_token": joon.csrf}, with_token=False)
    assert response.status_code == 403


# The queue, an inquiry, changes, export (SQLite and PostgreSQL)


def test_the_queue_shows_urgent_first_then_the_longest_waiting(any_dashboard):
    ids = any_dashboard.ids
    page = any_dashboard.logged_in().get("/").text
    assert queue_ids(page) == [ids["web-urgent"], ids["tg-lee"], ids["web-closed"], ids["web-anna"]]
    urgent_row = page[page.index(f'<a href="/inquiries/{ids["web-urgent"]}">#') :].split("</tr>")[0]
    assert "⚠ URGENT" in urgent_row and "warning signs" in urgent_row


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=closed", ["web-closed"]),
        ("?status=new&urgency=high", ["tg-lee"]),
        ("?urgency=urgent", ["web-urgent"]),
        ("?topic=visa", ["tg-lee"]),
        ("?topic=clinics", ["web-anna"]),
        ("?channel=telegram", ["tg-lee"]),
        (f"?from={(utcnow().date() - timedelta(days=2)).isoformat()}", ["web-urgent", "tg-lee"]),
        (f"?to={(utcnow().date() - timedelta(days=3)).isoformat()}", ["web-closed", "web-anna"]),
        ("?q=ANNA.KIM", ["web-anna"]),
        ("?q=raised+scars", ["web-anna"]),
        ("?q=nothing-like-this", []),
    ],
)
def test_the_queue_page_and_the_api_filter_alike(any_dashboard, query, expected):
    browser = any_dashboard.logged_in()
    wanted = [any_dashboard.ids[conversation] for conversation in expected]
    assert [item["id"] for item in api(browser, query)] == wanted
    assert queue_ids(browser.get("/" + query).text) == wanted


def test_the_api_gives_the_export_columns_as_json(any_dashboard):
    [anna] = api(any_dashboard.logged_in(), "?q=anna")
    assert set(anna) == set(COLUMNS)
    assert anna["topics"] == ["clinics", "prices"]
    assert anna["contact"] == "anna.kim@example.com"
    assert anna["consultation_requested"] is True
    assert anna["created_at"].endswith("Z")


def test_the_inquiry_page_shows_the_fields_consents_topics_and_escaped_transcript(any_dashboard):
    browser = any_dashboard.logged_in()
    page = browser.get(f"/inquiries/{any_dashboard.ids['web-anna']}").text
    for shown in (
        "Anna Kim",
        "anna.kim@example.com (email)",
        "Australia",
        "Cellinique Clinic",
        "$5,000",
        "clinics, prices",
    ):
        assert shown in page
    assert page.count("given 20") == 2  # contact and health-data consents, with their times
    assert SCRIPT not in page
    assert "Raised scars on both cheeks &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "how much is it in korea? &lt;script&gt;" in page
    assert "In Korea, sessions cost from ₩869,000 (about $598)." in page

    lee = browser.get(f"/inquiries/{any_dashboard.ids['tg-lee']}").text
    assert "not shared (no consent to health data)" in lee
    assert "Health data</dt><dd>not given" in lee


def test_the_transcript_has_both_sides_in_order_with_buttons(any_dashboard):
    page = any_dashboard.logged_in().get(f"/inquiries/{any_dashboard.ids['web-urgent']}").text
    lines = [
        "I had the injections 3 days ago and now there is pus and I have a fever",
        "Please seek medical care now: call 119 in Korea.",
        "ok thank you, can someone from the clinic call me?",
        "A coordinator will contact you.\n[Leave my contact]",
    ]
    positions = [page.index(line) for line in lines]
    assert positions == sorted(positions)
    assert "report_red_flag" in page


def test_a_status_change_and_a_note_are_recorded_with_their_author(any_dashboard):
    browser = any_dashboard.logged_in()
    number = any_dashboard.ids["web-urgent"]
    browser.get(f"/inquiries/{number}")
    response = browser.post(f"/inquiries/{number}/status", {"status": "in_progress"})
    assert (response.status_code, response.headers["Location"]) == (303, f"/inquiries/{number}")
    response = browser.post(f"/inquiries/{number}/notes", {"text": f"Called the patient: went to the ER. {SCRIPT}"})
    assert response.status_code == 303

    inquiry = any_dashboard.inquiry("web-urgent")
    assert inquiry.status == "in_progress"
    assert [(note.author, note.text) for note in inquiry.notes] == [
        (USERNAME, "Status: new → in progress"),
        (USERNAME, f"Called the patient: went to the ER. {SCRIPT}"),
    ]
    page = browser.get(f"/inquiries/{number}").text
    assert "Status: new → in progress" in page
    assert "went to the ER. &lt;script&gt;" in page and SCRIPT not in page
    assert [item["id"] for item in api(browser, "?status=in_progress")] == [number]


def test_the_flash_message_confirms_a_change_once(dashboard):
    browser = dashboard.logged_in()
    number = dashboard.ids["tg-lee"]
    browser.get(f"/inquiries/{number}")
    browser.post(f"/inquiries/{number}/status", {"status": "closed"})
    assert "Status set to closed." in browser.get(f"/inquiries/{number}").text
    assert "Status set to closed." not in browser.get(f"/inquiries/{number}").text
    assert dashboard.inquiry("tg-lee").closed_at is not None


def test_the_csv_export_holds_the_current_filter(any_dashboard):
    browser = any_dashboard.logged_in()
    queue = browser.get("/?status=closed&channel=rest").text
    assert 'href="/export.csv?status=closed&amp;channel=rest"' in queue
    response = browser.get("/export.csv?status=closed&channel=rest")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="inquiries-\d{4}-\d{2}-\d{2}\.csv"', disposition)
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["id"] for row in rows] == [str(any_dashboard.ids["web-closed"])]
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil.example","refund")'  # not a formula in a spreadsheet
    assert (rows[0]["status"], rows[0]["topics"], rows[0]["country"]) == ("closed", "results", "Japan")

    [lee] = csv.DictReader(io.StringIO(browser.get("/export.csv?channel=telegram").text))
    assert (lee["name"], lee["urgency"], lee["handoff_requested"], lee["contact"]) == (
        "Lee Min-jun",
        "high",
        "yes",
        "'+64 21 345 6789",  # the export's formula guard also quotes a leading '+'
    )
    assert len(list(csv.DictReader(io.StringIO(browser.get("/export.csv").text)))) == 4


def test_unanswered_questions_come_most_frequent_first(any_dashboard):
    page = any_dashboard.logged_in().get("/unanswered").text
    bitcoin, dog = page.index("Do you accept Bitcoin?"), page.index("Can my dog come along?")
    assert bitcoin < dog
    assert re.search(r"Do you accept Bitcoin\?</td><td>2</td>", page)


def test_retention_removes_expired_closed_inquiries_and_their_conversations_at_start(any_dashboard):
    long_ago = utcnow() - timedelta(days=400)
    backdate(any_dashboard.inquiry_engine, "web-anna", status="closed", closed_at=long_ago)
    app = make_app(any_dashboard.inquiry_engine, any_dashboard.tracker_engine, KEY, retention_days=365)
    store, transcripts = InquiryStore(any_dashboard.inquiry_engine), Transcripts(any_dashboard.tracker_engine)
    with serving(app):
        deadline = time.monotonic() + 10
        while store.for_conversation("web-anna") and time.monotonic() < deadline:
            time.sleep(0.05)
    assert store.for_conversation("web-anna") is None
    assert transcripts.transcript("web-anna") == []
    assert store.for_conversation("web-closed") is not None  # closed only today


# Bad input: a clear 4xx, never a 500


@pytest.mark.parametrize(
    ("method", "path", "data", "status", "message"),
    [
        ("GET", "/inquiries/999999", None, 404, "There is no inquiry #999999."),
        ("GET", "/inquiries/12345678901234", None, 404, "There is no such page."),
        ("GET", "/inquiries/abc", None, 404, "There is no such page."),
        ("GET", "/?from=17-07-2025", None, 400, "The &#39;from&#39; date must look like 2025-07-17"),
        ("GET", "/?status=pending", None, 400, "Unknown status &#39;pending&#39;"),
        ("GET", "/export.csv?from=2025-08-01&to=2025-07-01", None, 400, "The &#39;from&#39; date is after"),
        ("GET", "/?q=" + "x" * 201, None, 400, "The search text can have at most 200 characters."),
        ("POST", "/inquiries/{anna}/status", {"status": "archived"}, 400, "Unknown status &#39;archived&#39;"),
        ("POST", "/inquiries/{anna}/status", {}, 400, "Choose a status."),
        ("POST", "/inquiries/999999/status", {"status": "closed"}, 404, "There is no inquiry #999999."),
        ("POST", "/inquiries/{anna}/notes", {"text": "   "}, 400, "A note cannot be empty."),
        ("POST", "/inquiries/{anna}/notes", {"text": "x" * 5001}, 400, "at most 5000 characters"),
        ("POST", "/inquiries/{anna}/notes", {"text": "x" * 100_000}, 413, "The form is too large: at most 64 KB."),
        ("POST", "/inquiries/999999/notes", {"text": "hello"}, 404, "There is no inquiry #999999."),
        ("PUT", "/", None, 405, "This page does not take that kind of request."),
    ],
)
def test_bad_input_gets_a_clear_4xx_page(dashboard, method, path, data, status, message):
    browser = dashboard.logged_in()
    browser.get("/")
    path = path.format(anna=dashboard.ids["web-anna"])
    response = (
        browser.get(path)
        if method == "GET"
        else browser.request(method, path, data={"csrf_token": browser.csrf, **(data or {})})
    )
    assert response.status_code == status
    assert message in response.text
    assert "Traceback" not in response.text
    assert dashboard.inquiry("web-anna").notes == []


def test_bad_api_input_gets_a_json_error(dashboard):
    response = dashboard.logged_in().get("/api/inquiries?urgency=panic")
    assert response.status_code == 400
    assert response.json() == {"error": "Unknown urgency 'panic': choose one of urgent, high, normal."}


def test_a_broken_database_is_a_500_page_without_a_stack_trace(tmp_path, dashboard):
    broken = make_engine(f"sqlite:///{tmp_path / 'broken.db'}")
    with broken.begin() as connection:
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY)"))  # not Rasa's columns
    with serving(make_app(dashboard.inquiry_engine, broken, KEY)) as url:
        browser = Browser(url)
        browser.login()
        response = browser.get(f"/inquiries/{dashboard.ids['web-anna']}")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "Traceback" not in response.text and "sqlite" not in response.text.lower()


# Settings


def test_the_secret_key_is_base64_of_32_bytes_or_a_long_passphrase():
    assert session_key("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8") == KEY
    assert session_key("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=") == KEY
    passphrase = session_key("correct horse battery staple, twice over")
    assert len(passphrase) == 32 and passphrase == session_key("correct horse battery staple, twice over")
    with pytest.raises(ValueError, match="32 or more characters"):
        session_key("too short")


def test_times_in_the_api_are_utc(any_dashboard):
    [urgent] = api(any_dashboard.logged_in(), "?urgency=urgent")
    created = datetime.fromisoformat(urgent["created_at"].removesuffix("Z"))
    assert abs((utcnow() - timedelta(hours=1)) - created) < timedelta(minutes=5)
