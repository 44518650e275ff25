"""Start ``python -m gkreg serve`` in a child process and wait until every worker answers.

One home for what the browser tests, the web tests and ``bench/web.py`` each did by hand: a free
loopback port, the county's data (optionally the demo county), and a health wait that covers the
workers behind the entry point.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Launched:
    process: subprocess.Popen
    port: int
    db: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, timeout: float = 30) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def launch(
    db: Path,
    *,
    secrets_dir: Path,
    workers: int = 1,
    demo_data: bool = True,
    demo_mode: bool = False,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> Launched:
    """Serve ``db`` on a free port; ``demo_data`` fills it with the demo county first, ``demo_mode`` lists
    the demo accounts on the login page (GKREG_DEMO). Raises RuntimeError if it does not come up."""
    full_env = {
        **os.environ,
        "GKREG_DB": str(db),
        "GKREG_SECRET_DIR": str(secrets_dir),
        "GKREG_DEMO": "1" if demo_mode else "0",
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }
    if demo_data:
        subprocess.run([sys.executable, "-m", "gkreg", "--db", str(db), "demo"], env=full_env, check=True, capture_output=True)
    port = free_port()
    command = ["serve", "--port", str(port), "--address", "127.0.0.1", "--workers", str(workers)]
    process = subprocess.Popen(
        [sys.executable, "-m", "gkreg", "--db", str(db), *command],
        cwd=ROOT,
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Launched(process, port, db)
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            # Several answers: the entry point hands requests to every worker (retrying one still starting).
            for _ in range(workers * 2):
                urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=30).close()
            return server
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("gkreg serve exited at start-up") from None
            time.sleep(0.3)
    server.stop()
    raise RuntimeError("gkreg serve did not start")
