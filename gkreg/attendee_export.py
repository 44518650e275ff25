"""The attendee list a clerk downloads: named after the event and the local date, with a title block
(event, unit, time, export time) and a note that personal data is masked, above the table."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import clock
from .exports import ATTENDEE_HEADERS, attendee_rows, neutralise

MASK_NOTE = "身份证号已脱敏（只显示前3位和后4位）；名单含个人信息，请仅用于本次活动，妥善保管，用后删除。"
_UNSAFE = re.compile(r'[\\/:*?"<>|\r\n\t]+')


def export_filename(title: str, ext: str, now: dt.datetime | None = None) -> str:
    """``<活动标题>-参加人员-<YYYY-MM-DD>.<ext>`` with today's date in Asia/Shanghai."""
    stem = _UNSAFE.sub("_", title).strip(" ._") or "活动"
    return f"{stem[:60]}-参加人员-{(now or clock.now()):%Y-%m-%d}.{ext}"


def title_lines(event: Any, now: dt.datetime | None = None) -> list[str]:
    when = f"{event.starts_at:%Y-%m-%d %H:%M}" + (f"–{event.ends_at:%H:%M}" if event.ends_at else "")
    return [
        f"{event.title} 参加人员名单",
        f"主办单位：{event.unit_name}　活动时间：{when}　活动地点：{event.location or '—'}",
        f"导出时间：{(now or clock.now()):%Y-%m-%d %H:%M}（北京时间）",
        MASK_NOTE,
    ]


def attendee_xlsx(event: Any, registrations: Sequence[Any], now: dt.datetime | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "参加人员"
    for n, line in enumerate(title_lines(event, now), start=1):
        sheet.append([neutralise(line)])
        sheet.cell(row=n, column=1).font = Font(bold=n == 1, size=14 if n == 1 else 11)
    sheet.append([])
    sheet.append(ATTENDEE_HEADERS)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in ATTENDEE_HEADERS]
    for row in attendee_rows(registrations):
        values = [neutralise(v) for v in row]
        sheet.append(values)
        for i, value in enumerate(values):
            if isinstance(value, str) and value.startswith("="):
                sheet.cell(row=sheet.max_row, column=i + 1).data_type = "s"
            widths[i] = max(widths[i], len(str(value if value is not None else "")))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(40, max(8, width * 2))
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def attendee_csv(event: Any, registrations: Sequence[Any], now: dt.datetime | None = None) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in title_lines(event, now):
        writer.writerow([neutralise(line)])
    writer.writerow([])
    writer.writerow(ATTENDEE_HEADERS)
    for row in attendee_rows(registrations):
        writer.writerow([neutralise("" if v is None else v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
