"""The website chat as a patient meets it in headless Chromium: the page served by the `make run`
website process, talking to the real Rasa server over its socket.io channel with session
persistence on (python-socketio < 5.10: otherwise no bot message would ever arrive).

The screenshots in docs/screenshots/ are written by this module."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
import requests
from aiohttp.test_utils import TestClient, TestServer
from playwright.sync_api import Page, expect

from channels.identity import conversation_id
from service.run import children, stop_all, wait_until_ready
from service.settings import PROJECT_ROOT, Settings, free_port
from service.web import make_app
from tests.e2e.conftest import Assistant

SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
REPLY_TIMEOUT_MS = 30_000
WELCOME_TOPICS = ["What is a hypertrophic scar?", "How does the treatment work?", "Clinics", "Prices", "Medical visa"]
PRICE_FIGURE = re.compile(r"[₩$]\s?\d")
MARKUP = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def website(assistant: Assistant, tmp_path_factory) -> Iterator[str]:
    """The `web` child of `make run` on a free port, pointed at the end-to-end Rasa server."""
    logs = tmp_path_factory.mktemp("website")
    settings = replace(Settings.from_environment(), web_port=free_port(), log_dir=logs)
    web = next(child for child in children(settings) if child.name == "web")
    web.start(
        dict(
            settings.child_environment(),
            WEB_PORT=str(settings.web_port),
            WEB_HOST="127.0.0.1",
            PUBLIC_RASA_URL=assistant.url,
        )
    )
    try:
        wait_until_ready([web])
        yield f"http://127.0.0.1:{settings.web_port}"
    finally:
        stop_all([web])


class Chat:
    """One browser tab on the website, with what the test needs to watch."""

    def __init__(self, page: Page, url: str):
        self.page = page
        self.url = url
        self.dialogs: list[str] = []
        self.page_errors: list[str] = []
        self.csp_violations: list[str] = []
        self.socket_frames: list[str] = []
        self.rest_calls: list[str] = []
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("console", self._on_console)
        page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: self.socket_frames.append(str(frame))))
        page.on("request", lambda request: "/webhooks/" in request.url and self.rest_calls.append(request.url))

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    @property
    def bot_messages(self):
        return self.page.locator("#messages .message.bot")

    @property
    def user_messages(self):
        return self.page.locator("#messages .message.user")

    def open(self) -> None:
        self.page.goto(self.url)
        expect(self.bot_messages.first).to_contain_text("not medical advice", timeout=REPLY_TIMEOUT_MS)

    def ask(self, question: str) -> str:
        """Types a question, presses Enter and returns the text of the first reply to it."""
        before = self.bot_messages.count()
        self.page.get_by_label("Your question").fill(question)
        self.page.get_by_label("Your question").press("Enter")
        return self.next_reply(before)

    def next_reply(self, before: int) -> str:
        expect(self.bot_messages).not_to_have_count(before, timeout=REPLY_TIMEOUT_MS)
        return self.bot_messages.nth(before).inner_text()

    def session_id(self) -> str:
        return self.page.evaluate("sessionStorage.getItem('scarcare.chat.session')")

    def assert_clean(self) -> None:
        assert self.dialogs == [] and self.page_errors == [] and self.csp_violations == []


@pytest.fixture
def chat(chromium, website: str) -> Iterator[Chat]:
    context = chromium.new_context(viewport=DESKTOP)
    try:
        yield Chat(context.new_page(), website)
    finally:
        context.close()


def tracker(assistant: Assistant, session_id: str) -> dict:
    response = requests.get(
        f"{assistant.url}/conversations/{conversation_id('socketio', session_id)}/tracker",
        params={"token": assistant.token},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()


def user_texts(tracker_json: dict) -> list[str]:
    return [event["text"] for event in tracker_json["events"] if event["event"] == "user"]


def test_opens_with_a_welcome_the_not_medical_advice_note_and_topic_buttons_over_socket_io(chat: Chat, assistant):
    chat.open()
    welcome = chat.bot_messages.first
    expect(welcome).to_contain_text("I answer questions about stem-cell treatment")
    expect(welcome.get_by_role("button")).to_have_text(WELCOME_TOPICS)
    expect(chat.user_messages).to_have_count(0)
    assert any('"bot_uttered"' in frame and "not medical advice" in frame for frame in chat.socket_frames)
    assert chat.rest_calls == []
    conversation = tracker(assistant, chat.session_id())
    assert user_texts(conversation) == ["/greet"] and conversation["latest_input_channel"] == "socketio"
    chat.assert_clean()


def test_a_price_question_is_answered_with_a_figure_after_a_typing_indicator(chat: Chat):
    chat.open()
    before = chat.bot_messages.count()
    typing_shown = chat.page.evaluate(
        """() => {
            document.getElementById('message').value = 'how much does it cost in korea?';
            document.getElementById('composer').requestSubmit();
            return !document.getElementById('typing').hidden;
        }"""
    )
    assert typing_shown
    reply = chat.next_reply(before)
    expect(chat.page.locator("#typing")).to_be_hidden()
    expect(chat.user_messages.last).to_have_text("You: how much does it cost in korea?")
    assert PRICE_FIGURE.search(reply), reply
    chat.assert_clean()


def test_a_topic_button_sends_its_payload_shows_its_title_and_gets_its_answer(chat: Chat, assistant):
    chat.open()
    before = chat.bot_messages.count()
    chat.page.get_by_role("button", name="What is a hypertrophic scar?").click()
    reply = chat.next_reply(before)
    expect(chat.user_messages.last).to_have_text("You: What is a hypertrophic scar?")
    assert "scar" in reply.lower() and "raised" in reply.lower(), reply
    assert user_texts(tracker(assistant, chat.session_id()))[-1] == '/ask_question{"fact": "condition_definition"}'
    expect(chat.bot_messages.first.get_by_role("button").first).to_be_disabled()
    expect(chat.page.get_by_label("Your question")).to_be_focused()


def test_a_reload_shows_the_history_again_and_continues_the_same_conversation(chat: Chat, assistant):
    chat.open()
    chat.ask("how much does it cost in korea?")
    session_id = chat.session_id()
    shown = chat.page.locator("#messages .message").all_inner_texts()

    chat.page.reload()
    expect(chat.page.locator("#messages .message")).to_have_count(len(shown))
    assert chat.page.locator("#messages .message").all_inner_texts() == shown
    assert chat.session_id() == session_id
    expect(chat.page.locator("#status")).to_be_empty(timeout=REPLY_TIMEOUT_MS)

    reply = chat.ask("and in Turkey?")
    assert "$" in reply, reply
    # One conversation on the server across two sockets: session persistence at work, and the
    # welcome was not requested again by the reload.
    assert user_texts(tracker(assistant, session_id)) == ["/greet", "how much does it cost in korea?", "and in Turkey?"]
    expect(chat.bot_messages.filter(has_text="not medical advice")).to_have_count(1)
    assert chat.page.evaluate("localStorage.length") == 0 and chat.page.context.cookies() == []
    chat.assert_clean()


def test_markup_in_a_question_is_shown_as_text_and_never_run(chat: Chat):
    chat.open()
    chat.page.evaluate("window.markupRan = false")
    chat.ask(MARKUP.replace("alert(1)", "window.markupRan=true;alert(1)"))
    expect(chat.user_messages.last).to_have_text("You: " + MARKUP.replace("alert(1)", "window.markupRan=true;alert(1)"))
    chat.ask(MARKUP)
    expect(chat.user_messages.last).to_have_text("You: " + MARKUP)
    expect(chat.page.locator("#messages img")).to_have_count(0)
    assert chat.page.evaluate("window.markupRan") is False
    chat.assert_clean()


def test_markup_in_a_bot_message_and_its_buttons_is_shown_as_text(chromium, website: str):
    """Rasa's own answers carry no markup, so the test plays a server that sends some."""
    context = chromium.new_context(viewport=DESKTOP)
    routes = []

    def forward(route) -> None:
        route.connect_to_server()
        routes.append(route)

    try:
        page = context.new_page()
        page.route_web_socket(re.compile(r".*/socket\.io/.*"), forward)
        chat = Chat(page, website)
        chat.open()
        bot_markup = "<img src=x onerror=window.markupRan=true><b>bold</b>"
        message = {"text": bot_markup, "quick_replies": [{"title": "<i>choice</i>", "payload": "/greet"}]}
        routes[0].send("42" + json.dumps(["bot_uttered", message]))
        expect(chat.bot_messages.last).to_contain_text(bot_markup)
        expect(chat.bot_messages.last.get_by_role("button")).to_have_text("<i>choice</i>")
        expect(page.locator("#messages img, #messages b, #messages i")).to_have_count(0)
        assert page.evaluate("window.markupRan") is None
        chat.assert_clean()
    finally:
        context.close()


def test_keyboard_only_tab_to_the_question_type_and_press_enter(chat: Chat):
    chat.open()
    page = chat.page
    focused = []
    for _ in range(20):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id || document.activeElement.textContent"))
        if focused[-1] == "message":
            break
    # Focus order: the conversation (scrollable), the welcome's topics, then the question field.
    assert focused == ["messages", *WELCOME_TOPICS, "message"]
    before = chat.bot_messages.count()
    page.keyboard.type("how much does it cost in korea?")
    page.keyboard.press("Enter")
    assert PRICE_FIGURE.search(chat.next_reply(before))
    expect(page.get_by_label("Your question")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send")).to_be_focused()


def test_new_messages_are_announced_through_an_aria_live_region(chat: Chat):
    chat.open()
    announcer = chat.page.locator("[aria-live=polite]")
    expect(announcer).to_have_count(1)
    expect(announcer).to_contain_text("not medical advice")
    expect(announcer).to_contain_text("Suggested questions: What is a hypertrophic scar?")
    reply = chat.ask("how much does it cost in korea?")
    expect(announcer).to_contain_text(reply.removeprefix("Assistant: ").strip()[:60])
    expect(chat.page.get_by_role("textbox", name="Your question")).to_be_visible()
    expect(chat.page.get_by_role("list", name="Conversation")).to_be_visible()
    expect(chat.page.get_by_role("status")).to_have_count(1)


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(tuple(int(v) for v in re.findall(r"\d+", c)[:3])) for c in (foreground, background)),
        reverse=True,
    )
    return (lighter + 0.05) / (darker + 0.05)


def test_text_has_at_least_aa_contrast(chat: Chat):
    chat.open()
    chat.ask("how much does it cost in korea?")
    for selector in ("#messages .user p", "#messages .bot p", ".choices button", ".composer button", ".privacy", "h1"):
        element = chat.page.locator(selector).last
        colours = element.evaluate(
            """element => {
                let background = element;
                while (getComputedStyle(background).backgroundColor === 'rgba(0, 0, 0, 0)') {
                    background = background.parentElement;
                }
                return [getComputedStyle(element).color, getComputedStyle(background).backgroundColor];
            }"""
        )
        assert contrast(*colours) >= 4.5, (selector, colours)


def test_the_page_connects_only_to_itself_and_rasa_and_serves_its_own_socket_io_client(website: str, assistant):
    page = requests.get(website, timeout=10)
    policy = page.headers["Content-Security-Policy"]
    rasa_origin = assistant.url
    assert f"connect-src 'self' {rasa_origin} {rasa_origin.replace('http://', 'ws://')};" in policy
    assert "default-src 'self'" in policy
    assert re.findall(r'<script src="([^"]+)"', page.text) == ["/vendor/socket.io.min.js", "/static/chat.js"]
    client = requests.get(f"{website}/vendor/socket.io.min.js", timeout=10)
    installed = PROJECT_ROOT / "web" / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
    assert client.status_code == 200 and client.content == installed.read_bytes()
    assert requests.get(f"{website}/config.json", timeout=10).json() == {"rasaUrl": rasa_origin}


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_screenshots_on_a_desktop_and_a_phone(chromium, website: str, name: str, viewport: dict):
    context = chromium.new_context(viewport=viewport, is_mobile=name == "phone", has_touch=name == "phone")
    try:
        chat = Chat(context.new_page(), website)
        chat.open()
        chat.ask("how much does it cost in korea?")
        page = chat.page
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        for control in (page.get_by_label("Your question"), page.get_by_role("button", name="Send")):
            box = control.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
        expect(page.locator("#typing")).to_be_hidden()
        page.get_by_label("Your question").scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"widget-{name}.png")
        chat.assert_clean()
    finally:
        context.close()


def fetch_from_website(path: str, host: str, method: str = "GET") -> tuple[int, str, dict[str, str]]:
    """One request to the website app, in process, with the given Host header."""

    async def fetch() -> tuple[int, str, dict[str, str]]:
        async with TestClient(TestServer(make_app())) as client:
            response = await client.request(method, path, headers={"Host": host})
            return response.status, await response.text(), dict(response.headers)

    # On a thread of its own: Playwright's sync API keeps an event loop running on this one.
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, fetch()).result()


def test_without_public_rasa_url_the_page_points_at_rasa_on_a_configured_host_only(monkeypatch):
    monkeypatch.delenv("PUBLIC_RASA_URL", raising=False)
    monkeypatch.setenv("RASA_PORT", "5999")
    monkeypatch.setenv("RASA_CORS_ORIGINS", "https://www.clinic.example http://clinic.example:8000")

    status, body, headers = fetch_from_website("/config.json", "clinic.example:8000")
    assert status == 200 and json.loads(body) == {"rasaUrl": "http://clinic.example:5999"}
    assert (
        "connect-src 'self' http://clinic.example:5999 ws://clinic.example:5999;" in headers["Content-Security-Policy"]
    )
    for forged in ("attacker.example", "clinic.example; script-src *", "[::1]:8000"):
        status, body, headers = fetch_from_website("/config.json", forged)
        assert status == 200 and json.loads(body) == {"rasaUrl": "http://www.clinic.example:5999"}, forged
        assert "attacker" not in headers["Content-Security-Policy"] and "script-src *" not in str(headers)


def test_error_responses_carry_the_security_headers_too(monkeypatch):
    monkeypatch.delenv("PUBLIC_RASA_URL", raising=False)
    for path, method, status in (
        ("/no-such-page", "GET", 404),
        ("/", "POST", 405),
        ("/static/../../etc/passwd", "GET", 404),
    ):
        answered, _body, headers = fetch_from_website(path, "localhost:8000", method)
        assert answered == status, path
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
