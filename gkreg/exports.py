"""Attendee lists as CSV / Excel: ID numbers masked, spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .labels import ATTENDEE_HEADERS, CATEGORIES, REG_STATUSES

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe.

    Control characters that xlsx cannot hold are dropped: text stored before input was cleaned
    (e.g. a vertical tab in an organization) must not make the whole export fail.
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def attendee_headers(lang: str = "zh") -> list[str]:
    """The attendee table's header row in ``lang`` (Chinese: ATTENDEE_HEADERS)."""
    from .i18n import t

    return [t(f"ex.att.{n}", lang) for n in range(len(ATTENDEE_HEADERS))] if lang == "en" else list(ATTENDEE_HEADERS)


def attendee_rows(registrations: Sequence[Any], lang: str = "zh") -> list[list[Any]]:
    from .i18n import t

    en = lang == "en"
    rows = []
    for n, reg in enumerate(registrations, 1):
        rows.append(
            [
                n,
                reg.code,
                reg.name,
                t(f"cat.{reg.category}", lang) if en else CATEGORIES.get(reg.category, reg.category),
                reg.phone,
                reg.id_number_masked,
                reg.organization,
                t(f"reg.status.{reg.status}", lang) if en else REG_STATUSES.get(reg.status, reg.status),
                t("ex.att.invited" if reg.invited else "ex.att.public", lang),
                reg.checked_in_at.strftime("%Y-%m-%d %H:%M") if reg.checked_in_at else "",
                reg.created_at.strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return rows


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([neutralise("" if v is None else v) for v in row])
    # BOM so that Excel on Windows opens the Chinese text correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "名单") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31] or "Sheet1"
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in headers]
    for row_index, row in enumerate(rows, start=2):
        values = [neutralise(v) for v in row]
        sheet.append(values)
        # openpyxl treats any string starting with '=' as a formula; force plain text. Index the row
        # directly: sheet.max_row rescans every cell and made large exports quadratic.
        for column_index, value in enumerate(values, start=1):
            if isinstance(value, str) and value.startswith("="):
                sheet.cell(row=row_index, column=column_index).data_type = "s"
            if column_index <= len(widths):
                widths[column_index - 1] = max(widths[column_index - 1], len(str(value if value is not None else "")))
    for column_index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column_index)].width = min(40, max(8, width * 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_table(
    path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str | None = None, title: str = "名单"
) -> str:
    fmt = (fmt or path.suffix.lstrip(".") or "xlsx").lower()
    if fmt not in ("xlsx", "csv"):
        from .errors import ValidationError

        raise ValidationError("导出格式应为 xlsx 或 csv。")
    data = to_xlsx(headers, rows, title) if fmt == "xlsx" else to_csv(headers, rows)
    write_private(path, data)
    return fmt


def write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner can read (names and phones): 0600 from the moment it exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its old mode through O_CREAT
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
