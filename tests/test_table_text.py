"""st.table draws every cell as Markdown: tables of typed text go through gkreg.ui.text.show_table."""

from __future__ import annotations

import re
from pathlib import Path

from gkreg.ui.text import plain_cells

ROOT = Path(__file__).resolve().parent.parent


def test_typed_markdown_in_a_cell_is_escaped_and_numbers_stay_numbers() -> None:
    frame = plain_cells([{"内容": "![图](http://evil.example/x.png) [点我](http://e.com)", "条数": 3}])
    cell = frame.iloc[0]["内容"]
    assert "![" not in cell and "](" not in cell and "\\[" in cell
    assert frame.iloc[0]["条数"] == 3


def test_only_show_table_calls_st_table() -> None:
    callers = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("gkreg/ui/*.py")]
        if path.name != "text.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bst\.table\(|\.table\(", line)
    ]
    assert not callers, callers
