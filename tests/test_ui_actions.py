"""gkreg.ui.layout.act: a use case's success message survives the rerun; its field errors sit next to their inputs."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from gkreg import OpenDay
from tests.conftest import page_app

FORM = """
import streamlit as st
from gkreg.errors import ValidationError
from gkreg.ui.layout import act, show_flash

show_flash()
slots = {}
st.text_input("姓名", key="name")
slots["name"] = st.empty()
st.text_input("手机号", key="phone")
slots["phone"] = st.empty()
st.text_input("单位", key="org")
slots["organization"] = st.empty()


def save():
    problems = {}
    if not st.session_state["name"]:
        problems["name"] = "请填写姓名。"
    if not st.session_state["phone"]:
        problems["phone"] = "请填写手机号。"
    if problems:
        problems["captcha"] = "验证码不正确。"  # a field with no slot on this form
        raise ValidationError(problems=problems)
    st.session_state["saved"] = st.session_state.get("saved", 0) + 1
    return st.session_state["name"]


if st.button("保存"):
    act(save, fields=slots, done=lambda name: f"已保存：{name}", clear=("name",))
st.caption("end")
"""


def _flat(node) -> list:
    """Every element of the page in drawing order."""
    children = getattr(node, "children", None)
    if not children:
        return [node]
    return [leaf for _, child in sorted(children.items()) for leaf in _flat(child)]


def test_field_errors_are_drawn_under_their_inputs():
    at = AppTest.from_string(FORM, default_timeout=30).run()
    at.text_input(key="org").set_value("县教育局")
    at.button[0].click().run()
    assert not at.exception
    order = [(el.type, getattr(el, "label", None) or getattr(el, "value", "")) for el in _flat(at.main)]
    kinds = [kind for kind, _ in order]
    names = [label for _, label in order]
    # Each sentence right below its own input; a problem without a slot is shown once, below the form.
    assert names.index("请填写姓名。") == names.index("姓名") + 1
    assert names.index("请填写手机号。") == names.index("手机号") + 1
    assert kinds[names.index("单位") + 1] == "empty"  # no problem for this field: its slot stays empty
    assert names.index("验证码不正确。") > names.index("保存")
    assert [e.value for e in at.error] == ["请填写姓名。", "请填写手机号。", "验证码不正确。"]
    assert "saved" not in at.session_state and not at.success
    assert at.text_input(key="org").value == "县教育局"  # nothing typed is lost


def test_success_message_survives_the_rerun():
    at = AppTest.from_string(FORM, default_timeout=30).run()
    at.text_input(key="name").set_value("张三")
    at.text_input(key="phone").set_value("13900000001")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert at.session_state["saved"] == 1
    assert [s.value for s in at.success] == ["已保存：张三"]  # drawn by the run after st.rerun()
    assert at.text_input(key="name").value == "" and at.text_input(key="phone").value == "13900000001"
    at.run()  # shown once, not on every later run
    assert not at.success


def test_admin_unit_toggle_says_saved_after_the_rerun(app_env):
    # admin.py used to call st.success and then st.rerun(), so the clerk never saw "saved".
    od = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    unit = od.units.add("甲县教育局", "department")
    od.users.add("coord", "coord-pass-1", "coordinator")
    at = page_app("admin", username="coord").run()
    [b for b in at.button if b.label == "停用该单位"][0].click().run()
    assert not at.exception
    assert not od.units.get(unit)["active"]
    assert any(s.value == "已保存。" for s in at.success), [s.value for s in at.success]
    od.close()
