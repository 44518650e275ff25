"""``export-site`` output opened in real Chromium: every link works, nothing is requested from any host."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from urllib.parse import urlparse

import pytest
from PIL import Image

from gkreg import clock
from gkreg.__main__ import main
from gkreg.planning import Planning

pytestmark = pytest.mark.browser


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_export_site_opens_offline_with_working_links(world, tmp_path, desktop):
    od = world.od
    eid = od.online.create(
        world.unit_a,
        "clerk_a",
        title="局长在线访谈<script>alert(1)</script>",
        starts_at=clock.now() - dt.timedelta(days=2),
        stream_url="https://live.example.gov.cn/1",
    )
    Planning(od).mark_held(eid, "clerk_a")
    od.online.add_question(eid, "clerk_a", "学区怎么划？", "按街道划分。")
    od.online.publish_record(eid, "clerk_a")
    od.reports.save(eid, "clerk_a", "访谈顺利举行。", attended=0)
    od.reports.add_photo(eid, "clerk_a", "现场.png", _png())
    od.reports.publish(eid, "clerk_a")
    opinion = od.feedback.submit("希望多办几场", unit_id=world.unit_a, name="王小明")
    od.feedback.publish(opinion, "coord")
    world.event(title="下月开放日", days=20)
    out = tmp_path / "site"
    assert main(["--db", str(od.db.path), "export-site", str(out)]) == 0

    requests: list[str] = []
    desktop.on("request", lambda r: requests.append(r.url))
    desktop.goto((out / "index.html").as_uri())
    visited = set()
    for label, file, must in [
        ("活动开展情况", "reports.html", "访谈顺利举行。"),
        ("意见采纳公示", "ledger.html", "王**"),
        ("主题日安排", "calendar.html", "下月开放日"),
        ("首页", "index.html", "静态副本"),
    ]:
        desktop.get_by_role("link", name=label, exact=True).first.click()
        desktop.wait_for_load_state("load")
        assert desktop.url.endswith(file)
        assert must in desktop.content()
        visited.add(file)
        if file == "reports.html":
            # Typed text stays text; the photo is a local file that actually loads.
            assert desktop.get_by_text("局长在线访谈<script>alert(1)</script>").count() == 1
            assert desktop.get_by_text("问：学区怎么划？").count() == 1
            widths = desktop.eval_on_selector_all("img", "els => els.map(e => e.complete && e.naturalWidth)")
            assert widths and all(w == 64 for w in widths)
        if file == "ledger.html":
            assert "王小明" not in desktop.content()
    assert visited == {"index.html", "reports.html", "ledger.html", "calendar.html"}
    # Every link on every page points at a file that exists in the export.
    for page in ("index.html", "reports.html", "ledger.html", "calendar.html"):
        desktop.goto((out / page).as_uri())
        for href in desktop.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = (out / href.split("#")[0]) if not href.startswith("#") else out / page
            assert not urlparse(href).scheme and target.is_file(), href
    assert requests and all(urlparse(u).scheme == "file" for u in requests), requests
    assert Path(out / "feeds" / "reports.atom").read_bytes().startswith(b"<?xml")


def test_calendar_as_the_first_request_to_a_fresh_server(tmp_path, phone):
    """/calendar (CONTRACT §6) works as the very first request and on a 390-px phone."""
    from conftest import start_server, wait_for_app

    server = start_server(tmp_path, demo=True)
    try:
        phone.goto(server.url + "/calendar")
        phone.get_by_text("语言 / Language").first.wait_for(timeout=60_000)
        wait_for_app(phone)
        text = phone.inner_text("body")
        assert "主题日安排" in text and "Page not found" not in text
        assert "主办：" in text and "/feeds/calendar.ics" in text
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 400
    finally:
        server.process.terminate()
        server.process.wait(timeout=20)
