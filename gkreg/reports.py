"""Event reports (活动开展情况): written after the day, published to the public /reports page.

A report is due N working days after the event (the campaign's
``report_due_workdays``, else the coordinator setting), counted with
chinesecalendar; for a year the calendar does not cover yet only weekends are
skipped and ``DueDate.warning`` says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import clock
from .access import require_unit
from .errors import InvalidTransition, NotFound, ValidationError
from .events import Event
from .uploads import clean_photo
from .validation import clean_text
from .workdays import DueDate, add_workdays

if TYPE_CHECKING:
    from . import OpenDay

MAX_PHOTOS = 6
MAX_PHOTO_BYTES = 5 * 1024 * 1024
BODY_LIMIT = 5000
MAGIC = {"image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG\r\n\x1a\n",)}


@dataclass(frozen=True)
class Attendance:
    invited: int  # directed invitations confirmed
    registered: int  # public sign-ups received (any status)
    confirmed: int  # on the final list
    attended: int  # checked in
    attended_citizens: int

    @property
    def citizen_share(self) -> float | None:
        """Citizens among those who came (None when nobody was checked in)."""
        return self.attended_citizens / self.attended if self.attended else None


@dataclass(frozen=True)
class Report:
    event_id: int
    body: str
    attended: int | None
    published_at: dt.datetime | None
    due_on: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    author: str

    @property
    def published(self) -> bool:
        return self.published_at is not None


@dataclass(frozen=True)
class Photo:
    id: int
    event_id: int
    filename: str
    mime: str
    size: int
    data: bytes


@dataclass(frozen=True)
class PublicReport:
    event: Event
    report: Report | None
    attendance: Attendance
    photo_ids: list[int]


def _report(row: dict[str, Any] | None) -> Report | None:
    if row is None:
        return None
    return Report(
        event_id=row["event_id"],
        body=row["body"],
        attended=row["attended"],
        published_at=clock.parse(row["published_at"]),
        due_on=dt.date.fromisoformat(row["due_on"]) if row["due_on"] else None,
        created_at=clock.parse_required(row["created_at"]),
        updated_at=clock.parse_required(row["updated_at"]),
        author=row["author"],
    )


def sniff_image(data: bytes) -> str | None:
    for mime, starts in MAGIC.items():
        if data.startswith(starts):
            return mime
    return None


ATTENDANCE_SQL = """
SELECT coalesce(sum(invited = 1 AND status = 'confirmed'), 0) AS invited,
       coalesce(sum(invited = 0), 0) AS registered,
       coalesce(sum(status = 'confirmed'), 0) AS confirmed,
       coalesce(sum(status = 'confirmed' AND checked_in_at IS NOT NULL), 0) AS attended,
       coalesce(sum(status = 'confirmed' AND checked_in_at IS NOT NULL AND category = 'citizen'), 0) AS citizens
FROM registrations WHERE event_id = ?"""


class Reports:
    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db

    # ---- due date ---------------------------------------------------------------
    def due_workdays(self, event: Event) -> int:
        days = None
        if event.campaign_id is not None:
            days = self.db.scalar("SELECT report_due_workdays FROM campaigns WHERE id = ?", (event.campaign_id,))
        return int(days or self.od.settings.get("report_due_workdays"))

    def due(self, event_id: int) -> DueDate:
        """N working days after the event's end (else its start)."""
        event = self.od.events.get(event_id)
        return add_workdays(event.ends_at or event.starts_at, self.due_workdays(event))

    # ---- attendance ---------------------------------------------------------------
    def attendance(self, event_id: int) -> Attendance:
        row = self.db.row(ATTENDANCE_SQL, (event_id,))
        return Attendance(row["invited"], row["registered"], row["confirmed"], row["attended"], row["citizens"])

    # ---- writing ---------------------------------------------------------------
    def get(self, event_id: int) -> Report | None:
        return _report(self.db.row("SELECT * FROM event_reports WHERE event_id = ?", (event_id,)))

    def _written(self, event_id: int) -> Report:
        """The report just saved or published."""
        report = self.get(event_id)
        assert report is not None
        return report

    def save(self, event_id: int, actor: str, body: str, attended: int | None = None) -> Report:
        """Write or update the report of a held event; attendance defaults to the check-ins."""
        event = self._event_for(event_id, actor)
        if not event.took_place:  # held or reported: the report may be written
            raise InvalidTransition("活动举办后（标记为“已举办”）才能填写活动开展情况。")
        body = clean_text(body, "description", label="活动开展情况")
        if attended is None:
            attended = self.attendance(event_id).attended
        try:
            attended = int(attended)
        except (TypeError, ValueError):
            raise ValidationError("实到人数应为整数。", field="attended") from None
        if not 0 <= attended <= 1000:
            raise ValidationError("实到人数应在0到1000之间。", field="attended")
        due = self.due(event_id)
        now = clock.to_iso(clock.now())
        with self.db.transaction(actor, "report.save") as tx:
            tx.execute(
                "INSERT INTO event_reports (event_id, body, attended, due_on, created_at, updated_at, author)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_id) DO UPDATE SET body = excluded.body,"
                " attended = excluded.attended, due_on = excluded.due_on, updated_at = excluded.updated_at,"
                " author = excluded.author",
                (event_id, body, attended, due.date.isoformat(), now, now, actor),
            )
            tx.target("event", event_id, attended=attended, chars=len(body))
        return self._written(event_id)

    def publish(self, event_id: int, actor: str) -> Report:
        """Publish the report to /reports; the event becomes 'reported'."""
        event = self._event_for(event_id, actor)
        report = self.get(event_id)
        if event.reported and report and report.published:
            raise InvalidTransition("该活动的报道已发布。")
        if not event.awaiting_report:
            raise InvalidTransition("只有已举办的活动可以发布活动开展情况。")
        if report is None or not report.body.strip():
            raise ValidationError("请先填写并保存活动开展情况，再发布。", field="body")
        now = clock.now()
        with self.db.transaction(actor, "report.publish") as tx:
            if tx.scalar("SELECT status FROM events WHERE id = ?", (event_id,)) != "held":
                raise InvalidTransition("只有已举办的活动可以发布活动开展情况。")
            tx.execute("UPDATE event_reports SET published_at = ? WHERE event_id = ?", (clock.to_iso(now), event_id))
            tx.execute("UPDATE events SET status = 'reported' WHERE id = ?", (event_id,))
            on_time = report.due_on is None or now.date() <= report.due_on
            tx.target("event", event_id, due_on=report.due_on.isoformat() if report.due_on else None, on_time=on_time)
        return self._written(event_id)

    # ---- photos ---------------------------------------------------------------
    def add_photo(self, event_id: int, actor: str, filename: str, data: bytes) -> int:
        event = self._event_for(event_id, actor)
        if not event.took_place:  # held or reported: the report may be written
            raise InvalidTransition("活动举办后才能上传照片。")
        if not data:
            raise ValidationError("照片文件是空的。", field="photos")
        if len(data) > MAX_PHOTO_BYTES:
            raise ValidationError(
                f"照片“{_short(filename)}”超过{MAX_PHOTO_BYTES // 1024 // 1024}MB，请压缩后再上传。", field="photos"
            )
        mime = sniff_image(data)
        if mime is None:
            raise ValidationError(f"“{_short(filename)}”不是JPG或PNG图片。", field="photos")
        # Stored and shown only as Pillow's fresh encoding: no EXIF (GPS), no pixel bomb, no HTML.
        data, mime = clean_photo(data, label=f"照片“{_short(filename)}”")
        with self.db.transaction(actor, "report.add_photo") as tx:
            count = tx.scalar("SELECT count(*) FROM event_report_photos WHERE event_id = ?", (event_id,))
            if count >= MAX_PHOTOS:
                raise ValidationError(f"每篇报道最多{MAX_PHOTOS}张照片。", field="photos")
            photo_id = tx.insert(
                "event_report_photos",
                {
                    "event_id": event_id,
                    "filename": _short(filename),
                    "mime": mime,
                    "size": len(data),
                    "data": data,
                    "created_at": clock.to_iso(clock.now()),
                },
            )
            tx.target("event", event_id, photo_id=photo_id, size=len(data))
        return photo_id

    def remove_photo(self, photo_id: int, actor: str) -> None:
        event_id = self.db.scalar("SELECT event_id FROM event_report_photos WHERE id = ?", (photo_id,))
        if event_id is None:
            raise NotFound("未找到该照片。")
        self._event_for(event_id, actor)
        with self.db.transaction(actor, "report.remove_photo") as tx:
            tx.execute("DELETE FROM event_report_photos WHERE id = ?", (photo_id,))
            tx.target("event", event_id, photo_id=photo_id)

    def photos(self, event_id: int) -> list[Photo]:
        rows = (
            self.db.connection()
            .execute(
                "SELECT id, event_id, filename, mime, size, data FROM event_report_photos WHERE event_id = ? ORDER BY id",
                (event_id,),
            )
            .fetchall()
        )
        return [Photo(r["id"], r["event_id"], r["filename"], r["mime"], r["size"], bytes(r["data"])) for r in rows]

    def photo_count(self, event_id: int) -> int:
        return int(self.db.scalar("SELECT count(*) FROM event_report_photos WHERE event_id = ?", (event_id,)))

    def public_photo(self, photo_id: int) -> Photo | None:
        """A photo of a published report (anyone may see it)."""
        row = (
            self.db.connection()
            .execute(
                "SELECT p.id, p.event_id, p.filename, p.mime, p.size, p.data FROM event_report_photos p"
                " JOIN event_reports r ON r.event_id = p.event_id WHERE p.id = ? AND r.published_at IS NOT NULL",
                (photo_id,),
            )
            .fetchone()
        )
        if row is None:
            return None
        return Photo(row["id"], row["event_id"], row["filename"], row["mime"], row["size"], bytes(row["data"]))

    # ---- the public page ---------------------------------------------------------
    def published_version(self) -> str:
        """Changes whenever what ``published()`` shows may have changed (an event held, a report saved or
        published, a photo added): a cheap key for a cached copy of the public page."""
        row = (
            self.db.connection()
            .execute(
                "SELECT (SELECT count(*) FROM events WHERE status IN ('held', 'reported')),"
                " (SELECT count(*) FROM event_reports WHERE published_at IS NOT NULL),"
                " (SELECT max(updated_at) FROM event_reports), (SELECT count(*) FROM event_report_photos)"
            )
            .fetchone()
        )
        return "/".join(str(value) for value in row)

    def published(self, unit_id: int | None = None, limit: int = 200) -> list[PublicReport]:
        """Held and reported events, newest first, with the published report (if any) and attendance."""
        from .events import EVENT_SELECT, event_from_row

        where = "e.status IN ('held', 'reported')" + (" AND e.unit_id = ?" if unit_id is not None else "")
        params: list[Any] = [unit_id] if unit_id is not None else []
        rows = self.db.rows(f"{EVENT_SELECT} WHERE {where} ORDER BY e.starts_at DESC, e.id DESC LIMIT ?", [*params, int(limit)])
        out = []
        for row in rows:
            event = event_from_row(row)
            report = self.get(event.id)
            if report is not None and not report.published:
                report = None
            photo_ids = (
                [r["id"] for r in self.db.rows("SELECT id FROM event_report_photos WHERE event_id = ? ORDER BY id", (event.id,))]
                if report
                else []
            )
            out.append(PublicReport(event, report, self.attendance(event.id), photo_ids))
        return out

    def overdue(self, unit_id: int | None = None) -> list[tuple[Event, DueDate]]:
        """Events whose report is not yet published (held, or over and never marked held), with their due dates."""
        now = clock.now()
        events = [e for e in self.od.events.list_for_unit(unit_id, cohosted=False) if e.owes_report(now)]
        return [(e, self.due(e.id)) for e in events]

    # ---- helpers ----------------------------------------------------------------
    def _event_for(self, event_id: int, actor: str) -> Event:
        event = self.od.events.get(event_id)
        require_unit(self.db, actor, event.unit_id)
        return event


def _short(filename: str) -> str:
    return (filename or "photo")[-80:]
