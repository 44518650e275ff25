"""The ASGI app ``python -m gkreg serve`` runs: Streamlit's ``st.App`` for app.py plus our own routes
(``gkreg/web/routes.py``) and the sticky-worker cookie."""

from __future__ import annotations

import asyncio
import gc
import importlib
import pkgutil
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from gkreg.web.nested import NestedPathRedirect
from gkreg.web.routes import ROUTES
from gkreg.web.sticky import StickyWorkerCookie
from gkreg.web.wakeups import coalesce_wakeups

APP_SCRIPT = Path(__file__).resolve().parents[2] / "app.py"


@asynccontextmanager
async def _lifespan(_app):
    # Everything imported at start-up lives as long as the process: move it out of the collector's way,
    # so the collections that still happen only walk what the sessions allocate.
    # Every page and what it imports (openpyxl, Altair, pandas …), so that no visitor's run pays for an
    # import (it was a quarter of a fresh worker's CPU). streamlit-authenticator is imported in
    # gkreg/ui/auth.py inside a run: it declares its cookie component on import.
    import pages

    for module in pkgutil.iter_modules(pages.__path__):
        importlib.import_module(f"pages.{module.name}")
    from gkreg.validation import region_exists

    region_exists("371323")  # the national region table (1 s to read), once per process, not per first visitor
    coalesce_wakeups(asyncio.get_running_loop())
    gc.collect()
    gc.freeze()
    yield None


app = st.App(
    APP_SCRIPT, routes=ROUTES, middleware=[Middleware(StickyWorkerCookie), Middleware(NestedPathRedirect)], lifespan=_lifespan
)
