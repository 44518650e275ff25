"""``python -m gkreg serve``: the whole web app (Streamlit pages plus our routes) in one process, or
``--workers N`` app processes behind one entry point with sticky sessions, all on one SQLite file."""

from __future__ import annotations

import asyncio
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Streamlit options every server gets, whatever config.toml says: the forced full garbage collection
# after every script run was 58-85 % of the server's CPU (issue 15); Python's own collector still runs.
SERVER_OPTIONS = {
    "runner.postScriptGC": False,
    "server.headless": True,
    "server.fileWatcherType": "none",
    "server.runOnSave": False,
    "browser.gatherUsageStats": False,
}


def raise_open_files_limit() -> int:
    """Soft RLIMIT_NOFILE up to the hard limit (each open session holds about 4 descriptors)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = max(soft, 1 << 20)
    if soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_app(db: str, port: int, address: str | None) -> None:
    """Run one app process in this process (blocks until it is stopped)."""
    os.environ["GKREG_DB"] = db
    raise_open_files_limit()
    from gkreg.ui.bootstrap import run_streamlit

    flags = {**SERVER_OPTIONS, "server.port": port}
    if address:
        flags["server.address"] = address
    run_streamlit(str(ROOT / "app.py"), flags)


def prepare_database(db: str) -> None:
    """Create or migrate the database (and fill it with demo data in demo mode) once, before any worker
    opens it, so that workers never race each other doing it."""
    from gkreg import OpenDay

    od = OpenDay(db)
    try:
        if os.environ.get("GKREG_DEMO") == "1" and not od.db.scalar("SELECT count(*) FROM units"):
            from gkreg.demo import load_demo

            load_demo(od)
    finally:
        od.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _spawn_worker(db: str, index: int, port: int) -> subprocess.Popen:
    env = {**os.environ, "GKREG_DB": db, "GKREG_WORKER": str(index)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-m", "gkreg", "--db", db, "serve", "--workers", "1", "--address", "127.0.0.1", "--port", str(port)],
        env=env,
        preexec_fn=_die_with_parent,
    )


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the entry point dies, even by SIGKILL (no orphaned workers)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the entry point's own shutdown still stops them
        pass


def run_workers(db: str, port: int, address: str | None, workers: int) -> int:
    """N app processes on loopback ports, the entry point on ``address:port``; a worker that dies is
    started again on its port."""
    from .proxy import run_entry_point

    raise_open_files_limit()
    ports = [_free_port() for _ in range(workers)]
    procs = [_spawn_worker(db, i, p) for i, p in enumerate(ports)]
    print(
        f"gkreg serve: {workers} workers on 127.0.0.1:{','.join(map(str, ports))},"
        f" entry point http://{address or '0.0.0.0'}:{port}",
        flush=True,
    )

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)

        async def watch() -> None:
            while not stop.is_set():
                await asyncio.sleep(1.0)
                for i, proc in enumerate(procs):
                    if proc.poll() is not None and not stop.is_set():
                        print(
                            f"gkreg serve: worker {i} exited ({proc.returncode}), starting it again", file=sys.stderr, flush=True
                        )
                        procs[i] = _spawn_worker(db, i, ports[i])

        watcher = asyncio.create_task(watch())
        try:
            await run_entry_point(address, port, [("127.0.0.1", p) for p in ports], stop)
        finally:
            watcher.cancel()

    try:
        asyncio.run(main())
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 15
        for proc in procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


def serve(db: str, port: int = 8501, address: str | None = None, workers: int | None = None) -> int:
    db = str(Path(db).resolve())
    workers = default_workers() if workers is None else workers
    prepare_database(db)
    if workers <= 1:
        run_app(db, port, address)
        return 0
    return run_workers(db, port, address, workers)
