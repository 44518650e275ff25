"""`python -m gkreg serve`: our routes beside the Streamlit pages, one process or several workers behind
one entry point with sticky sessions, all signing up into the one database."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT

from gkreg.web.launch import Launched, launch
from gkreg.web.routes import ROUTES
from gkreg.web.sticky import worker_from_cookie


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_web", ROOT / "bench" / "web.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_web"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def run_async(factory):
    """asyncio.run in a thread of its own: a browser test may have left Playwright's loop in this one."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(factory())).result()


def get(url: str, cookie: str | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def start_serve(tmp: Path, workers: int, extra_env: dict | None = None) -> Launched:
    """The demo county served by ``workers`` app processes behind the entry point."""
    return launch(tmp / "serve.db", secrets_dir=tmp / "secrets", workers=workers, env=extra_env, timeout=90)


def test_route_table_has_unique_paths_outside_streamlits_own() -> None:
    paths = [route.path for route in ROUTES]
    assert len(paths) == len(set(paths))
    assert not [p for p in paths if p.startswith(("/_stcore", "/static", "/media", "/component"))]


def test_cookie_names_a_worker_only_within_range() -> None:
    assert worker_from_cookie("a=1; gkreg_worker=1", 2) == 1
    assert worker_from_cookie("gkreg_worker=2", 2) is None
    assert worker_from_cookie("gkreg_worker=x", 2) is None
    assert worker_from_cookie(None, 2) is None
    assert worker_from_cookie('bad"cookie', 2) is None


def test_one_process_serves_pages_health_and_plain_html(tmp_path: Path) -> None:
    served = start_serve(tmp_path, 1)
    port, db = served.port, served.db
    try:
        base = f"http://127.0.0.1:{port}"
        status, _headers, body = get(base + "/healthz")
        assert status == 200 and json.loads(body)["status"] == "ok"
        status, headers, body = get(base + "/events.html")
        page = body.decode()
        from gkreg import OpenDay

        od = OpenDay(db, secrets_dir=tmp_path / "secrets")
        titles = [e.title for e in od.events.list_open()]
        od.close()
        assert titles and all(title in page for title in titles)
        assert "我要报名" in page and 'href="/?event=' in page and "<script" not in page
        assert headers["content-type"].startswith("text/html")
        assert "gkreg_worker" not in headers.get("set-cookie", "")  # one process: nothing to stick to
        english = get(base + "/events.html?lang=en")[2].decode()
        assert "Sign up" in english
        for feed, kind in (("calendar.ics", "text/calendar"), ("reports.atom", "atom"), ("ledger.atom", "atom")):
            status, headers, body = get(f"{base}/feeds/{feed}")
            assert status == 200 and kind in headers["content-type"] and body
        status, _headers, body = get(base + "/")
        assert status == 200 and b"<html" in body.lower()
        bench = load_bench()
        people = bench.People(bench.open_event_ids(db))
        flow = run_async(lambda: bench.sign_up(port, people.next()))
        assert bench.check_database(db, [flow]) == (0, 0)
    finally:
        served.stop()


def test_workers_stick_and_both_sign_up_into_one_database(tmp_path: Path) -> None:
    served = start_serve(tmp_path, 2)
    port, db = served.port, served.db
    try:
        base = f"http://127.0.0.1:{port}"
        # A new browser is told which worker holds it; with that cookie it stays there.
        seen = {}
        for index in (0, 1):
            _status, _headers, body = get(base + "/healthz", cookie=f"gkreg_worker={index}")
            seen[index] = json.loads(body)
            assert seen[index]["worker"] == str(index)
        assert seen[0]["pid"] != seen[1]["pid"]
        _status, headers, _body = get(base + "/healthz")
        assert "gkreg_worker=" in headers.get("set-cookie", "")
        bench = load_bench()
        people = bench.People(bench.open_event_ids(db))

        async def both() -> list:
            return await asyncio.gather(*(bench.sign_up(port, people.next(), cookie=f"gkreg_worker={i % 2}") for i in range(6)))

        flows = run_async(both)
        assert len({f.code for f in flows}) == 6
        assert bench.check_database(db, flows) == (0, 0)
    finally:
        served.stop()


def test_coalesced_wakeups_lose_no_callback_from_other_threads() -> None:
    import threading

    from gkreg.web.wakeups import coalesce_wakeups

    async def main() -> int:
        loop = asyncio.get_running_loop()
        assert coalesce_wakeups(loop)
        done = asyncio.Event()
        count = [0]
        total = 4 * 5000

        def bump() -> None:
            count[0] += 1
            if count[0] == total:
                done.set()

        def producer() -> None:
            for _ in range(5000):
                loop.call_soon_threadsafe(bump)
                if _ % 997 == 0:
                    time.sleep(0.001)  # let the loop drain and sleep between bursts

        threads = [threading.Thread(target=producer) for _ in range(4)]
        for thread in threads:
            thread.start()
        await asyncio.wait_for(done.wait(), 30)
        for thread in threads:
            thread.join()
        return count[0]

    assert run_async(main) == 4 * 5000
