"""Demo of the whole campaign (issue 13): online activities with a record, a co-hosted event,
named deadlines with submissions, an inspection with points, a consultation preview list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import clock
from .clerks import unit_clerk
from .timeline import at, workday


def seed_demo(od: Any, rng: Any, scale: int) -> None:
    coordinator = od.db.scalar("SELECT username FROM users WHERE role = 'coordinator' ORDER BY id")
    units = {r["name"]: r["id"] for r in od.db.rows("SELECT id, name FROM units ORDER BY id")}
    edu = units.get("示范县教育局")
    service = next((uid for name, uid in units.items() if "政务服务" in name), None)
    if coordinator is None or edu is None:
        return
    clerk = unit_clerk(od, edu)  # the bureau runs its own interview; the office sets deadlines and inspects
    now = clock.now()
    # An online interview held last week, with its transcript and questions (one sent to the ledger).
    day = workday(now.date(), -6)
    begins = dt.datetime.combine(day, dt.time(9, 30))
    with at(begins - dt.timedelta(days=18)):
        held = od.online.create(
            edu,
            clerk,
            title="局长在线访谈：义务教育招生政策解读",
            form="在线访谈",
            starts_at=begins,
            ends_at=begins + dt.timedelta(hours=1, minutes=30),
            stream_url="https://live.example.gov.cn/edu-2026",
            location="县融媒体中心直播间（文化路6号）",
            schedule="09:30 主持人开场\n09:40 局长解读招生政策\n10:20 回答网友提问",
            guests=[
                {"name": "王明", "title": "局长", "unit": "示范县教育局"},
                {"name": "李芳", "title": "基础教育股股长", "unit": "示范县教育局"},
            ],
        )
    with at(begins + dt.timedelta(hours=2)):
        od.planning.mark_held(held, clerk)
    with at(begins + dt.timedelta(hours=5)):
        od.online.save_transcript(
            held,
            clerk,
            "主持人：各位网友大家好，欢迎收看本期政务公开日在线访谈……\n王明：今年义务教育招生继续坚持免试就近入学……",
        )
        first = od.online.add_question(held, clerk, "学区划分什么时候公布？", "5月中旬在县政府门户网站公布。")
        od.online.add_question(held, clerk, "随迁子女入学需要准备哪些材料？", "居住证、户口簿和监护人务工证明，具体见招生简章。")
        od.online.question_to_ledger(first, clerk)
    with at(begins + dt.timedelta(days=1, hours=1)):
        od.online.publish_record(held, clerk)
        od.reports.save(
            held,
            clerk,
            f"{day.month}月{day.day}日，县教育局局长走进县融媒体中心直播间，围绕义务教育招生政策与网友在线交流，"
            "直播观看1.2万人次，共回答网友提问2个；需要研究的学区划分问题已转入意见台账办理。",
            attended=0,
        )
    with at(begins + dt.timedelta(days=1, hours=6)):
        od.reports.publish(held, clerk)
    # A hotline hour coming up, co-hosted with the service centre.
    hotline = dt.datetime.combine(workday(now.date(), 9), dt.time(9, 0))
    host = service or edu
    host_clerk = unit_clerk(od, host)
    with at(now - dt.timedelta(days=5)):
        upcoming = od.online.create(
            host,
            host_clerk,
            title="县长接听12345热线",
            form="领导接听热线",
            starts_at=hotline,
            ends_at=hotline + dt.timedelta(hours=2),
            location="县12345热线中心（城南新区行政大道1号五楼）",
            hotline="12345",
            schedule="09:00–11:00 县长在线接听群众来电",
        )
        if service and service != edu:
            od.cohosts.set(upcoming, host_clerk, [edu])
    # Deadlines of the current campaign; the education bureau submitted its materials on time.
    campaign = od.campaigns.current()
    if campaign:
        parts = od.campaign_parts
        with at(now - dt.timedelta(days=30)):  # the office set the theme and deadlines a month ago
            parts.set_theme(campaign["id"], coordinator, "走进政府 了解政务 参与决策")
            materials = parts.add_deadline(
                campaign["id"],
                coordinator,
                kind="materials",
                name="活动材料报送（16时前）",
                due_at=(now - dt.timedelta(days=2)).replace(hour=16, minute=0, second=0),
            )
            parts.add_deadline(
                campaign["id"],
                coordinator,
                kind="summary",
                name="年度总结报告",
                due_at=(now + dt.timedelta(days=20)).replace(hour=17, minute=0, second=0),
            )
        # The education bureau's materials came in three days ago, before the deadline.
        with at((now - dt.timedelta(days=3)).replace(hour=15, minute=20, second=0)):
            parts.submit(materials, edu, clerk, body="开放日新闻稿和现场照片", links=["https://www.example.gov.cn/news/open-day"])
        with at((now - dt.timedelta(days=5)).replace(hour=16, minute=40, second=0)):
            od.inspections.record(
                coordinator,
                unit_id=edu,
                inspected_on=(now - dt.timedelta(days=5)).date(),
                findings="现场检查：签到表、群众代表比例符合要求；宣传展板未标注活动主题。",
                rectify_by=(now + dt.timedelta(days=10)).date(),
            )
            od.inspections.adjust(
                coordinator, unit_id=edu, points=2, reason="在线访谈形式新颖，群众反响好", campaign_id=campaign["id"]
            )
    # The year's consultation preview list.
    with at(now - dt.timedelta(days=60)):
        for month, title in ((9, "课后服务收费标准调整"), (11, "学区划分调整方案")):
            od.consultation_records.plan(edu, clerk, year=now.year, month=month, title=title)
