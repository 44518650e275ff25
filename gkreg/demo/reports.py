"""Demo event reports with real numbers: who came, what was raised, what was answered on the spot."""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import TYPE_CHECKING, Any

from .. import clock
from ..reports import Attendance
from .clerks import unit_clerk
from .timeline import at

if TYPE_CHECKING:
    from .. import OpenDay


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


def _topic(content: str) -> str:
    """The gist of an opinion: its first clause, without the polite lead-in."""
    first = re.split(r"[，。？！；,?!;]", content, maxsplit=1)[0]
    for lead in ("希望", "建议", "请问", "能否", "能不能"):
        if first.startswith(lead) and len(first) > len(lead) + 3:
            first = first[len(lead) :]
    return _inner_quotes(first[:24])


def _inner_quotes(text: str) -> str:
    """Quotation marks inside a quotation become single ones (“一窗通办” within “…” reads ‘一窗通办’)."""
    return text.replace("“", "‘").replace("”", "’")


def report_body(od: OpenDay, event: dict[str, Any], attendance: Attendance, due_workdays: int) -> str:
    """A report as a unit's office would write it: who came, what was shown, what was raised, what happens next."""
    start = clock.parse_required(event["starts_at"])
    raised = od.db.rows(
        "SELECT content, status FROM opinions WHERE event_id = ? AND source = 'forum' ORDER BY submitted_at, id",
        (event["id"],),
    )
    title = f"“{_inner_quotes(event['title'])}”"
    venue = (event["location"] or "活动现场").split("（")[0]
    unit = event["unit"]
    others = attendance.attended - attendance.attended_citizens
    lines = [
        f"{start.year}年{start.month}月{start.day}日，{unit}在{venue}举办{title}政府开放日活动。{event['about']}。",
        f"活动面向社会公开报名，{attendance.registered}名群众报名，单位另邀请人大代表、政协委员、媒体记者等"
        f"{attendance.invited}人，确定参加名单{attendance.confirmed}人。当天实到{attendance.attended}人，"
        f"其中群众代表{attendance.attended_citizens}人、特邀人员{others}人。",
    ]
    if raised:
        answered = sum(r["status"] == "answered" for r in raised)
        topics = "”“".join(_topic(r["content"]) for r in raised[:3])
        talk = "座谈中" if event["form"] in ("座谈交流", "进会议") else "交流环节"
        line = f"{talk}，参加人员围绕“{topics}”等问题提出意见建议{len(raised)}条"
        if answered == len(raised):
            line += "，单位负责同志均当场作了答复，答复内容已录入意见台账并向社会公开。"
        elif answered:
            line += (
                f"，单位负责同志当场答复{answered}条；其余{len(raised) - answered}条已录入意见台账，明确责任科室，"
                f"将在{due_workdays}个工作日内逐条答复，办理结果在意见台账公开。"
            )
        else:
            line += f"，已全部录入意见台账，明确责任科室，将在{due_workdays}个工作日内逐条答复，办理结果在意见台账公开。"
        lines.append(line)
    else:
        lines.append("活动现场未收到书面意见建议；会后群众可通过意见征集页面继续提出意见。")
    return "\n\n".join(lines)


def seed_demo(od: OpenDay, rng: random.Random, scale: int, drafts_only: set[int] | frozenset[int] = frozenset()) -> None:
    """Reports of the held events whose report is due: published (the event becomes 'reported'), or only a
    draft for ``drafts_only`` (overdue, for the office to chase). Events held in the last days have none yet."""
    now = clock.now()
    latest = now - dt.timedelta(minutes=10)
    events = od.db.rows(
        "SELECT e.id, e.title, e.form, e.location, e.starts_at, e.ends_at, e.description, u.id AS unit_id,"
        " u.name AS unit FROM events e JOIN units u ON u.id = e.unit_id"
        " WHERE e.status = 'held' AND NOT EXISTS (SELECT 1 FROM event_online o WHERE o.event_id = e.id)"
        " ORDER BY e.starts_at, e.id"
    )
    photos = [_demo_png(rng) for _ in range(3)]
    response_days = od.opinions.due_workdays()
    for n, event in enumerate(events):
        due = od.reports.due(event["id"])
        if due.date >= now.date() and event["id"] not in drafts_only:
            continue  # not due yet: the clerk has not written it
        actor = unit_clerk(od, event["unit_id"])
        start = clock.parse_required(event["starts_at"])
        written = min(
            dt.datetime.combine(
                start.date() + dt.timedelta(days=rng.randrange(1, 5)), dt.time(rng.randrange(9, 17), rng.randrange(60))
            ),
            latest,
        )
        about = (event["description"] or "").split("。")[0]
        body = report_body(od, {**event, "about": about}, od.reports.attendance(event["id"]), response_days)
        with at(written):
            od.reports.save(event["id"], actor, body)
        if event["id"] in drafts_only:
            continue
        if n < 30:
            for k in range(rng.randrange(1, 3)):
                with at(written + dt.timedelta(minutes=5 + k)):
                    od.reports.add_photo(event["id"], actor, f"现场{k + 1}.png", photos[(n + k) % len(photos)])
        # Published after the leader's sign-off, in office hours.
        publish_day = written.date() + dt.timedelta(days=rng.randrange(0, 3))
        published = dt.datetime.combine(publish_day, dt.time(rng.randrange(9, 17), rng.randrange(60)))
        with at(min(max(published, written + dt.timedelta(minutes=30)), latest)):
            od.reports.publish(event["id"], actor)
