"""The HTTP side of the portal feeds: ``/feeds/{name}`` answered from ``gkreg.feeds`` (served by
``python -m gkreg serve`` beside the Streamlit pages; the route table lives in gkreg/web/routes.py).

Feeds are public and carry no personal data beyond the public ledger's masked names, so one copy per
feed is cached for a short while: a portal polling every minute costs one query per minute.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from .feeds import FEED_PATHS, build_feed

if TYPE_CHECKING:
    from . import OpenDay

FEED_TTL_SECONDS = 60.0

_cache: dict[tuple[str, str], tuple[float, bytes]] = {}
_lock = threading.Lock()


def site_root(request: Request) -> str:
    """Scheme and host the client used (behind a proxy: what it forwarded in ``Host``)."""
    return str(request.base_url).rstrip("/")


def feed_bytes(od: OpenDay, name: str, root: str, now: float | None = None) -> bytes:
    now = time.monotonic() if now is None else now
    key = (name, root)
    hit = _cache.get(key)
    if hit and hit[0] > now:
        return hit[1]
    with _lock:
        hit = _cache.get(key)
        if hit and hit[0] > now:
            return hit[1]
        body = build_feed(od, name, root)
        _cache[key] = (now + FEED_TTL_SECONDS, body)
        return body


def feed_endpoint(open_day: Callable[[], OpenDay]) -> Callable[[Request], Response]:
    """A Starlette endpoint for ``/feeds/{name}`` reading the database through ``open_day()``."""

    def endpoint(request: Request) -> Response:
        name = request.path_params.get("name", "")
        if name not in FEED_PATHS:
            return PlainTextResponse("未找到该订阅源。", status_code=404)
        body = feed_bytes(open_day(), name, site_root(request))
        headers = {"Cache-Control": f"public, max-age={int(FEED_TTL_SECONDS)}"}
        if name.endswith(".ics"):
            headers["Content-Disposition"] = 'inline; filename="gkreg-calendar.ics"'
        return Response(body, media_type=FEED_PATHS[name], headers=headers)

    return endpoint
