"""Consultations (issue 13): the public yearly preview list; closed consultations stay public with
participation figures and outcome."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import page_app

from gkreg import OpenDay, clock
from gkreg.errors import InvalidTransition, PermissionDenied, ValidationError

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL


def test_preview_list_and_closed_record(world):
    od = world.od
    year = clock.now().year
    with pytest.raises(PermissionDenied):
        od.consultation_records.plan(world.unit_a, "clerk_b", year=year, month=5, title="学区划分调整")
    with pytest.raises(ValidationError):
        od.consultation_records.plan(world.unit_a, "clerk_a", year=year, month=13, title="学区划分调整")
    od.consultation_records.plan(world.unit_a, "clerk_a", year=year, month=9, title="课后服务收费标准")
    od.consultation_records.plan(world.unit_b, "clerk_b", year=year, month=5, title="集贸市场搬迁")
    assert [(p["month"], p["title"]) for p in od.consultation_records.preview(year)] == [
        (5, "集贸市场搬迁"),
        (9, "课后服务收费标准"),
    ]
    cid = od.feedback.open_consultation(
        world.unit_a,
        title="学区划分调整方案",
        draft="征求意见稿全文",
        closes_at=clock.now() + dt.timedelta(days=3),
        actor="clerk_a",
    )
    first = od.feedback.comment(cid, "建议按街道划分", name="张三", phone="13912345678")
    od.feedback.comment(cid, "再补充一条", name="张三", phone="13912345678")
    od.feedback.comment(cid, "匿名意见")
    with pytest.raises(InvalidTransition):
        od.consultation_records.set_outcome(cid, "clerk_a", "采纳")
    assert od.consultation_records.closed() == []
    od.feedback.respond(first, status="adopted", response="已采纳", actor="clerk_a")
    od.feedback.close_consultation(cid, "clerk_a")
    with pytest.raises(PermissionDenied):
        od.consultation_records.set_outcome(cid, "clerk_b", "x")
    od.consultation_records.set_outcome(cid, "clerk_a", "共收到3条意见，采纳1条：按街道划分学区。")
    [record] = od.consultation_records.closed()
    assert (record["comments"], record["people"], record["adopted"]) == (3, 2, 1)
    assert record["outcome"].startswith("共收到3条") and "phone" not in record and "name" not in record
    assert cid not in [c["id"] for c in od.feedback.consultations(open_only=True)]


def test_feedback_page_shows_preview_and_closed_consultations(app_env):
    od = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    unit = od.units.add("甲县教育局")
    od.users.add("clerk", "clerk-pass-1", "unit_staff", unit_id=unit)
    od.consultation_records.plan(unit, "clerk", year=clock.now().year, month=9, title="课后服务收费标准")
    cid = od.feedback.open_consultation(
        unit, title="学区划分调整方案", draft="稿", actor="clerk", closes_at=clock.now() + dt.timedelta(days=3)
    )
    od.feedback.comment(cid, "建议", name="李四")
    od.feedback.close_consultation(cid, "clerk")
    od.consultation_records.set_outcome(cid, "clerk", "采纳*部分*意见")
    od.close()
    at = page_app("feedback").run()
    assert not at.exception
    assert "课后服务收费标准" in at.dataframe[0].value.to_string()
    [closed] = [e for e in at.expander if e.label == "学区划分调整方案"]
    text = "\n".join(str(x.value) for x in closed.markdown) + "\n".join(str(x.value) for x in closed.caption)
    assert "收到意见 1 条（1 人参与）" in text and "采纳\\*部分\\*意见" in text and "李四" not in text
