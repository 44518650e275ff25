"""Parts of a campaign (活动安排) the notices name besides the events: the theme, the
participating units (all, or a chosen list), named deadlines with date AND time (plan filing,
materials, summary report, any other), and what units submit against them.

A submission is judged against its deadline to the minute: submitted at or before the due
minute (e.g. "16时前" → due 16:00, a 16:00:59 submission still counts) is on time, later is late;
nothing yet is missing once the deadline has passed and pending before. The first submission
decides; later ones add material but do not change the verdict. A plan deadline is also met by
the unit's filing (备案) of a campaign event.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import clock
from .access import load_actor, require_coordinator, require_unit
from .errors import NotFound, PermissionDenied, ValidationError
from .online import clean_stream_url
from .validation import clean_text

if TYPE_CHECKING:
    from . import OpenDay

KINDS = {"plan": "方案报送", "materials": "活动材料报送", "summary": "总结报告报送", "other": "其他"}
STATES = {"on_time": "按时", "late": "逾期", "missing": "未报送", "pending": "未到期"}
FILE_TYPES = {  # magic bytes of what a unit may attach
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "application/pdf": (b"%PDF",),
    "application/zip": (b"PK\x03\x04",),  # docx/xlsx/pptx are zip containers
}
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
MAX_LINKS = 20


@dataclass(frozen=True)
class Deadline:
    id: int
    campaign_id: int
    kind: str
    name: str
    due_at: dt.datetime


@dataclass(frozen=True)
class Verdict:
    unit_id: int
    unit: str
    deadline: Deadline
    state: str  # on_time, late, missing, pending
    done_at: dt.datetime | None

    @property
    def label(self) -> str:
        return STATES[self.state]


def judge(due_at: dt.datetime, done_at: dt.datetime | None, now: dt.datetime) -> str:
    """on_time / late / missing / pending, to the minute."""
    if done_at is not None:
        return "on_time" if done_at.replace(second=0, microsecond=0) <= due_at else "late"
    return "missing" if now.replace(second=0, microsecond=0) > due_at else "pending"


def sniff(data: bytes) -> str | None:
    for mime, starts in FILE_TYPES.items():
        if data.startswith(starts):
            return mime
    return None


class CampaignParts:
    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db

    # ---- the office sets up the campaign ---------------------------------------------
    def set_theme(self, campaign_id: int, actor: str, theme: str) -> None:
        require_coordinator(self.db, actor)
        self.od.campaigns.get(campaign_id)
        theme = clean_text(theme, "title", label="活动主题")
        with self.db.transaction(actor, "campaign.parts") as tx:
            tx.execute("UPDATE campaigns SET theme = ? WHERE id = ?", (theme, campaign_id))
            tx.target("campaign", campaign_id, theme=theme)

    def set_units(self, campaign_id: int, actor: str, unit_ids: list[int] | None) -> list[int]:
        """The participating units; None or [] means every active unit."""
        require_coordinator(self.db, actor)
        self.od.campaigns.get(campaign_id)
        wanted = sorted({int(u) for u in unit_ids or []})
        if wanted:
            marks = ",".join("?" * len(wanted))
            if self.db.scalar(f"SELECT count(*) FROM units WHERE id IN ({marks})", wanted) != len(wanted):
                raise NotFound("未找到所选单位。")
        with self.db.transaction(actor, "campaign.parts") as tx:
            tx.execute("DELETE FROM campaign_units WHERE campaign_id = ?", (campaign_id,))
            for unit_id in wanted:
                tx.insert("campaign_units", {"campaign_id": campaign_id, "unit_id": unit_id})
            tx.target("campaign", campaign_id, units=wanted or "all")
        return wanted

    def chosen_units(self, campaign_id: int) -> list[int]:
        """The explicit list ([] when every unit takes part)."""
        return [
            r["unit_id"]
            for r in self.db.rows("SELECT unit_id FROM campaign_units WHERE campaign_id = ? ORDER BY unit_id", (campaign_id,))
        ]

    def participants(self, campaign_id: int) -> list[dict[str, Any]]:
        return self.db.rows(
            """SELECT id, name, kind FROM units u WHERE active = 1
                 AND (NOT EXISTS (SELECT 1 FROM campaign_units WHERE campaign_id = ?)
                      OR id IN (SELECT unit_id FROM campaign_units WHERE campaign_id = ?))
               ORDER BY kind, name""",
            (campaign_id, campaign_id),
        )

    def add_deadline(self, campaign_id: int, actor: str, *, kind: str, name: str, due_at: Any) -> int:
        require_coordinator(self.db, actor)
        self.od.campaigns.get(campaign_id)
        if kind not in KINDS:
            raise ValidationError("时限类型不正确。", field="kind")
        name = clean_text(name, "title", label="时限名称") or KINDS[kind]
        due = clock.parse(due_at)
        if due is None:
            raise ValidationError("请填写截止日期和时间。", field="due_at")
        due = due.replace(second=0, microsecond=0)
        with self.db.transaction(actor, "campaign.parts") as tx:
            deadline_id = tx.insert(
                "campaign_deadlines", {"campaign_id": campaign_id, "kind": kind, "name": name, "due_at": clock.to_iso(due)}
            )
            tx.target("campaign", campaign_id, deadline_id=deadline_id, kind=kind, due_at=clock.to_iso(due))
        return deadline_id

    def remove_deadline(self, deadline_id: int, actor: str) -> None:
        require_coordinator(self.db, actor)
        deadline = self.deadline(deadline_id)
        if self.db.scalar("SELECT 1 FROM unit_submissions WHERE deadline_id = ?", (deadline_id,)):
            raise ValidationError("已有单位按该时限报送，不能删除。", field="deadline")
        with self.db.transaction(actor, "campaign.parts") as tx:
            tx.execute("DELETE FROM campaign_deadlines WHERE id = ?", (deadline_id,))
            tx.target("campaign", deadline.campaign_id, removed_deadline=deadline_id)

    def deadlines(self, campaign_id: int) -> list[Deadline]:
        return [
            Deadline(r["id"], r["campaign_id"], r["kind"], r["name"], clock.parse_required(r["due_at"]))
            for r in self.db.rows("SELECT * FROM campaign_deadlines WHERE campaign_id = ? ORDER BY due_at, id", (campaign_id,))
        ]

    def deadline(self, deadline_id: int) -> Deadline:
        r = self.db.row("SELECT * FROM campaign_deadlines WHERE id = ?", (deadline_id,))
        if r is None:
            raise NotFound("未找到该报送时限。")
        return Deadline(r["id"], r["campaign_id"], r["kind"], r["name"], clock.parse_required(r["due_at"]))

    # ---- units submit ---------------------------------------------------------------
    def submit(
        self,
        deadline_id: int,
        unit_id: int,
        actor: str,
        *,
        body: str = "",
        links: list[str] | None = None,
        files: list[tuple[str, bytes]] | None = None,
    ) -> int:
        """Materials (text, photos, video and page links) or a summary report (text + attachments)."""
        deadline = self.deadline(deadline_id)
        require_unit(self.db, actor, unit_id)
        if unit_id not in {u["id"] for u in self.participants(deadline.campaign_id)}:
            raise PermissionDenied("本单位不在该活动安排的参与单位之列。")
        body = clean_text(body, "description", label="报送内容")
        cleaned_links = [clean_stream_url(link) for link in (links or []) if (link or "").strip()]
        if len(cleaned_links) > MAX_LINKS:
            raise ValidationError(f"链接最多{MAX_LINKS}个。", field="links")
        stored_files = []
        for name, data in files or []:
            if not data:
                continue
            if len(data) > MAX_FILE_BYTES:
                raise ValidationError(f"附件“{name[-60:]}”超过10MB。", field="files")
            mime = sniff(data)
            if mime is None:
                raise ValidationError(f"附件“{name[-60:]}”应为JPG、PNG、PDF或Office文档。", field="files")
            stored_files.append((name[-120:], mime, data))
        if len(stored_files) > MAX_FILES:
            raise ValidationError(f"附件最多{MAX_FILES}个。", field="files")
        if not body and not cleaned_links and not stored_files:
            raise ValidationError("请填写报送内容，或添加链接、附件。", field="body")
        now = clock.now()
        with self.db.transaction(actor, "campaign.submit") as tx:
            sid = tx.insert(
                "unit_submissions",
                {
                    "deadline_id": deadline_id,
                    "unit_id": unit_id,
                    "body": body,
                    "links": json.dumps(cleaned_links, ensure_ascii=False),
                    "submitted_at": clock.to_iso(now),
                    "submitted_by": actor,
                },
            )
            for name, mime, data in stored_files:
                tx.insert(
                    "submission_files", {"submission_id": sid, "filename": name, "mime": mime, "size": len(data), "data": data}
                )
            tx.target(
                "submission",
                sid,
                deadline_id=deadline_id,
                unit_id=unit_id,
                on_time=judge(deadline.due_at, now, now) == "on_time",
                files=len(stored_files),
            )
        return sid

    def submissions(self, deadline_id: int, actor: str, unit_id: int | None = None) -> list[dict[str, Any]]:
        """What was submitted (the office sees all units; staff their own), newest first, without file bytes."""
        who = load_actor(self.db, actor)
        if not who.is_coordinator:
            unit_id = who.unit_id
        where, params = "s.deadline_id = ?", [deadline_id]
        if unit_id is not None:
            where += " AND s.unit_id = ?"
            params.append(unit_id)
        rows = self.db.rows(
            f"""SELECT s.id, s.unit_id, u.name AS unit, s.body, s.links, s.submitted_at, s.submitted_by,
                       (SELECT count(*) FROM submission_files f WHERE f.submission_id = s.id) AS files
                FROM unit_submissions s JOIN units u ON u.id = s.unit_id WHERE {where}
                ORDER BY s.submitted_at DESC, s.id DESC""",
            params,
        )
        for r in rows:
            r["links"] = json.loads(r["links"] or "[]")
            r["submitted_at"] = clock.parse(r["submitted_at"])
        return rows

    # ---- the office's view ------------------------------------------------------------
    def status(self, campaign_id: int, actor: str, now: dt.datetime | None = None, unit_id: int | None = None) -> list[Verdict]:
        """Every participating unit × deadline: on time / late / missing / pending, at the right minute."""
        who = load_actor(self.db, actor)
        if not who.is_coordinator:
            if unit_id is not None and unit_id != who.unit_id:
                raise PermissionDenied("您只能查看本单位的报送情况。")
            unit_id = who.unit_id
        return self.verdicts(campaign_id, now or clock.now(), unit_id)

    def verdicts(self, campaign_id: int, now: dt.datetime, unit_id: int | None = None) -> list[Verdict]:
        """``status`` without the permission check (for the assessment, which checks its own)."""
        deadlines = self.deadlines(campaign_id)
        units = [u for u in self.participants(campaign_id) if unit_id is None or u["id"] == unit_id]
        first = {
            (r["deadline_id"], r["unit_id"]): clock.parse(r["first"])
            for r in self.db.rows(
                """SELECT s.deadline_id, s.unit_id, min(s.submitted_at) AS first FROM unit_submissions s
               JOIN campaign_deadlines d ON d.id = s.deadline_id WHERE d.campaign_id = ?
               GROUP BY s.deadline_id, s.unit_id""",
                (campaign_id,),
            )
        }
        # A plan deadline is also met by filing (备案) an event of the campaign (lead or co-host).
        filed = {
            r["unit_id"]: clock.parse(r["filed"])
            for r in self.db.rows(
                """SELECT h.unit_id, min(e.filed_at) AS filed FROM
                 (SELECT id AS event_id, unit_id FROM events UNION SELECT event_id, unit_id FROM event_cohosts) h
               JOIN events e ON e.id = h.event_id
               WHERE e.campaign_id = ? AND e.filed_at IS NOT NULL AND e.status != 'cancelled'
               GROUP BY h.unit_id""",
                (campaign_id,),
            )
        }
        out = []
        for unit in units:
            for d in deadlines:
                done = first.get((d.id, unit["id"]))
                if d.kind == "plan" and filed.get(unit["id"]) is not None:
                    done = min(x for x in (done, filed[unit["id"]]) if x is not None)
                out.append(Verdict(unit["id"], unit["name"], d, judge(d.due_at, done, now), done))
        return out
