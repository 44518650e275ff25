"""Planning a unit's open days: drafts, edits, publishing, filing (备案), held, cancelled.

The events table belongs to gkreg/events.py; this module adds the clerk's use
cases around it. Every change goes through ``od.db.transaction`` (audit entry in
the same transaction) and checks the actor's unit first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import clock
from .access import load_actor, require_event_host, require_unit
from .errors import InvalidTransition, NotFound, QuotaError, ValidationError
from .events import EDITABLE, SEAT_COUNTS_SQL, Event, seats_from_counts
from .notify.outbox import mail_event_cancelled, notify_event_people
from .registrations import LIVE_SQL

if TYPE_CHECKING:
    from . import OpenDay

FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "location",
    "form",
    "capacity",
    "approval",
    "registration_opens",
    "registration_closes",
    "description",
)


@dataclass(frozen=True)
class Filing:
    """Where an event stands with the coordinator's filing (备案) deadline."""

    campaign_name: str | None
    deadline: dt.date | None
    filed_on: dt.date | None

    @property
    def on_time(self) -> bool | None:
        """True/False once filed against a known deadline; None when it cannot be judged yet."""
        if self.filed_on is None or self.deadline is None:
            return None
        return self.filed_on <= self.deadline

    @property
    def state(self) -> str:
        """'on_time', 'late', 'filed' (no deadline), 'overdue' (not filed, deadline passed) or 'not_filed'."""
        if self.filed_on is not None:
            if self.deadline is None:
                return "filed"
            return "on_time" if self.on_time else "late"
        if self.deadline is not None and clock.now().date() > self.deadline:
            return "overdue"
        return "not_filed"


class Planning:
    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db

    # ---- create and edit ------------------------------------------------------
    def create(self, unit_id: int, actor: str, *, publish: bool = False, campaign_id: int | None = None, **fields: Any) -> int:
        """A new event: a draft by default, or published for sign-up at once."""
        return self.od.events.add(unit_id, actor=actor, status="open" if publish else "draft", campaign_id=campaign_id, **fields)

    def update(self, event_id: int, actor: str, **fields: Any) -> Event:
        """Edit an event (draft, open or finalized); capacity never below what is already confirmed."""
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise ValidationError("不能修改这些字段：" + "、".join(sorted(unknown)))
        event = self._event_for(event_id, actor)
        if event.status not in EDITABLE:
            raise InvalidTransition("活动已举办或已取消，不能再修改活动信息。")
        current = {name: getattr(event, name) for name in FIELDS}
        cleaned = self.od.events.clean_fields(**{**current, **fields})
        with self.db.transaction(actor, "event.update") as tx:
            row = tx.one("SELECT status, capacity FROM events WHERE id = ?", (event_id,))
            if row["status"] not in EDITABLE:
                raise InvalidTransition("活动已举办或已取消，不能再修改活动信息。")
            seats = seats_from_counts(cleaned["capacity"], tx.one(SEAT_COUNTS_SQL, (event_id,)), False)
            if seats.confirmed > cleaned["capacity"]:
                raise QuotaError(f"已确认{seats.confirmed}人，人数上限不能低于已确认人数。")
            if seats.confirmed_others > seats.others_limit:
                raise QuotaError(
                    f"已确认的受邀人员有{seats.confirmed_others}人，人数上限为{cleaned['capacity']}时"
                    f"受邀人员最多{seats.others_limit}人，请调高人数上限。"
                )
            sets = ", ".join(f"{name} = ?" for name in cleaned)
            tx.execute(f"UPDATE events SET {sets} WHERE id = ?", (*cleaned.values(), event_id))
            changed = sorted(k for k in cleaned if str(cleaned[k]) != str(_stored(current[k])))
            tx.target("event", event_id, changed=changed)
            if {"starts_at", "location"} & set(changed) and row["status"] != "draft":
                notify_event_people(tx, event_id, "changed")
        return self.od.events.get(event_id)

    # ---- the life of an event ------------------------------------------------
    def publish(self, event_id: int, actor: str) -> Event:
        """A draft goes out for sign-up (draft → open)."""
        return self._move(event_id, actor, ("draft",), "open", "event.publish", "只有草稿可以发布。")

    def mark_held(self, event_id: int, actor: str) -> Event:
        """The day is over (finalized → held); the report is due from its end. The list must still hold
        one third citizens: a finalized list is checked again here, inside the transaction."""
        event = self._event_for(event_id, actor)
        # An online activity (访谈、热线…) has no list to fix: it is held straight from published.
        online = bool(self.db.scalar("SELECT 1 FROM event_online WHERE event_id = ?", (event_id,)))
        if event.list_open and not online:
            raise InvalidTransition("请先确定名单（名单确定），再标记活动已举办。")
        if event.starts_at > clock.now():
            raise InvalidTransition(f"活动尚未开始（{event.starts_at:%Y-%m-%d %H:%M}），不能标记为已举办。")
        with self.db.transaction(actor, "event.mark_held") as tx:
            row = tx.one("SELECT status, capacity FROM events WHERE id = ?", (event_id,))
            if row["status"] != ("open" if online else "finalized"):
                raise InvalidTransition(
                    "只有已发布的在线活动可以标记为已举办。" if online else "只有名单已确定的活动可以标记为已举办。"
                )
            seats = seats_from_counts(row["capacity"], tx.one(SEAT_COUNTS_SQL, (event_id,)), True)
            if not online and not seats.compliant:  # the list must still hold one third citizens
                raise QuotaError(
                    f"群众代表比例不足三分之一：已确认{seats.confirmed}人，其中群众代表{seats.confirmed_citizens}人，"
                    f"至少需要{seats.citizens_needed}人，不能标记为已举办。"
                )
            tx.execute("UPDATE events SET status = 'held' WHERE id = ?", (event_id,))
            tx.target("event", event_id, was=row["status"], status="held")
        return self.od.events.get(event_id)

    def cancel(self, event_id: int, actor: str, reason: str = "") -> Event:
        """Cancel the event; every live registration on it is cancelled in the same transaction."""
        event = self._event_for(event_id, actor)
        if event.status not in EDITABLE:
            raise InvalidTransition("活动已举办或已取消，不能取消。")
        with self.db.transaction(actor, "event.cancel") as tx:
            row = tx.one("SELECT status FROM events WHERE id = ?", (event_id,))
            if row["status"] not in EDITABLE:
                raise InvalidTransition("活动已举办或已取消，不能取消。")
            tx.execute("UPDATE events SET status = 'cancelled' WHERE id = ?", (event_id,))
            live = [
                r[0]
                for r in tx.execute(
                    f"SELECT id FROM registrations WHERE event_id = ? AND status IN {LIVE_SQL}",
                    (event_id,),
                )
            ]
            cur = tx.execute(
                f"UPDATE registrations SET status = 'cancelled', cancelled_at = ? WHERE event_id = ? AND status IN {LIVE_SQL}",
                (clock.to_iso(clock.now()), event_id),
            )
            tx.target("event", event_id, was=row["status"], registrations_cancelled=cur.rowcount, reason=(reason or "")[:200])
            notify_event_people(tx, event_id, "cancelled", reg_ids=live)
            if load_actor(self.db, actor).is_coordinator:  # the office cancelled it: the unit's clerks hear at once
                mail_event_cancelled(tx, event, actor, reason)
        return self.od.events.get(event_id)

    # ---- filing with the coordinator (备案) ----------------------------------------
    def file(self, event_id: int, actor: str) -> Filing:
        """Record that the event was filed with the coordinator now: the server's clock, never a date
        the caller chooses (the filing date is what the deadline is judged on)."""
        event = self._event_for(event_id, actor)
        if event.cancelled:
            raise InvalidTransition("已取消的活动不需要备案。")
        if event.filed_at is not None:
            raise InvalidTransition(f"该活动已于{event.filed_at:%Y-%m-%d}备案。")
        when = clock.now()
        filing = self._filing(event.campaign_id, when.date())
        with self.db.transaction(actor, "event.file") as tx:
            if tx.scalar("SELECT filed_at FROM events WHERE id = ?", (event_id,)):
                raise InvalidTransition("该活动已备案。")
            tx.execute("UPDATE events SET filed_at = ? WHERE id = ?", (clock.to_iso(when), event_id))
            tx.target(
                "event",
                event_id,
                filed_on=when.date().isoformat(),
                deadline=filing.deadline.isoformat() if filing.deadline else None,
                on_time=filing.on_time,
            )
        return filing

    def filing(self, event: Event) -> Filing:
        return self._filing(event.campaign_id, event.filed_at.date() if event.filed_at else None)

    def _filing(self, campaign_id: int | None, filed_on: dt.date | None) -> Filing:
        campaign = self.campaign(campaign_id)
        deadline = None
        if campaign and campaign.get("filing_deadline"):
            deadline = clock.parse_required(campaign["filing_deadline"]).date()
        return Filing(campaign["name"] if campaign else None, deadline, filed_on)

    def campaign(self, campaign_id: int | None) -> dict[str, Any] | None:
        if campaign_id is None:
            return None
        return self.db.row("SELECT * FROM campaigns WHERE id = ?", (campaign_id,))

    # ---- reading ----------------------------------------------------------------
    def events_for(self, actor: str, unit_id: int | None = None) -> list[Event]:
        """The events the actor may manage: own unit for staff, any (or the chosen) unit for coordinators."""
        who = load_actor(self.db, actor)
        if not who.is_coordinator:
            return self.od.events.list_for_unit(who.unit_id)
        return self.od.events.list_for_unit(unit_id)

    def units_for(self, actor: str) -> list[dict[str, Any]]:
        who = load_actor(self.db, actor)
        if who.is_coordinator:
            return self.db.rows("SELECT id, name FROM units WHERE active = 1 ORDER BY id")
        return self.db.rows("SELECT id, name FROM units WHERE id = ?", (who.unit_id,))

    def get(self, event_id: int, actor: str) -> Event:
        return self._event_for(event_id, actor)

    # ---- helpers ----------------------------------------------------------------
    def _event_for(self, event_id: int, actor: str) -> Event:
        event = self.od.events.get(event_id)
        require_unit(self.db, actor, event.unit_id)
        return event

    def _move(self, event_id: int, actor: str, sources: tuple[str, ...], target: str, action: str, refusal: str) -> Event:
        self._event_for(event_id, actor)
        with self.db.transaction(actor, action) as tx:
            row = tx.one("SELECT status FROM events WHERE id = ?", (event_id,))
            if row is None:
                raise NotFound("未找到该活动。")
            if row["status"] not in sources:
                raise InvalidTransition(refusal)
            tx.execute("UPDATE events SET status = ? WHERE id = ?", (target, event_id))
            tx.target("event", event_id, was=row["status"], status=target)
        return self.od.events.get(event_id)


def _stored(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return clock.to_iso(value)
    return value


# ---- attendee list outputs ------------------------------------------------------------
def record_export(od: OpenDay, event_id: int, actor: str, fmt: str, rows: int) -> None:
    """Write the audit entry for a downloaded attendee list (the file itself is built without side effects)."""
    require_event_host(od.db, actor, event_id)
    with od.db.transaction(actor, "registration.export") as tx:
        tx.target("event", event_id, format=fmt, rows=rows)


def signin_sheet_html(event: Event, registrations: list[Any]) -> bytes:
    """A printable sign-in sheet (签到表) of the confirmed people; every value escaped, phones masked."""
    from html import escape

    from .labels import CATEGORIES
    from .privacy import mask_phone

    confirmed = [r for r in registrations if r.confirmed]
    lines = []
    for n, reg in enumerate(confirmed, 1):
        lines.append(
            "<tr>"
            + "".join(
                f"<td>{escape(str(v))}</td>"
                for v in (
                    n,
                    reg.name,
                    CATEGORIES.get(reg.category, reg.category),
                    reg.organization,
                    mask_phone(reg.phone),
                    reg.code,
                )
            )
            + "<td class='sign'></td></tr>"
        )
    when = event.starts_at.strftime("%Y-%m-%d %H:%M")
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>签到表 - {escape(event.title)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 24px; }}
h1 {{ font-size: 20px; text-align: center; margin: 0 0 4px; }}
p.meta {{ text-align: center; margin: 0 0 16px; color: #333; }}
table {{ width: 100%; border-collapse: collapse; font-size: 14px; }}
th, td {{ border: 1px solid #000; padding: 8px 6px; }}
td.sign {{ width: 22%; }}
@media print {{ body {{ margin: 10mm; }} }}
</style></head><body>
<h1>{escape(event.unit_name)} 政府开放日签到表</h1>
<p class="meta">{escape(event.title)}　{escape(when)}　{escape(event.location)}</p>
<table><thead><tr><th>序号</th><th>姓名</th><th>类别</th><th>工作单位/职业</th><th>手机号</th><th>报名编号</th>
<th>签名</th></tr></thead><tbody>
{"".join(lines)}
</tbody></table>
<p>应到 {len(confirmed)} 人　实到 ____ 人</p>
</body></html>
"""
    return page.encode("utf-8")
