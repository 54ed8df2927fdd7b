"""The website: the clinic page with the chat widget, served on WEB_PORT.

`/config.json` tells the page where Rasa's socket.io channel is, so the same files work on any port
or configured host. The socket.io client comes from `web/node_modules` (installed by `npm ci
--prefix web`), never from a CDN, and the Content-Security-Policy lets the page connect only to
itself and Rasa. Every response carries the security headers, errors included, and the Host
header a browser sends never reaches a URL or the policy: it only picks one of the configured
website origins (`RASA_CORS_ORIGINS`).
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

from aiohttp import web

from service.settings import PROJECT_ROOT, Settings

logger = logging.getLogger(__name__)

WEB_ROOT = PROJECT_ROOT / "web"
SOCKET_IO_CLIENT = WEB_ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
WEBSOCKET_SCHEME = {"http": "ws", "https": "wss"}


WEBSITE_HOSTS = web.AppKey("website_hosts", list)


def website_hosts() -> list[str]:
    """The host names of the configured website origins (RASA_CORS_ORIGINS, or the embedded
    default's localhost and 127.0.0.1), read once when the app is made."""
    hosts = [urlsplit(origin).hostname for origin in Settings.from_environment().cors_origins]
    return [host for host in hosts if host] or ["localhost"]


def rasa_url(request: web.Request) -> str:
    """PUBLIC_RASA_URL, or Rasa's port on the configured website host the browser used (the first
    configured one when the Host header names any other)."""
    public = os.environ.get("PUBLIC_RASA_URL")
    if public:
        return public
    hosts = request.app[WEBSITE_HOSTS]
    asked = urlsplit(f"//{request.host}").hostname if request.host else None
    host = asked if asked in hosts else hosts[0]
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
async def security_headers(request: web.Request, handler) -> web.StreamResponse:
    """The page's headers on every response: a page, a file, a 404 or 405, a server error."""
    try:
        response = await handler(request)
    except web.HTTPException as error:
        response = web.Response(status=error.status, text=error.text, headers=error.headers)
    except Exception:
        logger.exception("the website could not answer %s %s", request.method, request.path)
        response = web.Response(status=500, text="500: the page could not be served; please try again.")
    response.headers.setdefault("Content-Security-Policy", content_security_policy(rasa_url(request)))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def make_app() -> web.Application:
    app = web.Application(middlewares=[security_headers])
    app[WEBSITE_HOSTS] = website_hosts()
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
