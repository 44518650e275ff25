"""Links and jumps between pages by their URL path (the st.Page objects app.py built for this run)."""

from __future__ import annotations

from typing import Any

import streamlit as st

_PAGES: dict[str, Any] = {}  # url path -> st.Page; the same for every session (a page's identity is its path)


def remember(pages: list[Any]) -> None:
    for page in pages:
        _PAGES[page._url_path] = page


def known_paths() -> set[str]:
    return set(_PAGES)


def page(path: str) -> Any:
    return _PAGES[path]


def link(path: str, label: str, *, query: dict[str, str] | None = None, icon: str | None = None, width: str = "content") -> None:
    """A link to one of our pages (with its query) that keeps the session, like a menu entry."""
    target = _PAGES.get(path)
    if target is None:  # e.g. a coordinator page for unit staff: nothing to link to
        return
    st.page_link(target, label=label, icon=icon, query_params=query or None, width=width)


def go(path: str, query: dict[str, str] | None = None) -> None:
    st.switch_page(_PAGES[path], query_params=query or None)
