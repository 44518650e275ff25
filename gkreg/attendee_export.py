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
from .exports import attendee_headers, attendee_rows, neutralise
from .i18n import t

MASK_NOTE = "身份证号已脱敏（只显示前3位和后4位）；名单含个人信息，请仅用于本次活动，妥善保管，用后删除。"
_UNSAFE = re.compile(r'[\\/:*?"<>|\r\n\t]+')


def export_filename(title: str, ext: str, now: dt.datetime | None = None, lang: str = "zh") -> str:
    """``<活动标题>-参加人员-<YYYY-MM-DD>.<ext>`` with today's date in Asia/Shanghai (English: ``-attendees-``)."""
    stem = _UNSAFE.sub("_", title).strip(" ._") or t("ex.att.no_title", lang)
    return f"{stem[:60]}-{t('ex.att.file', lang)}-{(now or clock.now()):%Y-%m-%d}.{ext}"


def title_lines(event: Any, now: dt.datetime | None = None, lang: str = "zh") -> list[str]:
    when = f"{event.starts_at:%Y-%m-%d %H:%M}" + (f"–{event.ends_at:%H:%M}" if event.ends_at else "")
    return [
        t("ex.att.title", lang, title=event.title),
        t("ex.att.meta", lang, unit=event.unit_name, when=when, place=event.location or "—"),
        t("ex.att.exported", lang, at=f"{(now or clock.now()):%Y-%m-%d %H:%M}"),
        MASK_NOTE if lang != "en" else t("ex.att.mask_note", lang),
    ]


def attendee_xlsx(event: Any, registrations: Sequence[Any], now: dt.datetime | None = None, lang: str = "zh") -> bytes:
    headers = attendee_headers(lang)
    book = Workbook()
    sheet = book.active
    sheet.title = t("ex.att.sheet", lang)
    for n, line in enumerate(title_lines(event, now, lang), start=1):
        sheet.append([neutralise(line)])
        sheet.cell(row=n, column=1).font = Font(bold=n == 1, size=14 if n == 1 else 11)
    sheet.append([])
    sheet.append(headers)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in headers]
    for row in attendee_rows(registrations, lang):
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


def attendee_csv(event: Any, registrations: Sequence[Any], now: dt.datetime | None = None, lang: str = "zh") -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in title_lines(event, now, lang):
        writer.writerow([neutralise(line)])
    writer.writerow([])
    writer.writerow(attendee_headers(lang))
    for row in attendee_rows(registrations, lang):
        writer.writerow([neutralise("" if v is None else v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
