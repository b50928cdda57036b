"""What keeps the page safe to open: the headers every response carries, and hosts.

Article text is hostile. The page never turns data into HTML, and the
Content-Security-Policy makes sure that a mistake there still runs no script:
only the page's own script files run, and images come only from the server
(and the online tile host, when the user turns tiles on).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Host names a browser uses for a server bound to loopback. Other Host headers
# are refused, so a web page cannot reach the API by DNS rebinding.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


class SecurityHeaders:
    """ASGI middleware adding fixed headers (CSP and friends) to every response."""

    def __init__(self, app: ASGIApp, headers: Sequence[tuple[str, str]]) -> None:
        self.app = app
        self.headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers when the response starts."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {
                    **message,
                    "headers": [*message.get("headers", []), *self.headers],
                }
            await send(message)

        await self.app(scope, receive, send_with_headers)


def tile_source(template: str) -> str:
    """Return the CSP source that allows images from a tile URL template.

    ``https://{s}.tile.example.org/{z}/{x}/{y}.png`` gives
    ``https://*.tile.example.org``; raises ValueError for anything but http(s).
    """
    parts = urlsplit(template)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{template!r} is not an http(s) URL template")
    host = re.sub(r"\{[a-z]+\}", "*", parts.netloc)
    if not re.fullmatch(r"[A-Za-z0-9.*:-]+", host):
        raise ValueError(f"{template!r}: unexpected characters in the host")
    return f"{parts.scheme}://{host}"


def content_security_policy(tiles: str | None = None) -> str:
    """The page's CSP: its own scripts and styles only; a tile host only if given."""
    images = "'self' data:"
    if tiles:
        images += " " + tile_source(tiles)
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {images}",
            "connect-src 'self'",
            "font-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )
