"""AppTest of /feedback (public) and /ledger (clerks)."""

from __future__ import annotations

import pytest

from gkreg import OpenDay
from tests.conftest import page_app, texts


@pytest.fixture
def seeded(app_env):
    od = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    a = od.units.add("示范县教育局", "department")
    b = od.units.add("马站镇人民政府", "township")
    od.users.add("clerk_a", "clerk-a-pass", "unit_staff", unit_id=a)
    od.users.add("clerk_b", "clerk-b-pass", "unit_staff", unit_id=b)
    od.users.add("coord", "coord-pass-1", "coordinator")
    yield od, a, b
    od.close()


def button(at, label):
    return next(b for b in at.button if b.label == label)


def test_feedback_submit_with_phone_needs_consent(seeded):
    od, a, _b = seeded
    at = page_app("feedback").run()
    assert not at.exception
    assert at.text_area(key="fb_content").label == "意见内容"
    consent = at.checkbox(key="fb_consent")
    assert consent.label.startswith("我已阅读并同意") and consent.value is False
    at.selectbox(key="fb_unit").set_value(a)
    at.text_area(key="fb_content").input("建议开放日增加周末场次")
    at.text_input(key="fb_name").input("张三")
    at.text_input(key="fb_phone").input("13912345678")
    button(at, "提交意见").click().run()
    assert any("同意" in e.value for e in at.error)
    assert od.db.scalar("SELECT count(*) FROM opinions") == 0
    at.checkbox(key="fb_consent").check()
    button(at, "提交意见").click().run()
    assert not at.exception
    code = od.db.scalar("SELECT code FROM opinions")
    assert code and any(code in s.value for s in at.success)
    row = od.db.row("SELECT unit_id, name, phone, source, consent_at FROM opinions")
    assert row["unit_id"] == a and row["name"] == "张三" and row["phone"] == "13912345678"
    assert row["source"] == "online" and row["consent_at"]


def test_feedback_preselects_the_event_and_allows_anonymous(seeded):
    od, _a, b = seeded
    event = od.events.add(b, title="乡村振兴示范片现场开放", starts_at="2030-05-01 09:00", actor="coord")
    at = page_app("feedback", query={"event": str(event)}).run()
    assert at.selectbox(key="fb_unit").value == b
    assert at.selectbox(key="fb_event").value == event
    at.text_area(key="fb_content").input("希望多组织几场")
    button(at, "提交意见").click().run()
    assert not at.error
    row = od.db.row("SELECT unit_id, event_id, name, phone FROM opinions")
    assert row == {"unit_id": b, "event_id": event, "name": "", "phone": ""}


def test_feedback_public_ledger_and_consultation(seeded):
    od, a, _b = seeded
    adopted = od.feedback.submit("建议公开食堂采购价格", unit_id=a, name="王小明", phone="13912345678")
    od.feedback.respond(adopted, status="adopted", response="已每月在校务公开栏公示。", actor="clerk_a")
    od.feedback.publish(adopted, "clerk_a")
    hidden = od.feedback.submit("未公示的意见内容", unit_id=a)
    assert hidden
    cid = od.feedback.open_consultation(
        a, title="课后服务实施办法（征求意见稿）", draft="第一条 课后服务……", closes_at="2099-01-01 00:00", actor="clerk_a"
    )
    at = page_app("feedback").run()
    assert not at.exception
    page = texts(at)
    assert "意见采纳公示" in page
    assert "已每月在校务公开栏公示。" in page and "建议公开食堂采购价格" in page
    assert "王**" in page and "王小明" not in page and "13912345678" not in page
    assert "未公示的意见内容" not in page
    assert any(m.value.endswith("-badge[已采纳]") for m in at.markdown)  # the status, in Chinese
    assert len(at.get("vega_lite_chart")) == 1
    assert [m.value for m in at.metric][:2] == ["2", "1"]  # received, adopted
    at.text_area(key=f"fc_content_{cid}").input("建议周五也开展课后服务")
    button(at, "提交征集意见").click().run()
    row = od.db.row("SELECT source, consultation_id FROM opinions WHERE content = '建议周五也开展课后服务'")
    assert row == {"source": "consultation", "consultation_id": cid}


def test_ledger_needs_staff(seeded):
    od, a, _b = seeded
    od.feedback.submit("秘密意见内容", unit_id=a, phone="13912345678")
    at = page_app("ledger").run()
    assert at.warning and "秘密意见内容" not in texts(at)
    assert not at.dataframe and not at.table


def test_ledger_clerk_answers_publishes_and_sees_only_own_unit(seeded):
    od, a, b = seeded
    mine = od.feedback.submit("建议增加周末开放", unit_id=a, name="李四")
    od.feedback.submit("乙镇的意见不该出现", unit_id=b)
    at = page_app("ledger", username="clerk_a").run()
    assert not at.exception
    frame = at.table[0].value
    assert list(frame["编号"]) == [od.feedback.code(mine)]
    assert "乙镇的意见不该出现" not in texts(at)
    # a decided status without a response is refused, nothing written
    at.selectbox(key=f"lg_status_{mine}").set_value("adopted")
    button(at, "保存办理结果").click().run()
    assert at.error and od.feedback.get(mine, "clerk_a")["status"] == "received"
    at.selectbox(key=f"lg_status_{mine}").set_value("adopted")
    at.text_area(key=f"lg_response_{mine}").input("下月起每月第一个周六开放。")
    button(at, "保存办理结果").click().run()
    assert not at.exception
    assert od.feedback.get(mine, "clerk_a")["status"] == "adopted"
    at.checkbox(key=f"lg_public_{mine}").check()
    at.text_area(key=f"lg_ptext_{mine}").input("建议增加周末开放（已编辑）")
    button(at, "保存公示设置").click().run()
    published = od.feedback.public_ledger()
    assert [(r["id"], r["status_label"], r["content"]) for r in published] == [(mine, "已采纳", "建议增加周末开放（已编辑）")]
    assert od.feedback.get(mine, "clerk_a")["content"] == "建议增加周末开放"


def test_ledger_forum_intake_overdue_and_bulk(seeded):
    od, a, _b = seeded
    event = od.events.add(a, title="课后服务座谈", starts_at="2030-05-01 09:00", actor="coord")
    old = od.feedback.submit("很久以前的意见", unit_id=a)
    od.db.connection().execute("UPDATE opinions SET due_on = '2020-01-01' WHERE id = ?", (old,))
    at = page_app("ledger", username="clerk_a").run()
    assert "其中超期 1 条" in texts(at)
    at.selectbox(key="lg_in_event").set_value(event)
    at.text_area(key="lg_in_text").input("建议增加周末场次\n张三｜希望公开食堂采购价格")
    button(at, "录入台账").click().run()
    assert not at.exception
    rows = od.feedback.ledger("clerk_a", event_id=event)
    assert sorted(r["content"] for r in rows) == ["希望公开食堂采购价格", "建议增加周末场次"]
    assert all(r["source"] == "forum" for r in rows)
    at.checkbox(key="lg_f_overdue").check().run()
    assert list(at.table[0].value["编号"]) == [od.feedback.code(old)]
    at.checkbox(key="lg_f_overdue").uncheck().run()
    codes = [od.feedback.code(r["id"]) for r in rows]
    at.multiselect(key="lg_bulk_codes").set_value(codes)
    at.selectbox(key="lg_bulk_action").set_value("publish")
    button(at, "执行批量操作").click().run()
    assert at.error and not od.feedback.public_ledger()  # confirmation first
    at.checkbox(key="lg_bulk_ok").check()
    button(at, "执行批量操作").click().run()
    assert {r["id"] for r in od.feedback.public_ledger()} == {r["id"] for r in rows}


def test_ledger_clerk_opens_a_consultation(seeded):
    od, a, _b = seeded
    at = page_app("ledger", username="clerk_a").run()
    at.text_input(key="lg_c_title").input("老旧小区改造计划（征求意见稿）")
    at.text_area(key="lg_c_draft").input("拟将12个小区纳入改造计划。")
    button(at, "发布意见征集").click().run()
    assert not at.exception
    assert [c["title"] for c in od.feedback.consultations(unit_id=a)] == ["老旧小区改造计划（征求意见稿）"]


def test_opinion_lookup_shows_answer_and_progress(seeded):
    from streamlit.testing.v1 import AppTest

    od, a, _b = seeded
    opinion_id = od.feedback.submit("路灯坏了很久", unit_id=a, name="王五", phone="13912345678")
    od.feedback.add_progress(opinion_id, "已派人现场查看", "clerk_a")
    od.feedback.respond(opinion_id, status="answered", response="路灯已于本周修复。", actor="clerk_a")
    code = od.feedback.code(opinion_id)
    at = AppTest.from_string(
        "from gkreg.ui.opinion_lookup import render_opinion_lookup\nrender_opinion_lookup()\n", default_timeout=30
    )
    at.session_state["lang"] = "zh"
    at.run()
    at.text_input(key="opinion_lookup_code").input(code)
    at.text_input(key="opinion_lookup_phone").input("13900000000")
    button(at, "查询意见").click().run()
    assert at.error and "路灯已于本周修复" not in texts(at)
    wrong_phone = at.error[0].value
    at.text_input(key="opinion_lookup_code").input("ZZZZZZZZ")
    at.text_input(key="opinion_lookup_phone").input("13912345678")
    button(at, "查询意见").click().run()
    assert at.error[0].value == wrong_phone  # the same message for a wrong code or a wrong phone
    at.text_input(key="opinion_lookup_code").input(code.lower())
    button(at, "查询意见").click().run()
    page = texts(at)
    assert not at.error
    assert "已答复" in page and "路灯已于本周修复。" in page and "已派人现场查看" in page


def test_opinion_lookup_guesses_are_throttled_like_registration_lookups(seeded):
    from streamlit.testing.v1 import AppTest

    od, a, _b = seeded
    opinion_id = od.feedback.submit("路灯坏了很久", unit_id=a, name="王五", phone="13912345678")
    od.feedback.respond(opinion_id, status="answered", response="路灯已于本周修复。", actor="clerk_a")
    code = od.feedback.code(opinion_id)
    at = AppTest.from_string(
        "from gkreg.ui.opinion_lookup import render_opinion_lookup\nrender_opinion_lookup()\n", default_timeout=30
    )
    at.session_state["lang"] = "zh"
    at.run()
    for n in range(10):
        at.text_input(key="opinion_lookup_code").input(f"ZZZZZZZ{n}")
        at.text_input(key="opinion_lookup_phone").input("13912345678")
        button(at, "查询意见").click().run()
    # The eleventh try, even with the right code and phone, has to wait.
    at.text_input(key="opinion_lookup_code").input(code)
    button(at, "查询意见").click().run()
    assert "路灯已于本周修复。" not in texts(at)
    assert any("分钟后再查询" in e.value for e in at.error)


@pytest.mark.parametrize("module", ["feedback", "ledger"])
def test_pages_render_in_english(seeded, module):
    od, a, _b = seeded
    opinion_id = od.feedback.submit("意见", unit_id=a)
    od.feedback.publish(opinion_id, "clerk_a")
    at = page_app(module, username="coord" if module == "ledger" else None, lang="en").run()
    assert not at.exception
    assert "Opinion" in texts(at) or "opinion" in texts(at).lower()


def test_event_link_from_reports_opens_that_events_opinions(seeded):
    import datetime as dt

    from gkreg import clock

    od, a, b = seeded
    event = od.events.add(a, title="走进教育局", starts_at=clock.now() + dt.timedelta(days=3), actor="coord")
    mine = od.feedback.submit("校车线路建议增加一条", event_id=event)
    other = od.feedback.submit("镇上路灯不亮", unit_id=b)
    for opinion_id, clerk in ((mine, "clerk_a"), (other, "clerk_b")):
        od.feedback.publish(opinion_id, clerk)
    at = page_app("feedback", query={"event": str(event)}).run()
    assert not at.exception
    page = texts(at)
    assert "校车线路建议增加一条" in page and "镇上路灯不亮" not in page


def test_opinion_needs_a_chosen_unit(seeded):
    od, _a, _b = seeded
    at = page_app("feedback").run()
    assert at.selectbox(key="fb_unit").value is None  # no unit is chosen for the citizen
    at.text_area(key="fb_content").input("建议延长办事大厅开放时间")
    button(at, "提交意见").click().run()
    assert at.error and "请选择" in at.error[0].value
    assert od.db.scalar("SELECT count(*) FROM opinions") == 0


def test_ledger_table_shows_the_due_column_and_marks_overdue_rows_red(seeded):
    from gkreg import palette

    od, a, _b = seeded
    old = od.feedback.submit("很久以前的意见", unit_id=a)
    od.feedback.submit("新近的意见", unit_id=a)
    od.db.connection().execute("UPDATE opinions SET due_on = '2020-01-01' WHERE id = ?", (old,))
    at = page_app("ledger", username="clerk_a").run()
    assert not at.exception
    assert not at.dataframe  # no 10-row scroll box: a plain table with every column
    table = at.table[0]
    frame = table.value
    assert {"答复期限", "编号", "状态"} <= set(frame.columns)
    # cells are Markdown-escaped text (st.table draws Markdown): the reader sees 2020-01-01
    assert "2020-01-01" in {v.replace("\\", "") for v in frame["答复期限"]}
    styles = table.proto.arrow_data.styler.styles
    assert palette.OVERDUE_ROW in styles and palette.OVERDUE_TEXT in styles
    # Only the overdue row is styled.
    red = [block for block in styles.split("}") if palette.OVERDUE_ROW in block]
    row_ids = {int(part.split("_row")[1].split("_")[0]) for block in red for part in block.split("#T_")[1:] if "_row" in part}
    overdue_row = list(frame["编号"]).index(od.feedback.code(old))
    assert row_ids == {overdue_row}
    # Dates and codes keep to one line (wrapped, a date read "2026-12-" over "01"); the opinion text wraps.
    nowrap = [block for block in styles.split("}") if "white-space: nowrap" in block]
    columns = {int(part.split("_col")[1].split(",")[0].split(" ")[0]) for block in nowrap for part in block.split("#T_")[1:]}
    names = list(frame.columns)
    assert {names.index("答复期限"), names.index("编号")} <= columns and names.index("意见内容") not in columns
