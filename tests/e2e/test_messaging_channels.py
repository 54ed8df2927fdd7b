"""Each messaging channel as its platform meets it: a real Rasa server and action server, started
by `make run`'s code with the channels switched on through their environment variables, get each
platform's real webhook calls (signed like the platform signs them, and wrongly signed ones that
must be refused), and the replies reach the platform's API, which here is a local HTTP receiver
the channels are pointed at by their `*_API_URL` variables (the platforms cannot be reached)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
import requests
from twilio.request_validator import RequestValidator

from channels.signatures import telegram_secret_token
from inquiries.store import InquiryStore
from knowledge.database import make_engine
from scripts.fuzz_inputs import connected_client
from tests.e2e.conftest import Assistant, start_assistant

TELEGRAM_TOKEN = "123456789:AAE-test-token"
TELEGRAM_WEBHOOK_URL = "https://chat.clinic.example/webhooks/telegram/webhook"
FACEBOOK_VERIFY_TOKEN = "fb-verify-token"
FACEBOOK_APP_SECRET = "fb-app-secret"
TWILIO_ACCOUNT_SID = "AC00000000000000000000000000000000"
TWILIO_AUTH_TOKEN = "twilio-auth-token"
TWILIO_NUMBER = "whatsapp:+14155238886"
TWILIO_WEBHOOK_URL = "https://chat.clinic.example/webhooks/twilio/webhook"
SLACK_SIGNING_SECRET = "slack-signing-secret"
LINE_CHANNEL_SECRET = "line-channel-secret"
LINE_ACCESS_TOKEN = "line-access-token"
EXPIRED_REPLY_TOKEN = "expired-reply-token"
WAIT_S = 30

GREETING = "not medical advice"
GREETING_PAYLOADS = [
    '/ask_question{"fact": "condition_definition"}',
    '/ask_question{"fact": "stem_cells_overview"}',
    '/ask_question{"fact": "clinics_list"}',
    '/ask_question{"fact": "costs_session_price_seoul"}',
]


@dataclass
class Call:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)

    @property
    def form(self) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(self.body.decode()).items()}


@dataclass
class Receiver:
    """Stands in for the platforms' APIs and the clinic CRM: records every call and answers like
    the platform does."""

    url: str = ""
    calls: list[Call] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def record(self, call: Call) -> None:
        with self.changed:
            self.calls.append(call)
            self.changed.notify_all()

    def wait_for(self, matches: Callable[[Call], bool], what: str) -> Call:
        deadline = time.monotonic() + WAIT_S
        with self.changed:
            while True:
                found = [call for call in self.calls if matches(call)]
                if found:
                    return found[0]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    paths = [call.path for call in self.calls]
                    raise AssertionError(f"no call {what} within {WAIT_S} s; calls so far: {paths}")
                self.changed.wait(remaining)

    def calls_to(self, prefix: str) -> list[Call]:
        with self.changed:
            return [call for call in self.calls if call.path.startswith(prefix)]


def platform_answer(call: Call) -> tuple[int, dict]:
    if call.path.startswith("/telegram/"):
        return 200, {"ok": True, "result": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}}}
    if call.path.startswith("/facebook/"):
        return 200, {"recipient_id": "1", "message_id": "m_1"}
    if call.path.startswith("/twilio/"):
        return 201, {"sid": "SM" + uuid.uuid4().hex, "status": "queued"}
    if call.path.startswith("/slack/"):
        return 200, {"ok": True, "channel": "D1", "ts": "1700000000.000200"}
    if call.path.startswith("/line/") and call.json.get("replyToken") == EXPIRED_REPLY_TOKEN:
        return 400, {"message": "Invalid reply token"}
    return 200, {}


def start_receiver() -> tuple[Receiver, ThreadingHTTPServer]:
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            call = Call(self.path, dict(self.headers), body)
            receiver.record(call)
            status, answer = platform_answer(call)
            content = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    receiver.url = f"http://127.0.0.1:{server.server_port}"
    return receiver, server


@dataclass
class Setup:
    assistant: Assistant
    receiver: Receiver

    def webhook(self, channel: str) -> str:
        return f"{self.assistant.url}/webhooks/{channel}/webhook"


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> Iterator[Setup]:
    receiver, server = start_receiver()
    environment = {
        "CALLBACK_URL": f"{receiver.url}/crm/replies",
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_WEBHOOK_URL": TELEGRAM_WEBHOOK_URL,
        "TELEGRAM_API_URL": f"{receiver.url}/telegram",
        "FACEBOOK_VERIFY_TOKEN": FACEBOOK_VERIFY_TOKEN,
        "FACEBOOK_APP_SECRET": FACEBOOK_APP_SECRET,
        "FACEBOOK_PAGE_ACCESS_TOKEN": "fb-page-token",
        "FACEBOOK_GRAPH_URL": f"{receiver.url}/facebook/v19.0",
        "TWILIO_ACCOUNT_SID": TWILIO_ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
        "TWILIO_NUMBER": TWILIO_NUMBER,
        "TWILIO_WEBHOOK_URL": TWILIO_WEBHOOK_URL,
        "TWILIO_API_URL": f"{receiver.url}/twilio",
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
        "SLACK_API_URL": f"{receiver.url}/slack/api/",
        "LINE_CHANNEL_SECRET": LINE_CHANNEL_SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": LINE_ACCESS_TOKEN,
        "LINE_API_URL": f"{receiver.url}/line",
    }
    try:
        with pytest.MonkeyPatch.context() as patch:
            for name, value in environment.items():
                patch.setenv(name, value)
            for assistant in start_assistant(tmp_path_factory.mktemp("channels")):
                yield Setup(assistant, receiver)
    finally:
        server.shutdown()


def new_id(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def new_chat_id() -> int:
    return uuid.uuid4().int % 10**9


# Telegram


def telegram_update(chat_id: int, text: str) -> dict:
    person = {"id": chat_id, "is_bot": False, "first_name": "Min"}
    message = {"message_id": 1, "date": int(time.time()), "chat": {"id": chat_id, "type": "private"}, "from": person}
    return {"update_id": chat_id, "message": {**message, "text": text}}


def telegram_post(setup: Setup, update: dict, secret: str | None) -> requests.Response:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return requests.post(setup.webhook("telegram"), json=update, headers=headers, timeout=30)


def telegram_sends_to(chat_id: int) -> Callable[[Call], bool]:
    return lambda call: call.path.endswith("/sendMessage") and call.form.get("chat_id") == str(chat_id)


def test_telegram_webhook_is_registered_at_start_with_a_secret_token(setup):
    call = setup.receiver.wait_for(lambda call: call.path.endswith("/setWebhook"), "to setWebhook")
    assert call.path == f"/telegram/bot{TELEGRAM_TOKEN}/setWebhook"
    assert call.form["url"] == TELEGRAM_WEBHOOK_URL
    assert call.form["secret_token"] == telegram_secret_token(TELEGRAM_TOKEN)


def test_telegram_message_gets_the_reply_with_an_inline_keyboard(setup):
    chat_id = new_chat_id()
    answer = telegram_post(setup, telegram_update(chat_id, "hello"), telegram_secret_token(TELEGRAM_TOKEN))
    assert answer.status_code == 200
    sent = setup.receiver.wait_for(telegram_sends_to(chat_id), "to sendMessage")
    assert GREETING in sent.form["text"]
    keyboard = json.loads(sent.form["reply_markup"])["inline_keyboard"]
    assert [row[0]["callback_data"] for row in keyboard][:4] == GREETING_PAYLOADS


def test_telegram_button_tap_is_answered_and_sends_the_payload(setup):
    chat_id = new_chat_id()
    chat = {"id": chat_id, "type": "private"}
    tap = {
        "id": "cb-" + str(chat_id),
        "from": {"id": chat_id, "is_bot": False, "first_name": "Min"},
        "message": {"message_id": 2, "date": int(time.time()), "chat": chat, "text": "Hello!"},
        "chat_instance": "1",
        "data": '/ask_question{"fact": "clinics_list"}',
    }
    answer = telegram_post(setup, {"update_id": 2, "callback_query": tap}, telegram_secret_token(TELEGRAM_TOKEN))
    assert answer.status_code == 200
    setup.receiver.wait_for(
        lambda call: call.path.endswith("/answerCallbackQuery") and call.form["callback_query_id"] == tap["id"],
        "to answerCallbackQuery",
    )
    sent = setup.receiver.wait_for(telegram_sends_to(chat_id), "to sendMessage")
    assert "Cellinique" in sent.form["text"]


def test_telegram_update_without_the_right_secret_is_refused_and_not_processed(setup):
    chat_id = new_chat_id()
    assert telegram_post(setup, telegram_update(chat_id, "hello"), None).status_code == 401
    wrong = telegram_post(setup, telegram_update(chat_id, "hello"), "guessed")
    assert wrong.status_code == 403
    assert "X-Telegram-Bot-Api-Secret-Token" in wrong.json()["error"]
    time.sleep(1)
    assert not [call for call in setup.receiver.calls_to("/telegram/") if telegram_sends_to(chat_id)(call)]


# Facebook Messenger


def facebook_event(sender: str, text: str) -> bytes:
    event = {
        "sender": {"id": sender},
        "recipient": {"id": "PAGE"},
        "timestamp": 1,
        "message": {"mid": "m1", "text": text},
    }
    return json.dumps({"object": "page", "entry": [{"id": "PAGE", "time": 1, "messaging": [event]}]}).encode()


def facebook_post(setup: Setup, body: bytes, secret: str) -> requests.Response:
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
    return requests.post(setup.webhook("facebook"), data=body, headers=headers, timeout=30)


def facebook_messages_to(setup: Setup, sender: str) -> list[dict]:
    bodies = [call.json for call in setup.receiver.calls_to("/facebook/v19.0/me/messages")]
    return [body for body in bodies if body["recipient"]["id"] == sender and "message" in body]


def test_facebook_verification_handshake_echoes_the_challenge_only_for_the_verify_token(setup):
    good = {"hub.mode": "subscribe", "hub.verify_token": FACEBOOK_VERIFY_TOKEN, "hub.challenge": "1158201444"}
    answer = requests.get(setup.webhook("facebook"), params=good, timeout=10)
    assert (answer.status_code, answer.text) == (200, "1158201444")
    refused = requests.get(setup.webhook("facebook"), params={**good, "hub.verify_token": "guess"}, timeout=10)
    assert refused.status_code == 403


def test_facebook_message_gets_the_reply_with_quick_replies(setup):
    sender = new_id("fb-")
    assert facebook_post(setup, facebook_event(sender, "hello"), FACEBOOK_APP_SECRET).status_code == 200
    [reply] = facebook_messages_to(setup, sender)
    assert GREETING in reply["message"]["text"]
    assert "1. What is a hypertrophic scar?" in reply["message"]["text"], "titles over 20 characters are numbered"
    quick = reply["message"]["quick_replies"]
    assert [item["title"] for item in quick] == ["1", "2", "3", "4", "5"]
    assert [item["payload"] for item in quick][:4] == GREETING_PAYLOADS
    assert setup.receiver.calls_to("/facebook/v19.0/me/messages")[0].path.endswith("access_token=fb-page-token")


def test_facebook_wrongly_signed_or_unsigned_event_is_refused_and_not_processed(setup):
    sender = new_id("fb-intruder-")
    body = facebook_event(sender, "hello")
    assert facebook_post(setup, body, "not-the-app-secret").status_code == 403
    unsigned = requests.post(setup.webhook("facebook"), data=body, headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 401
    assert facebook_messages_to(setup, sender) == []


# WhatsApp through Twilio


def twilio_post(setup: Setup, sender: str, text: str, signed_for: str = TWILIO_WEBHOOK_URL) -> requests.Response:
    form = {
        "From": sender,
        "To": TWILIO_NUMBER,
        "Body": text,
        "MessageSid": new_id("SM"),
        "AccountSid": TWILIO_ACCOUNT_SID,
    }
    signature = RequestValidator(TWILIO_AUTH_TOKEN).compute_signature(signed_for, form)
    return requests.post(setup.webhook("twilio"), data=form, headers={"X-Twilio-Signature": signature}, timeout=30)


def twilio_bodies_to(setup: Setup, recipient: str) -> list[str]:
    path = f"/twilio/2010-04-01/Accounts/{TWILIO_ACCOUNT_SID}/Messages.json"
    forms = [call.form for call in setup.receiver.calls_to(path)]
    return [form["Body"] for form in forms if form["To"] == recipient and form["From"] == TWILIO_NUMBER]


def test_whatsapp_buttons_arrive_as_numbered_options_and_a_number_picks_one(setup):
    patient = f"whatsapp:+8210{uuid.uuid4().int % 10**8:08d}"
    answer = twilio_post(setup, patient, "hello")
    assert answer.status_code == 200 and "<Response>" in answer.text
    [greeting] = twilio_bodies_to(setup, patient)
    assert GREETING in greeting
    assert "1. What is a hypertrophic scar?\n2. How does the treatment work?" in greeting
    assert len(greeting) <= 1600

    assert twilio_post(setup, patient, "3").status_code == 200
    after = twilio_bodies_to(setup, patient)[1:]
    assert after and "Cellinique" in "\n".join(after), "3 stood for the third option, the clinics"


def test_whatsapp_message_signed_for_another_url_or_unsigned_is_refused(setup):
    patient = f"whatsapp:+8210{uuid.uuid4().int % 10**8:08d}"
    wrong = twilio_post(setup, patient, "hello", signed_for=setup.webhook("twilio"))
    assert wrong.status_code == 403
    assert TWILIO_WEBHOOK_URL in wrong.json()["error"]
    unsigned = requests.post(setup.webhook("twilio"), data={"From": patient, "Body": "hello"}, timeout=30)
    assert unsigned.status_code == 401
    assert twilio_bodies_to(setup, patient) == []


# Slack


def slack_post(setup: Setup, payload: dict, secret: str = SLACK_SIGNING_SECRET, **headers: str) -> requests.Response:
    body = json.dumps(payload).encode()
    timestamp = str(int(time.time()))
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    signed = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}
    return requests.post(
        setup.webhook("slack"),
        data=body,
        headers={"Content-Type": "application/json", **signed, **headers},
        timeout=30,
    )


def slack_event(channel: str, text: str, event_id: str) -> dict:
    event = {
        "type": "message",
        "channel_type": "im",
        "user": "U0PATIENT",
        "text": text,
        "ts": "1.0",
        "channel": channel,
    }
    return {"type": "event_callback", "team_id": "T1", "event": event, "event_id": event_id, "event_time": 1}


def slack_posts_to(setup: Setup, channel: str) -> list[dict]:
    bodies = [call.json for call in setup.receiver.calls_to("/slack/api/chat.postMessage")]
    return [body for body in bodies if body["channel"] == channel]


def test_slack_url_verification_answers_the_challenge(setup):
    answer = slack_post(
        setup,
        {"type": "url_verification", "token": "t", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"},
    )
    assert answer.status_code == 200
    assert answer.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


def test_slack_message_gets_the_reply_with_buttons_and_a_retry_is_not_processed_twice(setup):
    channel = new_id("D")
    event_id = new_id("Ev")
    assert slack_post(setup, slack_event(channel, "hello", event_id)).status_code == 200
    setup.receiver.wait_for(
        lambda call: call.path.endswith("chat.postMessage") and channel in str(call.body), "to Slack"
    )
    [greeting] = slack_posts_to(setup, channel)
    assert GREETING in greeting["text"]
    buttons = greeting["blocks"][-1]["elements"]
    assert [button["value"] for button in buttons][:4] == GREETING_PAYLOADS

    retry = slack_post(
        setup,
        slack_event(channel, "hello", event_id),
        **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"},
    )
    assert retry.status_code == 200 and retry.headers.get("X-Slack-No-Retry") == "1"
    # A later message of the same conversation is answered after anything queued before it.
    assert slack_post(setup, slack_event(channel, "thank you", new_id("Ev"))).status_code == 200
    setup.receiver.wait_for(
        lambda call: channel in str(call.body) and "welcome" in str(call.body), "with the thanks reply"
    )
    assert [GREETING in post["text"] for post in slack_posts_to(setup, channel)].count(True) == 1


def test_slack_unsigned_or_wrongly_signed_event_is_refused_and_not_processed(setup):
    channel = new_id("D")
    wrong = slack_post(setup, slack_event(channel, "hello", new_id("Ev")), secret="not-the-signing-secret")
    assert wrong.status_code == 403
    unsigned = requests.post(setup.webhook("slack"), json=slack_event(channel, "hello", new_id("Ev")), timeout=30)
    assert unsigned.status_code == 401
    time.sleep(1)
    assert slack_posts_to(setup, channel) == []


# LINE


def line_post(setup: Setup, payload: dict, secret: str = LINE_CHANNEL_SECRET) -> requests.Response:
    body = json.dumps(payload).encode()
    signature = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
    headers = {"Content-Type": "application/json", "X-Line-Signature": signature}
    return requests.post(setup.webhook("line"), data=body, headers=headers, timeout=30)


def line_event(user: str, reply_token: str, **event: object) -> dict:
    common = {"webhookEventId": new_id("01H"), "timestamp": 1, "mode": "active", "replyToken": reply_token}
    source = {"type": "user", "userId": user}
    return {
        "destination": "Ubot",
        "events": [{**common, "source": source, "deliveryContext": {"isRedelivery": False}, **event}],
    }


def test_line_webhook_verification_with_no_events_is_answered(setup):
    assert line_post(setup, {"destination": "Ubot", "events": []}).status_code == 200


def test_line_message_is_answered_through_the_reply_api_with_quick_replies(setup):
    user = new_id("U")
    token = new_id("reply-")
    message = {"type": "message", "message": {"type": "text", "id": "1", "text": "hello"}}
    assert line_post(setup, line_event(user, token, **message)).status_code == 200
    call = setup.receiver.wait_for(
        lambda call: call.path == "/line/v2/bot/message/reply" and call.json["replyToken"] == token, "to the reply API"
    )
    assert call.headers["Authorization"] == f"Bearer {LINE_ACCESS_TOKEN}"
    [reply] = call.json["messages"]
    assert GREETING in reply["text"]
    actions = [item["action"] for item in reply["quickReply"]["items"]]
    assert [action["label"] for action in actions] == ["1", "2", "3", "4", "5"]
    assert [action["data"] for action in actions][:4] == GREETING_PAYLOADS


def test_line_quick_reply_tap_falls_back_to_push_when_the_reply_token_is_refused(setup):
    user = new_id("U")
    tap = {"type": "postback", "postback": {"data": '/ask_question{"fact": "clinics_list"}'}}
    assert line_post(setup, line_event(user, EXPIRED_REPLY_TOKEN, **tap)).status_code == 200
    push = setup.receiver.wait_for(
        lambda call: call.path == "/line/v2/bot/message/push" and call.json["to"] == user, "to the push API"
    )
    assert "Cellinique" in "\n".join(message["text"] for message in push.json["messages"])


def test_line_unsigned_or_wrongly_signed_event_is_refused_and_not_processed(setup):
    user = new_id("U")
    payload = line_event(user, new_id("reply-"), type="message", message={"type": "text", "id": "2", "text": "hello"})
    assert line_post(setup, payload, secret="not-the-channel-secret").status_code == 403
    assert requests.post(setup.webhook("line"), json=payload, timeout=30).status_code == 401
    time.sleep(1)
    assert not [call for call in setup.receiver.calls_to("/line/") if user in str(call.body)]


# Callback (clinic CRM)


def test_callback_replies_are_posted_to_the_configured_url(setup):
    sender = new_id("crm-")
    answer = requests.post(setup.webhook("callback"), json={"sender": sender, "message": "hello"}, timeout=30)
    assert answer.status_code == 200
    call = setup.receiver.wait_for(
        lambda call: call.path == "/crm/replies" and call.json.get("recipient_id") == sender, "to the CRM"
    )
    assert GREETING in call.json["text"]
    assert [button["payload"] for button in call.json["buttons"]][:4] == GREETING_PAYLOADS


def test_callback_refuses_a_body_without_a_sender(setup):
    answer = requests.post(setup.webhook("callback"), json={"message": "hello"}, timeout=30)
    assert answer.status_code == 400
    assert "sender" in answer.json()["error"]


# Channel identity: a sender id reaches only its own channel's conversation


def socketio_says(url: str, session_id: str, *messages: str) -> list[str]:
    """The replies on the website's channel (socket.io) to each message, in one session."""

    async def converse() -> list[str]:
        received: list = []
        client = await connected_client(url, received)
        replies = []
        try:
            await client.call("session_request", {"session_id": session_id}, timeout=30)
            for message in messages:
                received.clear()
                await client.call("user_uttered", {"message": message, "session_id": session_id}, timeout=60)
                await asyncio.sleep(0.2)
                replies.append("\n".join(reply.get("text", "") for reply in received if isinstance(reply, dict)))
        finally:
            await client.disconnect()
        return replies

    with ThreadPoolExecutor(1) as thread:  # Playwright's sync API may keep an event loop running on this one
        return thread.submit(asyncio.run, converse()).result()


def stored_events(assistant: Assistant, conversation: str) -> list[dict]:
    response = requests.get(
        f"{assistant.url}/conversations/{conversation}/tracker",
        params={"token": assistant.token, "include_events": "ALL"},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()["events"]


PRIVACY_REQUESTS = ("what data do you have about me", "yes", "delete my data", "yes")


def test_no_channel_can_read_write_or_erase_another_channels_conversation(setup):
    assistant = setup.assistant
    whatsapp, chat_id, session = f"whatsapp:+8210{uuid.uuid4().int % 10**8:08d}", new_chat_id(), uuid.uuid4().hex
    assert twilio_post(setup, whatsapp, "talk to a human").status_code == 200
    telegram_post(setup, telegram_update(chat_id, "talk to a human"), telegram_secret_token(TELEGRAM_TOKEN))
    socketio_says(assistant.url, session, "talk to a human")
    owned = {f"twilio:{whatsapp}": whatsapp, f"telegram:{chat_id}": str(chat_id), f"socketio:{session}": session}
    store = InquiryStore(make_engine(assistant.inquiry_db_url))
    assert all(store.for_conversation(conversation).handoff_requested for conversation in owned)
    before = {conversation: stored_events(assistant, conversation) for conversation in owned}

    for conversation, sender in owned.items():  # the platform's id, and the stored id, on REST and socket.io
        for posing_as in (sender, conversation):
            attempts = [[assistant.reply_text(posing_as, message) for message in PRIVACY_REQUESTS]]
            if posing_as != session:  # the website session's own id is its owner's (random, issued by the server)
                attempts.append(socketio_says(assistant.url, posing_as, *PRIVACY_REQUESTS))
            for replies in attempts:
                assert "No inquiry is stored for this conversation" in replies[1], replies[1]
                assert "This conversation has been deleted" in replies[3], replies[3]
                assert "This covers only this conversation" in replies[3]

    for conversation in owned:
        assert store.for_conversation(conversation).handoff_requested, f"{conversation}: the inquiry is intact"
        assert stored_events(assistant, conversation) == before[conversation], f"{conversation} was changed"
    assert any("coordinator" in body for body in twilio_bodies_to(setup, whatsapp)), "answered on WhatsApp"
