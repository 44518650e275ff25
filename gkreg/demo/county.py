"""A fictional 示范县 drawn from the seed notices, for demos and load tests.

Dates are relative to today so the demo always has past and upcoming open days.
Rows are written in bulk (one transaction per event) but always within the seat
rules; the database trigger would refuse anything else.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from .. import clock
from ..codes import new_code
from ..errors import ValidationError
from ..privacy import mask_id
from ..seats import citizen_reserved_for
from . import campaigns, notices, opinions, reports, surveys, theme_days
from .people import fake_id_number, fake_name, fake_phone

if TYPE_CHECKING:
    from .. import OpenDay

UNITS = [
    ("示范县教育局", "department"),
    ("示范县卫生健康局", "department"),
    ("示范县住房和城乡建设局", "department"),
    ("示范县市场监督管理局", "department"),
    ("示范县人力资源和社会保障局", "department"),
    ("示范县行政审批服务局", "department"),
    ("示范县医疗保障局", "department"),
    ("城关街道办事处", "township"),
    ("东城街道办事处", "township"),
    ("马站镇人民政府", "township"),
    ("许家湖镇人民政府", "township"),
    ("示范县政务服务中心", "enterprise"),
    ("示范县自来水公司", "enterprise"),
]
THEMES = {
    "示范县教育局": ["走进教育局：义务教育招生入学政策面对面", "课后服务与“双减”落实情况座谈"],
    "示范县卫生健康局": ["家庭医生签约服务进社区", "县医院急诊流程开放体验"],
    "示范县住房和城乡建设局": ["老旧小区改造工程现场开放", "城市更新项目决策会议列席"],
    "示范县市场监督管理局": ["食品安全快检实验室开放日", "“双随机、一公开”执法现场观摩"],
    "示范县人力资源和社会保障局": ["稳就业政策解读与招聘服务体验", "社保卡一卡通办理流程开放"],
    "示范县行政审批服务局": ["“高效办成一件事”审批流程体验", "营商环境优化座谈交流"],
    "示范县医疗保障局": ["医保报销政策面对面", "长期护理保险试点座谈"],
    "城关街道办事处": ["走进街道：网格化治理开放日", "老年助餐点建设座谈"],
    "东城街道办事处": ["社区议事会列席", "背街小巷整治现场走访"],
    "马站镇人民政府": ["乡村振兴示范片现场开放", "农村人居环境整治座谈"],
    "许家湖镇人民政府": ["高标准农田建设现场观摩", "镇政府联席会议列席"],
    "示范县政务服务中心": ["12345热线领导接听开放日", "政务服务“一窗通办”体验"],
    "示范县自来水公司": ["水厂净水工艺开放参观", "供水价格与服务座谈"],
}
PLACES = ["机关一楼会议室", "项目现场（集合点：南门广场）", "政务服务大厅", "三楼多功能厅", "社区党群服务中心"]
FORMS_CYCLE = ["进机关", "进现场", "进会议", "座谈交流", "现场观摩", "政策发布", "问卷调查", "领导接听", "政府访谈"]


def load_demo(od: OpenDay, scale: int = 1, seed: int = 2026) -> dict[str, int]:
    if scale < 1:
        raise ValidationError("--scale 应为正整数。")
    if od.db.scalar("SELECT count(*) FROM units") or od.db.scalar("SELECT count(*) FROM users"):
        raise ValidationError("数据库中已有数据，演示数据只能装入空数据库。")
    rng = random.Random(seed)
    now = clock.now()
    today = now.date()
    year = today.year
    with od.db.transaction("demo", "demo.campaign") as tx:
        campaign_id = tx.insert(
            "campaigns",
            {
                "name": f"{year}年政府开放日",
                "starts_on": (today - dt.timedelta(days=70)).isoformat(),
                "ends_on": (today + dt.timedelta(days=45)).isoformat(),
                "filing_deadline": (today - dt.timedelta(days=75)).isoformat(),
                "report_due_workdays": 5,
                "response_due_workdays": 15,
                "min_events_per_unit": 1,
                "created_at": clock.to_iso(now - dt.timedelta(days=90)),
            },
        )
        tx.target("campaign", campaign_id)
    unit_ids: dict[str, int] = {}
    for copy in range(scale):
        for name, kind in UNITS:
            unit_name = name if copy == 0 else f"{name}（{copy + 1}）"
            unit_ids[unit_name] = od.units.add(unit_name, kind)
    od.users.add("coordinator", "coordinator-demo", "coordinator", display_name="县政务公开办")
    od.users.add("edu", "edu-demo", "unit_staff", unit_id=unit_ids["示范县教育局"], display_name="教育局办公室")
    counts = {"units": len(unit_ids), "events": 0, "registrations": 0}
    form_index = 0
    for unit_name, unit_id in unit_ids.items():
        base = unit_name.split("（")[0]
        themes = THEMES[base]
        plans = [(-rng.randrange(20, 60), "past"), (rng.randrange(6, 35), "upcoming")]
        if base in ("示范县教育局", "示范县政务服务中心", "马站镇人民政府"):
            plans += [(rng.randrange(3, 20), "upcoming"), (-rng.randrange(8, 15), "past")]
        for n, (offset, when) in enumerate(plans):
            form = FORMS_CYCLE[form_index % len(FORMS_CYCLE)]
            form_index += 1
            starts = dt.datetime.combine(today + dt.timedelta(days=offset), dt.time(9 if n % 2 == 0 else 14, 30))
            capacity = rng.choice([30, 30, 25, 20, 12])
            event_id = _demo_event(od, rng, unit_id, campaign_id, themes[n % len(themes)], form, starts, capacity, when, now, n)
            counts["events"] += 1
            counts["registrations"] += _demo_registrations(od, rng, event_id, capacity, when, starts, n)
    reports.seed_demo(od, rng, scale)
    opinions.seed_demo(od, rng, scale)
    surveys.seed_demo(od, rng, scale)
    campaigns.seed_demo(od, rng, scale)
    notices.seed_demo(od, rng, scale)
    theme_days.seed_demo(od, rng, scale)
    return counts


def _demo_event(
    od: OpenDay,
    rng: random.Random,
    unit_id: int,
    campaign_id: int,
    title: str,
    form: str,
    starts: dt.datetime,
    capacity: int,
    when: str,
    now: dt.datetime,
    n: int,
) -> int:
    status = "open" if when == "upcoming" else ("reported" if n % 2 == 0 else "held")
    approval = "auto" if n == 2 else "review"
    filed = starts - dt.timedelta(days=rng.choice([40, 30, 90, 100]))
    with od.db.transaction("demo", "demo.event") as tx:
        event_id = tx.insert(
            "events",
            {
                "unit_id": unit_id,
                "campaign_id": campaign_id,
                "title": title,
                "form": form,
                "starts_at": clock.to_iso(starts),
                "ends_at": clock.to_iso(starts + dt.timedelta(hours=2, minutes=30)),
                "location": rng.choice(PLACES),
                "capacity": capacity,
                "approval": approval,
                "registration_opens": clock.to_iso(starts - dt.timedelta(days=20)),
                "registration_closes": clock.to_iso(starts - dt.timedelta(days=1)),
                "description": f"{title}。欢迎关心示范县发展的群众代表报名参加，现场可提出意见建议。",
                "status": status,
                "filed_at": clock.to_iso(min(filed, now)),
                "finalized_at": clock.to_iso(starts - dt.timedelta(days=1)) if when == "past" else None,
                "created_by": "demo",
                "created_at": clock.to_iso(min(filed, now) - dt.timedelta(days=2)),
            },
        )
        tx.target("event", event_id)
    return event_id


def _demo_registrations(
    od: OpenDay, rng: random.Random, event_id: int, capacity: int, when: str, starts: dt.datetime, n: int
) -> int:
    """A plausible list: invitees within their limit, citizens in every status, waitlist only when full."""
    reserved = citizen_reserved_for(capacity)
    other_limit = capacity - reserved
    invitees = ["npc_deputy", "cppcc_member", "media", "expert", "other"]
    n_others = min(other_limit, rng.randrange(2, max(3, other_limit // 2 + 2)))
    full = when == "upcoming" and n == 1 and rng.random() < 0.35  # some events are full, with a waitlist
    if full:
        n_citizens_confirmed = capacity - n_others
    elif when == "upcoming":
        n_citizens_confirmed = rng.randrange(1, max(2, capacity - n_others - 3))
    else:
        n_citizens_confirmed = rng.randrange(reserved, max(reserved + 1, capacity - n_others))
    rows: list[dict] = []
    created = min(starts - dt.timedelta(days=18), clock.now() - dt.timedelta(days=4))

    def add(category: str, status: str, invited: bool, reason: str = "") -> None:
        nonlocal created
        created += dt.timedelta(minutes=rng.randrange(5, 300))
        number = fake_id_number(rng) if (not invited or rng.random() < 0.5) else None
        rows.append(
            {
                "event_id": event_id,
                "code": new_code(),
                "name": fake_name(rng),
                "phone": fake_phone(rng),
                "id_cipher": od.vault.encrypt(number) if number else None,
                "id_hash": od.vault.hash(number) if number else None,
                "id_masked": mask_id(number),
                "category": category,
                "invited": int(invited),
                "invited_by": "demo" if invited else None,
                "status": status,
                "reason": reason,
                "created_at": clock.to_iso(min(created, clock.now())),
                "decided_at": clock.to_iso(min(created + dt.timedelta(hours=3), clock.now())) if status != "pending" else None,
                "cancelled_at": clock.to_iso(min(created + dt.timedelta(days=1), clock.now())) if status == "cancelled" else None,
                "consent_at": None if invited else clock.to_iso(min(created, clock.now())),
                "checked_in_at": clock.to_iso(starts - dt.timedelta(minutes=rng.randrange(1, 30)))
                if (status == "confirmed" and when == "past" and rng.random() < 0.85)
                else None,
            }
        )

    for i in range(n_others):
        add(invitees[i % len(invitees)], "confirmed", True)
    for _ in range(n_citizens_confirmed):
        add("citizen", "confirmed", False)
    add("citizen", "cancelled", False)
    add("citizen", "rejected", False, reason="非本县常住居民，名额优先本地群众")
    if when == "upcoming":
        for _ in range(rng.randrange(1, 4)):
            add("citizen", "pending", False)
        if full:
            for _ in range(rng.randrange(2, 5)):
                add("citizen", "waitlisted", False)
    with od.db.transaction("demo", "demo.registrations") as tx:
        for row in rows:
            tx.insert("registrations", row)
        tx.target("event", event_id, registrations=len(rows))
    return len(rows)
