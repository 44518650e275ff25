"""Dashboard data computation time at demo scale 1, 10 and 100 (target: 100/1 ratio at most 3).

    .venv/bin/python bench/dashboard.py [--scales 1,10,100] [--runs 30] [--keep DIR]

Builds a demo database per scale (``python -m gkreg demo --scale N``), then times
``od.dashboard.compute`` as the page calls it (the current campaign, all units, no
period) and with the other filters. The scales are measured in turns, run after
run, so that other work on the machine disturbs them alike; the best run of each
is reported (and the median beside it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gkreg import OpenDay  # noqa: E402
from gkreg.dashboard import Filters  # noqa: E402


def build(directory: Path, scale: int) -> Path:
    db = directory / f"scale{scale}.db"
    if not db.exists():
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "gkreg", "--db", str(db), "demo", "--scale", str(scale)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        print(f"  demo --scale {scale}: {time.perf_counter() - started:.1f} s", flush=True)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", help="directory for the demo databases (reused when present)")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    directory = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gkreg-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    print(f"databases in {directory}")
    cases: dict[int, tuple[OpenDay, dict[str, Filters]]] = {}
    for scale in scales:
        od = OpenDay(build(directory, scale), secrets_dir=directory / "secrets")
        campaign = od.campaigns.current()
        campaign_id = campaign["id"] if campaign else None
        unit = od.db.scalar("SELECT id FROM units ORDER BY id LIMIT 1")
        cases[scale] = (
            od,
            {
                "page (campaign)": Filters(campaign_id=campaign_id),
                "all campaigns": Filters(),
                "one unit": Filters(campaign_id=campaign_id, unit_id=unit),
                "from today on": Filters(campaign_id=campaign_id, start=dt.date.today()),
            },
        )
        for filters in cases[scale][1].values():  # warm the page cache and the working-day cache
            od.dashboard.compute("coordinator", filters)
    times: dict[tuple[int, str], list[float]] = {}
    for _ in range(args.runs):
        for scale, (od, filters) in cases.items():
            for name, f in filters.items():
                started = time.perf_counter()
                od.dashboard.compute("coordinator", f)
                times.setdefault((scale, name), []).append(time.perf_counter() - started)
    for scale, (od, filters) in cases.items():
        counts = od.db.row(
            "SELECT (SELECT count(*) FROM units) AS units, (SELECT count(*) FROM events) AS events,"
            " (SELECT count(*) FROM registrations) AS regs, (SELECT count(*) FROM opinions) AS opinions"
        )
        print(
            f"scale {scale:>3}: {counts['units']} units, {counts['events']} events, {counts['regs']} registrations, "
            f"{counts['opinions']} opinions"
        )
        for name in filters:
            found = times[(scale, name)]
            print(f"    {name:<16} best {min(found) * 1000:6.1f} ms   median {statistics.median(found) * 1000:6.1f} ms")
        od.close()
    if 1 in cases and 100 in cases:
        page = "page (campaign)"
        best = min(times[(100, page)]) / min(times[(1, page)])
        median = statistics.median(times[(100, page)]) / statistics.median(times[(1, page)])
        print(f"ratio 100/1 (dashboard as the page opens): best {best:.2f}, median {median:.2f} (target ≤ 3)")


if __name__ == "__main__":
    main()
