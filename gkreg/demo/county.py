"""A fictional 示范县's year of open days, for demos and load tests.

Dates are relative to today (the reference date) so the demo always has past, running and upcoming
open days. Every event, invitation, sign-up, review, cancellation, list, check-in and "held" mark goes
through the real use cases (``od.planning``, ``od.registrations``) with the clock set back to the
moment it would have happened (``timeline.at``): the data keeps every rule the app enforces (seats,
one third citizens, sign-up windows) and the audit log and SMS outbox read like the year.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import clock
from ..errors import ValidationError
from ..seats import citizen_reserved_for
from . import campaigns, notices, opinions, reports, surveys, theme_days
from .clerks import CLERKS, clerk_of
from .people import fake_id_number, fake_name, fake_phone
from .plans import LATE_FILED, PLANS, UNFILED, UNITS, Plan
from .timeline import at, office_hours, workday

if TYPE_CHECKING:
    from .. import OpenDay

__all__ = ["CLERKS", "PLANS", "UNITS", "clerk_of", "load_demo"]

INVITEES = ["npc_deputy", "cppcc_member", "media", "expert", "other"]
INVITEE_ORGS = {
    "npc_deputy": ["县人大代表", "县人大代表、社区党委书记", "县人大代表、个体工商户"],
    "cppcc_member": ["县政协委员", "县政协委员、律师", "县政协委员、中学教师"],
    "media": ["县融媒体中心记者", "示范日报记者"],
    "expert": ["县委党校讲师", "县律师协会律师", "县职业中专教师"],
    "other": ["社区居委会主任", "村务监督委员会主任", "物业服务企业代表"],
}
CITIZEN_ORGS = ["", "", "", "退休教师", "社区居民", "企业职工", "个体工商户", "学生家长", "村民", "自由职业"]
REJECT_REASONS = [
    "身份证号与姓名不一致，请核实后重新报名。",
    "同一家庭已有成员报名本场活动，名额优先其他群众。",
    "报名时填写的关注问题与本次活动无关，建议报名相关单位的开放活动。",
]
PAST = ("reported", "overdue", "held")


@dataclass
class _Person:
    when: dt.datetime
    name: str
    phone: str
    id_number: str
    organization: str
    reg_id: int = 0
    code: str = ""


def load_demo(od: OpenDay, scale: int = 1, seed: int = 2026) -> dict[str, int]:
    if scale < 1:
        raise ValidationError("--scale 应为正整数。")
    if od.db.scalar("SELECT count(*) FROM units") or od.db.scalar("SELECT count(*) FROM users"):
        raise ValidationError("数据库中已有数据，演示数据只能装入空数据库。")
    rng = random.Random(seed)
    now = clock.now()
    today = now.date()
    year = today.year
    setup = now - dt.timedelta(days=90)
    with at(setup), od.db.transaction("demo", "demo.campaign") as tx:
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
                "created_at": clock.to_iso(setup),
            },
        )
        tx.target("campaign", campaign_id)
    unit_ids: dict[str, int] = {}
    with at(setup + dt.timedelta(hours=1)):
        for copy in range(scale):
            for name, kind in UNITS:
                unit_name = name if copy == 0 else f"{name}（{copy + 1}）"
                unit_ids[unit_name] = od.units.add(unit_name, kind)
        od.users.add("coordinator", "coordinator-demo", "coordinator", display_name="县政务公开办")
    # The office opens an account for each unit's clerk. Only edu's password is known (the CONTRACT's
    # demo account); the others are sealed: real authors in the audit log, no way to log in as them.
    with at(setup + dt.timedelta(hours=2)):
        for unit_name, unit_id in unit_ids.items():
            display = CLERKS[unit_name.split("（")[0]][1]
            username = clerk_of(unit_name)
            if username == "edu":
                od.users.add("edu", "edu-demo", "unit_staff", unit_id=unit_id, display_name=display, actor="coordinator")
            else:
                od.users.add_sealed(username, "unit_staff", unit_id=unit_id, display_name=display, actor="coordinator")
    counts = {"units": len(unit_ids), "events": 0, "registrations": 0}
    overdue: set[int] = set()
    for copy in range(scale):
        for index, plan in enumerate(PLANS):
            unit_name = plan.unit if copy == 0 else f"{plan.unit}（{copy + 1}）"
            actor = clerk_of(unit_name)
            event_id, people = _stage_event(od, rng, plan, unit_ids[unit_name], campaign_id, actor, now, index)
            counts["events"] += 1
            counts["registrations"] += people
            if plan.stage == "overdue":
                overdue.add(event_id)
    opinions.seed_demo(od, rng, scale)
    reports.seed_demo(od, rng, scale, drafts_only=overdue)
    surveys.seed_demo(od, rng, scale)
    campaigns.seed_demo(od, rng, scale)
    notices.seed_demo(od, rng, scale)
    theme_days.seed_demo(od, rng, scale)
    return counts


def _description(plan: Plan) -> str:
    if plan.form in ("进现场", "现场观摩"):
        arrive = "请于活动开始前15分钟到活动地点集合，现场需步行，请穿便于行走的鞋。"
    elif plan.form in ("座谈交流", "进会议"):
        arrive = "请提前10分钟签到入场，会上可以发言，也可以提交书面意见。"
    else:
        arrive = "请携带身份证提前15分钟到场签到。"
    signup = "报名经单位审核后以短信通知结果。" if plan.approval == "review" else "名额先到先得，报满后可登记候补。"
    return f"{plan.about}。{arrive}群众代表名额不少于三分之一，{signup}"


def _stage_event(
    od: OpenDay,
    rng: random.Random,
    plan: Plan,
    unit_id: int,
    campaign_id: int,
    actor: str,
    now: dt.datetime,
    index: int,
) -> tuple[int, int]:
    """Create the event and walk it through its life up to ``plan.stage``; returns (id, registrations)."""
    today = now.date()
    latest = now - dt.timedelta(minutes=10)  # nothing in the demo happens in the last minutes
    starts = dt.datetime.combine(workday(today, plan.day), dt.time(*plan.hour))
    ends = starts + dt.timedelta(hours=plan.hours)
    opens = dt.datetime.combine(starts.date() - dt.timedelta(days=20), dt.time(9, 0))
    close_day = starts.date() - dt.timedelta(days=1)
    if plan.stage == "finalized":
        close_day = min(close_day, today - dt.timedelta(days=1))
    closes = dt.datetime.combine(close_day, dt.time(17, 0))
    if plan.title in LATE_FILED:  # added to the year's plan later, some weeks before the day
        created = min(
            office_hours(starts - dt.timedelta(days=rng.randrange(38, 52), hours=rng.randrange(0, 6))),
            now - dt.timedelta(days=8),
        )
        created = max(created, now - dt.timedelta(days=70))
    else:  # in the unit's annual plan, drawn up and filed before the campaign's filing deadline (75 days back)
        created = office_hours(now - dt.timedelta(days=rng.randrange(81, 88), hours=rng.randrange(0, 6)))
    with at(created):
        event_id = od.planning.create(
            unit_id,
            actor,
            campaign_id=campaign_id,
            title=plan.title,
            form=plan.form,
            starts_at=starts,
            ends_at=ends,
            location=plan.venue,
            capacity=plan.capacity,
            approval=plan.approval,
            registration_opens=opens,
            registration_closes=closes,
            description=_description(plan),
        )
    if plan.unit not in UNFILED and plan.stage != "draft":
        with at(min(office_hours(created + dt.timedelta(days=rng.randrange(0, 4), hours=rng.randrange(1, 5))), latest)):
            od.planning.file(event_id, actor)
    if plan.stage == "draft":
        return event_id, 0
    # An event whose sign-up opens within days was published just now; not all in the same second.
    published = min(
        max(opens - dt.timedelta(days=rng.randrange(2, 7)), created + dt.timedelta(hours=2)),
        latest - dt.timedelta(minutes=37 * (index % 11)),
    )
    with at(published):
        od.planning.publish(event_id, actor)
    if plan.stage == "not_yet":
        return event_id, 0

    capacity = plan.capacity
    reserved = citizen_reserved_for(capacity)
    n_invited = rng.randint(2, max(2, min(capacity - reserved, capacity // 6)))  # invitees stay a small part
    review = plan.approval == "review"
    past = plan.stage in PAST
    fixed = past or plan.stage == "finalized"  # the list gets finalized
    if plan.stage == "cancelled":
        cancel_at = now - dt.timedelta(hours=rng.randrange(20, 40))
        signup_end = cancel_at - dt.timedelta(hours=2)
        citizens = rng.randint(3, reserved + 2)
    else:
        cancel_at = None
        signup_end = min(closes, latest - dt.timedelta(minutes=30))
        if plan.stage == "full":
            citizens = capacity - n_invited
        elif plan.stage == "open":
            citizens = rng.randint(reserved // 2 + 1, max(reserved // 2 + 2, (capacity - n_invited) * 2 // 3))
        else:
            citizens = rng.randint(reserved + (capacity - n_invited - reserved) // 3, capacity - n_invited)
    decide_by = closes + dt.timedelta(minutes=30) if fixed else latest
    if cancel_at is not None:
        decide_by = cancel_at - dt.timedelta(hours=1)
    n_rejected = 1 if review and rng.random() < 0.6 else 0
    n_cancelled = 1 if rng.random() < 0.6 else 0
    n_waitlisted = rng.randint(2, 4) if plan.stage == "full" else 0
    n_pending = rng.randint(1, 3) if review and plan.stage in ("open", "full") else 0
    total = citizens + n_rejected + n_cancelled + n_waitlisted + n_pending

    # Directed invitations first (the unit sends them when it publishes), then the public sign-ups.
    invite_at = min(office_hours(published + dt.timedelta(days=rng.randrange(1, 4), hours=rng.randrange(0, 6))), signup_end)
    for k in range(n_invited):
        category = INVITEES[(index + k) % len(INVITEES)]
        with at(invite_at + dt.timedelta(minutes=7 * k)):
            od.registrations.register(
                event_id,
                name=fake_name(rng),
                phone=fake_phone(rng) if rng.random() < 0.6 else "",
                id_number=fake_id_number(rng) if rng.random() < 0.5 else None,
                category=category,
                invited_by=actor,
                organization=rng.choice(INVITEE_ORGS[category]),
            )
    signup_end -= dt.timedelta(minutes=5)  # a margin: the window check runs a moment after the clock is set
    window = max(60, int((signup_end - opens).total_seconds()))
    people = []
    for _ in range(total):
        moment = opens + dt.timedelta(seconds=int(window * rng.random() ** 1.6))  # most sign up early
        if moment.hour < 7:  # hardly anyone signs up in the small hours
            moment = min(moment + dt.timedelta(hours=8), signup_end)
        people.append(_Person(moment, fake_name(rng), fake_phone(rng), fake_id_number(rng), rng.choice(CITIZEN_ORGS)))
    people.sort(key=lambda p: p.when)
    for person in people:
        with at(person.when):
            reg = od.registrations.register(
                event_id,
                name=person.name,
                phone=person.phone,
                id_number=person.id_number,
                organization=person.organization,
                consent=True,
            )
        person.reg_id, person.code = reg.id, reg.code

    # Review: the unit decides within a day, except the latest sign-ups of a running event.
    decided = people[: len(people) - n_pending] if n_pending else people
    rejected = set(rng.sample(range(len(decided)), n_rejected)) if decided else set()
    actions: list[tuple[dt.datetime, str, _Person]] = []
    settled: dict[int, dt.datetime] = {}  # when each decided place was settled (reviewed, or signed up under auto)
    for i, person in enumerate(decided):
        if review:  # in office hours
            when = office_hours(person.when + dt.timedelta(hours=rng.randrange(1, 20), minutes=rng.randrange(60)))
            when = max(min(when, decide_by), person.when + dt.timedelta(minutes=1))
            actions.append((when, "reject" if i in rejected else "approve", person))
            settled[i] = when
        else:
            settled[i] = person.when
    if n_cancelled:
        # Someone whose place was settled changes plans a day or more later, before the list is fixed.
        settle = dt.timedelta(hours=2 if review else 1)
        candidates = [i for i in range(len(decided)) if i not in rejected and settled[i] + settle < decide_by]
        if candidates:
            chosen = rng.choice(candidates)
            person = decided[chosen]
            when = min(person.when + dt.timedelta(days=rng.randrange(1, 5), hours=rng.randrange(0, 8)), decide_by)
            actions.append((max(when, settled[chosen] + settle), "cancel", person))
    actions.sort(key=lambda a: (a[0], a[1] == "cancel"))
    for when, action, person in actions:
        with at(when):
            if action == "approve":
                od.registrations.approve(person.reg_id, actor)
            elif action == "reject":
                od.registrations.reject(person.reg_id, actor, rng.choice(REJECT_REASONS))
            elif od.registrations.get(person.reg_id).live:
                od.registrations.cancel_by_code(person.code, person.phone)

    if plan.stage == "cancelled":
        assert cancel_at is not None  # drawn above for a cancelled plan
        with at(cancel_at - dt.timedelta(minutes=5)):
            od.planning.update(event_id, actor, description=f"【本活动已取消】{plan.cancel_reason}\n\n{_description(plan)}")
        with at(cancel_at):
            od.planning.cancel(event_id, actor, plan.cancel_reason)
    if fixed:
        finalize_at = closes + dt.timedelta(hours=rng.randrange(1, 17), minutes=rng.randrange(60))
        with at(min(office_hours(finalize_at), starts - dt.timedelta(hours=1), latest)):
            od.events.finalize(event_id, actor)
    if past:
        confirmed = [r for r in od.registrations.list_unchecked(event_id) if r.confirmed]
        for reg in confirmed:
            if rng.random() < (0.95 if reg.category != "citizen" else 0.88):
                with at(starts - dt.timedelta(minutes=rng.randrange(1, 40), seconds=rng.randrange(60))):
                    od.registrations.check_in(reg.id, actor)
        with at(min(ends + dt.timedelta(minutes=rng.randrange(20, 180)), latest)):
            od.planning.mark_held(event_id, actor)
    return event_id, n_invited + total
