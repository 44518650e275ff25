"""Small joining words that differ between Chinese and English: （…） / " (…)", "，" / ", "."""

from __future__ import annotations

from gkreg.ui.layout import tr


def paren(inner: object) -> str:
    """``（inner）`` in Chinese, `` (inner)`` in English."""
    return tr("w.paren", x=inner)


def comma() -> str:
    return tr("w.comma")
