"""The website: the clinic page with the chat widget, served on WEB_PORT.

`/config.json` tells the page where Rasa's socket.io channel is, so the same files work on any port
or host. The socket.io client comes from `web/node_modules` (installed by `npm ci --prefix web`),
never from a CDN, and the Content-Security-Policy lets the page connect only to itself and Rasa.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from aiohttp import web

from service.settings import PROJECT_ROOT

WEB_ROOT = PROJECT_ROOT / "web"
SOCKET_IO_CLIENT = WEB_ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
WEBSOCKET_SCHEME = {"http": "ws", "https": "wss"}
PLAIN_HOST = re.compile(r"[a-z0-9.-]+|[0-9a-f:.]+")


def rasa_url(request: web.Request) -> str:
    """PUBLIC_RASA_URL, or Rasa's port on the host the browser used to reach this page.

    The host comes from the Host header (not `request.url`, which this aiohttp and yarl pair
    cannot build when the header has a port); anything but a plain name or address is refused, as
    it ends up in the Content-Security-Policy."""
    public = os.environ.get("PUBLIC_RASA_URL")
    if public:
        return public
    host = urlsplit(f"//{request.host}").hostname or ""
    if not PLAIN_HOST.fullmatch(host):
        raise web.HTTPBadRequest(text="bad Host header")
    return f"http://{f'[{host}]' if ':' in host else host}:{os.environ.get('RASA_PORT', '5005')}"


def content_security_policy(rasa: str) -> str:
    """Scripts, styles and images from this site only; connections to this site and Rasa (HTTP and
    websocket), so even injected markup could neither run nor send anything elsewhere."""
    parts = urlsplit(rasa)
    origin = f"{parts.scheme}://{parts.netloc}"
    websocket = f"{WEBSOCKET_SCHEME.get(parts.scheme, 'wss')}://{parts.netloc}"
    return (
        f"default-src 'self'; connect-src 'self' {origin} {websocket}; img-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


async def config(request: web.Request) -> web.Response:
    return web.json_response({"rasaUrl": rasa_url(request)}, headers={"Cache-Control": "no-store"})


async def index(_request: web.Request) -> web.FileResponse:
    return web.FileResponse(WEB_ROOT / "index.html")


async def socket_io_client(_request: web.Request) -> web.FileResponse:
    if not SOCKET_IO_CLIENT.exists():
        raise web.HTTPServiceUnavailable(text="socket.io-client is missing: run `make install` (npm ci --prefix web)")
    return web.FileResponse(SOCKET_IO_CLIENT)


@web.middleware
async def security_headers(request: web.Request, handler):
    response = await handler(request)
    response.headers.setdefault("Content-Security-Policy", content_security_policy(rasa_url(request)))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def make_app() -> web.Application:
    app = web.Application(middlewares=[security_headers])
    app.router.add_get("/", index)
    app.router.add_get("/config.json", config)
    app.router.add_get("/vendor/socket.io.min.js", socket_io_client)
    app.router.add_static("/static/", WEB_ROOT / "static")
    return app


def main() -> None:
    web.run_app(
        make_app(), host=os.environ.get("WEB_HOST", "0.0.0.0"), port=int(os.environ.get("WEB_PORT", "8000")), print=None
    )


if __name__ == "__main__":
    main()
