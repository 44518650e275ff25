"""Invitation lists from Excel/CSV and bulk approval order."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from gkreg.errors import PermissionDenied, ValidationError
from gkreg.imports import HEADERS, Imports, template_xlsx
from tests.conftest import make_id

pytestmark = pytest.mark.backends


def xlsx(rows) -> bytes:
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    ["王建国", "人大代表", "13900000001", make_id(11), "县人大常委会"],
    ["刘芳", "媒体记者", 13900000002, "", "示范县融媒体中心"],
]
BAD = [
    ["", "政协委员", "13900000003", "", ""],  # no name
    ["陈静", "村民", "13900000004", "", ""],  # unknown category
    ["赵磊", "专家学者", "12345", "110101199001011234", ""],
]  # bad phone and ID


def test_template_has_the_columns():
    sheet = load_workbook(io.BytesIO(template_xlsx())).active
    assert [c.value for c in sheet[1]] == ["姓名", "类别", "手机号", "身份证号", "工作单位"]


def test_bad_rows_import_nothing_unless_valid_only(world):
    od = world.od
    eid = world.event()
    imports = Imports(od)
    preview = imports.preview(eid, xlsx(GOOD + BAD), "名单.xlsx", "clerk_a")
    assert [r.line for r in preview.valid_rows] == [2, 3]
    errors = {r.line: r.errors for r in preview.error_rows}
    assert "请填写姓名" in errors[4][0] and "类别“村民”不正确" in errors[5][0]
    assert any("手机号" in e for e in errors[6]) and any("身份证号" in e for e in errors[6])
    with pytest.raises(ValidationError, match="有3行有误，未导入任何人员"):
        imports.import_rows(preview, "clerk_a")
    assert od.registrations.for_event(eid, "clerk_a") == []
    result = imports.import_rows(preview, "clerk_a", valid_only=True)
    assert len(result.imported) == 2 and [line for line, _ in result.skipped] == [4, 5, 6]
    regs = od.registrations.for_event(eid, "clerk_a")
    assert [(r.name, r.category, r.status, r.invited) for r in regs] == [
        ("王建国", "npc_deputy", "confirmed", True),
        ("刘芳", "media", "confirmed", True),
    ]
    assert regs[0].id_number_masked.startswith("371") and "*" in regs[0].id_number_masked
    # the same file again: the person with an ID is already on the list
    again = imports.preview(eid, xlsx(GOOD), "名单.xlsx", "clerk_a")
    assert "已在本场活动名单中" in again.error_rows[0].errors[0]


def test_csv_gbk_and_seat_limit(world):
    od = world.od
    eid = world.event(capacity=3)  # 1 reserved for citizens: at most 2 invitees
    text = "姓名,类别,手机号,工作单位\n甲一,人大代表,13900000011,\n乙二,政协委员,13900000012,\n丙三,专家学者,13900000013,\n"
    preview = Imports(od).preview(eid, text.encode("gbk"), "list.csv", "clerk_a")
    assert [r.valid for r in preview.rows] == [True, True, False]
    assert "非群众代表名额" in preview.rows[2].errors[0]
    assert not preview.ok
    Imports(od).import_rows(preview, "clerk_a", valid_only=True)
    assert od.events.seats(eid).confirmed_others == 2


def test_file_problems_and_permissions(world):
    od = world.od
    eid = world.event()
    preview = Imports(od).preview(eid, "名字,电话\n张三,1\n".encode(), "x.csv", "clerk_a")
    assert preview.problems and "缺少列" in preview.problems[0]
    with pytest.raises(ValidationError):
        Imports(od).import_rows(preview, "clerk_a", valid_only=True)
    with pytest.raises(ValidationError, match=".xlsx 或 .csv"):
        Imports(od).preview(eid, b"hello", "x.pdf", "clerk_a")
    with pytest.raises(PermissionDenied):
        Imports(od).preview(eid, xlsx(GOOD), "x.xlsx", "clerk_b")


def test_bulk_approval_confirms_in_signup_order_and_waitlists_the_rest(world):
    od = world.od
    eid = world.event(capacity=3)
    regs = [world.signup(eid, seq, name=f"报名{'甲乙丙丁戊'[seq - 1]}") for seq in range(1, 6)]
    result = od.registrations.approve_many([r.id for r in reversed(regs)], "clerk_a")
    assert [r.id for r in result] == [r.id for r in regs]
    assert [r.status for r in result] == ["confirmed"] * 3 + ["waitlisted"] * 2
    listed = od.registrations.for_event(eid, "clerk_a")
    assert [r.waitlist_position for r in listed if r.status == "waitlisted"] == [1, 2]
