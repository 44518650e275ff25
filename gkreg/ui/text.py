"""Text is text: the one place where what someone typed is made safe to draw.

Streamlit interprets Markdown (links, images, colours, maths, icons) in st.markdown, st.caption,
st.info/success/warning/error, st.expander, st.subheader, tab and widget labels. Anything a citizen or
a clerk typed (names, organizations, topics, titles, locations, descriptions, reasons, opinions,
responses, answers, report texts, audit details) goes through ``plain`` (inside a sentence) or
``show_text`` (on its own) and so is drawn exactly as typed: a link or picture typed into a form
stays a row of characters and makes nobody's browser fetch anything.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from gkreg.public import md_escape


def plain(value: Any) -> str:
    """Typed text as inert Markdown, line breaks kept (``None`` is empty)."""
    return md_escape("" if value is None else str(value), keep_breaks=True)


def trp(key: str, **values: Any) -> str:
    """A catalogue sentence with typed values inserted as plain text (the sentence's own Markdown stays)."""
    from gkreg.ui.layout import tr

    return tr(key, **{name: plain(value) for name, value in values.items()})


def show_text(value: Any, kind: str = "text", *, where: Any = None, **options: Any) -> None:
    """Draw typed text on its own, as typed (``kind``: text, caption, info, success, warning, error).

    ``where`` is a container or slot (``st.empty()``, a column); by default the page itself.
    """
    target = where if where is not None else st
    draw = getattr(target, "markdown" if kind == "text" else kind)
    draw(plain(value), **options)


def plain_cells(data: Any) -> pd.DataFrame:
    """A table's text cells made inert: ``st.table`` draws each cell as Markdown, so a typed
    ``![x](http://…)`` would load an image and a typed link would be live."""
    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    return frame.map(lambda v: plain(v) if isinstance(v, str) else v)


def _unbroken(frame: pd.DataFrame) -> list[Any]:
    """Columns of short Latin-script values (dates, times, codes, counts): wrapped, a date reads
    "2026-12-" over "01", so they keep to one line and the wordy columns take the wrapping."""

    def short(value: Any) -> bool:
        return value is None or (len(str(value)) <= 19 and str(value).isascii())

    return [c for c in frame.columns if len(frame) and frame[c].map(short).all()]


def show_table(data: Any, *, row_style: Any = None) -> None:
    """A whole table in the page (every column on a desk, wrapped on a phone), cells drawn as text.
    ``row_style(index) -> css`` colours whole rows (e.g. overdue ones)."""
    raw = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    styler = plain_cells(raw).style
    if row_style is not None:
        styler = styler.apply(lambda row: [row_style(row.name)] * len(row), axis=1)
    keep = _unbroken(raw)
    if keep:
        styler = styler.set_properties(subset=keep, **{"white-space": "nowrap"})
    st.table(styler, hide_index=True)
