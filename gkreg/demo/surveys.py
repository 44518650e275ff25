"""Demo questionnaires: the county-wide one and a few units' policy evaluations, with responses."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from .. import clock
from ..survey_templates import build
from ..surveys import RATINGS, Surveys
from .clerks import unit_clerk
from .timeline import at

if TYPE_CHECKING:
    from .. import OpenDay


DEMO_SUGGESTIONS = [
    "希望政策解读多用图解和短视频，老年人也能看懂。",
    "建议在政务服务大厅设置公开查阅点，方便没有智能手机的群众。",
    "财政预算公开的表格太专业，能否附一段通俗说明。",
    "网站栏目太多，找一个通知要点好几层，建议优化搜索功能。",
    "希望开放日多安排在周末，上班族也能参加。",
    "12345热线回复很及时，点赞。",
    "建议公开重大项目的进度和资金使用情况。",
    "招生入学政策发布得太晚，家长准备时间不够。",
    "课后服务收费标准希望公开得更详细一些。",
    "学区划分的依据希望能公开说明。",
    "政策原文后面最好附上办事指南和咨询电话。",
    "村里公告栏的信息更新不及时。",
    "希望公开征求意见后能反馈采纳情况。",
    "微信公众号推送很方便，希望继续保持。",
    "",
    "",
    "",
]


def _demo_answers(rng: random.Random, questions: list[dict[str, Any]], mood: float) -> list[Any]:
    answers: list[Any] = []
    for q in questions:
        required = q["required"]
        if not required and rng.random() < 0.25:
            answers.append(None)
            continue
        if q["kind"] == "single":
            opts = q["options"]
            weights = [max(0.05, 1.0 - abs(i / max(1, len(opts) - 1) - (1 - mood)) * 1.5) for i in range(len(opts))]
            answers.append(rng.choices(opts, weights=weights)[0])
        elif q["kind"] == "multi":
            k = rng.choice((1, 1, 2, 2, 3))
            pool = q["options"][:-1] if len(q["options"]) > 3 else q["options"]
            answers.append(rng.sample(pool, k=min(k, len(pool))))
        elif q["kind"] == "rating":
            answers.append(rng.choices(RATINGS, weights=[0.04, 0.08, 0.2 + (1 - mood) * 0.2, 0.35, 0.3 + mood * 0.3])[0])
        else:
            text = rng.choice(DEMO_SUGGESTIONS)
            answers.append(text if text or required else None)
    return answers


def seed_demo(od: OpenDay, rng: random.Random, scale: int = 1) -> None:
    """The coordinator's county-wide 政务公开社会评 and each demo unit's 政策评价 (by its clerk), with a few hundred
    responses."""

    now = clock.now()
    coordinator = od.db.scalar("SELECT username FROM users WHERE role = 'coordinator' ORDER BY id")
    if coordinator is None:
        return
    surveys = od.surveys
    events = od.db.rows("SELECT id, unit_id, title, starts_at FROM events ORDER BY starts_at")
    past_events = [e for e in events if e["starts_at"] <= clock.to_iso(now)]
    title, description, questions = build("openness")
    with at(now - dt.timedelta(days=41)):
        county = surveys.create(
            None,
            title=title,
            description=description,
            questions=questions,
            actor=coordinator,
            opens_at=now - dt.timedelta(days=40),
            closes_at=dt.datetime.combine((now + dt.timedelta(days=30)).date(), dt.time(17, 0)),
            template="openness",
        )
    boost = min(scale, 10)  # load tests get more responses, still written in seconds
    _demo_fill(surveys, rng, county, questions, 260 * boost, now, 40, [e["id"] for e in past_events] + [None] * 5, coordinator)
    policies = {
        "示范县教育局": "义务教育招生入学政策",
        "示范县医疗保障局": "城乡居民医保报销政策",
        "示范县人力资源和社会保障局": "稳就业惠企政策",
        "马站镇人民政府": "农村人居环境整治政策",
    }
    for unit in od.db.rows("SELECT id, name FROM units ORDER BY id"):
        policy = policies.get(unit["name"])
        if policy is None:
            continue
        unit_events = [e for e in events if e["unit_id"] == unit["id"]]
        event = next((e for e in unit_events if e["starts_at"] <= clock.to_iso(now)), None)
        title, description, questions = build("policy", policy)
        clerk = unit_clerk(od, unit["id"])  # a unit's own evaluation is its clerk's work
        # The education bureau's evaluation is running; the others closed last week with their results.
        running = unit["name"] == "示范县教育局"
        opens = now - dt.timedelta(days=20 if running else 50 + rng.randrange(0, 10))
        closes = (
            dt.datetime.combine((now + dt.timedelta(days=25)).date(), dt.time(17, 0))
            if running
            else dt.datetime.combine((now - dt.timedelta(days=rng.randrange(5, 12))).date(), dt.time(17, 0))
        )
        with at(opens - dt.timedelta(days=1)):  # set up the day before it opened
            survey_id = surveys.create(
                unit["id"],
                title=title,
                description=description,
                questions=questions,
                actor=clerk,
                event_id=event["id"] if event else None,
                contact="optional",
                opens_at=opens,
                closes_at=closes,
                template="policy",
            )
        _demo_fill(
            surveys,
            rng,
            survey_id,
            questions,
            rng.randrange(60, 160) * boost,
            min(now, closes),
            (min(now, closes) - opens).days,
            [event["id"] if event else None],
            clerk,
        )
    edu = od.db.scalar("SELECT id FROM units WHERE name = '示范县教育局'")
    if edu:
        title, description, questions = build("policy", "课后服务")
        with at(now - dt.timedelta(days=2, hours=3)):  # a draft the bureau started two days ago
            surveys.create(
                edu,
                title=title,
                description=description,
                questions=questions,
                actor=unit_clerk(od, edu),
                contact="anonymous",
                draft=True,
                template="policy",
            )


def _demo_fill(
    surveys: Surveys,
    rng: random.Random,
    survey_id: int,
    questions: list[dict[str, Any]],
    n: int,
    now: dt.datetime,
    days: int,
    events: list[int | None],
    actor: str,
) -> None:
    mood = rng.uniform(0.4, 0.9)
    start = now - dt.timedelta(days=days)
    span = int((now - start).total_seconds()) - 3600
    stamps = sorted(start + dt.timedelta(seconds=int(span * rng.random() ** 0.7)) for _ in range(n))
    # Entered in one go, dated just after the last response (not at the moment the demo is built).
    with at(min(stamps[-1] + dt.timedelta(minutes=3), now) if stamps else now):
        surveys.add_responses_bulk(
            survey_id, [(_demo_answers(rng, questions, mood), when, rng.choice(events)) for when in stamps], actor=actor
        )
