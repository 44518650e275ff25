"""Inspections (督查) and bonus/penalty points (加减分) by the office.

An inspection belongs to a unit and, when it looked at one, an event: the date, the findings,
photos, and optionally a rectification required by a date, later confirmed done. Points are
separate: a number (positive bonus, negative penalty) with a reason, counted in the unit's
assessment for a campaign on top of the computed score.
"""

from __future__ import annotations

import builtins
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, overload

from . import clock
from .access import load_actor, require_coordinator
from .errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from .labels import RECTIFICATION as RECTIFICATION  # its words live with the other labels
from .reports import MAX_PHOTO_BYTES, sniff_image
from .validation import clean_text

if TYPE_CHECKING:
    from . import OpenDay

MAX_POINTS = 20.0
MAX_PHOTOS = 6


@dataclass(frozen=True)
class Inspection:
    id: int
    unit_id: int
    unit: str
    event_id: int | None
    event_title: str
    inspected_on: dt.date
    findings: str
    rectify_by: dt.date | None
    rectified_at: dt.datetime | None
    photo_ids: list[int]

    def rectification(self, today: dt.date | None = None) -> str:
        """'none' (not required), 'done', 'open' (still within the date) or 'overdue'."""
        if self.rectify_by is None:
            return "none"
        if self.rectified_at is not None:
            return "done"
        return "overdue" if (today or clock.now().date()) > self.rectify_by else "open"


@overload
def _date(value: Any, label: str, field: str, required: Literal[True] = True) -> dt.date: ...
@overload
def _date(value: Any, label: str, field: str, required: bool) -> dt.date | None: ...
def _date(value: Any, label: str, field: str, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationError(f"请填写{label}。", field=field)
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValidationError(f"{label}格式不正确（应为 2026-05-15）。", field=field) from None


class Inspections:
    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db

    def record(
        self,
        actor: str,
        *,
        unit_id: int,
        inspected_on: Any,
        findings: str,
        event_id: int | None = None,
        rectify_by: Any = None,
        photos: list[tuple[str, bytes]] | None = None,
    ) -> int:
        require_coordinator(self.db, actor)
        if not self.db.scalar("SELECT 1 FROM units WHERE id = ?", (unit_id,)):
            raise NotFound("未找到该单位。")
        if event_id is not None:
            hosts = self.db.scalar(
                "SELECT count(*) FROM events e WHERE e.id = ? AND (e.unit_id = ? OR EXISTS"
                " (SELECT 1 FROM event_cohosts c WHERE c.event_id = e.id AND c.unit_id = ?))",
                (event_id, unit_id, unit_id),
            )
            if not hosts:
                raise ValidationError("所选活动不是该单位主办或合办的活动。", field="event_id")
        day = _date(inspected_on, "督查日期", "inspected_on")
        if day > clock.now().date():
            raise ValidationError("督查日期不能晚于今天。", field="inspected_on")
        findings = clean_text(findings, "description", required=True, label="督查发现的问题和情况")
        deadline = _date(rectify_by, "整改期限", "rectify_by", required=False)
        if deadline is not None and deadline < day:
            raise ValidationError("整改期限不能早于督查日期。", field="rectify_by")
        checked = []
        for name, data in photos or []:
            if not data:
                continue
            if len(data) > MAX_PHOTO_BYTES:
                raise ValidationError(f"照片“{name[-60:]}”超过5MB。", field="photos")
            mime = sniff_image(data)
            if mime is None:
                raise ValidationError(f"“{name[-60:]}”不是JPG或PNG图片。", field="photos")
            checked.append((name[-80:], mime, data))
        if len(checked) > MAX_PHOTOS:
            raise ValidationError(f"每次督查最多{MAX_PHOTOS}张照片。", field="photos")
        with self.db.transaction(actor, "inspection.add") as tx:
            iid = tx.insert(
                "inspections",
                {
                    "unit_id": unit_id,
                    "event_id": event_id,
                    "inspected_on": day.isoformat(),
                    "findings": findings,
                    "rectify_by": deadline.isoformat() if deadline else None,
                    "created_by": actor,
                    "created_at": clock.to_iso(clock.now()),
                },
            )
            for name, mime, data in checked:
                tx.insert(
                    "inspection_photos", {"inspection_id": iid, "filename": name, "mime": mime, "size": len(data), "data": data}
                )
            tx.target("inspection", iid, unit_id=unit_id, event_id=event_id, photos=len(checked))
        return iid

    def mark_rectified(self, inspection_id: int, actor: str, done: bool = True) -> None:
        require_coordinator(self.db, actor)
        row = self.db.row("SELECT rectify_by FROM inspections WHERE id = ?", (inspection_id,))
        if row is None:
            raise NotFound("未找到该督查记录。")
        if row["rectify_by"] is None:
            raise InvalidTransition("该督查没有整改要求。")
        with self.db.transaction(actor, "inspection.rectified") as tx:
            tx.execute(
                "UPDATE inspections SET rectified_at = ? WHERE id = ?",
                (clock.to_iso(clock.now()) if done else None, inspection_id),
            )
            tx.target("inspection", inspection_id, done=done)

    def list(
        self, actor: str, unit_id: int | None = None, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[Inspection]:
        """The office sees all; unit staff their own unit's inspections (to rectify them)."""
        who = load_actor(self.db, actor)
        if not who.is_coordinator:
            if unit_id is not None and unit_id != who.unit_id:
                raise PermissionDenied("您只能查看本单位的督查记录。")
            unit_id = who.unit_id
        return self.query(unit_id, start, end)

    def query(
        self, unit_id: int | None = None, start: dt.date | None = None, end: dt.date | None = None
    ) -> builtins.list[Inspection]:
        """``list`` without the permission check (the assessment checks its own)."""
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        if unit_id is not None:
            where.append("i.unit_id = ?")
            params.append(unit_id)
        if start is not None:
            where.append("i.inspected_on >= ?")
            params.append(start.isoformat())
        if end is not None:
            where.append("i.inspected_on <= ?")
            params.append(end.isoformat())
        rows = self.db.rows(
            f"""SELECT i.*, u.name AS unit, coalesce(e.title, '') AS event_title FROM inspections i
                JOIN units u ON u.id = i.unit_id LEFT JOIN events e ON e.id = i.event_id
                WHERE {" AND ".join(where)} ORDER BY i.inspected_on DESC, i.id DESC""",
            params,
        )
        photos: dict[int, list[int]] = {}
        if rows:
            marks = ",".join("?" * len(rows))
            for p in self.db.rows(
                f"SELECT id, inspection_id FROM inspection_photos WHERE inspection_id IN ({marks}) ORDER BY id",
                [r["id"] for r in rows],
            ):
                photos.setdefault(p["inspection_id"], []).append(p["id"])
        return [
            Inspection(
                r["id"],
                r["unit_id"],
                r["unit"],
                r["event_id"],
                r["event_title"],
                dt.date.fromisoformat(r["inspected_on"]),
                r["findings"],
                dt.date.fromisoformat(r["rectify_by"]) if r["rectify_by"] else None,
                clock.parse(r["rectified_at"]),
                photos.get(r["id"], []),
            )
            for r in rows
        ]

    def photo(self, photo_id: int, actor: str) -> tuple[str, bytes]:
        row = (
            self.db.connection()
            .execute(
                "SELECT p.mime, p.data, i.unit_id FROM inspection_photos p JOIN inspections i ON i.id = p.inspection_id"
                " WHERE p.id = ?",
                (photo_id,),
            )
            .fetchone()
        )
        if row is None:
            raise NotFound("未找到该照片。")
        who = load_actor(self.db, actor)
        if not who.may_act_on_unit(row["unit_id"]):
            raise PermissionDenied("您只能查看本单位的督查记录。")
        return row["mime"], bytes(row["data"])

    # ---- points -------------------------------------------------------------------------
    def adjust(self, actor: str, *, unit_id: int, points: Any, reason: str, campaign_id: int | None = None) -> int:
        require_coordinator(self.db, actor)
        if not self.db.scalar("SELECT 1 FROM units WHERE id = ?", (unit_id,)):
            raise NotFound("未找到该单位。")
        try:
            value = round(float(points), 1)
        except (TypeError, ValueError):
            raise ValidationError("分值应为数字，加分为正、减分为负。", field="points") from None
        if value == 0 or abs(value) > MAX_POINTS:
            raise ValidationError(f"分值应在-{MAX_POINTS:g}到{MAX_POINTS:g}之间且不为0。", field="points")
        reason = clean_text(reason, "reason", required=True, label="加减分理由")
        if campaign_id is not None:
            self.od.campaigns.get(campaign_id)
        with self.db.transaction(actor, "score.adjust") as tx:
            aid = tx.insert(
                "score_adjustments",
                {
                    "unit_id": unit_id,
                    "campaign_id": campaign_id,
                    "points": value,
                    "reason": reason,
                    "created_by": actor,
                    "created_at": clock.to_iso(clock.now()),
                },
            )
            tx.target("unit", unit_id, points=value, campaign_id=campaign_id)
        return aid

    def adjustments(self, campaign_id: int, unit_id: int | None = None) -> builtins.list[dict[str, Any]]:
        where, params = "a.campaign_id = ?", [campaign_id]
        if unit_id is not None:
            where += " AND a.unit_id = ?"
            params.append(unit_id)
        return self.db.rows(
            f"""SELECT a.id, a.unit_id, u.name AS unit, a.points, a.reason, a.created_at, a.created_by
                FROM score_adjustments a JOIN units u ON u.id = a.unit_id WHERE {where}
                ORDER BY a.created_at, a.id""",
            params,
        )

    def points_by_unit(self, campaign_id: int) -> dict[int, float]:
        return {
            r["unit_id"]: float(r["p"])
            for r in self.db.rows(
                "SELECT unit_id, sum(points) AS p FROM score_adjustments WHERE campaign_id = ? GROUP BY unit_id", (campaign_id,)
            )
        }
