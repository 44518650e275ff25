"""Every date input shows dates as the county writes them (2026-12-02), not Streamlit's default 2026/12/02."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_date_input_uses_the_iso_format() -> None:
    missing = []
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("gkreg/ui/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "date_input":
                formats = [k.value for k in node.keywords if k.arg == "format"]
                if not (formats and isinstance(formats[0], ast.Constant) and formats[0].value == "YYYY-MM-DD"):
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not missing, missing
