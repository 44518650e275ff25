"""AppTest of the coordinator pages: what the office sees, and that unit staff and visitors see nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from gkreg import OpenDay, clock
from tests.conftest import make_id, page_app

PAGES = ["dashboard", "assessment", "admin", "audit_log"]


@pytest.fixture
def seeded(app_env):
    od = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    unit_a = od.units.add("甲县教育局", "department")
    od.units.add("乙镇人民政府", "township")
    od.users.add("coord", "coord-pass-1", "coordinator", display_name="政务公开办")
    od.users.add("clerk_a", "clerk-a-pass", "unit_staff", unit_id=unit_a)
    today = clock.now().date()
    cid = od.campaigns.create(
        "coord",
        name="2026年政府开放日",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
        filing_deadline=today - dt.timedelta(days=20),
    )
    event = od.events.add(
        unit_a, title="走进教育局", starts_at=clock.now() + dt.timedelta(days=5), actor="coord", approval="auto", capacity=12
    )
    for seq in range(1, 4):
        od.registrations.register(event, name="张三", phone=f"1390000000{seq}", id_number=make_id(seq))
    yield {"od": od, "campaign": cid, "unit_a": unit_a, "event": event}
    od.close()


def _texts(at) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.title]
    parts += [e.value for e in at.success] + [e.value for e in at.info] + [e.value for e in at.warning]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_unit_staff_and_visitors_see_nothing(seeded, page):
    for user in ("clerk_a", None):
        at = page_app(page, username=user).run()
        assert not at.exception
        assert at.warning and ("仅限" in at.warning[0].value)
        assert not at.metric and not at.dataframe and not at.get("vega_lite_chart")
        assert "甲县教育局" not in _texts(at)


def test_dashboard_shows_figures_charts_and_refresh_time(seeded):
    at = page_app("dashboard", username="coord").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["报名总数"] == "3" and metrics["今日报名"] == "3" and metrics["计划活动"] == "1"
    assert metrics["名额使用率"] == "25%" and metrics["群众占比"] == "100%"
    assert len(at.get("vega_lite_chart")) == 6
    assert any(c.value.startswith("最后刷新：") for c in at.caption)
    # Filtering on the other unit empties the figures.
    at.selectbox(key="dash_unit").select_index(2).run()
    assert {m.label: m.value for m in at.metric}["报名总数"] == "0"


def test_assessment_table_weights_and_evidence(seeded):
    at = page_app("assessment", username="coord").run()
    assert not at.exception
    table = at.dataframe[1].value  # [0] is the weighting, [1] the score table
    assert set(table["单位"]) == {"甲县教育局", "乙镇人民政府"}
    assert "得分" in table.columns
    assert at.get("download_button")
    at.selectbox(key="assess_unit").set_value(seeded["unit_a"]).run()
    evidence = at.dataframe[2].value
    assert "计划按时备案" in set(evidence["考核项"]) and "未备案" in set(evidence["说明"])
    # Change a weight through the form.
    weights = [n for n in at.number_input if n.label == "开放次数达标"]
    weights[0].set_value(40)
    form_buttons = [b for b in at.button if b.label == "保存权重"]
    form_buttons[0].click().run()
    assert not at.exception
    assert seeded["od"].assessment.weights()["open_days"] == 40


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_assessment_lists_inspections_and_points_as_text_in_the_page_language(seeded, lang, caplog):
    od, unit = seeded["od"], seeded["unit_a"]
    od.inspections.record("coord", unit_id=unit, inspected_on=clock.now().date(), findings="签到表不全")
    od.inspections.adjust("coord", unit_id=unit, points=2, reason="经验被推广", campaign_id=seeded["campaign"])
    at = page_app("assessment", username="coord", lang=lang).run()
    at.selectbox(key="assess_unit").set_value(unit).run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if ("分值" if lang == "zh" else "Points") in d.value.columns)
    points = "分值" if lang == "zh" else "Points"
    assert list(table[points]) == ["", "+2"]  # text: an inspection has no points (Arrow refused the mix)
    kinds = list(table["类别" if lang == "zh" else "Kind"])
    assert kinds == (["督查", "加分"] if lang == "zh" else ["Inspection", "Bonus"])
    assert "Conversion failed" not in caplog.text and "ArrowTypeError" not in caplog.text


def test_admin_campaign_form_filing_list_and_settings(seeded):
    od = seeded["od"]
    at = page_app("admin", username="coord").run()
    assert not at.exception
    # The filing list shows both units as not filed.
    filing = [d.value for d in at.dataframe if "备案情况" in d.value.columns][0]
    assert set(filing["单位"]) == {"甲县教育局", "乙镇人民政府"}
    # Create a campaign with an end before its start: error, nothing written.
    name = [t for t in at.text_input if t.label == "名称"][0]
    name.set_value("2027年政府开放日")
    [d for d in at.date_input if d.label == "结束日期"][0].set_value(clock.now().date() - dt.timedelta(days=1))
    [b for b in at.button if b.label == "创建活动安排"][0].click().run()
    assert at.error and "结束日期不能早于开始日期" in at.error[0].value
    assert len(od.campaigns.list()) == 1
    [d for d in at.date_input if d.label == "结束日期"][0].set_value(clock.now().date() + dt.timedelta(days=90))
    [b for b in at.button if b.label == "创建活动安排"][0].click().run()
    assert not at.exception and not at.error
    assert {c["name"] for c in od.campaigns.list()} == {"2026年政府开放日", "2027年政府开放日"}
    # Settings.
    [n for n in at.number_input if n.label.startswith("个人信息保留天数")][0].set_value(30)
    [b for b in at.button if b.label == "保存"][0].click().run()
    assert od.settings.get("retention_days") == 30


def test_admin_accounts_and_retention_confirmation(seeded):
    od = seeded["od"]
    at = page_app("admin", username="coord").run()
    at.text_input(key="admin_new_username").set_value("clerk_new")
    at.text_input(key="admin_new_password").set_value("short")
    [b for b in at.button if b.label == "创建账号"][0].click().run()
    assert any("必须绑定一个单位" in e.value for e in at.error)
    [s for s in at.selectbox if s.label == "单位"][0].set_value(seeded["unit_a"])
    [b for b in at.button if b.label == "创建账号"][0].click().run()
    assert any("密码至少需要8个字符" in e.value for e in at.error)
    assert od.users.get("clerk_new") is None
    assert at.text_input(key="admin_new_username").value == "clerk_new"  # the input is kept after an error
    at.text_input(key="admin_new_password").set_value("long-enough-1")
    [b for b in at.button if b.label == "创建账号"][0].click().run()
    assert any("已创建账号：clerk_new" in s.value for s in at.success)
    assert od.users.get("clerk_new")["unit_id"] == seeded["unit_a"]
    assert at.text_input(key="admin_new_username").value == ""
    # Retention: the count first, then a confirmation before anything is erased.
    with od.db.transaction("coord", "test.setup") as tx:
        tx.execute(
            "UPDATE events SET starts_at = ? WHERE id = ?", (clock.to_iso(clock.now() - dt.timedelta(days=200)), seeded["event"])
        )
    at = page_app("admin", username="coord").run()
    assert any("目前有 3 条报名记录已到期" in m.value for m in at.markdown)
    [b for b in at.button if b.label.startswith("清除 3 条记录")][0].click().run()
    assert any("不可撤销" in w.value for w in at.warning)
    assert od.campaigns.retention_due("coord") == 3  # nothing erased yet
    [b for b in at.button if b.label == "确认清除"][0].click().run()
    assert any("已清除 3 条" in s.value for s in at.success)
    assert od.campaigns.retention_due("coord") == 0


def test_audit_page_filters_and_pages(seeded):
    at = page_app("audit_log", username="coord").run()
    assert not at.exception
    table = at.table[0].value  # a plain table: every column shown, text wrapped on phones
    assert len(table) > 3 and list(table.columns) == ["时间", "操作人", "操作内容", "来源"]
    assert not table["操作内容"].str.contains(r"[{}\[\]]|event|registration").any()  # sentences, no JSON or codes
    at.selectbox(key="audit_action").set_value("campaign.create").run()
    table = at.table[0].value
    assert len(table) >= 1 and table["操作内容"].str.startswith("新建活动安排").all()
    assert len(at.get("download_button")) == 2


@pytest.mark.parametrize("page", PAGES)
def test_pages_in_english_have_every_string(seeded, page):
    at = page_app(page, username="coord", lang="en").run()
    assert not at.exception
    shown = _texts(at) + "\n".join(m.label for m in at.metric) + "\n".join(b.label for b in at.button)
    shown += "\n".join(w.label for w in [*at.selectbox, *at.text_input, *at.number_input, *at.date_input])
    for prefix in ("dash.", "assess.", "admin.", "audit."):
        assert prefix not in shown  # a missing key would show itself


@pytest.mark.parametrize("page", PAGES)
def test_pages_on_an_empty_database(app_env, page):
    od = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    od.users.add("coord", "coord-pass-1", "coordinator")
    at = page_app(page, username="coord").run()
    assert not at.exception
    if page == "assessment":
        assert "还没有活动安排" in at.info[0].value
    od.close()


def test_audit_log_names_actions_in_chinese():
    from gkreg.labels import AUDIT_ACTIONS, audit_label

    assert audit_label("login.success") == "登录成功"
    assert audit_label("demo.event") == "装入演示数据"
    assert audit_label("something.new") == "something.new"  # an unnamed action still shows its code
    assert all(name and not name.isascii() for name in AUDIT_ACTIONS.values())
