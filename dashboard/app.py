"""The dashboard's routes. Every database call runs in a worker thread, so one slow query never
holds up another coordinator's page; every page is a Jinja2 template with autoescaping, because
patients' messages may contain HTML."""

from __future__ import annotations

import asyncio
import logging
import math
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp_session import get_session, new_session, session_middleware
from sqlalchemy.engine import Engine

from dashboard.forms import (
    FILTER_PARAMS,
    BadInput,
    filter_params,
    note_text,
    queue_filter,
    status_choice,
    status_label,
    text_field,
)
from dashboard.security import (
    MAX_FAILURES_PER_ADDRESS,
    LoginLimiter,
    PasswordCheckGate,
    add_security_headers,
    check_csrf,
    cookie_storage,
    csrf_token,
    limiter_keys,
    require_login,
    safe_next,
)
from inquiries.accounts import authenticate
from inquiries.export import COLUMNS, to_csv
from inquiries.models import STATUSES, URGENCIES, Inquiry, utcnow
from inquiries.retention import purge
from inquiries.store import InquiryStore, QueueFilter, UnknownInquiry
from inquiries.transcripts import Transcripts

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STORE = web.AppKey("store", InquiryStore)
TRANSCRIPTS = web.AppKey("transcripts", Transcripts)
LIMITER = web.AppKey("limiter", LoginLimiter)
ADDRESS_LIMITER = web.AppKey("address_limiter", LoginLimiter)
GATE = web.AppKey("password_check_gate", PasswordCheckGate)
BUSY = "Too many logins at once. Please try again in a few seconds."
PAGE_LIMIT = 500
MAX_FORM_BYTES = 64 * 1024
MAX_PASSWORD = 1024
PURGE_INTERVAL_S = 24 * 3600
ERROR_MESSAGES = {
    404: "There is no such page.",
    405: "This page does not take that kind of request.",
    413: f"The form is too large: at most {MAX_FORM_BYTES // 1024} KB.",
}


async def render(request: web.Request, template: str, context: dict, status: int = 200) -> web.Response:
    """A page with the signed-in user, the session's form token and a one-time message."""
    session = await get_session(request)
    common = {"user": session.get("user"), "csrf_token": csrf_token(session), "flash": session.pop("flash", None)}
    return aiohttp_jinja2.render_template(template, request, {**common, **context}, status=status)


async def flash(request: web.Request, message: str) -> None:
    """A message for the next page this session sees (after a redirect)."""
    (await get_session(request))["flash"] = message


def inquiry_id(request: web.Request) -> int:
    return int(request.match_info["id"])  # the route allows 1 to 9 digits only


async def with_inquiry(call, number: int, *args) -> Inquiry:
    """Runs the store's `call(number, *args)` in a worker thread; an unknown number is a 404."""
    try:
        return await asyncio.to_thread(call, number, *args)
    except UnknownInquiry:
        raise BadInput(f"There is no inquiry #{number}.", status=404) from None


# Public


async def health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def login_form(
    request: web.Request, target: str, username: str = "", error: str | None = None, status: int = 200
) -> web.Response:
    context = {"next": target, "username": username, "error": error}
    return await render(request, "login.html", context, status=status)


async def login_page(request: web.Request) -> web.Response:
    target = safe_next(request.query.get("next"))
    if (await get_session(request)).get("user"):
        raise web.HTTPSeeOther(target)
    return await login_form(request, target)


@web.middleware
async def refuse_flooding_addresses(request: web.Request, handler):
    """A login from an address with thirty recent failures is a flood: refused first, in one line,
    before its session is decrypted or its form read, so it costs the coordinators' pages little."""
    if request.method == "POST" and request.path == "/login":
        wait_s = request.app[ADDRESS_LIMITER].retry_after(limiter_keys("", request.remote or "")[1])
        if wait_s:
            text = f"Too many failed logins from this address. Try again in {math.ceil(wait_s / 60)} minutes."
            return web.Response(text=text, status=429, headers={"Retry-After": str(wait_s)})
    return await handler(request)


async def login(request: web.Request) -> web.Response:
    form = await request.post()
    username = text_field(form, "username").strip().lower()[:100]
    password = text_field(form, "password")
    target = safe_next(text_field(form, "next"))
    limiter = request.app[LIMITER]
    keys = limiter_keys(username, request.remote or "")
    wait_s = limiter.retry_after(keys[0])
    if wait_s:
        minutes = math.ceil(wait_s / 60)
        message = f"Too many failed logins for this username. Try again in {minutes} minute{'s' * (minutes > 1)}."
        response = await login_form(request, target, username, message, status=429)
        response.headers["Retry-After"] = str(wait_s)
        return response
    user = None
    if username and password and len(password) <= MAX_PASSWORD:
        async with request.app[GATE].turn() as admitted:
            if not admitted:
                response = await login_form(request, target, username, BUSY, status=429)
                response.headers["Retry-After"] = "5"
                return response
            user = await asyncio.to_thread(authenticate, request.app[STORE].engine, username, password)
    if user is None:
        limiter.failed(keys[0])
        request.app[ADDRESS_LIMITER].failed(keys[1])
        return await login_form(request, target, username, "Wrong username or password.", status=401)
    limiter.succeeded(keys[0])
    session = await new_session(request)  # a fresh session and form token after login
    session["user"] = user
    raise web.HTTPSeeOther(target)


# Coordinators


async def logout(request: web.Request) -> web.Response:
    (await get_session(request)).invalidate()
    await new_session(request)
    await flash(request, "You are logged out.")
    raise web.HTTPSeeOther("/login")


def _queue_data(store: InquiryStore, criteria: QueueFilter) -> tuple[list[Inquiry], list[str], list[str]]:
    return store.queue(criteria, limit=PAGE_LIMIT + 1), store.topics(), store.channels()


async def queue_page(request: web.Request) -> web.Response:
    criteria = queue_filter(request.query)
    inquiries, topics, channels = await asyncio.to_thread(_queue_data, request.app[STORE], criteria)
    params = filter_params(criteria)
    context = {
        "inquiries": inquiries[:PAGE_LIMIT],
        "more": len(inquiries) > PAGE_LIMIT,
        "page_limit": PAGE_LIMIT,
        "values": {param: params.get(param, "") for param in FILTER_PARAMS},
        "filtered": bool(params),
        "statuses": STATUSES,
        "urgencies": URGENCIES,
        "topics": topics,
        "channels": channels,
        "export_url": request.app.router["export"].url_for().with_query(params),
        "api_url": request.app.router["api"].url_for().with_query(params),
    }
    return await render(request, "queue.html", context)


async def inquiry_page(request: web.Request) -> web.Response:
    inquiry = await with_inquiry(request.app[STORE].get, inquiry_id(request))
    transcript = await asyncio.to_thread(request.app[TRANSCRIPTS].transcript, inquiry.conversation_id)
    context = {"inquiry": inquiry, "transcript": transcript, "statuses": STATUSES}
    return await render(request, "inquiry.html", context)


async def change_status(request: web.Request) -> web.Response:
    number = inquiry_id(request)
    status = status_choice(await request.post())
    store, user = request.app[STORE], (await get_session(request))["user"]
    await with_inquiry(store.set_status, number, status, user)
    await flash(request, f"Status set to {status_label(status)}.")
    raise web.HTTPSeeOther(f"/inquiries/{number}")


async def add_note(request: web.Request) -> web.Response:
    number = inquiry_id(request)
    text = note_text(await request.post())
    store, user = request.app[STORE], (await get_session(request))["user"]
    await with_inquiry(store.add_note, number, user, text)
    await flash(request, "Note added.")
    raise web.HTTPSeeOther(f"/inquiries/{number}#notes")


async def export_csv(request: web.Request) -> web.Response:
    criteria = queue_filter(request.query)
    store = request.app[STORE]
    text = await asyncio.to_thread(lambda: to_csv(store.queue(criteria)))
    filename = f"inquiries-{date.today().isoformat()}.csv"
    return web.Response(
        text=text,
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def unanswered_page(request: web.Request) -> web.Response:
    questions = await asyncio.to_thread(request.app[TRANSCRIPTS].unanswered)
    return await render(request, "unanswered.html", {"questions": questions})


def inquiry_json(inquiry: Inquiry) -> dict:
    """The CSV export's columns, with times in ISO 8601 (UTC) and topics as a list."""
    fields = {column: getattr(inquiry, column) for column in COLUMNS}
    fields["topics"] = inquiry.topic_names
    for column, value in fields.items():
        if isinstance(value, datetime):
            fields[column] = value.isoformat(timespec="seconds") + "Z"
    return fields


async def api_inquiries(request: web.Request) -> web.Response:
    criteria = queue_filter(request.query)
    inquiries = await asyncio.to_thread(request.app[STORE].queue, criteria)
    return web.json_response({"count": len(inquiries), "inquiries": [inquiry_json(item) for item in inquiries]})


# Errors


async def error_response(request: web.Request, status: int, message: str) -> web.Response:
    if request.path.startswith("/api/"):
        return web.json_response({"error": message}, status=status)
    return await render(request, "error.html", {"status": status, "message": message}, status=status)


@web.middleware
async def error_pages(request: web.Request, handler):
    """Refusals become a page (or JSON for the API) that says what was wrong; never a stack trace."""
    try:
        return await handler(request)
    except BadInput as refusal:
        return await error_response(request, refusal.status, refusal.message)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        return await error_response(request, error.status, ERROR_MESSAGES.get(error.status, error.reason))
    except Exception:
        logger.exception("%s %s failed", request.method, request.path)
        return await error_response(request, 500, "Something went wrong on our side; it is in the dashboard's log.")


# Retention


def purge_daily(days: int, interval_s: float = PURGE_INTERVAL_S):
    """Removes expired closed inquiries at start-up and then every day, off the event loop."""

    async def context(app: web.Application):
        async def loop() -> None:
            while True:
                try:
                    await asyncio.to_thread(purge, app[STORE], app[TRANSCRIPTS], days)
                except Exception:
                    logger.exception("retention: the purge failed; trying again in %d s", interval_s)
                await asyncio.sleep(interval_s)

        task = asyncio.create_task(loop())
        yield
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task

    return context


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def _age(value: datetime) -> str:
    minutes = max(0, int((utcnow() - value).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} days"


def make_app(
    inquiry_engine: Engine,
    tracker_engine: Engine,
    secret_key: bytes,
    *,
    secure_cookies: bool = False,
    retention_days: int | None = None,
    login_limiter: LoginLimiter | None = None,
) -> web.Application:
    """The dashboard on these databases; `secret_key` (32 bytes) encrypts the session cookies."""
    app = web.Application(
        middlewares=[
            refuse_flooding_addresses,
            session_middleware(cookie_storage(secret_key, secure_cookies)),
            error_pages,
            require_login,
            check_csrf,
        ],
        client_max_size=MAX_FORM_BYTES,
    )
    app[STORE] = InquiryStore(inquiry_engine)
    app[TRANSCRIPTS] = Transcripts(tracker_engine)
    app[LIMITER] = login_limiter or LoginLimiter()
    app[ADDRESS_LIMITER] = LoginLimiter(
        max_failures=MAX_FAILURES_PER_ADDRESS, window_s=app[LIMITER].window_s, clock=app[LIMITER].clock
    )
    app[GATE] = PasswordCheckGate()
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        filters={"when": _when, "age": _age, "status_label": status_label},
    )
    app.on_response_prepare.append(add_security_headers)
    if retention_days:
        app.cleanup_ctx.append(purge_daily(retention_days))

    routes = app.router
    routes.add_get("/health", health)
    routes.add_get("/login", login_page, name="login")
    routes.add_post("/login", login)
    routes.add_post("/logout", logout)
    routes.add_get("/", queue_page)
    routes.add_get(r"/inquiries/{id:\d{1,9}}", inquiry_page)
    routes.add_post(r"/inquiries/{id:\d{1,9}}/status", change_status)
    routes.add_post(r"/inquiries/{id:\d{1,9}}/notes", add_note)
    routes.add_get("/export.csv", export_csv, name="export")
    routes.add_get("/unanswered", unanswered_page)
    routes.add_get("/api/inquiries", api_inquiries, name="api")
    routes.add_static("/static/", HERE / "static")
    return app
