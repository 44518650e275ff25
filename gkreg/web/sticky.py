"""Sticky sessions: each worker marks its browsers with a cookie naming it, and the entry point (or
nginx) sends every later request of that browser (websocket, media, uploads) to the same worker,
whose memory holds the session."""

from __future__ import annotations

import os
from http.cookies import SimpleCookie

COOKIE = "gkreg_worker"


def worker_from_cookie(header: str | None, workers: int) -> int | None:
    """The worker index a ``Cookie`` header names, or None when it names none of ``workers``."""
    if not header:
        return None
    try:
        jar = SimpleCookie(header)
    except Exception:  # noqa: BLE001 - a malformed cookie header names no worker
        return None
    morsel = jar.get(COOKIE)
    if morsel is None or not morsel.value.isdigit():
        return None
    index = int(morsel.value)
    return index if index < workers else None


class StickyWorkerCookie:
    """ASGI middleware: HTTP responses of worker ``GKREG_WORKER`` set ``gkreg_worker=<index>`` when the
    browser's cookie names another worker or none (no-op when not running as one of several workers)."""

    def __init__(self, app) -> None:
        self.app = app
        self.index = os.environ.get("GKREG_WORKER")
        self.set_cookie = f"{COOKIE}={self.index}; Path=/; HttpOnly; SameSite=Lax".encode()

    async def __call__(self, scope, receive, send) -> None:
        if self.index is None or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"cookie"), None)
        if worker_from_cookie(cookie, 1 << 16) == int(self.index):
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", self.set_cookie)]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)
