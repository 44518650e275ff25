"""/login: staff sign-in."""

from __future__ import annotations

import streamlit as st

from gkreg.ui.auth import render_login


def render() -> None:
    # The form carries its own heading (工作人员登录); a narrower column reads better on a wide screen.
    column, _rest = st.columns([3, 2])
    with column:
        render_login()


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
