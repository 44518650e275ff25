"""Online and broadcast activities (在线访谈, 领导接听热线, 政策发布解读, 问卷调查, 网上征集).

Such an event has no seat list and no finalize: it is published, held and reported like any
event, and carries a schedule, guests, a stream link or hotline number and, after the day, a
published record (a transcript, or questions with answers). A question goes into the opinion
ledger in one action, keeping the link both ways.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import clock
from .access import require_event_host, require_unit
from .codes import insert_with_code
from .errors import InvalidTransition, NotFound, ValidationError
from .labels import ONLINE_FORMS
from .validation import clean_text

if TYPE_CHECKING:
    from . import OpenDay

URL_RE = re.compile(r"^https?://[^\s<>\"']{3,500}$", re.IGNORECASE)
HOTLINE_RE = re.compile(r"^[0-9\-\s()（）转]{3,30}$")
RECORD_LIMIT = 50_000
MAX_GUESTS = 20


@dataclass(frozen=True)
class Guest:
    name: str
    title: str
    unit: str


@dataclass(frozen=True)
class Question:
    id: int
    event_id: int
    position: int
    question: str
    answer: str
    asker: str
    opinion_id: int | None


@dataclass(frozen=True)
class OnlineInfo:
    event_id: int
    stream_url: str
    hotline: str
    schedule: str
    transcript: str
    record_published_at: dt.datetime | None
    guests: list[Guest] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)

    @property
    def record_published(self) -> bool:
        return self.record_published_at is not None


def clean_stream_url(value: str | None) -> str:
    """A link people can open: http(s) only (never ``javascript:`` or a local file)."""
    url = (value or "").strip()
    if url and not URL_RE.match(url):
        raise ValidationError("直播或参与链接应以 http:// 或 https:// 开头。", field="stream_url")
    return url


def clean_hotline(value: str | None) -> str:
    number = (value or "").strip()
    if number and not HOTLINE_RE.match(number):
        raise ValidationError("热线号码只能包含数字、横线和“转”，例如 0531-12345。", field="hotline")
    return number


def clean_guests(guests: list[Any]) -> list[Guest]:
    out = []
    for item in guests or []:
        if isinstance(item, Guest):
            item = {"name": item.name, "title": item.title, "unit": item.unit}
        name = clean_text(item.get("name"), "guest_name", label="嘉宾姓名")
        title = clean_text(item.get("title"), "guest_title", label="嘉宾职务")
        unit = clean_text(item.get("unit"), "guest_unit", label="嘉宾单位")
        if not name and not title and not unit:
            continue  # an empty row of the editor
        if not name:
            raise ValidationError("请填写每位嘉宾的姓名。", field="guests")
        out.append(Guest(name[:30], title[:60], unit[:100]))
    if len(out) > MAX_GUESTS:
        raise ValidationError(f"嘉宾最多{MAX_GUESTS}位。", field="guests")
    return out


def is_online(od: OpenDay, event_id: int) -> bool:
    return bool(od.db.scalar("SELECT 1 FROM event_online WHERE event_id = ?", (event_id,)))


class OnlineActivities:
    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db

    # ---- planning ---------------------------------------------------------------
    def create(
        self,
        unit_id: int,
        actor: str,
        *,
        title: str,
        starts_at: Any,
        form: str = "在线访谈",
        ends_at: Any = None,
        stream_url: str = "",
        hotline: str = "",
        schedule: str = "",
        description: str = "",
        location: str = "",
        guests: list[Any] | None = None,
        publish: bool = True,
        campaign_id: int | None = None,
    ) -> int:
        """A new online activity: published at once (or a draft), without seats or sign-up."""
        if form not in ONLINE_FORMS:
            raise ValidationError("在线活动的形式应为：" + "、".join(ONLINE_FORMS) + "。", field="form")
        # Seats do not apply; the stored capacity only satisfies the table's rule.
        fields = self.od.events.clean_fields(
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            form=form,
            location=location or "线上",
            capacity=1,
            approval="auto",
            description=description,
        )
        online = self._clean_online(stream_url, hotline, schedule)
        cleaned_guests = clean_guests(guests or [])
        require_unit(self.db, actor, unit_id)
        if not self.db.scalar("SELECT 1 FROM units WHERE id = ?", (unit_id,)):
            raise NotFound("未找到该单位。")
        if campaign_id is None:
            campaign_id = self.db.scalar(
                "SELECT id FROM campaigns WHERE starts_on <= date(?) AND ends_on >= date(?) ORDER BY id DESC",
                (fields["starts_at"], fields["starts_at"]),
            )
        status = "open" if publish else "draft"
        with self.db.transaction(actor, "online.create") as tx:
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
            tx.insert("event_online", {"event_id": event_id, **online})
            self._write_guests(tx, event_id, cleaned_guests)
            tx.target("event", event_id, title=fields["title"], form=form, status=status)
        return event_id

    def update(self, event_id: int, actor: str, *, stream_url: str, hotline: str, schedule: str) -> OnlineInfo:
        self._lead(event_id, actor)
        online = self._clean_online(stream_url, hotline, schedule)
        with self.db.transaction(actor, "online.update") as tx:
            tx.execute(
                "UPDATE event_online SET stream_url = ?, hotline = ?, schedule = ? WHERE event_id = ?",
                (online["stream_url"], online["hotline"], online["schedule"], event_id),
            )
            tx.target("event", event_id)
        return self._info(event_id)

    def edit(
        self,
        event_id: int,
        actor: str,
        *,
        title: str,
        starts_at: Any,
        ends_at: Any,
        stream_url: str,
        hotline: str,
        schedule: str,
        guests: list[Any],
    ) -> OnlineInfo:
        """Theme, time, way in and guests in one change: all saved or none."""
        self._lead(event_id, actor)
        with self.db.transaction(actor, "online.update") as tx:
            self.od.planning.update(event_id, actor, title=title, starts_at=starts_at, ends_at=ends_at)
            self.update(event_id, actor, stream_url=stream_url, hotline=hotline, schedule=schedule)
            self.set_guests(event_id, actor, guests)
            tx.target("event", event_id)
        return self._info(event_id)

    def set_guests(self, event_id: int, actor: str, guests: list[Any]) -> list[Guest]:
        self._lead(event_id, actor)
        cleaned = clean_guests(guests)
        with self.db.transaction(actor, "online.guests") as tx:
            tx.execute("DELETE FROM event_guests WHERE event_id = ?", (event_id,))
            self._write_guests(tx, event_id, cleaned)
            tx.target("event", event_id, guests=len(cleaned))
        return cleaned

    # ---- after the day: the record ------------------------------------------------
    def save_transcript(self, event_id: int, actor: str, text: str) -> None:
        self._held(event_id, actor)
        text = (text or "").strip()
        if len(text) > RECORD_LIMIT:
            raise ValidationError(f"实录最多{RECORD_LIMIT}字，请分段整理。", field="transcript")
        with self.db.transaction(actor, "online.transcript") as tx:
            tx.execute("UPDATE event_online SET transcript = ? WHERE event_id = ?", (text, event_id))
            tx.target("event", event_id, chars=len(text))

    def add_question(self, event_id: int, actor: str, question: str, answer: str = "", asker: str = "") -> int:
        """One question asked during the interview or on the hotline, with the answer given."""
        self._held(event_id, actor)
        question = clean_text(question, "content", required=True, label="问题")
        answer = clean_text(answer, "response", label="答复")
        asker = clean_text(asker, "asker", label="提问人")[:30]
        with self.db.transaction(actor, "online.question") as tx:
            position = tx.scalar("SELECT coalesce(max(position), 0) + 1 FROM event_questions WHERE event_id = ?", (event_id,))
            qid = tx.insert(
                "event_questions",
                {
                    "event_id": event_id,
                    "position": position,
                    "question": question,
                    "answer": answer,
                    "asker": asker,
                    "created_at": clock.to_iso(clock.now()),
                },
            )
            tx.target("event", event_id, question_id=qid)
        return qid

    def answer_question(self, question_id: int, actor: str, answer: str) -> None:
        row = self._question(question_id)
        self._held(row["event_id"], actor)
        answer = clean_text(answer, "response", label="答复")
        with self.db.transaction(actor, "online.question") as tx:
            tx.execute("UPDATE event_questions SET answer = ? WHERE id = ?", (answer, question_id))
            tx.target("event", row["event_id"], question_id=question_id)

    def question_to_ledger(self, question_id: int, actor: str) -> int:
        """Put one question into the opinion ledger (source hotline/online), linked both ways.

        An answered question enters as 已答复 with its answer; the question row keeps the opinion id,
        so it cannot be sent twice.
        """
        row = self._question(question_id)
        event = self.od.events.get(row["event_id"])
        require_event_host(self.db, actor, event.id)
        if row["opinion_id"] is not None:
            raise InvalidTransition("该问题已转入意见台账。")
        feedback = self.od.feedback
        source = "hotline" if "热线" in event.form or "接听" in event.form else "online"
        fields = feedback._clean(row["question"], "", "", source, True)
        unit, event_id = feedback._target(event.id, None)
        now = clock.now()
        opinion_row = feedback._row(fields, unit, event_id, now, actor)
        if row["answer"]:
            opinion_row.update(status="answered", response=row["answer"], responded_at=clock.to_iso(now))
        with self.db.transaction(actor, "online.question_to_ledger") as tx:
            if tx.scalar("SELECT opinion_id FROM event_questions WHERE id = ?", (question_id,)) is not None:
                raise InvalidTransition("该问题已转入意见台账。")
            opinion_id = insert_with_code(tx, "opinions", opinion_row)
            tx.execute("UPDATE event_questions SET opinion_id = ? WHERE id = ?", (opinion_id, question_id))
            tx.target("opinion", opinion_id, event_id=event.id, question_id=question_id, source=source)
        return opinion_id

    def publish_record(self, event_id: int, actor: str, public: bool = True) -> None:
        """Show (or withdraw) the transcript and Q&A on the public report of the event."""
        self._held(event_id, actor)
        info = self._info(event_id)
        if public and not info.transcript and not info.questions:
            raise ValidationError("请先填写访谈实录或录入问答，再公开。", field="transcript")
        with self.db.transaction(actor, "online.publish_record") as tx:
            tx.execute(
                "UPDATE event_online SET record_published_at = ? WHERE event_id = ?",
                (clock.to_iso(clock.now()) if public else None, event_id),
            )
            tx.target("event", event_id, public=public)

    # ---- reading ----------------------------------------------------------------
    def get(self, event_id: int) -> OnlineInfo | None:
        row = self.db.row("SELECT * FROM event_online WHERE event_id = ?", (event_id,))
        if row is None:
            return None
        guests = [
            Guest(r["name"], r["title"], r["unit"])
            for r in self.db.rows("SELECT name, title, unit FROM event_guests WHERE event_id = ? ORDER BY position", (event_id,))
        ]
        questions = [
            Question(r["id"], r["event_id"], r["position"], r["question"], r["answer"], r["asker"], r["opinion_id"])
            for r in self.db.rows("SELECT * FROM event_questions WHERE event_id = ? ORDER BY position", (event_id,))
        ]
        return OnlineInfo(
            event_id,
            row["stream_url"],
            row["hotline"],
            row["schedule"],
            row["transcript"],
            clock.parse(row["record_published_at"]),
            guests,
            questions,
        )

    def public_record(self, event_id: int) -> OnlineInfo | None:
        """The record as the public sees it: only once published; askers' names are not shown."""
        info = self.get(event_id)
        if info is None or not info.record_published:
            return None
        questions = [Question(q.id, q.event_id, q.position, q.question, q.answer, "", None) for q in info.questions]
        return OnlineInfo(
            info.event_id,
            info.stream_url,
            info.hotline,
            info.schedule,
            info.transcript,
            info.record_published_at,
            info.guests,
            questions,
        )

    # ---- helpers ----------------------------------------------------------------
    @staticmethod
    def _clean_online(stream_url: str, hotline: str, schedule: str) -> dict[str, str]:
        url, number = clean_stream_url(stream_url), clean_hotline(hotline)
        if not url and not number:
            raise ValidationError("请填写直播（参与）链接或热线号码，群众才能参与。", field="stream_url")
        schedule = clean_text(schedule, "description", label="活动议程")
        return {"stream_url": url, "hotline": number, "schedule": schedule}

    @staticmethod
    def _write_guests(tx: Any, event_id: int, guests: list[Guest]) -> None:
        for position, guest in enumerate(guests, 1):
            tx.insert(
                "event_guests",
                {"event_id": event_id, "position": position, "name": guest.name, "title": guest.title, "unit": guest.unit},
            )

    def _info(self, event_id: int) -> OnlineInfo:
        info = self.get(event_id)
        if info is None:
            raise NotFound("该活动不是在线活动。")
        return info

    def _lead(self, event_id: int, actor: str) -> None:
        if not is_online(self.od, event_id):
            raise NotFound("该活动不是在线活动。")
        event = self.od.events.get(event_id)
        require_unit(self.db, actor, event.unit_id)
        if not event.editable:  # held, reported or cancelled
            raise InvalidTransition("活动已举办或已取消，不能再修改。")

    def _held(self, event_id: int, actor: str) -> None:
        if not is_online(self.od, event_id):
            raise NotFound("该活动不是在线活动。")
        event = self.od.events.get(event_id)
        require_event_host(self.db, actor, event_id)
        if not event.took_place:
            raise InvalidTransition("活动举办后（标记为“已举办”）才能填写实录和问答。")

    def _question(self, question_id: int) -> dict[str, Any]:
        row = self.db.row("SELECT * FROM event_questions WHERE id = ?", (question_id,))
        if row is None:
            raise NotFound("未找到该问题。")
        return row
