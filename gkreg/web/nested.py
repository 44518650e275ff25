"""Nested unknown paths (``/a/b``, ``/manage-events/x``) go to our own not-found page.

Streamlit answers any path with its page, whose assets are linked relative to it: under ``/a/b`` the
browser asks ``/a/static/...`` and draws nothing (a blank tab), or Streamlit shows its English "Page
not found" modal. Our pages are one segment deep, so a deeper path that is none of the server's own
(Streamlit's ``/_stcore``, ``/static``, ``/media``, ``/component``, ``/app/static``; our ``/feeds``)
is redirected to ``/not-found`` (app.py serves our not-found page at any unknown one-segment path),
keeping the query so ``?lang=en`` stays chosen.
"""

from __future__ import annotations

from urllib.parse import quote

NOT_FOUND_PATH = "/not-found"
# First segments the server itself answers below; any of Streamlit's own segments deeper in a path
# too (its front end probes ``/<page>/_stcore/health`` looking for its base path).
RESERVED_FIRST = {"_stcore", "static", "media", "component", "app", "feeds", "-", "healthz"}
RESERVED_ANYWHERE = {"_stcore", "static", "media", "component"}


def is_nested_unknown(path: str) -> bool:
    parts = [p for p in path.split("/") if p]
    if len(parts) < 2 or parts[0] in RESERVED_FIRST:
        return False
    return not RESERVED_ANYWHERE.intersection(parts)


class NestedPathRedirect:
    """ASGI middleware: a GET/HEAD of a nested unknown path answers 302 to ``/not-found``."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD") or not is_nested_unknown(scope["path"]):
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        location = quote(NOT_FOUND_PATH) + (f"?{query}" if query else "")
        await send(
            {
                "type": "http.response.start",
                "status": 302,
                "headers": [
                    (b"location", location.encode("latin-1")),
                    (b"content-length", b"0"),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})
