"""Language, translated strings, and showing gkreg's errors next to the input."""

from __future__ import annotations

from typing import Any

import streamlit as st

from gkreg.errors import GkregError
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
    st.sidebar.selectbox(t("lang.select"), codes, format_func=LANGUAGES.get, key="lang", on_change=_language_chosen)
    if lang() == "en" and st.query_params.get("lang") != "en":
        st.query_params["lang"] = "en"  # a page change dropped it


def error_text(error: GkregError | str) -> str:
    """A gkreg error sentence in the page's language."""
    return error_in(str(error), lang())


def show_error(exc: GkregError) -> None:
    # Messages may quote what was typed (a file name, a user name): drawn as text.
    from gkreg.ui.text import show_text

    show_text(error_text(exc), "error", icon=":material/error:")


def fmt_dt(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""
