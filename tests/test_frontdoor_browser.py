"""The front door in real Chromium: typed Markdown/HTML stays text on every page (a loopback sink
server that the payloads point at receives no request), and no page loads anything from a host
other than the app's own."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from urllib.parse import urlsplit

import pytest
from conftest import free_port, make_id, start_server, submit_login, wait_for_app

from gkreg import clock

pytestmark = pytest.mark.browser

PUBLIC_PATHS = ["/", "/events", "/lookup", "/surveys", "/feedback", "/reports", "/login"]


class Sink:
    """A web server on loopback that records every request it receives."""

    def __init__(self) -> None:
        self.port = free_port()
        self.requests: list[str] = []
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                sink.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/gif")
                self.end_headers()
                self.wfile.write(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def _long(sink: Sink, tag: str) -> str:
    base = f"http://127.0.0.1:{sink.port}/{tag}"
    return f'![图]({base}.png) [钓鱼]({base}/link) <img src="{base}-html.png"> :red[**大字**] $x^2$'


def _short(sink: Sink, tag: str) -> str:
    return f"![图](http://127.0.0.1:{sink.port}/{tag}.png):red[**大**]"


@pytest.fixture(scope="module")
def sink():
    server = Sink()
    yield server
    server.close()


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory, sink):
    """A server whose every typed field holds Markdown/HTML pointing at the sink."""
    tmp = tmp_path_factory.mktemp("poisoned")
    srv = start_server(tmp, demo=False)
    od = srv.od()
    unit = od.units.add("甲县教育局", "department")
    od.users.add("coord", "coord-pass-1", "coordinator")
    od.users.add("clerk", "clerk-pass-1", "unit_staff", unit_id=unit)
    start = clock.now() + dt.timedelta(days=10)
    open_event = od.events.add(
        unit,
        title=_short(sink, "title"),
        location=_long(sink, "location"),
        description=_long(sink, "description"),
        starts_at=start,
        actor="clerk",
    )
    od.registrations.register(
        open_event,
        name="王小明",
        phone="13900000001",
        id_number=make_id(1),
        organization=_short(sink, "org"),
        topic=_long(sink, "topic"),
    )
    rejected = od.registrations.register(open_event, name="李小红", phone="13900000002", id_number=make_id(2))
    od.registrations.reject(rejected.id, "clerk", _long(sink, "reason"))
    held = od.events.add(unit, title=_short(sink, "heldtitle"), location=_long(sink, "heldloc"), starts_at=start, actor="clerk")
    with od.db.transaction("test", "test.held") as tx:
        tx.execute(
            "UPDATE events SET status = 'held', starts_at = ? WHERE id = ?",
            (clock.to_iso(clock.now() - dt.timedelta(days=1)), held),
        )
    od.reports.save(held, "clerk", _long(sink, "report"))
    od.reports.publish(held, "clerk")
    opinion = od.feedback.submit(_long(sink, "opinion"), unit_id=unit, event_id=open_event, phone="13900000003")
    od.feedback.respond(opinion, status="adopted", response=_long(sink, "response"), actor="clerk")
    od.feedback.add_progress(opinion, _long(sink, "progress"), "clerk")
    od.feedback.publish(opinion, "coord")
    od.feedback.open_consultation(
        unit,
        title=_short(sink, "consult"),
        draft=_long(sink, "draft"),
        closes_at=clock.now() + dt.timedelta(days=5),
        actor="clerk",
    )
    survey = od.surveys.create(
        unit,
        title=_short(sink, "survey"),
        description=_long(sink, "surveydesc"),
        questions=[
            {"kind": "single", "text": _short(sink, "q1"), "options": [_short(sink, "opt1"), "满意"], "required": True},
            {"kind": "text", "text": "其他意见"},
        ],
        actor="clerk",
    )
    od.surveys.submit(survey, [_short(sink, "opt1"), _long(sink, "answer")])
    od.close()
    srv.rejected_code = rejected.code
    yield srv
    srv.process.terminate()
    srv.process.wait(timeout=20)


# Where a live element sits: its HTML and the Streamlit elements around it.
_WHERE = (
    "e => { let t = []; for (let p = e; p; p = p.parentElement) { if (p.dataset && p.dataset.testid)"
    " t.push(p.dataset.testid); } return e.outerHTML + ' in ' + t.slice(0, 6).join(' < '); }"
)


def _check_inert(page, sink: Sink, where: str) -> None:
    wait_for_app(page)
    page.wait_for_timeout(500)
    live = page.locator(f"img[src*='{sink.port}'], a[href*='{sink.port}']:not([href^='#']), [style*='{sink.port}']")
    assert live.count() == 0, f"{where}: a typed link or image became live: {live.first.evaluate(_WHERE)}"
    assert page.locator("[data-testid='stException']").count() == 0, where


def test_typed_markdown_and_html_stay_text_everywhere(chromium, poisoned, sink) -> None:
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    url = poisoned.url
    try:
        page.goto(url + "/")
        page.get_by_text("语言 / Language").first.wait_for(timeout=60_000)
        _check_inert(page, sink, "/")
        assert "![图](" in page.inner_text("body")  # shown as typed
        for path in ["/?event=1", "/surveys", "/feedback", "/reports"]:
            page.goto(url + path)
            page.get_by_text("![图](").first.wait_for()  # shown as typed
            _check_inert(page, sink, path)
        page.goto(url + "/lookup")
        wait_for_app(page)
        page.get_by_label("报名编号").first.fill(poisoned.rejected_code)
        page.get_by_label("手机号").first.fill("13900000002")
        page.get_by_role("button", name="查询").first.click()
        page.get_by_text("/reason").first.wait_for()
        _check_inert(page, sink, "/lookup")
        submit_login(page, url, "coord", "coord-pass-1")
        page.wait_for_function("() => document.cookie.includes('gkreg_auth=')", timeout=60_000)
        for path in [
            "/manage-events?event=1",
            "/attendees?event=1",
            "/ledger",
            "/survey-admin",
            "/audit",
            "/dashboard",
            "/reports",
        ]:
            page.goto(url + path)
            page.get_by_text("退出登录").first.wait_for()
            _check_inert(page, sink, path)
            assert "Page not found" not in page.inner_text("body"), path
        page.goto(url + "/attendees?event=1")
        page.get_by_text("/org.png").first.wait_for()  # the citizen's organization and topic, as typed
        page.get_by_text("/topic.png").first.wait_for()
        _check_inert(page, sink, "/attendees")
    finally:
        context.close()
    assert sink.requests == [], f"the browser fetched what someone typed: {sink.requests}"


def test_public_pages_load_nothing_from_other_hosts(chromium, server) -> None:
    own = urlsplit(server.url).netloc
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        for path in PUBLIC_PATHS:
            page.goto(server.url + path)
            page.get_by_text("语言 / Language").first.wait_for(timeout=60_000)
            wait_for_app(page)
            page.wait_for_timeout(800)
    finally:
        context.close()
    foreign = sorted({u for u in requested if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != own})
    assert foreign == [], f"requests left the machine: {foreign}"
    assert any(urlsplit(u).netloc == own for u in requested)
