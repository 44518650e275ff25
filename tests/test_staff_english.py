"""English on the staff pages (issue 11): no Chinese in labels, buttons, headings, captions, options,
table headers and cells, chart titles, axes and legends, when every piece of user data is in Latin
letters (so any Chinese left is the interface's own). Also the exports' English headers."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from conftest import make_id, page_app

from gkreg import OpenDay, clock
from gkreg.i18n import t

# Chinese characters, and the full-width brackets, comma, colon and space that only Chinese text uses
# (、 and 【】 may appear in English as the literal characters a clerk types).
CJK = re.compile(r"[\u3400-\u9fff\uff08\uff09\uff0c\uff1a\u3000]")
STAFF_PAGES = [
    "workbench",
    "manage_events",
    "attendees",
    "ledger",
    "survey_admin",
    "campaign_work",
    "dashboard",
    "assessment",
    "admin",
    "audit_log",
]


@pytest.fixture
def latin_world(app_env):
    """A county whose every name, title and text is in Latin letters."""
    od = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    unit = od.units.add("Education Bureau", "department")
    od.users.add("coord", "coord-pass-1", "coordinator", display_name="Office")
    od.users.add("clerk", "clerk-pass-1", "unit_staff", unit_id=unit, display_name="Clerk")
    starts = dt.datetime.combine(clock.now().date() + dt.timedelta(days=7), dt.time(9, 30))
    event = od.events.add(unit, actor="coord", title="Open Day", starts_at=starts, location="Room 3")
    for seq, name in enumerate(("Li Lei", "Han Meimei", "Wang Fang"), 1):
        od.registrations.register(event, name=name, phone=f"1391234567{seq}", id_number=make_id(seq))
    reg = od.registrations.register(event, name="Zhou Jie", phone="13912345670", id_number=make_id(9))
    od.registrations.approve(reg.id, "clerk")
    od.registrations.register(event, name="Media Guest", phone="13912345680", category="media", invited_by="clerk")
    od.feedback.submit("More weekend hours please", unit_id=unit, name="Li Lei", source="online")
    od.feedback.submit("Publish the canteen prices", event_id=event, source="forum")
    od.surveys.create(
        unit,
        title="Service survey",
        actor="clerk",
        questions=[
            {"kind": "single", "text": "Did you like it", "options": ["Yes", "No"], "required": True},
            {"kind": "rating", "text": "Score", "options": [], "required": False},
            {"kind": "text", "text": "Ideas", "options": [], "required": False},
        ],
    )
    od.event_id = event
    yield od
    od.close()


def _strings_of_chart(spec: str) -> list[str]:
    """Every text in a Vega-Lite spec but its data (titles, axis and legend titles, scale domains)."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in ("data", "datasets", "values"):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            found.append(node)

    walk(json.loads(spec))
    return found


def _elements(at) -> list:
    out = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                out.append(child)
                walk(child)

    walk(at._tree)
    return out


def shown_strings(at) -> list[tuple[str, str]]:
    """(kind, text) of everything the page says itself: texts, labels, options, table headers and cells, charts."""
    items: list[tuple[str, str]] = []
    for kind in ("title", "header", "subheader", "caption", "info", "warning", "error", "success", "markdown", "text"):
        items += [(kind, str(el.value)) for el in getattr(at, kind)]
    for kind in ("button", "selectbox", "text_input", "number_input", "date_input", "checkbox", "radio", "text_area", "toggle"):
        for el in getattr(at, kind):
            items.append((kind, str(el.label)))
            for option in getattr(el, "options", None) or []:
                items.append((f"{kind} option", str(option)))
    for el in at.multiselect:
        items.append(("multiselect", str(el.label)))
        items += [("multiselect option", str(o)) for o in el.options]
    items += [("metric", m.label) for m in at.metric]
    items += [("expander", e.label) for e in at.expander]
    items += [("tab", t.label) for t in at.tabs]
    for frame in [*at.dataframe, *at.table]:
        value = frame.value
        value = value.data if hasattr(value, "data") and not hasattr(value, "columns") else value
        items += [("column", str(c)) for c in value.columns]
        items += [("cell", str(v)) for v in value.astype(str).to_numpy().ravel()]
    for el in _elements(at):
        if getattr(el, "type", None) in ("arrow_vega_lite_chart", "vega_lite_chart"):
            items += [("chart", s) for s in _strings_of_chart(el.proto.spec)]
        if getattr(el, "type", None) == "download_button":
            items.append(("download", el.proto.label))
    return items


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_staff_pages_in_english_have_no_chinese(latin_world, page):
    query = {"event": str(latin_world.event_id)} if page == "attendees" else None
    at = page_app(page, username="coord", lang="en", query=query).run(timeout=60)
    assert not at.exception, at.exception
    # Text messages go to citizens in Chinese whatever the clerk's page language: their bodies (【签名】…)
    # are content, not interface.
    chinese = sorted(
        {f"{kind}: {text[:120]}" for kind, text in shown_strings(at) if CJK.search(text) and not text.startswith("【")}
    )
    assert not chinese, "\n".join(chinese)


def test_the_scan_sees_chinese_when_the_page_is_chinese(latin_world):
    at = page_app("dashboard", username="coord", lang="zh").run(timeout=60)
    kinds = {kind for kind, text in shown_strings(at) if CJK.search(text)}
    assert {"title", "chart", "metric"} <= kinds, kinds


def test_export_headers_in_english(latin_world):
    from openpyxl import load_workbook

    from gkreg.attendee_export import attendee_csv, attendee_xlsx, export_filename

    od = latin_world
    event = od.events.get(od.event_id)
    regs = od.registrations.for_event(od.event_id, "coord")
    now = dt.datetime(2026, 12, 2, 9, 0)
    for data in (attendee_xlsx(event, regs, now, lang="en"),):
        sheet = load_workbook(io.BytesIO(data)).active
        cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
        assert "Name" in cells and "Status" in cells and "Open Day: attendee list" in cells
        assert not [c for c in cells if CJK.search(c)], cells
    text = attendee_csv(event, regs, now, lang="en").decode("utf-8-sig")
    assert not CJK.search(text) and "Awaiting review" in text and "Invited" in text
    assert export_filename("Open Day", "xlsx", now, lang="en") == "Open Day-attendees-2026-12-02.xlsx"
    assert export_filename("开放日", "xlsx", now) == "开放日-参加人员-2026-12-02.xlsx"
    ledger = load_workbook(io.BytesIO(od.feedback.export_xlsx("coord", lang="en"))).active
    cells = [str(c.value) for row in ledger.iter_rows() for c in row if c.value is not None]
    assert "Answer due" in cells and "Online message" in cells
    assert not [c for c in cells if CJK.search(c)], cells


def test_the_catalogue_and_the_domain_share_one_copy_of_each_word_list():
    # They were copies kept equal by this test; now gkreg.labels holds each once, and a copy made again
    # (a literal pasted back into a module) fails here.
    from gkreg.exports import ATTENDEE_HEADERS
    from gkreg.i18n import polish
    from gkreg.inspections import RECTIFICATION
    from gkreg.opinions.listing import LEDGER_HEADERS
    from gkreg.surveys import STATES

    assert polish.ATTENDEE_HEADERS is ATTENDEE_HEADERS
    assert polish.LEDGER_HEADERS is LEDGER_HEADERS
    assert polish.SURVEY_STATES is STATES
    assert polish.RECTIFICATION is RECTIFICATION


@pytest.mark.parametrize("page", ["manage_events", "attendees", "ledger", "survey_admin"])
def test_staff_pages_for_one_event_in_english_have_no_chinese(latin_world, page):
    at = page_app(page, username="coord", lang="en", query={"event": str(latin_world.event_id)}).run(timeout=60)
    assert not at.exception, at.exception
    chinese = sorted(
        {f"{kind}: {text[:120]}" for kind, text in shown_strings(at) if CJK.search(text) and not text.startswith("【")}
    )
    assert not chinese, "\n".join(chinese)


@pytest.mark.parametrize("section", ["review", "invite", "list", "checkin", "export", "finalize"])
def test_every_attendee_section_in_english_has_no_chinese(latin_world, section):
    # Each section opened directly (AppTest formats a re-run's select options outside the page's
    # session, i.e. in Chinese, so the section is chosen before the first run instead of clicked).
    at = page_app("attendees", username="coord", lang="en", query={"event": str(latin_world.event_id)})
    at.session_state["att_section"] = section
    at.run(timeout=60)
    assert not at.exception, at.exception
    assert at.radio(key="att_section").value == section
    # The invitation template's columns are Chinese in the file itself: the help names them as they are.
    template_help = t("console.import.help", "en")
    chinese = sorted(
        {
            f"{kind}: {text[:120]}"
            for kind, text in shown_strings(at)
            if CJK.search(text) and not text.startswith("【") and text != template_help
        }
    )
    assert not chinese, "\n".join(chinese)
