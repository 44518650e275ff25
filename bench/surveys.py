"""How long ``od.surveys.results`` (and the exports behind the admin page) take at 1k, 10k and 50k responses.

Run: ``.venv/bin/python bench/surveys.py`` (prints figures; not a pass/fail test).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gkreg import OpenDay, clock  # noqa: E402
from gkreg.demo.surveys import _demo_answers  # noqa: E402
from gkreg.survey_templates import build  # noqa: E402

SIZES = (1_000, 10_000, 50_000)


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def main() -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        od = OpenDay(Path(tmp) / "bench.db", secrets_dir=Path(tmp) / "secrets")
        unit = od.units.add("示范县教育局")
        od.users.add("coord", "coord-pass-1", "coordinator")
        event = od.events.add(unit, title="走进教育局", starts_at=clock.now() + dt.timedelta(days=3), actor="coord")
        title, description, questions = build("policy", "义务教育招生入学政策")
        print(f"{'responses':>10} {'results()':>11} {'timeline()':>11} {'event filter':>13} {'raw table':>10}")
        have = 0
        survey = od.surveys.create(unit, title=title, questions=questions, actor="coord")
        now = clock.now()
        for size in SIZES:
            batch = [
                (
                    _demo_answers(rng, questions, 0.7),
                    now - dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 30)),
                    event if rng.random() < 0.3 else None,
                )
                for _ in range(size - have)
            ]
            for chunk in range(0, len(batch), 10_000):
                od.surveys.add_responses_bulk(survey, batch[chunk : chunk + 10_000], actor="coord")
            have = size
            result, t_results = timed(od.surveys.results, survey)
            assert result["responses"] == size
            _, t_timeline = timed(od.surveys.timeline, survey)
            _, t_event = timed(od.surveys.results, survey, event_id=event)
            _, t_raw = timed(od.surveys.raw_table, survey)
            print(f"{size:>10,} {t_results:>10.3f}s {t_timeline:>10.3f}s {t_event:>12.3f}s {t_raw:>9.3f}s")
        od.close()


if __name__ == "__main__":
    main()
