"""Links and jumps between pages by their URL path (the st.Page objects app.py built for this run)."""

from __future__ import annotations

from typing import Any, Literal

import streamlit as st

_PAGES: dict[str, Any] = {}  # url path -> st.Page; the same for every session (a page's identity is its path)


def remember(pages: list[Any]) -> None:
    for page in pages:
        _PAGES[page._url_path] = page


def known_paths() -> set[str]:
    return set(_PAGES)


def page(path: str) -> Any:
    return _PAGES[path]


def link(
    path: str,
    label: str,
    *,
    query: dict[str, str] | None = None,
    icon: str | None = None,
    width: Literal["stretch", "content"] = "content",
) -> None:
    """A link to one of our pages (with its query) that keeps the session, like a menu entry."""
    target = _PAGES.get(path)
    if target is None:  # e.g. a coordinator page for unit staff: nothing to link to
        return
    st.page_link(target, label=label, icon=icon, query_params=query or None, width=width)


def go(path: str, query: dict[str, str] | None = None) -> None:
    st.switch_page(_PAGES[path], query_params=query or None)


KEPT = ("lang",)  # query keys that belong to the whole site, not to one page's step


def set_query(**params: str | int | None) -> None:
    """Replace this page's query (keeping ``lang``) in ONE message to the browser.

    Deleting and setting keys one by one sends one URL change each; a double tap that reruns
    the script between them would find a URL without the event and drop the citizen on the list.
    """
    query: dict[str, str | list[str]] = {key: st.query_params.get_all(key) for key in KEPT if key in st.query_params}
    query.update({key: str(value) for key, value in params.items() if value is not None and value != ""})
    st.query_params.from_dict(query)
