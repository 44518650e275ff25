"""Open events (开放活动): planning, the seat state, finalizing the list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import clock
from .access import require_event_host, require_unit
from .db import Database
from .errors import InvalidTransition, NotFound, QuotaError, ValidationError
from .labels import APPROVALS, FORMS
from .outcomes import REPORT_OWED
from .seats import Seats, compute_seats
from .settings import Settings
from .validation import clean_text

# The life of an event: (draft) → open → finalized (名单确定) → held → reported; cancelled from
# draft, open or finalized. A finalized list that falls below one third citizens reopens (open).
# These sets are the one definition: Event's properties below and the services use them.
LIST_OPEN = ("draft", "open")  # the list may still change: review, invite, finalize
EDITABLE = ("draft", "open", "finalized")  # the event's details may change, and it may be cancelled
LIST_FIXED = ("finalized", "held", "reported")  # the list was locked
TOOK_PLACE = ("held", "reported")
PUBLISHED = ("open", "finalized", "held", "reported")

SEAT_COUNTS_SQL = """
SELECT coalesce(sum(status = 'confirmed' AND category = 'citizen'), 0) AS cc,
       coalesce(sum(status = 'confirmed' AND category != 'citizen'), 0) AS co,
       coalesce(sum(status = 'pending'), 0) AS pending,
       coalesce(sum(status = 'waitlisted'), 0) AS waitlisted
FROM registrations WHERE event_id = ?"""


@dataclass(frozen=True)
class Event:
    id: int
    unit_id: int
    unit_name: str
    campaign_id: int | None
    title: str
    form: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    location: str
    capacity: int
    approval: str
    registration_opens: dt.datetime | None
    registration_closes: dt.datetime | None
    description: str
    status: str
    filed_at: dt.datetime | None
    created_at: dt.datetime
    online: bool = False  # an online/broadcast activity (访谈、热线…): no seat list, no sign-up

    @property
    def list_open(self) -> bool:
        """The attendee list may still change (review, invite, finalize)."""
        return self.status in LIST_OPEN

    @property
    def taking_signups(self) -> bool:
        """Published for sign-up (status open); the time window is ``signup_state``."""
        return self.status == "open"

    @property
    def list_fixed(self) -> bool:
        """The list was locked (finalized, held or reported)."""
        return self.status in LIST_FIXED

    @property
    def editable(self) -> bool:
        """Its details may change and it may be cancelled (not yet held, not cancelled)."""
        return self.status in EDITABLE

    @property
    def cancellable(self) -> bool:
        return self.status in EDITABLE

    @property
    def draft(self) -> bool:
        return self.status == "draft"

    @property
    def finalized(self) -> bool:
        """The list is locked and the day has not been marked held yet."""
        return self.status == "finalized"

    @property
    def took_place(self) -> bool:
        """Marked held (its report may be written) or reported."""
        return self.status in TOOK_PLACE

    @property
    def awaiting_report(self) -> bool:
        return self.status == "held"

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def published(self) -> bool:
        return self.status in PUBLISHED

    @property
    def ends(self) -> dt.datetime:
        """When the day is over: the end time, else the start."""
        return self.ends_at or self.starts_at

    @property
    def reported(self) -> bool:
        """Its report is published."""
        return self.status == "reported"

    def owes_report(self, now: dt.datetime | None = None) -> bool:
        """Its report is still to be published: held, or over without having been marked held (the report
        is due after the event ended, whatever its status; outcomes.REPORT_OWED)."""
        if self.reported or self.status not in REPORT_OWED:
            return False
        return self.awaiting_report or self.ends <= (now or clock.now())

    @property
    def signup_closes(self) -> dt.datetime:
        """When public sign-up ends: the set time, else the event's start."""
        return self.registration_closes or self.starts_at

    def signup_state(self, now: dt.datetime | None = None) -> str:
        """'open', 'not_yet', 'closed' (time over) or 'locked' (not accepting: draft/finalized/…)."""
        now = now or clock.now()
        if self.status != "open":
            return "locked"
        if self.registration_opens and now < self.registration_opens:
            return "not_yet"
        if now > self.signup_closes:
            return "closed"
        return "open"


def event_from_row(row: dict[str, Any]) -> Event:
    return Event(
        id=row["id"],
        unit_id=row["unit_id"],
        unit_name=row.get("unit_name") or "",
        campaign_id=row.get("campaign_id"),
        title=row["title"],
        form=row["form"],
        starts_at=clock.parse_required(row["starts_at"]),
        ends_at=clock.parse(row["ends_at"]),
        location=row["location"],
        capacity=row["capacity"],
        approval=row["approval"],
        registration_opens=clock.parse(row["registration_opens"]),
        registration_closes=clock.parse(row["registration_closes"]),
        description=row["description"],
        status=row["status"],
        filed_at=clock.parse(row["filed_at"]),
        created_at=clock.parse_required(row["created_at"]),
        online=bool(row.get("online")),
    )


EVENT_SELECT = (
    "SELECT e.*, u.name AS unit_name,"
    " EXISTS (SELECT 1 FROM event_online o WHERE o.event_id = e.id) AS online"
    " FROM events e JOIN units u ON u.id = e.unit_id"
)


def seats_from_counts(capacity: int, counts: Any, finalized: bool) -> Seats:
    return compute_seats(capacity, counts["cc"], counts["co"], counts["pending"], counts["waitlisted"], finalized)


class Events:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    # ---- planning ----------------------------------------------------------
    def clean_fields(
        self,
        *,
        title: str,
        starts_at: Any,
        ends_at: Any = None,
        location: str = "",
        form: str = "进机关",
        capacity: int = 30,
        approval: str = "review",
        registration_opens: Any = None,
        registration_closes: Any = None,
        description: str = "",
    ) -> dict[str, Any]:
        """Validate an event's fields and return them ready to store; every wrong field is named at once
        (``ValidationError.problems``), so the form can mark each input."""
        problems: dict[str, str] = {}

        def check(field: str, clean: Any) -> Any:
            try:
                return clean()
            except ValidationError as exc:
                problems.setdefault(field, str(exc))
                return None

        title = check("title", lambda: clean_text(title, "title", required=True, label="活动主题"))
        location = check("location", lambda: clean_text(location, "location", label="活动地点"))
        description = check("description", lambda: clean_text(description, "description", label="活动介绍"))
        if form not in FORMS:
            problems["form"] = "活动形式不正确。"
        if approval not in APPROVALS:
            problems["approval"] = "报名方式应为“单位审核”或“先到先得”。"
        maximum = int(self.settings.get("max_capacity"))
        try:
            capacity = int(capacity)
        except (TypeError, ValueError):
            problems["capacity"] = "人数上限应为整数。"
        else:
            if not 1 <= capacity <= maximum:
                problems["capacity"] = f"每个开放点人数应在1到{maximum}人之间。"
        start = clock.parse(starts_at)
        if start is None:
            problems["starts_at"] = "请填写活动开始时间。"
        end = clock.parse(ends_at)
        if end is not None and start is not None and end < start:
            problems["ends_at"] = "结束时间不能早于开始时间。"
        opens, closes = clock.parse(registration_opens), clock.parse(registration_closes)
        if opens and closes and closes < opens:
            problems["registration_closes"] = "报名截止时间不能早于报名开始时间。"
        elif closes and start is not None and closes > start:
            problems["registration_closes"] = "报名截止时间不能晚于活动开始时间。"
        if problems:
            field, message = next(iter(problems.items()))
            raise ValidationError(message, field=field, problems=problems)
        return {
            "title": title,
            "form": form,
            "starts_at": clock.to_iso(start),
            "ends_at": clock.to_iso(end),
            "location": location,
            "capacity": capacity,
            "approval": approval,
            "registration_opens": clock.to_iso(opens),
            "registration_closes": clock.to_iso(closes),
            "description": description,
        }

    def add(
        self,
        unit_id: int,
        *,
        title: str,
        starts_at: Any,
        actor: str,
        ends_at: Any = None,
        location: str = "",
        form: str = "进机关",
        capacity: int = 30,
        approval: str = "review",
        registration_opens: Any = None,
        registration_closes: Any = None,
        description: str = "",
        campaign_id: int | None = None,
        status: str = "open",
    ) -> int:
        """A new event, published and open for sign-up (``status="draft"`` keeps it unpublished)."""
        fields = self.clean_fields(
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            location=location,
            form=form,
            capacity=capacity,
            approval=approval,
            registration_opens=registration_opens,
            registration_closes=registration_closes,
            description=description,
        )
        if status not in ("open", "draft"):
            raise ValidationError("新活动只能是草稿或开放报名。")
        require_unit(self.db, actor, unit_id)
        if not self.db.scalar("SELECT 1 FROM units WHERE id = ?", (unit_id,)):
            raise NotFound("未找到该单位。")
        if campaign_id is None:
            campaign_id = self.db.scalar(
                "SELECT id FROM campaigns WHERE starts_on <= ? AND ends_on >= ? ORDER BY id DESC",
                (fields["starts_at"][:10], fields["starts_at"][:10]),
            )  # stored ISO text: the day is its prefix
        with self.db.transaction(actor, "event.add") as tx:
            event_id = tx.insert(
                "events",
                {
                    **fields,
                    "unit_id": unit_id,
                    "campaign_id": campaign_id,
                    "status": status,
                    "created_by": actor,
                    "created_at": clock.to_iso(clock.now()),
                },
            )
            tx.target("event", event_id, title=fields["title"], status=status)
        return event_id

    # ---- reading ----------------------------------------------------------
    def get(self, event_id: int) -> Event:
        row = self.db.row(f"{EVENT_SELECT} WHERE e.id = ?", (event_id,))
        if row is None:
            raise NotFound("未找到该活动。")
        return event_from_row(row)

    def list_open(self, now: dt.datetime | None = None) -> list[Event]:
        """Published events a citizen can still look at: not yet started, open or list fixed."""
        now = now or clock.now()
        rows = self.db.rows(
            f"{EVENT_SELECT} WHERE e.status IN ('open', 'finalized') AND e.starts_at >= ? ORDER BY e.starts_at, e.id",
            (clock.to_iso(now - dt.timedelta(hours=12)),),
        )
        return [event_from_row(r) for r in rows]

    def list_for_unit(self, unit_id: int | None, cohosted: bool = True) -> list[Event]:
        """A unit's events (all with None); ``cohosted`` adds those it co-hosts (合办)."""
        if unit_id is None:
            rows = self.db.rows(f"{EVENT_SELECT} ORDER BY e.starts_at DESC, e.id DESC")
        elif not cohosted:
            rows = self.db.rows(f"{EVENT_SELECT} WHERE e.unit_id = ? ORDER BY e.starts_at DESC, e.id DESC", (unit_id,))
        else:
            rows = self.db.rows(
                f"{EVENT_SELECT} WHERE e.unit_id = ? OR e.id IN (SELECT event_id FROM event_cohosts WHERE unit_id = ?)"
                " ORDER BY e.starts_at DESC, e.id DESC",
                (unit_id, unit_id),
            )
        return [event_from_row(r) for r in rows]

    def seats(self, event_id: int) -> Seats:
        event = self.db.row("SELECT capacity, status FROM events WHERE id = ?", (event_id,))
        if event is None:
            raise NotFound("未找到该活动。")
        counts = self.db.connection().execute(SEAT_COUNTS_SQL, (event_id,)).fetchone()
        return seats_from_counts(event["capacity"], counts, event["status"] in LIST_FIXED)

    def seats_many(self, event_ids: list[int]) -> dict[int, Seats]:
        """Seat state of many events in one query (the public list)."""
        if not event_ids:
            return {}
        marks = ",".join("?" * len(event_ids))
        rows = self.db.rows(
            f"""SELECT e.id, e.capacity, e.status,
                   coalesce(sum(r.status = 'confirmed' AND r.category = 'citizen'), 0) AS cc,
                   coalesce(sum(r.status = 'confirmed' AND r.category != 'citizen'), 0) AS co,
                   coalesce(sum(r.status = 'pending'), 0) AS pending,
                   coalesce(sum(r.status = 'waitlisted'), 0) AS waitlisted
                FROM events e LEFT JOIN registrations r ON r.event_id = e.id
                WHERE e.id IN ({marks}) GROUP BY e.id""",
            event_ids,
        )
        return {r["id"]: seats_from_counts(r["capacity"], r, r["status"] in LIST_FIXED) for r in rows}

    # ---- the list ----------------------------------------------------------
    def finalize(self, event_id: int, actor: str) -> Seats:
        """Lock the attendee list (名单确定) when nothing is pending and citizens are at least one third."""
        with self.db.transaction(actor, "event.finalize") as tx:
            event = tx.one("SELECT unit_id, capacity, status FROM events WHERE id = ?", (event_id,))
            if event is None:
                raise NotFound("未找到该活动。")
            require_event_host(self.db, actor, event_id)
            if tx.one("SELECT 1 FROM event_online WHERE event_id = ?", (event_id,)):
                raise InvalidTransition("在线活动没有参加人员名单，无需确定名单。")
            counts = tx.one(SEAT_COUNTS_SQL, (event_id,))
            seats = seats_from_counts(event["capacity"], counts, False)
            if event["status"] not in LIST_OPEN:
                raise InvalidTransition("该活动的名单已确定或活动已结束，不能再次确定名单。")
            if seats.pending:
                raise InvalidTransition(f"还有{seats.pending}条报名待审核，请先审核后再确定名单。")
            if not seats.compliant:
                if seats.confirmed == 0:
                    raise QuotaError("名单中还没有已确认的参加人员，不能确定名单。")
                raise QuotaError(
                    f"群众代表比例不足三分之一：已确认{seats.confirmed}人，其中群众代表{seats.confirmed_citizens}人，"
                    f"至少需要{seats.citizens_needed}人。"
                )
            tx.execute(
                "UPDATE events SET status = 'finalized', finalized_at = ? WHERE id = ?", (clock.to_iso(clock.now()), event_id)
            )
            tx.target("event", event_id, confirmed=seats.confirmed, citizens=seats.confirmed_citizens)
        return self.seats(event_id)
