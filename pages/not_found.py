"""Our own page for a path that does not exist (instead of Streamlit's English "Page not found" modal)."""

from __future__ import annotations

import streamlit as st

from gkreg.ui.layout import tr
from gkreg.ui.nav import link


def render() -> None:
    st.title(tr("page.not_found"), anchor=False)
    st.info(tr("nf.text"), icon=":material/search_off:")
    link("events", tr("nf.home"), icon=":material/home:")


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
