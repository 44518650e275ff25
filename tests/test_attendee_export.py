"""The downloaded attendee list: named after the event and Beijing's date, with a title block and a note."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from gkreg.attendee_export import MASK_NOTE, attendee_csv, attendee_xlsx, export_filename

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL


def test_file_name_uses_the_title_and_the_local_date():
    now = dt.datetime(2026, 12, 2, 0, 30)  # already 12-02 in Beijing while UTC is still 12-01
    assert export_filename("走进教育局：招生政策/面对面", "xlsx", now) == "走进教育局：招生政策_面对面-参加人员-2026-12-02.xlsx"


def test_workbook_has_title_block_note_then_masked_rows(world):
    event_id = world.event(title="走进教育局", location="一楼会议室")
    world.od.registrations.register(
        event_id, name="王五", phone="13900000001", organization="=HYPERLINK()", invited_by=world.coordinator, category="media"
    )
    event = world.od.events.get(event_id)
    regs = world.od.registrations.list_unchecked(event_id)
    now = dt.datetime(2026, 12, 2, 9, 0)
    sheet = load_workbook(io.BytesIO(attendee_xlsx(event, regs, now))).active
    column = [sheet.cell(row=r, column=1).value for r in range(1, 8)]
    assert column[0] == "走进教育局 参加人员名单"
    assert "甲县教育局" in column[1] and "一楼会议室" in column[1]
    assert "2026-12-02 09:00" in column[2] and column[3] == MASK_NOTE
    assert column[5] == "序号"
    row = [c.value for c in sheet[7]]
    assert row[2] == "王五" and row[6] == "'=HYPERLINK()"
    text = attendee_csv(event, regs, now).decode("utf-8-sig")
    assert text.splitlines()[0] == "走进教育局 参加人员名单" and MASK_NOTE in text
