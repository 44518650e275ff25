"""Language, translated strings, and showing what a gkreg use case said: its errors next to the input, its
success as a message that survives ``st.rerun()`` (``act``, ``show_flash``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import streamlit as st

from gkreg.errors import GkregError, ValidationError
from gkreg.i18n import CATALOGUE, LANGUAGES, t
from gkreg.i18n.errors import error_in


def lang() -> str:
    return st.session_state.get("lang", "zh")


def tr(key: str, **values: Any) -> str:
    return t(key, lang(), **values)


def _language_chosen() -> None:
    if st.session_state.get("lang") == "en":
        st.query_params["lang"] = "en"
    elif "lang" in st.query_params:
        del st.query_params["lang"]


def tr_code(prefix: str, code: str | None) -> str:
    """A domain code (category, status, source, form) in the page's language; unknown codes as they are."""
    key = f"{prefix}.{code}"
    return tr(key) if key in CATALOGUE else (code or "")


def language_select() -> None:
    """The language select; the choice also lives in the URL (``?lang=en``), so reloads and links keep it."""
    wanted = st.query_params.get("lang")
    if wanted in LANGUAGES and wanted != st.session_state.get("lang"):
        st.session_state["lang"] = wanted
    codes = list(LANGUAGES)
    st.sidebar.selectbox(
        t("lang.select"), codes, format_func=lambda code: LANGUAGES[code], key="lang", on_change=_language_chosen
    )
    if lang() == "en" and st.query_params.get("lang") != "en":
        st.query_params["lang"] = "en"  # a page change dropped it


def error_text(error: GkregError | str) -> str:
    """A gkreg error sentence in the page's language."""
    return error_in(str(error), lang())


def show_error(exc: GkregError) -> None:
    # Messages may quote what was typed (a file name, a user name): drawn as text.
    from gkreg.ui.text import show_text

    show_text(error_text(exc), "error", icon=":material/error:")


FLASH = "gk_flash"  # the success message waiting for the next run
T = TypeVar("T")


def renew(key: str, *_: Any) -> None:
    """Count a form round up (a widget keyed with it starts empty again, e.g. a file uploader)."""
    st.session_state[key] = st.session_state.get(key, 0) + 1


def flash(message: str) -> None:
    """Keep a success message for the next run: ``show_flash`` draws it after ``st.rerun()``."""
    st.session_state[FLASH] = message


def show_flash() -> None:
    """The success message an action left for this run, once (call it where the page shows its messages).

    Its slot is drawn on every run, message or not, so what follows keeps its place in the page: the tab
    the clerk was working in stays open after the rerun.
    """
    slot = st.empty()
    message = st.session_state.pop(FLASH, None)
    if message:
        slot.success(message, icon=":material/check_circle:")


def show_problems(exc: GkregError, fields: Mapping[str, Any] | None = None, *, where: Any = None) -> None:
    """Each of the error's sentences next to its input (``fields``: field name -> ``st.empty()`` slot); the
    sentences with no slot of their own (or all of them, without ``fields``) at ``where`` (default: here)."""
    from gkreg.ui.text import show_text

    problems = exc.problems if isinstance(exc, ValidationError) else {exc.field or "": str(exc)}
    slots = fields or {}
    rest = []
    for field, message in problems.items():
        if field in slots:
            show_text(error_text(message), "error", where=slots[field], icon=":material/error:")
        else:
            rest.append(error_text(message))
    if rest:
        show_text("\n".join(rest), "error", where=where, icon=":material/error:")


def act(
    call: Callable[[], T],
    *,
    done: str | Callable[[T], str] | None = None,
    fields: Mapping[str, Any] | None = None,
    where: Any = None,
    clear: Iterable[str] = (),
    then: Callable[[T], object] | None = None,
    rerun: bool = True,
) -> T | None:
    """Run one gkreg use case for a page.

    A ``GkregError`` is shown (next to its field when ``fields`` has a slot for it, see ``show_problems``)
    and ``None`` returned: nothing was saved, the typed values stay in the form. On success the
    ``clear`` session keys (the form's inputs) are emptied, ``then`` runs with the result (a page's own
    follow-up: select the new record, renew an uploader), ``done`` (a sentence, or one made from the
    result) is kept with ``flash`` and the page reruns, so it shows the new state and the message; with
    ``rerun=False`` the message is shown at once and the result returned, and the page goes on.
    """
    try:
        result = call()
    except GkregError as exc:
        show_problems(exc, fields, where=where)
        return None
    for key in clear:
        st.session_state.pop(key, None)
    if then is not None:
        then(result)
    message = None if done is None else done(result) if callable(done) else done
    if rerun:
        if message:
            flash(message)
        st.rerun()
    if message:
        (where if where is not None else st).success(message, icon=":material/check_circle:")
    return result


def fmt_dt(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""
