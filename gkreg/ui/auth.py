"""Staff login (streamlit-authenticator), cookie restore with server-side revocation, role guards.

The login cookie is a JWT signed with a generated key. Logging out records the
time in the database, and a cookie issued before that is refused, so a cookie
saved before logout and replayed afterwards logs nobody in.

The cookie is written and removed in the browser by extra_streamlit_components'
cookie component (an iframe). streamlit-authenticator renders it and then our
page reruns at once, so the iframe would never run; instead the wish is kept in
the session (``gkreg_cookie``) and ``sync_cookie()`` renders the component on
every run until the browser reports it done.

streamlit-authenticator's own cookie manager is silenced (``_SilentCookies``): it drew a
"read every cookie" iframe on each login-page run, whose answer reran the page at a
random moment after it loaded, sometimes between typing and pressing 登录. The login
cookie is read from ``st.context.cookies`` instead.
"""

from __future__ import annotations

import datetime as dt
import time
from types import SimpleNamespace
from typing import Any

import jwt
import streamlit as st

from gkreg.access import Actor
from gkreg.keys import load_or_create
from gkreg.labels import ROLES

from .context import demo_mode, get_od
from .frontdoor import current_client
from .layout import tr

COOKIE_NAME = "gkreg_auth"
COOKIE_DAYS = 1.0


def _cookie_key() -> str:
    return load_or_create("cookie.key", get_od().secret_dir).decode()


def _canonical(username: str) -> str:
    """streamlit-authenticator lower-cases the typed name; map it back to the stored spelling."""
    found = get_od().db.scalar(
        "SELECT username FROM users WHERE lower(username) = lower(?) ORDER BY username = ? DESC", (username or "", username or "")
    )
    return found or (username or "")


def _login_error() -> type[Exception]:
    from streamlit_authenticator import LoginError

    return LoginError


class _SilentCookies:
    """Stands in for extra_streamlit_components' CookieManager inside streamlit-authenticator: draws nothing.
    We read the cookie from the request (``_restore_from_cookie``) and write it with ``sync_cookie``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.cookies: dict[str, str] = {}

    def get(self, cookie: str) -> None:
        return None

    def set(self, *args: Any, **kwargs: Any) -> None:
        return None

    def delete(self, *args: Any, **kwargs: Any) -> None:
        return None


def _authenticator() -> Any:
    # Imported here, in a script run: the library declares its cookie component on import, and the
    # server imports every page at start-up (gkreg/ui/server.py), outside any run.
    import streamlit_authenticator as stauth
    from streamlit_authenticator.models import cookie_model

    cookie_model.stx = SimpleNamespace(CookieManager=_SilentCookies)  # see the module note

    od = get_od()
    credentials = {name.lower(): value for name, value in od.users.active_credentials().items()}
    auth = stauth.Authenticate(
        {"usernames": credentials}, COOKIE_NAME, _cookie_key(), COOKIE_DAYS, auto_hash=False, login_sleep_time=0
    )
    model = auth.authentication_controller.authentication_model

    def check(username: str, password: str) -> bool:
        # Our check: bcrypt plus the lockout counted in the database (same answer for unknown names).
        # Counted per name AND client address: a stranger's failures do not lock the office out.
        return od.users.verify_password(_canonical(username), password, client=current_client())

    model.check_credentials = check
    # streamlit-authenticator would log anyone in from a validly signed cookie on its own, without
    # asking the database whether that login was ended by a logout; _restore_from_cookie does it instead.
    auth.cookie_controller.get_cookie = lambda: None
    return auth


def _clear() -> None:
    for key in ("authentication_status", "username", "name", "roles", "email", "gkreg_issued_at"):
        st.session_state[key] = None


def current_actor() -> Actor | None:
    """The logged-in staff member, re-read from the database on every run (a disabled account drops out)."""
    od = get_od()
    username = st.session_state.get("username") if st.session_state.get("authentication_status") else None
    issued = st.session_state.get("gkreg_issued_at")
    if username and issued and od.users.session_valid(username, issued):
        return _actor(od.users.get(username))
    if username:
        _clear()
    return _restore_from_cookie()


def _restore_from_cookie() -> Actor | None:
    token = st.context.cookies.get(COOKIE_NAME)
    if not token or st.session_state.get("logout"):
        return None
    try:
        payload = jwt.decode(token, _cookie_key(), algorithms=["HS256"])
        username, expires = str(payload["username"]), float(payload["exp_date"])
    except (jwt.PyJWTError, KeyError, TypeError, ValueError):
        return None
    issued = expires - COOKIE_DAYS * 86400
    od = get_od()
    if expires < time.time() or not od.users.session_valid(username, issued):
        return None
    st.session_state.update(authentication_status=True, username=username, gkreg_issued_at=issued)
    return _actor(od.users.get(username))


def _actor(user: dict[str, Any] | None) -> Actor | None:
    return None if user is None else Actor(user["username"], user["role"], user["unit_id"], user["display_name"])


def render_login() -> None:
    """The login page body: the form, or who is logged in."""
    actor = current_actor()
    if actor is not None:
        st.subheader(tr("login.form"))
        st.success(tr("login.logged_in_as", name=actor.display_name or actor.username, role=ROLES[actor.role]))
        return
    auth = _authenticator()
    try:
        auth.login(
            location="main",
            key="gkreg_login",
            fields={
                "Form name": tr("login.form"),
                "Username": tr("login.username"),
                "Password": tr("login.password"),
                "Login": tr("login.submit"),
            },
        )
    except _login_error():
        st.session_state["authentication_status"] = False
    status = st.session_state.get("authentication_status")
    if status:
        username = _canonical(st.session_state.get("username") or "")
        issued = time.time()
        expires = issued + COOKIE_DAYS * 86400
        token = jwt.encode({"username": username, "exp_date": expires}, _cookie_key(), algorithm="HS256")
        st.session_state.update(username=username, gkreg_issued_at=issued, logout=None, gkreg_cookie=("set", token, expires))
        st.rerun()
    elif status is False:
        st.error(tr("login.failed"))
    if demo_mode():
        with st.expander(tr("login.demo_accounts"), expanded=True):
            st.markdown("- 县政务公开办：`coordinator` / `coordinator-demo`\n- 示范县教育局：`edu` / `edu-demo`")


def logout_button(actor: Actor) -> None:
    st.sidebar.caption(tr("login.logged_in_as", name=actor.display_name or actor.username, role=ROLES[actor.role]))
    if st.sidebar.button(tr("login.logout"), key="gkreg_logout"):
        get_od().users.record_logout(actor.username)
        _clear()
        st.session_state["logout"] = True
        st.session_state["gkreg_cookie"] = ("delete", "", time.time())
        st.rerun()


def sync_cookie() -> None:
    """Write or remove the login cookie in the browser (see the module note); call once per run."""
    pending = st.session_state.get("gkreg_cookie")
    if not pending:
        return
    from extra_streamlit_components.CookieManager import _component_func as cookie_component

    method, token, stamp = pending
    key = f"gkreg_cookie_{method}_{stamp:.6f}"
    with st.sidebar:
        if method == "set":
            expires = dt.datetime.fromtimestamp(stamp, dt.UTC).isoformat()
            done = cookie_component(
                method="set",
                cookie=COOKIE_NAME,
                value=token,
                key=key,
                default=False,
                options={"path": "/", "expires": expires, "sameSite": "strict"},
            )
        else:
            done = cookie_component(method="delete", cookie=COOKIE_NAME, key=key, default=False)
    if done:
        st.session_state["gkreg_cookie"] = None


def require_staff() -> Actor:
    """Unit staff or coordinator, else a message and stop: no data is drawn."""
    actor = current_actor()
    if actor is None:
        # The login form in place: after login the same page (path and query) runs again, now with data.
        st.warning(tr("auth.required"), icon=":material/lock:")
        column, _rest = st.columns([3, 2])
        with column:
            render_login()
        st.stop()
    return actor


def require_coordinator() -> Actor:
    actor = require_staff()
    if not actor.is_coordinator:
        st.warning(tr("auth.coordinator_only"))
        st.stop()
    return actor
