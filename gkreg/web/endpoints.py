"""Endpoints of our own routes: health and the cached plain-HTML event list."""

from __future__ import annotations

import os
import threading
import time

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gkreg import OpenDay

from .public_html import events_page

HTML_TTL_SECONDS = 10.0  # the list is at most this old; seat counts change by the second anyway

_od: OpenDay | None = None
_od_lock = threading.Lock()


def open_day() -> OpenDay:
    """This process's OpenDay on ``GKREG_DB`` (connections are per thread, so endpoints may share it)."""
    global _od
    if _od is None:
        with _od_lock:
            if _od is None:
                _od = OpenDay(os.environ.get("GKREG_DB", "data/gkreg.db"))
    return _od


def health(request: Request) -> Response:
    open_day().db.scalar("SELECT 1")
    return JSONResponse({"status": "ok", "worker": os.environ.get("GKREG_WORKER", "0"), "pid": os.getpid()})


class _TtlPage:
    """One rendered page per language, rebuilt by one thread at most every ``ttl`` seconds."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._pages: dict[str, tuple[float, bytes]] = {}
        self._lock = threading.Lock()

    def get(self, lang: str) -> bytes:
        hit = self._pages.get(lang)
        if hit and hit[0] > time.monotonic():
            return hit[1]
        with self._lock:  # the others wait for the one rebuild instead of all querying at once
            hit = self._pages.get(lang)
            if hit and hit[0] > time.monotonic():
                return hit[1]
            body = events_page(open_day(), lang).encode()
            self._pages[lang] = (time.monotonic() + self.ttl, body)
            return body


_events_html = _TtlPage(HTML_TTL_SECONDS)


def events_html(request: Request) -> Response:
    lang = "en" if request.query_params.get("lang") == "en" else "zh"
    return Response(
        _events_html.get(lang),
        media_type="text/html; charset=utf-8",
        headers={"Cache-Control": f"public, max-age={int(HTML_TTL_SECONDS)}"},
    )
