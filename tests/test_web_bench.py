"""A short run of bench/web.py (K = 5 for a few seconds) against a freshly started `serve`: it fails on
errors, lost codes or overbooking, never on speed."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_web_bench_smoke_run_loses_nothing() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "web.py"), "--smoke", "--workers", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "missing or wrong in the database 0; events overbooked 0" in run.stdout, run.stdout
    flows = int(run.stdout.split("codes acknowledged ", 1)[1].split(",", 1)[0])
    assert flows > 0, run.stdout
