"""Shared fixtures: a fresh database per test, seeded actors, AppTest runner, a live server and Chromium."""

from __future__ import annotations

import datetime as dt
import os
import re
import struct
import subprocess
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pgcluster
import pytest
from pgcluster import Cluster

import gkreg.users
from gkreg import OpenDay, clock
from gkreg.web.launch import free_port as free_port  # re-exported: browser tests take a port too
from gkreg.web.launch import launch

# Cheap password hashes for the many users the fixtures create (bcrypt's minimum cost); the
# product's own cost stays in gkreg/users.py. Servers started by browser tests keep the real one.
gkreg.users.BCRYPT_ROUNDS = 4

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# A real ID number shape (check digit right) for tests; region 371323, born 1985-06-15.
def make_id(seq: int = 1, region: str = "371323", birth: str = "19850615") -> str:
    from stdnum.cn import ric

    body = f"{region}{birth}{seq % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


@dataclass
class World:
    od: OpenDay
    unit_a: int
    unit_b: int
    coordinator: str = "coord"
    staff_a: str = "clerk_a"
    staff_b: str = "clerk_b"

    def event(self, unit: int | None = None, days: int = 10, **kw) -> int:
        """An open event ``days`` from now in unit A (by default)."""
        unit = self.unit_a if unit is None else unit
        kw.setdefault("title", "走进机关开放日")
        kw.setdefault("starts_at", clock.now() + dt.timedelta(days=days))
        actor = kw.pop("actor", self.coordinator)
        return self.od.events.add(unit, actor=actor, **kw)

    def signup(self, event_id: int, seq: int, **kw):
        kw.setdefault("name", "张三")
        kw.setdefault("phone", f"139{seq:08d}")
        kw.setdefault("id_number", make_id(seq))
        return self.od.registrations.register(event_id, **kw)


# ---- the two backends --------------------------------------------------------------------------
# A module marked ``pytestmark = pytest.mark.backends`` runs its tests that use ``od``/``world``/
# ``database`` on SQLite and on PostgreSQL (a throwaway cluster started once per session); other
# tests use SQLite only.


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    definition = metafunc.definition
    if (
        "backend" in metafunc.fixturenames
        and definition.get_closest_marker("backends")
        and not definition.get_closest_marker("sqlite_only")
    ):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One PostgreSQL cluster for the session (Debian's ``postgresql`` package; `make test` installs it)."""
    bindir = pgcluster.find_bin()
    if bindir is None:
        pytest.fail("PostgreSQL is missing: run `make test` (it installs Debian's postgresql package)")
    cluster = Cluster(bindir).start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Cluster) -> str:
    """A database with every migration applied, copied for each test (faster than migrating each time)."""
    url = pg_cluster.create_database("gkreg_template")
    instance = OpenDay(url, secrets_dir=Path(pg_cluster.root) / "unused-secrets")
    instance.close()
    return "gkreg_template"


_PG_DB_SEQ = iter(range(1, 1_000_000))


@pytest.fixture
def database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """Where this test's OpenDay lives: a SQLite file in tmp_path or a fresh PostgreSQL database's URL."""
    if backend == "sqlite":
        yield str(tmp_path / "gkreg.db")
        return
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue("pg_template")
    name = f"t{os.getpid()}_{next(_PG_DB_SEQ)}"
    url = cluster.create_database(name, template=template)
    yield url
    cluster.drop_database(name)


@pytest.fixture
def od(database: str, tmp_path: Path) -> Iterator[OpenDay]:
    instance = OpenDay(database, secrets_dir=tmp_path / "secrets")
    yield instance
    instance.close()


@pytest.fixture
def world(od: OpenDay) -> World:
    a = od.units.add("甲县教育局", "department")
    b = od.units.add("乙镇人民政府", "township")
    od.users.add("coord", "coord-pass-1", "coordinator", display_name="政务公开办")
    od.users.add("clerk_a", "clerk-a-pass", "unit_staff", unit_id=a, display_name="甲局办公室")
    od.users.add("clerk_b", "clerk-b-pass", "unit_staff", unit_id=b, display_name="乙镇党政办")
    return World(od, a, b)


@pytest.fixture
def app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the Streamlit helpers at a fresh database; returns its path."""
    path = tmp_path / "app.db"
    monkeypatch.setenv("GKREG_DB", str(path))
    monkeypatch.setenv("GKREG_SECRET_DIR", str(tmp_path / "secrets"))
    monkeypatch.delenv("GKREG_DEMO", raising=False)
    return path


def page_app(module: str, username: str | None = None, lang: str = "zh", query: dict | None = None):
    """An AppTest that renders one page module's ``render()`` as ``username`` (None: anonymous)."""
    from streamlit.testing.v1 import AppTest

    script = f"from pages import {module}\n{module}.render()\n"
    at = AppTest.from_string(script, default_timeout=30)
    at.session_state["lang"] = lang
    if username:
        at.session_state["authentication_status"] = True
        at.session_state["username"] = username
        at.session_state["gkreg_issued_at"] = time.time()
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at


TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "text", "code")


def texts(at) -> str:
    """Every piece of text an AppTest run shows (titles, markdown, alerts, captions, metrics, expander labels)."""
    parts = [str(el.value) for kind in TEXT_ELEMENTS for el in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [e.label for e in at.expander]
    return "\n".join(parts)


# ---- the clock, made-up files, CLI output ---------------------------------------------------------


@pytest.fixture
def restore_clock() -> Iterator[None]:
    """For a test that moves the clock with ``clock.shift``: always moved back."""
    yield
    clock.shift(dt.timedelta(0))


@pytest.fixture
def at_time() -> Iterator[Callable[[dt.datetime], None]]:
    """Set the wall clock to a given local moment inside a test; always moved back."""

    def move(moment: dt.datetime) -> None:
        clock.shift(dt.timedelta(0))
        clock.shift(moment - clock.now())

    yield move
    clock.shift(dt.timedelta(0))


def png_header_only(width: int, height: int, data: int = 1000) -> bytes:
    """A tiny PNG file that claims ``width`` x ``height`` pixels (a decompression bomb's header)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * data)) + chunk(b"IEND", b"")


def one_clear_line(result: subprocess.CompletedProcess, chinese: bool = True) -> None:
    """A refused CLI command says so in one line (in Chinese), never with a traceback."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    if chinese:
        assert re.search(r"[\u4e00-\u9fff]", lines[0])


# ---- a live server and real Chromium --------------------------------------------------------


@dataclass
class Server:
    url: str
    db: Path
    process: subprocess.Popen

    def od(self) -> OpenDay:
        return OpenDay(self.db, secrets_dir=self.db.parent / "secrets")


def start_server(tmp: Path, demo: bool = True) -> Server:
    """One worker on a free port: the demo county with its demo accounts listed, or an empty county."""
    launched = launch(tmp / "server.db", secrets_dir=tmp / "secrets", demo_data=demo, demo_mode=demo, timeout=60)
    return Server(launched.url, launched.db, launched.process)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A freshly started server with the demo data, shared by one test module."""
    srv = start_server(tmp_path_factory.mktemp("server"))
    yield srv
    srv.process.terminate()
    srv.process.wait(timeout=20)


FAILURE_SHOTS = Path(os.environ.get("GKREG_FAILURE_SHOTS", "/tmp/gkreg-failures"))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    """A failed browser test reports what its pages showed (CI keeps only text) and leaves a screenshot."""
    report: pytest.TestReport = yield
    if report.when == "call" and report.failed:
        for name in ("desktop", "phone"):
            page = getattr(item, "funcargs", {}).get(name)
            if page is None:
                continue
            try:
                FAILURE_SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(FAILURE_SHOTS / f"{item.name}-{name}.png"), timeout=5_000)
                shown = page.inner_text("body", timeout=5_000)
            except Exception as exc:  # the page may be gone with the failure; the report says so
                shown = f"(could not read the page: {exc})"
            report.sections.append((f"{name} page at the failure: {page.url}", shown[-4000:]))
    return report


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make test` (it installs chromium and fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium):
    """A 390-px-wide phone page."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def desktop(chromium):
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def wait_for_app(page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector("[data-testid='stApp']")
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.wait_for_timeout(300)


def submit_login(page, url: str, username: str, password: str) -> None:
    """Fill and send the staff login form (success not awaited: lockout tests send wrong passwords)."""
    page.goto(url + "/login")
    wait_for_app(page)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    wait_for_app(page)


def login_as(page, url: str, username: str, password: str) -> None:
    """Log in on /login and wait until the app has landed on the workbench and the browser holds the
    login cookie. "已登录" shows a moment before both: a click or a page load in that moment lost the
    race to the landing (back to /workbench) or found no cookie (logged out), on a busy machine."""
    submit_login(page, url, username, password)
    page.get_by_text("已登录").first.wait_for()
    page.wait_for_url("**/workbench", timeout=30_000)
    page.wait_for_function("() => document.cookie.includes('gkreg_auth=')", timeout=30_000)
    wait_for_app(page)
