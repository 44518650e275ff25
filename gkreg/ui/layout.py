"""Language, translated strings, and showing gkreg's errors next to the input."""

from __future__ import annotations

from typing import Any

import streamlit as st

from gkreg.errors import GkregError
from gkreg.i18n import LANGUAGES, t


def lang() -> str:
    return st.session_state.get("lang", "zh")


def tr(key: str, **values: Any) -> str:
    return t(key, lang(), **values)


def language_select() -> None:
    codes = list(LANGUAGES)
    st.sidebar.selectbox(t("lang.select"), codes, format_func=LANGUAGES.get, key="lang")


def show_error(exc: GkregError) -> None:
    # Messages may quote what was typed (a file name, a user name): drawn as text.
    from gkreg.ui.text import show_text

    show_text(str(exc), "error", icon="⚠️")


def fmt_dt(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""
