"""The opinion ledger (意见建议台账): intake, answers, progress, publication, consultations, figures.

States: received (待办理) → processing (办理中) → adopted / partially_adopted /
not_adopted / answered. A decided opinion is reopened only through processing.
A response is due ``response_due_workdays`` working days after submission.
Every change runs in ``od.db.transaction`` and so leaves an audit entry.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import statistics
from typing import TYPE_CHECKING, Any

from . import clock
from .access import load_actor, require_unit
from .db import Tx
from .errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from .exports import to_xlsx
from .privacy import mask_name, mask_phone
from .registrations import CODE_ALPHABET, normalize_code
from .validation import clean_name, clean_phone, clean_text
from .workdays import add_workdays

if TYPE_CHECKING:
    from . import OpenDay

STATUSES = {
    "received": "待办理",
    "processing": "办理中",
    "adopted": "已采纳",
    "partially_adopted": "部分采纳",
    "not_adopted": "暂不采纳",
    "answered": "已答复",
}
DECIDED = ("adopted", "partially_adopted", "not_adopted", "answered")
OPEN = ("received", "processing")
# Which status may follow which; everything else is an InvalidTransition.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("processing", *DECIDED),
    "processing": DECIDED,
    **{status: ("processing",) for status in DECIDED},
}
SOURCES = {
    "online": "网上留言",
    "forum": "座谈交流",
    "survey": "问卷意见",
    "hotline": "热线电话",
    "consultation": "意见征集",
}
CODE_LENGTH = 8
LOOKUP_FAILED = "意见编号或手机号不正确，请核对后重试。"
LEDGER_HEADERS = ["序号", "意见编号", "单位", "活动", "来源", "意见内容", "公开文本", "提出人", "手机号", "状态",
                  "答复内容", "提交时间", "答复期限", "答复时间", "是否超期", "是否公示", "办理进展"]


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _day(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def status_label(status: str) -> str:
    return STATUSES.get(status, status)


class Feedback:
    """``od.feedback``: the opinion ledger of every unit."""

    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db

    # ---- deadlines -----------------------------------------------------------
    def due_workdays(self, event_id: int | None = None) -> int:
        """N: the event's campaign rule when it has one, else the coordinator's setting (default 15).

        The campaign is the more specific rule; the setting is the county-wide default.
        """
        if event_id is not None:
            campaign_days = self.db.scalar(
                "SELECT c.response_due_workdays FROM events e JOIN campaigns c ON c.id = e.campaign_id"
                " WHERE e.id = ?", (event_id,))
            if campaign_days:
                return int(campaign_days)
        return int(self.od.settings.get("response_due_workdays") or 15)

    def due_date(self, submitted: dt.date | dt.datetime, event_id: int | None = None):
        """The ``DueDate`` (date, exact) of an opinion submitted then."""
        return add_workdays(submitted, self.due_workdays(event_id))

    # ---- intake --------------------------------------------------------------
    def _target(self, event_id: int | None, unit_id: int | None) -> tuple[int, int | None]:
        if event_id is not None:
            row = self.db.row("SELECT unit_id FROM events WHERE id = ?", (event_id,))
            if row is None:
                raise NotFound("未找到该活动。", field="event_id")
            if unit_id is not None and int(unit_id) != row["unit_id"]:
                raise ValidationError("所选活动不属于所选单位。", field="event_id")
            return row["unit_id"], int(event_id)
        if unit_id is None:
            raise ValidationError("请选择意见所涉及的单位或活动。", field="unit_id")
        if self.db.scalar("SELECT count(*) FROM units WHERE id = ?", (unit_id,)) == 0:
            raise NotFound("未找到该单位。", field="unit_id")
        return int(unit_id), None

    def _clean(self, content: str, name: str, phone: str, source: str, consent: bool) -> dict[str, Any]:
        if source not in SOURCES:
            raise ValidationError("意见来源不正确。", field="source")
        content = clean_text(content, "content", required=True, label="意见内容")
        name = clean_name(name) if (name or "").strip() else ""
        phone = clean_phone(phone) if (phone or "").strip() else ""
        if phone and not consent:
            raise ValidationError("留下手机号需先阅读并同意《个人信息处理告知》；不愿留手机号可清空后提交。",
                                  field="consent")
        return {"content": content, "name": name, "phone": phone, "source": source}

    def _row(self, fields: dict[str, Any], unit_id: int, event_id: int | None, now: dt.datetime,
             recorded_by: str | None, consultation_id: int | None = None) -> dict[str, Any]:
        due = self.due_date(now, event_id)
        return {
            **fields, "unit_id": unit_id, "event_id": event_id, "consultation_id": consultation_id,
            "status": "received", "response": "", "submitted_at": clock.to_iso(now),
            "due_on": due.date.isoformat(), "due_exact": int(due.exact), "published": 0,
            "consent_at": clock.to_iso(now) if fields["phone"] else None, "recorded_by": recorded_by,
            "updated_at": clock.to_iso(now),
        }

    @staticmethod
    def _insert(tx: Tx, row: dict[str, Any]) -> int:
        return tx.insert_with_code("opinions", dict(row), _new_code)

    def submit(self, content: str, *, event_id: int | None = None, unit_id: int | None = None, name: str = "",
               phone: str = "", source: str = "online", consent: bool = True, actor: str | None = None,
               consultation_id: int | None = None) -> int:
        """A new opinion (status ``received``); returns its id. ``code(id)`` gives the citizen's code."""
        fields = self._clean(content, name, phone, source, consent)
        unit, event = self._target(event_id, unit_id)
        if actor is not None:
            require_unit(self.db, actor, unit)
        now = clock.now()
        with self.db.transaction(actor or "", "opinion.submit") as tx:
            opinion_id = self._insert(tx, self._row(fields, unit, event, now, actor, consultation_id))
            tx.target("opinion", opinion_id, unit_id=unit, event_id=event, source=source)
        return opinion_id

    def record_many(self, items: list[Any], *, actor: str, event_id: int | None = None, unit_id: int | None = None,
                    source: str = "forum") -> list[int]:
        """Several opinions at once (forum notes, questionnaire free text): all or none are saved.

        An item is the text, or a dict ``{"content": ..., "name": ...}``.
        """
        unit, event = self._target(event_id, unit_id)
        require_unit(self.db, actor, unit)
        cleaned = []
        for n, item in enumerate(items, 1):
            data = {"content": item} if isinstance(item, str) else dict(item)
            if not (data.get("content") or "").strip():
                continue
            try:
                cleaned.append(self._clean(data["content"], data.get("name", ""), data.get("phone", ""), source,
                                           bool(data.get("consent", True))))
            except ValidationError as exc:
                raise ValidationError(f"第{n}条：{exc}", field=exc.field) from None
        if not cleaned:
            raise ValidationError("请至少填写一条意见。", field="content")
        now = clock.now()
        ids = []
        with self.db.transaction(actor, "opinion.record_many") as tx:
            for fields in cleaned:
                ids.append(self._insert(tx, self._row(fields, unit, event, now, actor)))
            tx.target("event" if event else "unit", event or unit, opinions=len(ids), source=source)
        return ids

    @staticmethod
    def parse_lines(text: str) -> list[dict[str, str]]:
        """Forum notes typed one opinion per line, optionally ``姓名｜内容`` (a bar separates the name)."""
        items = []
        for line in (text or "").splitlines():
            line = line.strip()
            if not line:
                continue
            for bar in ("｜", "|"):
                if bar in line:
                    name, _, content = line.partition(bar)
                    items.append({"name": name.strip(), "content": content.strip()})
                    break
            else:
                items.append({"name": "", "content": line})
        return items

    # ---- reading one -----------------------------------------------------------
    def _load(self, tx_or_db: Any, opinion_id: int) -> dict[str, Any]:
        if isinstance(tx_or_db, Tx):
            row = tx_or_db.one("SELECT * FROM opinions WHERE id = ?", (opinion_id,))
            row = dict(row) if row is not None else None
        else:
            row = self.db.row("SELECT * FROM opinions WHERE id = ?", (opinion_id,))
        if row is None:
            raise NotFound("未找到该条意见。")
        return row

    def get(self, opinion_id: int, actor: str) -> dict[str, Any]:
        """One opinion with everything the clerk sees (unit staff: own unit only)."""
        row = self._load(self.db, opinion_id)
        require_unit(self.db, actor, row["unit_id"])
        return self._ledger_rows(f"o.id = {int(opinion_id)}", [], clock.now().date())[0]

    def code(self, opinion_id: int) -> str:
        code = self.db.scalar("SELECT code FROM opinions WHERE id = ?", (opinion_id,))
        if code is None:
            raise NotFound("未找到该条意见。")
        return code

    def progress(self, opinion_id: int) -> list[dict[str, Any]]:
        return [{"on": _day(r["noted_on"]), "note": r["note"], "actor": r["actor"]} for r in self.db.rows(
            "SELECT noted_on, note, actor FROM opinion_progress WHERE opinion_id = ? ORDER BY noted_on, id",
            (opinion_id,))]

    def lookup(self, code: str, phone: str) -> dict[str, Any]:
        """The citizen's own opinion by code + phone; ``NotFound`` with one message for either mistake."""
        code = normalize_code(code)
        try:
            phone = clean_phone(phone)
        except ValidationError:
            raise NotFound(LOOKUP_FAILED) from None
        row = self.db.row(
            "SELECT o.*, u.name AS unit_name, e.title AS event_title FROM opinions o JOIN units u ON u.id = o.unit_id"
            " LEFT JOIN events e ON e.id = o.event_id WHERE o.code = ?", (code,))
        if row is None or not row["phone"] or not secrets.compare_digest(row["phone"], phone):
            raise NotFound(LOOKUP_FAILED)
        return {
            "id": row["id"], "code": row["code"], "unit": row["unit_name"], "event": row["event_title"] or "",
            "content": row["content"], "status": row["status"], "status_label": status_label(row["status"]),
            "response": row["response"], "submitted_at": clock.parse(row["submitted_at"]),
            "responded_at": clock.parse(row["responded_at"]), "due_on": _day(row["due_on"]),
            "published": bool(row["published"]), "progress": self.progress(row["id"]),
        }

    # ---- answering -----------------------------------------------------------
    def _respond_tx(self, tx: Tx, opinion_id: int, status: str, response: str, actor: str,
                    now: dt.datetime) -> tuple[int, str]:
        """Apply one transition inside ``tx``; returns (unit id, old status)."""
        row = self._load(tx, opinion_id)
        require_unit(self.db, actor, row["unit_id"])
        current = row["status"]
        if status not in TRANSITIONS.get(current, ()):
            if current in DECIDED and status in DECIDED:
                raise InvalidTransition(f"该意见已办结（{status_label(current)}），如需改变结果，请先改回“办理中”。")
            if current == status:
                raise InvalidTransition(f"该意见已是“{status_label(current)}”状态。")
            raise InvalidTransition(f"不能从“{status_label(current)}”改为“{status_label(status)}”。")
        stamp = clock.to_iso(now)
        if status == "processing":
            if current in DECIDED:  # reopened: the earlier answer stays on record as a progress note
                tx.execute("INSERT INTO opinion_progress (opinion_id, noted_on, note, actor, created_at)"
                           " VALUES (?, ?, ?, ?, ?)",
                           (opinion_id, now.date().isoformat(),
                            f"重新办理（原结果：{status_label(current)}；原答复：{row['response']}）", actor, stamp))
            if response:
                tx.execute("INSERT INTO opinion_progress (opinion_id, noted_on, note, actor, created_at)"
                           " VALUES (?, ?, ?, ?, ?)", (opinion_id, now.date().isoformat(), response, actor, stamp))
            tx.execute("UPDATE opinions SET status = 'processing', response = '', responded_at = NULL, updated_at = ?"
                       " WHERE id = ?", (stamp, opinion_id))
        else:
            tx.execute("UPDATE opinions SET status = ?, response = ?, responded_at = ?, updated_at = ? WHERE id = ?",
                       (status, response, stamp, stamp, opinion_id))
        return row["unit_id"], current

    def _clean_response(self, status: str, response: str) -> str:
        if status not in STATUSES or status == "received":
            raise ValidationError("办理状态不正确。", field="status")
        label = "暂不采纳的理由" if status == "not_adopted" else "答复内容"
        return clean_text(response, "response", required=status in DECIDED, label=label)

    def respond(self, opinion_id: int, *, status: str, response: str = "", actor: str) -> None:
        """Move the opinion on; the four decided statuses need a response (for 暂不采纳, the reason)."""
        response = self._clean_response(status, response)
        with self.db.transaction(actor, "opinion.respond") as tx:
            unit, old = self._respond_tx(tx, opinion_id, status, response, actor, clock.now())
            tx.target("opinion", opinion_id, unit_id=unit, old=old, new=status)

    def respond_many(self, opinion_ids: list[int], *, status: str, response: str = "", actor: str) -> int:
        """The same answer to several opinions: all or none (one bad transition refuses the lot)."""
        response = self._clean_response(status, response)
        ids = sorted({int(i) for i in opinion_ids})
        if not ids:
            raise ValidationError("请先勾选要处理的意见。", field="ids")
        now = clock.now()
        with self.db.transaction(actor, "opinion.respond_many") as tx:
            for opinion_id in ids:
                try:
                    unit, old = self._respond_tx(tx, opinion_id, status, response, actor, now)
                    tx.log("opinion.respond", "opinion", opinion_id, unit_id=unit, old=old, new=status)
                except InvalidTransition as exc:
                    code = tx.one("SELECT code FROM opinions WHERE id = ?", (opinion_id,))[0]
                    raise InvalidTransition(f"意见 {code}：{exc} 本次批量操作未保存。") from None
            tx.target("opinions", ",".join(map(str, ids)), status=status, count=len(ids))
        return len(ids)

    def add_progress(self, opinion_id: int, note: str, actor: str, on: dt.date | str | None = None) -> int:
        """A dated progress note (办理进展) on any opinion, whatever its status."""
        note = clean_text(note, "note", required=True, label="办理进展")
        day = _day(on) or clock.now().date()
        if day > clock.now().date():
            raise ValidationError("进展日期不能晚于今天。", field="on")
        with self.db.transaction(actor, "opinion.progress") as tx:
            row = self._load(tx, opinion_id)
            require_unit(self.db, actor, row["unit_id"])
            note_id = tx.insert("opinion_progress", {"opinion_id": opinion_id, "noted_on": day.isoformat(),
                                                     "note": note, "actor": actor,
                                                     "created_at": clock.to_iso(clock.now())})
            tx.execute("UPDATE opinions SET updated_at = ? WHERE id = ?", (clock.to_iso(clock.now()), opinion_id))
            tx.target("opinion", opinion_id, progress_id=note_id)
        return note_id

    # ---- publication -----------------------------------------------------------
    def publish(self, opinion_id: int, actor: str, public: bool = True, public_content: str | None = None) -> None:
        """Show (or hide) the opinion on the public ledger; ``public_content`` edits the shown text."""
        self.publish_many([opinion_id], actor, public=public, public_content=public_content)

    def publish_many(self, opinion_ids: list[int], actor: str, public: bool = True,
                     public_content: str | None = None) -> int:
        ids = sorted({int(i) for i in opinion_ids})
        if not ids:
            raise ValidationError("请先勾选要公示的意见。", field="ids")
        text = None if public_content is None else clean_text(public_content, "content", label="公开文本")
        now = clock.to_iso(clock.now())
        action = "opinion.publish" if len(ids) == 1 else "opinion.publish_many"
        with self.db.transaction(actor, action) as tx:
            for opinion_id in ids:
                row = self._load(tx, opinion_id)
                require_unit(self.db, actor, row["unit_id"])
                if text is not None:
                    tx.execute("UPDATE opinions SET public_content = ? WHERE id = ?", (text or None, opinion_id))
                tx.execute("UPDATE opinions SET published = ?, published_at = ?, updated_at = ? WHERE id = ?",
                           (int(public), now if public else None, now, opinion_id))
            tx.target("opinion" if len(ids) == 1 else "opinions", ids[0] if len(ids) == 1 else ",".join(map(str, ids)),
                      public=bool(public), edited=text is not None)
        return len(ids)

    def set_public_content(self, opinion_id: int, text: str, actor: str) -> None:
        """Edit the text shown publicly (e.g. remove personal details); the original stays. Empty: original."""
        text = clean_text(text, "content", label="公开文本")
        with self.db.transaction(actor, "opinion.public_content") as tx:
            row = self._load(tx, opinion_id)
            require_unit(self.db, actor, row["unit_id"])
            tx.execute("UPDATE opinions SET public_content = ?, updated_at = ? WHERE id = ?",
                       (text or None, clock.to_iso(clock.now()), opinion_id))
            tx.target("opinion", opinion_id, edited=bool(text))

    def public_ledger(self, unit_id: int | None = None, event_id: int | None = None) -> list[dict[str, Any]]:
        """Published opinions, newest first: names masked (张**, 匿名), never a phone."""
        where, params = ["o.published = 1"], []
        if unit_id is not None:
            where.append("o.unit_id = ?")
            params.append(unit_id)
        if event_id is not None:
            where.append("o.event_id = ?")
            params.append(event_id)
        rows = self.db.rows(
            "SELECT o.id, o.unit_id, o.event_id, o.source, o.content, o.public_content, o.name, o.status, o.response,"
            " o.submitted_at, o.responded_at, u.name AS unit_name, e.title AS event_title, e.starts_at AS event_at"
            " FROM opinions o JOIN units u ON u.id = o.unit_id LEFT JOIN events e ON e.id = o.event_id"
            f" WHERE {' AND '.join(where)} ORDER BY o.submitted_at DESC, o.id DESC", params)
        notes = self._progress_for([r["id"] for r in rows])
        return [{
            "id": r["id"], "unit": r["unit_name"], "event": r["event_title"] or "", "unit_id": r["unit_id"],
            "event_id": r["event_id"], "event_at": clock.parse(r["event_at"]),
            "content": r["public_content"] or r["content"], "status": r["status"],
            "status_label": status_label(r["status"]), "response": r["response"], "source": r["source"],
            "source_label": SOURCES.get(r["source"], r["source"]),
            "submitted_at": clock.parse(r["submitted_at"]), "responded_at": clock.parse(r["responded_at"]),
            "submitter": mask_name(r["name"]),
            "progress": [{"on": n["on"], "note": n["note"]} for n in notes.get(r["id"], [])],
        } for r in rows]

    def _progress_for(self, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        found: dict[int, list[dict[str, Any]]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for r in self.db.rows(
                    f"SELECT opinion_id, noted_on, note, actor FROM opinion_progress WHERE opinion_id IN"
                    f" ({','.join('?' * len(chunk))}) ORDER BY noted_on, id", chunk):
                found.setdefault(r["opinion_id"], []).append({"on": _day(r["noted_on"]), "note": r["note"],
                                                              "actor": r["actor"]})
        return found

    # ---- the clerk's ledger ---------------------------------------------------------
    def _scope(self, actor: str, unit_id: int | None) -> int | None:
        who = load_actor(self.db, actor)
        if who.is_coordinator:
            return unit_id
        if unit_id is not None and int(unit_id) != who.unit_id:
            raise PermissionDenied("您只能查看本单位的意见台账。")
        return who.unit_id

    def ledger(self, actor: str, *, unit_id: int | None = None, event_id: int | None = None,
               status: str | list[str] | None = None, source: str | None = None, overdue: bool | None = None,
               published: bool | None = None, search: str = "", today: dt.date | None = None) -> list[dict[str, Any]]:
        """The unit's ledger (coordinator: every unit, or ``unit_id``) with due dates and overdue flags.

        An opinion is overdue while it is not yet decided after its due date.
        """
        scope = self._scope(actor, unit_id)
        today = today or clock.now().date()
        where, params = ["1 = 1"], []
        if scope is not None:
            where.append("o.unit_id = ?")
            params.append(scope)
        if event_id is not None:
            where.append("o.event_id = ?")
            params.append(event_id)
        if status:
            wanted = [status] if isinstance(status, str) else list(status)
            where.append(f"o.status IN ({','.join('?' * len(wanted))})")
            params.extend(wanted)
        if source:
            where.append("o.source = ?")
            params.append(source)
        if published is not None:
            where.append("o.published = ?")
            params.append(int(published))
        if search.strip():
            where.append("(o.content LIKE ? OR o.code LIKE ? OR o.response LIKE ?)")
            params.extend([f"%{search.strip()}%"] * 3)
        if overdue is not None:
            where.append(("" if overdue else "NOT ") + "(o.status IN ('received','processing') AND o.due_on < ?)")
            params.append(today.isoformat())
        return self._ledger_rows(" AND ".join(where), params, today)

    def _ledger_rows(self, where: str, params: list[Any], today: dt.date) -> list[dict[str, Any]]:
        rows = self.db.rows(
            "SELECT o.*, u.name AS unit_name, e.title AS event_title, c.title AS consultation_title"
            " FROM opinions o JOIN units u ON u.id = o.unit_id LEFT JOIN events e ON e.id = o.event_id"
            f" LEFT JOIN consultations c ON c.id = o.consultation_id WHERE {where}"
            " ORDER BY o.submitted_at DESC, o.id DESC", params)
        notes = self._progress_for([r["id"] for r in rows])
        out = []
        for r in rows:
            due = _day(r["due_on"])
            open_ = r["status"] in OPEN
            out.append({
                "id": r["id"], "code": r["code"], "unit_id": r["unit_id"], "unit": r["unit_name"],
                "event_id": r["event_id"], "event": r["event_title"] or "", "consultation_id": r["consultation_id"],
                "consultation": r["consultation_title"] or "", "source": r["source"],
                "source_label": SOURCES.get(r["source"], r["source"]), "content": r["content"],
                "public_content": r["public_content"] or "", "name": r["name"], "phone": r["phone"],
                "phone_masked": mask_phone(r["phone"]), "status": r["status"],
                "status_label": status_label(r["status"]), "response": r["response"],
                "submitted_at": clock.parse(r["submitted_at"]), "responded_at": clock.parse(r["responded_at"]),
                "due_on": due, "due_exact": bool(r["due_exact"]),
                "overdue": bool(open_ and due is not None and today > due),
                "days_left": (due - today).days if (open_ and due) else None,
                "answered_late": bool(r["responded_at"] and due and _day(r["responded_at"]) > due),
                "published": bool(r["published"]), "progress": notes.get(r["id"], []),
            })
        return out

    def export_xlsx(self, actor: str, **filters: Any) -> bytes:
        """The ledger (same filters as ``ledger``) as an Excel file: phones masked, formulas neutralised."""
        rows = []
        for n, r in enumerate(self.ledger(actor, **filters), 1):
            rows.append([
                n, r["code"], r["unit"], r["event"], r["source_label"], r["content"], r["public_content"],
                r["name"] or "匿名", r["phone_masked"], r["status_label"], r["response"],
                r["submitted_at"].strftime("%Y-%m-%d %H:%M"), r["due_on"].isoformat() if r["due_on"] else "",
                r["responded_at"].strftime("%Y-%m-%d %H:%M") if r["responded_at"] else "",
                "超期" if r["overdue"] else ("逾期答复" if r["answered_late"] else ""),
                "已公示" if r["published"] else "",
                "；".join(f"{p['on']:%Y-%m-%d} {p['note']}" for p in r["progress"]),
            ])
        return to_xlsx(LEDGER_HEADERS, rows, title="意见台账")

    # ---- figures ----------------------------------------------------------------
    def summary(self, *, by: str = "unit", unit_id: int | None = None, event_id: int | None = None,
                today: dt.date | None = None) -> list[dict[str, Any]]:
        """Figures per unit (``by="unit"``), per event (``"event"``) or one total row (``"all"``).

        Each row: key, name, unit, received (all opinions), open, overdue, by_status {status: n}, adopted,
        partially_adopted, not_adopted, answered, adopted_total, adoption_rate, median_days.

        adoption_rate = (adopted + partially adopted) / (adopted + partially + not adopted), None without
        any; median_days = median calendar days from submission to the answer among decided opinions.
        Counts only, never content, so the public page may show them for every opinion.
        """
        today = today or clock.now().date()
        where, params = ["1 = 1"], []
        if unit_id is not None:
            where.append("o.unit_id = ?")
            params.append(unit_id)
        if event_id is not None:
            where.append("o.event_id = ?")
            params.append(event_id)
        rows = self.db.rows(
            "SELECT o.unit_id, o.event_id, o.status, o.submitted_at, o.responded_at, o.due_on, u.name AS unit_name,"
            " e.title AS event_title FROM opinions o JOIN units u ON u.id = o.unit_id"
            f" LEFT JOIN events e ON e.id = o.event_id WHERE {' AND '.join(where)}", params)
        groups: dict[Any, dict[str, Any]] = {}
        for r in rows:
            if by == "unit":
                key, name = r["unit_id"], r["unit_name"]
            elif by == "event":
                key, name = r["event_id"], (r["event_title"] or "（未关联活动）")
            else:
                key, name = "all", "合计"
            g = groups.setdefault(key, {"key": key, "name": name, "unit": r["unit_name"] if by != "all" else "",
                                        "received": 0, "open": 0, "overdue": 0, "days": [],
                                        "by_status": {s: 0 for s in STATUSES}})
            g["received"] += 1
            g["by_status"][r["status"]] += 1
            if r["status"] in OPEN:
                g["open"] += 1
                if r["due_on"] and today > _day(r["due_on"]):
                    g["overdue"] += 1
            elif r["responded_at"]:
                delta = clock.parse(r["responded_at"]) - clock.parse(r["submitted_at"])
                g["days"].append(delta.total_seconds() / 86400)
        out = []
        for g in groups.values():
            for status in DECIDED:
                g[status] = g["by_status"][status]
            judged = g["adopted"] + g["partially_adopted"] + g["not_adopted"]
            days = g.pop("days")
            g["adopted_total"] = g["adopted"] + g["partially_adopted"]
            g["adoption_rate"] = round(g["adopted_total"] / judged, 4) if judged else None
            g["median_days"] = round(statistics.median(days), 1) if days else None
            out.append(g)
        out.sort(key=lambda g: (-g["received"], str(g["name"])))
        return out

    # ---- consultations (意见征集) ---------------------------------------------------
    def open_consultation(self, unit_id: int, *, title: str, draft: str, closes_at: Any, actor: str,
                          event_id: int | None = None) -> int:
        """A unit asks the public about a draft decision until ``closes_at``."""
        require_unit(self.db, actor, unit_id)
        title = clean_text(title, "title", required=True, label="征集主题")
        draft = clean_text(draft, "description", required=True, label="征求意见稿")
        closes = clock.parse(closes_at)
        if isinstance(closes_at, dt.date) and not isinstance(closes_at, dt.datetime):
            closes = dt.datetime.combine(closes_at, dt.time(23, 59, 59))
        now = clock.now()
        if closes is None or closes <= now:
            raise ValidationError("截止时间应晚于现在。", field="closes_at")
        if event_id is not None:
            self._target(event_id, unit_id)
        with self.db.transaction(actor, "consultation.open") as tx:
            cid = tx.insert("consultations", {
                "unit_id": unit_id, "event_id": event_id, "title": title, "draft": draft,
                "opens_at": clock.to_iso(now), "closes_at": clock.to_iso(closes), "created_by": actor,
                "created_at": clock.to_iso(now)})
            tx.target("consultation", cid, unit_id=unit_id)
        return cid

    def close_consultation(self, consultation_id: int, actor: str) -> None:
        with self.db.transaction(actor, "consultation.close") as tx:
            row = tx.one("SELECT unit_id, closed_at FROM consultations WHERE id = ?", (consultation_id,))
            if row is None:
                raise NotFound("未找到该意见征集。")
            require_unit(self.db, actor, row["unit_id"])
            if row["closed_at"]:
                raise InvalidTransition("该意见征集已结束。")
            tx.execute("UPDATE consultations SET closed_at = ? WHERE id = ?",
                       (clock.to_iso(clock.now()), consultation_id))
            tx.target("consultation", consultation_id)

    def consultations(self, *, unit_id: int | None = None, open_only: bool = True) -> list[dict[str, Any]]:
        now = clock.to_iso(clock.now())
        where, params = ["1 = 1"], []
        if open_only:
            where.append("c.closed_at IS NULL AND c.closes_at > ? AND c.opens_at <= ?")
            params += [now, now]
        if unit_id is not None:
            where.append("c.unit_id = ?")
            params.append(unit_id)
        rows = self.db.rows(
            "SELECT c.*, u.name AS unit_name, e.title AS event_title,"
            " (SELECT count(*) FROM opinions o WHERE o.consultation_id = c.id) AS comments"
            " FROM consultations c JOIN units u ON u.id = c.unit_id LEFT JOIN events e ON e.id = c.event_id"
            f" WHERE {' AND '.join(where)} ORDER BY c.closes_at, c.id", params)
        return [{
            "id": r["id"], "unit_id": r["unit_id"], "unit": r["unit_name"], "event_id": r["event_id"],
            "event": r["event_title"] or "", "title": r["title"], "draft": r["draft"],
            "opens_at": clock.parse(r["opens_at"]), "closes_at": clock.parse(r["closes_at"]),
            "closed": bool(r["closed_at"]) or r["closes_at"] <= now, "comments": r["comments"],
        } for r in rows]

    def comment(self, consultation_id: int, content: str, *, name: str = "", phone: str = "",
                consent: bool = True) -> int:
        """A citizen's comment on a consultation: it lands in the unit's ledger (source ``consultation``)."""
        row = self.db.row("SELECT unit_id, event_id, closes_at, closed_at, opens_at FROM consultations WHERE id = ?",
                          (consultation_id,))
        if row is None:
            raise NotFound("未找到该意见征集。")
        now = clock.to_iso(clock.now())
        if row["closed_at"] or row["closes_at"] <= now:
            raise InvalidTransition("该意见征集已截止，感谢关注。")
        return self.submit(content, unit_id=row["unit_id"], event_id=row["event_id"], name=name, phone=phone,
                           source="consultation", consent=consent, consultation_id=consultation_id)

    # ---- choices for forms ---------------------------------------------------------
    def targets(self) -> list[dict[str, Any]]:
        """Units and their events a citizen can address an opinion to (no drafts or cancelled events)."""
        return self.db.rows(
            "SELECT u.id AS unit_id, u.name AS unit, e.id AS event_id, e.title AS event, e.starts_at"
            " FROM units u LEFT JOIN events e ON e.unit_id = u.id AND e.status NOT IN ('draft', 'cancelled')"
            " WHERE u.active = 1 ORDER BY u.id, e.starts_at DESC")


# ---- demo data ---------------------------------------------------------------------------
# Per unit (the demo's base names): (content, status, response); a unit cycles through its own list.
DEMO_OPINIONS: dict[str, list[tuple[str, str, str]]] = {
    "示范县教育局": [
        ("希望学校周边上下学时段增加交通疏导，接送孩子的车辆太拥堵。", "partially_adopted",
         "已协调交警部门在上下学高峰安排护学岗；增设临时停车区需规划审批，正在研究。"),
        ("建议把课后服务延长到晚上七点，方便双职工家庭。", "not_adopted",
         "课后服务时间按省里规定执行，目前延长至18:00；学校可根据家长需求提供弹性离校。"),
        ("请问义务教育招生的划片范围什么时候公布？", "answered",
         "划片范围每年5月中旬在县政府门户网站和各学校公告栏公布，可拨打12345咨询。"),
        ("建议学校食堂每月公开食材采购价格和供应商。", "adopted",
         "已要求各校自下月起每月在校务公开栏和家长群公布食材采购价格及供应商。"),
        ("课后服务的社团种类太少，希望增加科技和体育类。", "processing", ""),
    ],
    "示范县卫生健康局": [
        ("家庭医生签约后一年也没见过医生上门，希望落实随访。", "processing", ""),
        ("县医院急诊等候区座位太少，晚上陪护家属只能站着。", "adopted", "急诊等候区已增加座椅40个，并开放夜间陪护休息室。"),
        ("希望社区卫生服务中心周末也能打疫苗。", "partially_adopted",
         "城区两家社区卫生服务中心周六上午开放预防接种；其他中心视人员情况逐步开放。"),
    ],
    "示范县住房和城乡建设局": [
        ("老旧小区改造时能否同步加装电梯，费用怎么分摊？", "answered",
         "加装电梯按《示范县既有住宅加装电梯实施办法》执行，政府补助每台15万元，其余由业主协商分摊。"),
        ("改造工地晚上十点后还在施工，影响休息。", "adopted", "已责令施工单位22:00后停止高噪声作业，并设立投诉电话。"),
        ("建议小区改造方案开工前在小区内公示。", "adopted", "改造方案一律在小区公告栏公示7天并召开居民议事会后开工。"),
    ],
    "示范县市场监督管理局": [
        ("建议公开食品快检结果，并在农贸市场设置公示屏。", "adopted", "快检结果已每周在市场公示屏和县市场监管局网站公开。"),
        ("网上投诉后很久没有回复，希望告知处理进度。", "partially_adopted",
         "投诉件已实行短信告知受理和办结节点；疑难件办理时限按规定执行。"),
        ("希望执法检查时邀请群众代表观摩。", "received", ""),
    ],
    "示范县人力资源和社会保障局": [
        ("希望招聘会多安排适合40岁以上人员的岗位。", "answered",
         "下月“就业援助月”专场将设置大龄劳动者专区，届时在人社局公众号发布岗位信息。"),
        ("社保卡补办要跑两次，能否当场制卡？", "adopted", "政务服务中心社保窗口已配备即时制卡设备，补办当场取卡。"),
        ("灵活就业人员缴费档次能不能再多几档？", "not_adopted", "缴费档次由省级统一确定，县里无权调整；已将意见向上级反映。"),
    ],
    "示范县行政审批服务局": [
        ("审批窗口中午能否不休息，方便上班族办事？", "adopted", "自下月起政务服务中心实行午间不间断服务。"),
        ("开办企业的材料清单能不能一次说清楚？", "adopted", "已编制《开办企业一次告知单》，在网上和窗口同步提供。"),
        ("希望增加周末预约办理。", "processing", ""),
    ],
    "示范县医疗保障局": [
        ("医保报销的材料清单能不能做成一页纸，网上能下载？", "adopted",
         "已制作《医保报销一次告知单》，可在政务服务网下载，窗口也免费提供。"),
        ("长期护理保险的评估要等多久？", "answered", "申请受理后20个工作日内完成失能评估，结果短信告知。"),
        ("异地就医备案手续太复杂。", "partially_adopted", "已开通手机备案；部分特殊病种仍需线下提交材料。"),
    ],
    "城关街道办事处": [
        ("社区助餐点的价格偏高，希望对高龄老人再给些补贴。", "partially_adopted",
         "80周岁以上老人每餐补贴提高2元；其他年龄段补贴标准按县里统一政策执行。"),
        ("网格员能不能把联系电话贴在每栋楼下？", "adopted", "各网格员联系方式已张贴到每个单元门口。"),
        ("小区垃圾分类点太远，老人不方便。", "received", ""),
    ],
    "东城街道办事处": [
        ("背街小巷的路灯坏了很久没人修，希望尽快处理。", "processing", ""),
        ("建设路菜市场周边占道经营严重。", "adopted", "已划定临时疏导点，早晚高峰安排巡查。"),
        ("社区议事会的议题能否提前在群里公布？", "adopted", "议题于会前3天在社区公众号和居民群公布。"),
    ],
    "马站镇人民政府": [
        ("高标准农田建好后的管护责任不清楚，建议明确到村。", "received", ""),
        ("村里的垃圾转运车每周只来一次，夏天有异味。", "adopted", "夏季（6—9月）垃圾转运调整为每周三次。"),
        ("乡村振兴示范片的项目资金使用情况希望公开。", "partially_adopted",
         "项目资金已在村务公开栏公示；明细账目可到镇财政所查阅。"),
    ],
    "许家湖镇人民政府": [
        ("镇联席会议能否允许更多群众列席？", "not_adopted", "会议室容量有限，每次列席名额为10人，按报名先后确定。"),
        ("农田水渠年久失修，灌溉困难。", "processing", ""),
        ("希望镇政府开放日安排在农闲时节。", "adopted", "明年起开放日安排在农闲的11月举行。"),
    ],
    "示范县政务服务中心": [
        ("12345热线领导接听的时间能否提前公布？", "adopted", "领导接听安排提前一周在县政府网站和公众号公布。"),
        ("“一窗通办”有些事项还要到部门窗口补材料。", "processing", ""),
        ("自助服务区的机器经常故障。", "answered", "已与设备厂家签订维保协议，故障2小时内响应。"),
    ],
    "示范县自来水公司": [
        ("建议水厂开放参观常态化，每季度一次，学生可以组团参加。", "received", ""),
        ("水价调整前能否召开听证会？", "answered", "水价调整依法由县发展改革局组织听证，时间地点提前30天公告。"),
        ("停水通知发得太晚，希望提前一天短信通知。", "adopted", "计划停水已提前24小时短信和公众号通知。"),
    ],
}
GENERAL_OPINIONS = [
    ("建议在开放日增加政策解读的互动环节，让群众多提问。", "adopted",
     "感谢建议。下一期开放日已增设30分钟互动问答环节，由业务科室负责人现场答疑。"),
    ("建议开放日活动提前一周公布报名结果，方便请假安排。", "not_adopted",
     "报名结果一般在活动前3个工作日确定，以便候补群众递补；确定后会短信通知。"),
]
DEMO_PROGRESS = ["已转交业务科室研究办理。", "已与相关部门会商，形成初步方案。", "已实地查看，正在制定整改计划。",
                 "方案已报分管领导审定。"]


def seed_demo(od: OpenDay, rng: random.Random, scale: int = 1) -> None:
    """Opinions from the demo events in every status (some overdue, some published) and two consultations."""
    feedback = od.feedback
    now = clock.now()
    today = now.date()
    events = od.db.rows("SELECT id, unit_id, starts_at, status, form FROM events ORDER BY id")
    users = {r["unit_id"]: r["username"] for r in od.db.rows(
        "SELECT unit_id, username FROM users WHERE role = 'unit_staff'")}
    codes: set[str] = set()
    rows: list[dict[str, Any]] = []
    notes: list[tuple[int, dt.date, str]] = []  # (index into rows, day, note)
    due_days = feedback.due_workdays()
    due_cache: dict[dt.date, Any] = {}
    from .demo import fake_name, fake_phone

    def due_for(day: dt.date):
        if day not in due_cache:
            due_cache[day] = add_workdays(day, due_days)
        return due_cache[day]

    unit_names = {r["id"]: r["name"].split("（")[0] for r in od.db.rows("SELECT id, name FROM units")}
    picks: dict[int, int] = {}
    for event in events:
        starts = clock.parse(event["starts_at"])
        past = starts < now
        count = rng.randrange(3, 6) if past else rng.randrange(0, 3)
        own = DEMO_OPINIONS.get(unit_names.get(event["unit_id"], ""), []) + GENERAL_OPINIONS
        for _ in range(count):
            pick = picks.get(event["unit_id"], 0)
            picks[event["unit_id"]] = pick + 1
            content, status, response = own[pick % len(own)]
            if past:
                source = "forum" if rng.random() < 0.6 else rng.choice(["online", "survey", "hotline"])
                submitted = starts + dt.timedelta(hours=rng.randrange(1, 3), minutes=rng.randrange(0, 60))
                if source != "forum":
                    submitted += dt.timedelta(days=rng.randrange(0, 5))
            else:
                source = "online"
                submitted = now - dt.timedelta(days=rng.randrange(0, 6), minutes=rng.randrange(0, 600))
                status, response = ("received", "") if rng.random() < 0.7 else ("processing", "")
            submitted = min(submitted, now - dt.timedelta(minutes=5))
            due = due_for(submitted.date())
            responded = None
            if status in DECIDED:
                late = rng.random() < 0.15
                answer_day = add_workdays(submitted, rng.randrange(3, 12) if not late else due_days + 3).date
                responded = dt.datetime.combine(min(answer_day, today), dt.time(rng.randrange(9, 17), rng.randrange(60)))
                if responded <= submitted:
                    responded = submitted + dt.timedelta(hours=2)
                responded = min(responded, now)
            while True:
                code = _new_code()
                if code not in codes:
                    codes.add(code)
                    break
            named = rng.random() < 0.7
            phone = fake_phone(rng) if (named and source in ("online", "hotline")) else ""
            rows.append({
                "code": code, "unit_id": event["unit_id"], "event_id": event["id"], "source": source,
                "content": content, "public_content": None, "name": fake_name(rng) if named else "",
                "phone": phone, "consent_at": clock.to_iso(submitted) if phone else None, "status": status,
                "response": response, "submitted_at": clock.to_iso(submitted),
                "responded_at": clock.to_iso(responded), "due_on": due.date.isoformat(), "due_exact": int(due.exact),
                "published": int(status in DECIDED and rng.random() < 0.75),
                "published_at": clock.to_iso(responded) if responded else None,
                "recorded_by": users.get(event["unit_id"], "demo") if source == "forum" else None,
                "updated_at": clock.to_iso(responded or submitted),
            })
            if status == "processing" or (status in DECIDED and rng.random() < 0.4):
                step = min(submitted.date() + dt.timedelta(days=rng.randrange(1, 6)), today)
                notes.append((len(rows) - 1, step, rng.choice(DEMO_PROGRESS)))
    # The demo unit's clerk finds at least one overdue opinion waiting (a forum note left unanswered).
    edu_event = next((e for e in sorted(events, key=lambda e: e["starts_at"]) if e["unit_id"] == od.db.scalar(
        "SELECT id FROM units WHERE name = '示范县教育局'") and clock.parse(e["starts_at"]) < now), None)
    if edu_event is not None:
        submitted = min(clock.parse(edu_event["starts_at"]) + dt.timedelta(hours=2), now - dt.timedelta(days=30))
        due = due_for(submitted.date())
        codes.add(code := _new_code())
        rows.append({
            "code": code, "unit_id": edu_event["unit_id"], "event_id": edu_event["id"], "source": "forum",
            "content": "建议在学校门口设置家长等候区，雨天接孩子不用站在马路边。", "public_content": None,
            "name": fake_name(rng), "phone": "", "consent_at": None, "status": "received", "response": "",
            "submitted_at": clock.to_iso(submitted), "responded_at": None, "due_on": due.date.isoformat(),
            "due_exact": int(due.exact), "published": 0, "published_at": None, "recorded_by": users.get(
                edu_event["unit_id"], "demo"), "updated_at": clock.to_iso(submitted)})
    # One published opinion shows a public text edited to remove a personal detail.
    for row in rows:
        if row["published"] and row["status"] == "adopted":
            row["content"] = row["content"] + "（我住城关街道幸福小区3号楼，电话在留言里。）"
            row["public_content"] = row["content"].split("（")[0]
            break
    with od.db.transaction("demo", "demo.opinions") as tx:
        ids = [tx.insert("opinions", row) for row in rows]
        for index, day, note in notes:
            tx.insert("opinion_progress", {"opinion_id": ids[index], "noted_on": day.isoformat(), "note": note,
                                           "actor": "demo", "created_at": clock.to_iso(now)})
        tx.target("opinions", None, count=len(ids))
    edu = od.db.scalar("SELECT id FROM units WHERE name = '示范县教育局'")
    housing = od.db.scalar("SELECT id FROM units WHERE name = '示范县住房和城乡建设局'")
    consultations = [
        (edu, "《示范县义务教育阶段学校课后服务实施办法（征求意见稿）》",
         "一、课后服务时间为每个上课日放学后至18:00，学生自愿参加。\n二、服务内容以作业辅导、文体活动、"
         "社团活动为主，不得进行集体补课。\n三、收费标准按照成本补偿、非营利原则确定，家庭经济困难学生免收。\n"
         "四、各学校应于每学期开学前公布服务方案，接受家长监督。",
         ["建议明确周五课后服务是否开展。", "希望增加科技和体育类社团。"]),
        (housing, "2027年老旧小区改造计划（征求意见稿）",
         "拟将城关街道幸福小区、东城街道建设路小区等12个小区纳入2027年改造计划，改造内容包括雨污分流、"
         "屋面防水、加装电梯、增设停车位和充电桩。",
         ["加装电梯的一楼住户补偿办法请一并公布。"]),
    ]
    for unit, title, draft, comments in consultations:
        if unit is None:
            continue
        with od.db.transaction("demo", "demo.consultation") as tx:
            cid = tx.insert("consultations", {
                "unit_id": unit, "event_id": None, "title": title, "draft": draft,
                "opens_at": clock.to_iso(now - dt.timedelta(days=5)),
                "closes_at": clock.to_iso(dt.datetime.combine(today + dt.timedelta(days=20), dt.time(17, 0))),
                "created_by": "demo", "created_at": clock.to_iso(now - dt.timedelta(days=5))})
            for n, text in enumerate(comments):
                submitted = now - dt.timedelta(days=4 - n, hours=rng.randrange(1, 9))
                due = due_for(submitted.date())
                while True:
                    code = _new_code()
                    if code not in codes:
                        codes.add(code)
                        break
                tx.insert("opinions", {
                    "code": code, "unit_id": unit, "event_id": None, "consultation_id": cid,
                    "source": "consultation", "content": text, "name": fake_name(rng), "phone": "",
                    "status": "received", "response": "", "submitted_at": clock.to_iso(submitted),
                    "due_on": due.date.isoformat(), "due_exact": int(due.exact), "published": 0,
                    "updated_at": clock.to_iso(submitted)})
            tx.target("consultation", cid)
