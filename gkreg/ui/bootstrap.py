"""Start Streamlit's server for one app process (serve's workers call this; only gkreg/ui imports streamlit)."""

from __future__ import annotations

from typing import Any


def run_streamlit(script: str, flags: dict[str, Any]) -> None:
    """Load the config options and run ``gkreg.ui.server:app`` (blocks until the server stops)."""
    from streamlit import config
    from streamlit.web import bootstrap

    config._main_script_path = script
    bootstrap.load_config_options(flag_options=flags)
    bootstrap.run_asgi_app(script, "gkreg.ui.server:app", [], flags)
