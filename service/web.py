"""The website: the clinic page with the chat, served on WEB_PORT.

`/config.json` tells the page where the assistant's channels are, so the same files work on any
port or host.
"""

from __future__ import annotations

import os

from aiohttp import web

from service.settings import PROJECT_ROOT

WEB_ROOT = PROJECT_ROOT / "web"


async def config(request: web.Request) -> web.Response:
    rasa_url = os.environ.get("PUBLIC_RASA_URL") or f"http://{request.url.host}:{os.environ.get('RASA_PORT', '5005')}"
    return web.json_response({"rasaUrl": rasa_url}, headers={"Cache-Control": "no-store"})


async def index(_request: web.Request) -> web.FileResponse:
    return web.FileResponse(WEB_ROOT / "index.html")


@web.middleware
async def security_headers(request: web.Request, handler):
    response = await handler(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def make_app() -> web.Application:
    app = web.Application(middlewares=[security_headers])
    app.router.add_get("/", index)
    app.router.add_get("/config.json", config)
    app.router.add_static("/static/", WEB_ROOT / "static")
    return app


def main() -> None:
    web.run_app(
        make_app(), host=os.environ.get("WEB_HOST", "0.0.0.0"), port=int(os.environ.get("WEB_PORT", "8000")), print=None
    )


if __name__ == "__main__":
    main()
