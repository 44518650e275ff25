"""Every HTTP route served beside the Streamlit pages, in one table.

To add a route, add one line to ``ROUTES`` (a Starlette ``Route``; a plain ``def`` endpoint runs in a
worker thread, so it may use the database through ``open_day()``). Streamlit's own paths (``/``,
``/_stcore/...``, ``/static/...``, ``/media/...`` and the page paths) are reserved and refused at start-up.
"""

from __future__ import annotations

from starlette.routing import Route

from gkreg.feed_http import feed_endpoint

from . import endpoints

ROUTES: list[Route] = [
    Route("/healthz", endpoints.health, methods=["GET", "HEAD"]),
    Route("/events.html", endpoints.events_html, methods=["GET", "HEAD"]),
    Route("/feeds/{name}", feed_endpoint(endpoints.open_day), methods=["GET", "HEAD"]),
]
