"""/reports (public)."""

from __future__ import annotations

import streamlit as st

from gkreg.ui.layout import tr


def render() -> None:
    st.title(tr("page.reports"))
    st.info(tr("common.building"))


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
