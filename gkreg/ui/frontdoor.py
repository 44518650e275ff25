"""Streamlit side of the public front door: who is asking, the picture code, the limits' settings.

The rules live in gkreg/client_address.py and gkreg/limits.py; this module only reads the
connection from Streamlit and draws.
"""

from __future__ import annotations

import math
import secrets
from pathlib import Path

import streamlit as st

from gkreg.client_address import client_address
from gkreg.limits import Limits
from gkreg.settings import BOUNDS
from gkreg.ui.context import get_od
from gkreg.ui.layout import act, tr

# The favicon, served by the app itself: a ":material/…:" page icon makes every visitor's browser
# fetch it from fonts.gstatic.com (slow or blocked in mainland China, and a request off the machine).
APP_ICON = Path(__file__).resolve().parent / "assets" / "icon.png"
CAPTCHA_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CAPTCHA_LENGTH = 5
LIMIT_KEYS = ("phone_live_max", "signup_captcha_after", "signup_hourly_max", "lookup_failures_hourly_max", "opinions_hourly_max")


def _peer() -> str | None:
    """The connection's peer address. Streamlit hides loopback peers (``ip_address`` is None for
    127.0.0.1 and ::1), which is exactly the reverse proxy on the same machine, so None is loopback."""
    try:
        ip = st.context.ip_address
    except Exception:  # noqa: BLE001 - no session (a bare script run)
        ip = None
    return ip or "127.0.0.1"


def current_client() -> str:
    """The client address every limit counts against (see gkreg/client_address.py)."""
    try:
        forwarded = st.context.headers.get("X-Forwarded-For")
    except Exception:  # noqa: BLE001
        forwarded = None
    return client_address(_peer(), forwarded)


def limits() -> Limits:
    return Limits(get_od().db)


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


# ---- the picture code ----------------------------------------------------------------------------


def _new_code(key: str) -> str:
    code = "".join(secrets.choice(CAPTCHA_ALPHABET) for _ in range(CAPTCHA_LENGTH))
    st.session_state[key] = code
    return code


def _picture(code: str) -> bytes:
    from captcha.image import ImageCaptcha

    return ImageCaptcha(width=200, height=70).generate(code).getvalue()


def captcha_field(scope: str) -> str:
    """Draw the picture and the ``验证码`` input (inside the caller's form); returns what was typed."""
    key = f"fd_captcha_{scope}"
    code = st.session_state.get(key) or _new_code(key)
    st.image(_picture(code), width=200)
    typed = st.text_input(tr("fd.captcha"), max_chars=8, key=f"{key}_input", help=tr("fd.captcha.help"), autocomplete="off")
    return typed or ""


def captcha_passed(scope: str, typed: str) -> bool:
    """Whether ``typed`` matches the picture; each picture is good for one try only."""
    key = f"fd_captcha_{scope}"
    expected = str(st.session_state.get(key) or "")
    ok = bool(expected) and secrets.compare_digest("".join(typed.split()).upper(), expected)
    _new_code(key)
    st.session_state.pop(f"{key}_input", None)
    return ok


# ---- the limits on /admin ------------------------------------------------------------------------


def render_limit_settings(username: str) -> None:
    od = get_od()
    st.subheader(tr("fd.limits.title"))
    st.caption(tr("fd.limits.note"))
    current = od.settings.all()
    with st.form("fd_limit_settings"):
        values = {}
        cols = st.columns(2)
        for n, key in enumerate(LIMIT_KEYS):
            low, high = BOUNDS[key]
            values[key] = cols[n % 2].number_input(
                tr(f"admin.setting.{key}"), min_value=low, max_value=high, value=int(current[key]), step=1, key=f"fd_set_{key}"
            )
        if st.form_submit_button(tr("admin.save")):

            def save() -> None:
                for key, value in values.items():
                    if int(value) != int(current[key]):
                        od.settings.set(key, int(value), username)

            act(save, done=tr("admin.saved"), rerun=False)


def render_high_demand(event_id: int, username: str) -> None:
    """The high-demand switch of one event (on /manage-events)."""
    lim = limits()
    current = lim.high_demand(event_id)
    wanted = st.toggle(tr("fd.high_demand"), value=current, key=f"fd_high_{event_id}")
    if wanted != current:
        act(lambda: lim.set_high_demand(event_id, wanted, username), done=tr("fd.high_demand.saved"), rerun=False)
