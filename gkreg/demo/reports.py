"""Demo event reports: published ones for reported events, a few drafts for held ones."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from .. import clock
from ..reports import ATTENDANCE_SQL
from ..workdays import add_workdays

if TYPE_CHECKING:
    from .. import OpenDay

DEMO_BODIES = [
    "{date}，{unit}开展{title}政府开放日活动。{attended}名参加人员（其中群众代表{citizens}名）实地走访了{place}，"
    "听取了工作情况介绍，并就群众关心的问题与单位负责同志面对面交流。活动中共收集意见建议若干条，"
    "已全部纳入意见台账，将按规定时限逐条答复并公开采纳情况。",
    "{date}，{title}开放活动在{place}举行。{unit}主要负责同志介绍了相关政策和工作进展，"
    "人大代表、政协委员、媒体记者和群众代表共{attended}人参加。与会群众代表围绕办事流程、服务质量等提出意见建议，"
    "单位现场作了解答，对需要研究的问题明确了责任科室和办理时限。",
]


def _demo_png(rng: random.Random) -> bytes:
    """A small landscape-coloured PNG (no external files)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (rng.randrange(150, 220), rng.randrange(170, 230), rng.randrange(190, 240)))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 200, 480, 320), fill=(rng.randrange(60, 120), rng.randrange(120, 170), rng.randrange(60, 110)))
    for _ in range(6):
        x = rng.randrange(20, 440)
        draw.rectangle((x, 150, x + 20, 210), fill=(rng.randrange(30, 90),) * 3)
        draw.ellipse((x + 2, 130, x + 18, 148), fill=(230, 200, 170))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def seed_demo(od: OpenDay, rng: random.Random, scale: int) -> None:
    """Reports for the demo's reported events (published) and a draft for some held ones."""
    events = od.db.rows(
        "SELECT e.id, e.title, e.location, e.starts_at, e.status, u.name AS unit FROM events e"
        " JOIN units u ON u.id = e.unit_id WHERE e.status IN ('reported', 'held') ORDER BY e.id"
    )
    photos = [_demo_png(rng) for _ in range(3)]
    now = clock.now()
    with od.db.transaction("demo", "demo.reports") as tx:
        for n, event in enumerate(events):
            if event["status"] == "held" and n % 3:
                continue
            counts = tx.one(ATTENDANCE_SQL, (event["id"],))
            start = clock.parse(event["starts_at"])
            # A title that already carries quotation marks is not quoted again.
            title = event["title"] if "“" in event["title"] else f"“{event['title']}”"
            body = rng.choice(DEMO_BODIES).format(
                date=f"{start.year}年{start.month}月{start.day}日",
                unit=event["unit"],
                title=title,
                place=event["location"] or "活动现场",
                attended=counts["attended"],
                citizens=counts["citizens"],
            )
            days = int(od.settings.get("report_due_workdays"))
            due = add_workdays(start, days).date
            published = event["status"] == "reported"
            written = min(now, start + dt.timedelta(days=rng.randrange(1, 8)))
            tx.insert(
                "event_reports",
                {
                    "event_id": event["id"],
                    "body": body,
                    "attended": counts["attended"],
                    "published_at": clock.to_iso(written) if published else None,
                    "due_on": due.isoformat(),
                    "created_at": clock.to_iso(written),
                    "updated_at": clock.to_iso(written),
                    "author": "demo",
                },
            )
            if published and n < 30:
                for k in range(rng.randrange(1, 3)):
                    data = photos[(n + k) % len(photos)]
                    tx.insert(
                        "event_report_photos",
                        {
                            "event_id": event["id"],
                            "filename": f"现场{k + 1}.png",
                            "mime": "image/png",
                            "size": len(data),
                            "data": data,
                            "created_at": clock.to_iso(written),
                        },
                    )
        tx.target("event_reports", None, count=len(events))
