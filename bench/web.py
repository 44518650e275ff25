"""Web sign-ups through the running app, spoken over Streamlit's own websocket protocol.

    .venv/bin/python bench/web.py [--workers 2] [--levels 1,5,20,50] [--seconds 10]
                                  [--arrivals 1,10,50] [--sessions 200] [--api-processes 2]

Starts ``python -m gkreg serve`` on a fresh copy of the demo database (or drives ``--port``/``--db``/
``--pid`` of one already running) and plays citizens the way the browser does: a websocket to
``/_stcore/stream``, ``BackMsg.rerun_script`` with the widget states, ``ForwardMsg`` deltas back.
One ``list`` flow is: open the home page → 我要报名 of an event → fill 姓名/手机号/身份证号 and the
consent → 提交报名 → read the 报名编号. A ``link`` flow starts at the plain-HTML list ``/events.html``
(what a link shared on WeChat opens) and follows its 我要报名 link straight to the app's form. Printed:

* for K = 1, 5, 20, 50 citizens at once, each starting a new flow as soon as the last one ends:
  sign-ups/s, submit p50/p95, server CPU per flow (utime+stime of every server process from
  /proc/<pid>/stat), and the client's own CPU per flow (it shares the machine);
* first render p50/p95 when 1, 10, 50 people open the page at the same moment (and the same for the
  plain-HTML list ``/events.html``);
* RSS and open descriptors per open session (``--sessions`` idle sessions held open);
* web sign-ups/s ÷ API sign-ups/s (``bench/signups.py``'s gkreg path, same machine, same run).

Every acknowledged code is looked up in the database afterwards (same event, same phone) and every
event is recounted for overbooking; the exit status is 1 on any error, lost code or overbooking
(``--smoke`` is the short run ``make test`` does). Each citizen comes from its own address
(``X-Forwarded-For`` with the server's ``GKREG_TRUSTED_PROXIES=127.0.0.1``), as on the street.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from stdnum.cn import ric  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from gkreg.web.launch import launch  # noqa: E402

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


# ---- the protocol client ------------------------------------------------------------------------------


class ScriptError(RuntimeError):
    pass


class Tab:
    """One browser tab: a websocket session and the elements its last finished run drew."""

    def __init__(self, port: int, address: str, query: str = "", cookie: str | None = None) -> None:
        self.port = port
        self.address = address
        self.query = query
        self.cookie = cookie
        self.ws = None
        self.page_hash = ""
        self.elements: list = []
        self.exceptions: list[str] = []

    async def open(self) -> float:
        """Connect and run the page once; seconds until the first render finished."""
        start = time.perf_counter()
        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream",
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=120,
            ping_interval=None,
            compression=None,
            additional_headers={"X-Forwarded-For": self.address, **({"Cookie": self.cookie} if self.cookie else {})},
        )
        await self.run()
        return time.perf_counter() - start

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    def _rerun_message(self, widgets: list[dict]) -> bytes:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        info = state.context_info
        info.timezone, info.timezone_offset, info.locale = "Asia/Shanghai", -480, "zh-CN"
        info.url = f"http://127.0.0.1:{self.port}/{'?' + self.query if self.query else ''}"
        info.color_scheme = "light"
        for widget in widgets:
            ws = state.widget_states.widgets.add()
            for key, value in widget.items():
                setattr(ws, key, value)
        return msg.SerializeToString()

    async def run(self, widgets: list[dict] = (), timeout: float = 120.0) -> float:
        """Send a rerun with these widget states; read until the run finished; seconds taken."""
        start = time.perf_counter()
        await self.ws.send(self._rerun_message(list(widgets)))
        elements = []
        deadline = time.monotonic() + timeout
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(self.ws.recv(), max(0.1, deadline - time.monotonic())))
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                elements = []
                self.page_hash = fm.new_session.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query = fm.page_info_changed.query_string
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                element = fm.delta.new_element
                if element.WhichOneof("type") == "exception":
                    self.exceptions.append(element.exception.message)
                elements.append(element)
            elif kind == "script_finished":
                if fm.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    elements = []
                    continue  # st.rerun(): the next run follows on this socket
                self.elements = elements
                if fm.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY or self.exceptions:
                    raise ScriptError(f"run ended {fm.script_finished}: {self.exceptions[:1]}")
                return time.perf_counter() - start

    def find(self, kind: str, label: str) -> list:
        return [
            getattr(e, kind) for e in self.elements if e.WhichOneof("type") == kind and getattr(e, kind).label.startswith(label)
        ]

    def one(self, kind: str, label: str):
        found = self.find(kind, label)
        if len(found) != 1:
            alerts = [e.alert.body for e in self.elements if e.WhichOneof("type") == "alert"]
            raise ScriptError(f"{kind} {label!r}: {len(found)} found; alerts {alerts[:2]}")
        return found[0]


@dataclass
class Person:
    event_id: int
    name: str
    phone: str
    id_number: str
    address: str


@dataclass
class Flow:
    person: Person
    code: str
    first_render: float
    click: float
    submit: float


def _get(port: int, path: str, address: str) -> bytes:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-For": address})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read()


async def sign_up(port: int, person: Person, cookie: str | None = None, flow: str = "list") -> Flow:
    """One citizen's sign-up, read back to the code.

    ``list``: open the home page (the app), click 我要报名 of the person's event, fill in, submit.
    ``link``: open the plain-HTML list (``/events.html``, what a shared link or a crawler gets), follow
    its 我要报名 link straight to the app's form (``/?event=ID&step=signup``), fill in, submit.
    """
    if flow == "link":
        start = time.perf_counter()
        page = await asyncio.to_thread(_get, port, "/events.html", person.address)
        target = f"/?event={person.event_id}&amp;step=signup"
        if target.encode() not in page:
            raise ScriptError(f"no 我要报名 link for event {person.event_id} in /events.html")
        first = time.perf_counter() - start
        tab = Tab(port, person.address, query=f"event={person.event_id}&step=signup", cookie=cookie)
    else:
        tab = Tab(port, person.address, cookie=cookie)
    try:
        if flow == "link":
            click = await tab.open()  # the form is the first render
        else:
            first = await tab.open()
            suffix = f"pub_signup_btn_{person.event_id}"
            button = next((b for b in tab.find("button", "我要报名") if b.id.endswith(suffix)), None)
            if button is None:
                raise ScriptError(f"no 我要报名 for event {person.event_id}")
            click = await tab.run([{"id": button.id, "trigger_value": True}])
        submit_button = tab.one("button", "提交报名")
        widgets = [
            {"id": tab.one("text_input", "姓名").id, "string_value": person.name},
            {"id": tab.one("text_input", "手机号").id, "string_value": person.phone},
            {"id": tab.one("text_input", "身份证号").id, "string_value": person.id_number},
            {"id": tab.one("checkbox", "我已阅读并同意").id, "bool_value": True},
            {"id": submit_button.id, "trigger_value": True},
        ]
        submit = await tab.run(widgets)
        code = tab.one("metric", "报名编号").body
        return Flow(person, code, first, click, submit)
    finally:
        await tab.close()


# ---- the server and its processes -------------------------------------------------------------------


@dataclass
class Server:
    port: int
    db: Path
    pid: int
    process: subprocess.Popen | None = None

    def pids(self) -> list[int]:
        """The server process and all its descendants (the workers)."""
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children.get(pid, []))
        return out

    def cpu(self) -> float:
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / CLK_TCK

    def memory_and_fds(self) -> tuple[int, int]:
        rss = fds = 0
        for pid in self.pids():
            try:
                rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
                fds += len(os.listdir(f"/proc/{pid}/fd"))
            except OSError:
                continue
        return rss, fds

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_server(tmp: Path, workers: int) -> Server:
    """The demo county behind the entry point; X-Forwarded-For from loopback is trusted, so each simulated
    citizen has an address of its own (the per-address limits would otherwise see one crowd)."""
    launched = launch(tmp / "web.db", secrets_dir=tmp / "secrets", workers=workers, env={"GKREG_TRUSTED_PROXIES": "127.0.0.1"})
    return Server(launched.port, launched.db, launched.process.pid, launched.process)


# ---- people ------------------------------------------------------------------------------------------


class People:
    """Distinct citizens (phone, ID number, street address) for the open events that take sign-ups."""

    def __init__(self, event_ids: list[int], seed: int = 15) -> None:
        self.event_ids = event_ids
        self.rng = random.Random(seed)
        self.n = 0

    def next(self) -> Person:
        self.n += 1
        n = self.n
        birth = f"{1950 + n // 336000 % 50:04d}{1 + n // 28000 % 12:02d}{1 + n // 1000 % 28:02d}"
        body = f"371323{birth}{n % 1000:03d}"
        number = body + ric.calc_check_digit(body + "0")
        return Person(
            self.rng.choice(self.event_ids), "测试群众", f"137{n:08d}", number, f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
        )


def open_event_ids(db: Path) -> list[int]:
    from gkreg import OpenDay, public

    od = OpenDay(db)
    try:
        events = od.events.list_open()
        seats = od.events.seats_many([e.id for e in events])
        return [e.id for e in events if public.seat_state(e, seats[e.id]).can_sign_up]
    finally:
        od.close()


# ---- measurements ------------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


@dataclass
class LoadResult:
    k: int
    flows: list[Flow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0


async def load(server: Server, people: People, k: int, seconds: float, flow: str = "list") -> LoadResult:
    result = LoadResult(k)
    stop_at = time.monotonic() + seconds

    async def citizen() -> None:
        while time.monotonic() < stop_at:
            person = people.next()
            try:
                result.flows.append(await sign_up(server.port, person, flow=flow))
            except Exception as exc:  # noqa: BLE001 - counted and reported
                result.errors.append(f"{type(exc).__name__}: {exc}"[:200])

    cpu0, client0, start = server.cpu(), time.process_time(), time.perf_counter()
    await asyncio.gather(*(citizen() for _ in range(k)))
    result.seconds = time.perf_counter() - start
    result.server_cpu = server.cpu() - cpu0
    result.client_cpu = time.process_time() - client0
    return result


async def soak(server: Server, people: People, k: int, seconds: float, sink: list, every: float = 60.0) -> int:
    """k citizens signing up for ``seconds``; the server's RSS printed every ``every`` seconds (it must
    stay flat: no forced collection per run, start-up objects frozen). Returns the number of errors."""
    errors = 0
    rss0 = server.memory_and_fds()[0]
    print(f"soak: {k} citizens for {seconds:.0f} s; server RSS at start {rss0 / 2**20:.1f} MiB")
    print(f"{'minute':>6} {'flows':>6} {'RSS MiB':>8} {'change':>7} {'load':>20}")
    flows = 0
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        r = await load(server, people, k, min(every, seconds - (time.monotonic() - start)))
        flows += len(r.flows)
        sink.extend(r.flows)
        errors += len(r.errors)
        rss = server.memory_and_fds()[0]
        print(
            f"{(time.monotonic() - start) / 60:>6.1f} {flows:>6} {rss / 2**20:>8.1f} {(rss - rss0) / 2**20:>+7.1f}"
            f" {load_average():>20}",
            flush=True,
        )
    return errors


async def arrivals(server: Server, m: int) -> tuple[list[float], int]:
    """m people open the home page at the same moment: seconds each waited for the first render."""
    tabs = [Tab(server.port, f"10.200.{i >> 8 & 255}.{i & 255}") for i in range(m)]
    outcome = await asyncio.gather(*(t.open() for t in tabs), return_exceptions=True)
    await asyncio.gather(*(t.close() for t in tabs), return_exceptions=True)
    times = [x for x in outcome if isinstance(x, float)]
    return times, m - len(times)


async def html_arrivals(server: Server, m: int) -> tuple[list[float], int]:
    """m people open /events.html at the same moment: seconds each waited for the whole page."""

    async def one(i: int) -> float:
        start = time.perf_counter()
        await asyncio.to_thread(_get, server.port, "/events.html", f"10.202.{i >> 8 & 255}.{i & 255}")
        return time.perf_counter() - start

    outcome = await asyncio.gather(*(one(i) for i in range(m)), return_exceptions=True)
    times = [x for x in outcome if isinstance(x, float)]
    return times, m - len(times)


async def hold_sessions(server: Server, n: int) -> tuple[float, float, int, int]:
    """Hold n rendered sessions open: (RSS bytes, descriptors) per session, errors, descriptors still
    held by the server 1 s after they all left."""
    rss0, fds0 = server.memory_and_fds()
    tabs = [Tab(server.port, f"10.201.{i >> 8 & 255}.{i & 255}") for i in range(n)]
    errors = 0
    for start in range(0, n, 50):  # arrive in waves, as a crowd does, not all in one millisecond
        outcome = await asyncio.gather(*(t.open() for t in tabs[start : start + 50]), return_exceptions=True)
        errors += sum(not isinstance(x, float) for x in outcome)
    await asyncio.sleep(1.0)
    rss1, fds1 = server.memory_and_fds()
    await asyncio.gather(*(t.close() for t in tabs), return_exceptions=True)
    await asyncio.sleep(1.0)
    _rss2, fds2 = server.memory_and_fds()
    return (rss1 - rss0) / n, (fds1 - fds0) / n, errors, fds2 - fds0


def check_database(db: Path, flows: list[Flow]) -> tuple[int, int]:
    """(acknowledged codes missing or wrong in the database, events overbooked)."""
    from gkreg.db import connect

    conn = connect(db)
    try:
        lost = 0
        for flow in flows:
            row = conn.execute("SELECT event_id FROM registrations WHERE code = ?", (flow.code,)).fetchone()
            if row is None or row["event_id"] != flow.person.event_id:
                lost += 1
        over = conn.execute("""SELECT count(*) FROM (SELECT e.id FROM events e LEFT JOIN registrations r
            ON r.event_id = e.id AND r.status = 'confirmed' GROUP BY e.id
            HAVING count(r.id) > e.capacity
                OR sum(r.category != 'citizen') > e.capacity - (e.capacity + 2) / 3)""").fetchone()[0]
        return lost, over
    finally:
        conn.close()


def api_rate(processes: int, per: int) -> float:
    """Sign-ups/s through the Python API (bench/signups.py's gkreg path) on this machine, now."""
    sys.path.insert(0, str(ROOT / "bench"))
    import signups

    with tempfile.TemporaryDirectory(prefix="gkreg-webapi-") as tmp:
        rate, errors, broken, _stored = signups.bench_gkreg(signups.Place(Path(tmp), None), processes, per)
    if errors or broken:
        raise RuntimeError(f"API bench: {errors} errors, {broken} broken")
    return rate


def load_average() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


# ---- main --------------------------------------------------------------------------------------------


async def bench(args: argparse.Namespace, server: Server) -> int:
    people = People(open_event_ids(server.db))
    flows = [f for f in args.flows.split(",") if f]
    for index in range(max(1, args.workers)):  # warm-up of every worker: caches of a first visitor
        for flow in flows:
            await sign_up(server.port, people.next(), cookie=f"gkreg_worker={index}", flow=flow)
    failures = 0
    all_flows: list[Flow] = []
    print(
        f"server: {len(server.pids())} processes (workers {args.workers}); machine load {load_average()}; {os.cpu_count()} cores"
    )
    print(
        f"{'flow':>4} {'K':>3} {'flows':>6} {'sign-ups/s':>10} {'submit p50':>10} {'p95':>6} {'server CPU/flow':>15}"
        f" {'client CPU/flow':>15} {'errors':>6}"
    )
    levels = [int(x) for x in args.levels.split(",") if x]
    top_rate: dict[str, float] = {}
    for flow in flows:
        for k in levels:
            r = await load(server, people, k, args.seconds, flow)
            all_flows.extend(r.flows)
            n = max(1, len(r.flows))
            rate = len(r.flows) / r.seconds
            if k == max(levels):
                top_rate[flow] = rate
            submits = [f.submit for f in r.flows]
            print(
                f"{flow:>4} {k:>3} {len(r.flows):>6} {rate:>10.1f} {pct(submits, 50):>9.2f}s {pct(submits, 95):>5.2f}s"
                f" {r.server_cpu / n:>14.3f}s {r.client_cpu / n:>14.3f}s {len(r.errors):>6}"
            )
            for err in r.errors[:3]:
                print(f"    error: {err}")
            failures += len(r.errors)
    if args.arrivals:
        print(f"{'arrivals':>8} {'first render p50':>16} {'p95':>6} {'errors':>6} {'/events.html p50':>16} {'p95':>6}")
        for m in [int(x) for x in args.arrivals.split(",") if x]:
            times, errors = await arrivals(server, m)
            html_times, html_errors = await html_arrivals(server, m)
            failures += errors + html_errors
            print(
                f"{m:>8} {pct(times, 50):>15.2f}s {pct(times, 95):>5.2f}s {errors:>6}"
                f" {pct(html_times, 50):>15.2f}s {pct(html_times, 95):>5.2f}s"
            )
    if args.sessions:
        rss, fds, errors, kept = await hold_sessions(server, args.sessions)
        failures += errors
        print(
            f"{args.sessions} open sessions: {rss / 1024:.0f} KiB RSS and {fds:.1f} descriptors per session,"
            f" {errors} errors; {kept} descriptors still held 1 s after they left"
        )
    if args.soak:
        failures += await soak(server, people, args.soak_citizens, args.soak, all_flows)
    lost, over = check_database(server.db, all_flows)
    print(f"codes acknowledged {len(all_flows)}, missing or wrong in the database {lost}; events overbooked {over}")
    if args.api_processes and top_rate:
        api = api_rate(args.api_processes, args.api_per_process)
        for flow, rate in top_rate.items():
            print(
                f"ratio ({flow} flow): web {rate:.1f}/s (K = {max(levels)}) ÷ API {api:.0f}/s"
                f" ({args.api_processes} processes) = {rate / api:.3f}"
            )
    print(f"machine load after: {load_average()}")
    return 1 if failures or lost or over else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="serve --workers")
    parser.add_argument("--levels", default="1,5,20,50", help="simultaneous citizens, comma-separated")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each load level")
    parser.add_argument(
        "--flows", default="list,link", help="list: the app's home page → 我要报名; link: /events.html → the form"
    )
    parser.add_argument("--arrivals", default="1,10,50", help="simultaneous first visits, comma-separated")
    parser.add_argument("--sessions", type=int, default=200, help="idle sessions held open (0: skip)")
    parser.add_argument(
        "--api-processes", type=int, default=os.cpu_count() or 1, help="processes of the API comparison (0: skip)"
    )
    parser.add_argument("--api-per-process", type=int, default=300)
    parser.add_argument("--soak", type=float, default=0, help="seconds of steady sign-ups, RSS printed each minute")
    parser.add_argument("--soak-citizens", type=int, default=5)
    parser.add_argument("--port", type=int, help="drive a server already running on this port (with --db, --pid)")
    parser.add_argument("--db", type=Path, help="its database")
    parser.add_argument("--pid", type=int, help="its process id (the workers are found as its children)")
    parser.add_argument(
        "--smoke", action="store_true", help="the test run: K = 5 for a few seconds, 5 arrivals, 20 sessions, no API comparison"
    )
    args = parser.parse_args()
    if args.smoke:
        args.levels, args.seconds, args.arrivals, args.sessions, args.api_processes = "5", 3.0, "5", 20, 0
    if args.port:
        if not (args.db and args.pid):
            parser.error("--port needs --db and --pid")
        return asyncio.run(bench(args, Server(args.port, args.db, args.pid)))
    tmp = Path(tempfile.mkdtemp(prefix="gkreg-web-"))
    server = start_server(tmp, args.workers)
    try:
        return asyncio.run(bench(args, server))
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
