"""Registrations (报名): public sign-up, directed invitation, review, waitlist, cancel, check-in.

Every check-then-write below runs inside one ``BEGIN IMMEDIATE`` transaction, so
the seat count read is still true when the row is written, across processes.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any

from . import clock
from .access import require_event_host
from .codes import insert_with_code, normalize_code, phone_matches
from .db import Database, Tx
from .errors import DuplicateRegistration, InvalidTransition, NotFound, QuotaError, RegistrationClosed, ValidationError
from .events import LIST_OPEN, SEAT_COUNTS_SQL, TOOK_PLACE, seats_from_counts
from .labels import CATEGORIES
from .limits import Limits
from .notify.outbox import mail_unit_staff, notify_registration
from .privacy import IdVault, mask_id
from .seats import CITIZEN, Seats
from .settings import Settings
from .validation import clean_id_number, clean_name, clean_phone, clean_text

LOOKUP_FAILED = "报名编号或手机号不正确，请核对后重试。"
# Statuses: pending → confirmed | waitlisted | rejected; pending/confirmed/waitlisted → cancelled.
LIVE = ("pending", "confirmed", "waitlisted")  # holds (or waits for) a seat; may be cancelled
LIVE_SQL = "(" + ", ".join(f"'{status}'" for status in LIVE) + ")"
REJECTABLE = ("pending", "waitlisted")


@dataclass(frozen=True)
class Registration:
    id: int
    event_id: int
    code: str
    name: str
    phone: str
    id_number_masked: str
    category: str
    status: str
    invited: bool
    invited_by: str | None
    reason: str
    note: str
    organization: str
    topic: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    checked_in_at: dt.datetime | None
    waitlist_position: int | None = None

    @property
    def live(self) -> bool:
        """Holds or waits for a seat (pending, confirmed, waitlisted): it can still be cancelled."""
        return self.status in LIVE

    @property
    def pending(self) -> bool:
        return self.status == "pending"

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"

    @property
    def waitlisted(self) -> bool:
        return self.status == "waitlisted"

    @property
    def rejected(self) -> bool:
        return self.status == "rejected"

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def rejectable(self) -> bool:
        return self.status in REJECTABLE


def registration_from_row(row: Any, position: int | None = None) -> Registration:
    return Registration(
        id=row["id"],
        event_id=row["event_id"],
        code=row["code"],
        name=row["name"],
        phone=row["phone"] or "",
        id_number_masked=row["id_masked"] or "",
        category=row["category"],
        status=row["status"],
        invited=bool(row["invited"]),
        invited_by=row["invited_by"],
        reason=row["reason"],
        note=row["note"],
        organization=row["organization"],
        topic=row["topic"],
        created_at=clock.parse_required(row["created_at"]),
        decided_at=clock.parse(row["decided_at"]),
        cancelled_at=clock.parse(row["cancelled_at"]),
        checked_in_at=clock.parse(row["checked_in_at"]),
        waitlist_position=position,
    )


class Registrations:
    def __init__(self, db: Database, vault: IdVault) -> None:
        self.db = db
        self.vault = vault

    # ---- sign-up and invitation -------------------------------------------
    def register(
        self,
        event_id: int,
        *,
        name: str,
        phone: str,
        id_number: str | None = None,
        category: str = "citizen",
        invited_by: str | None = None,
        note: str = "",
        organization: str = "",
        topic: str = "",
        consent: bool = True,
        client: str | None = None,
        captcha_ok: bool = False,
    ) -> Registration:
        """A public sign-up (``invited_by=None``) or a directed invitation by that staff user.

        Bad input raises one ``ValidationError`` naming every wrong field (``problems``) and stores nothing.
        ``client`` is the public sign-up's client address (gkreg/client_address.py): its sign-ups are
        counted and, past the limits, need the picture code (``captcha_ok``) or are refused.
        """
        if category not in CATEGORIES:
            raise ValidationError("人员类别不正确。", field="category")
        public = invited_by is None
        if public and category != CITIZEN:
            raise ValidationError("社会公开报名仅限群众代表；人大代表、政协委员等由单位定向邀请。", field="category")
        problems: dict[str, str] = {}

        def checked(field: str, clean: Any) -> Any:
            try:
                return clean()
            except ValidationError as exc:
                problems.setdefault(exc.field or field, str(exc))
                return None

        name = checked("name", lambda: clean_name(name))
        if public:
            phone = checked("phone", lambda: clean_phone(phone))
            if not id_number:
                problems["id_number"] = "请填写身份证号。"
        else:
            phone = checked("phone", lambda: clean_phone(phone) if (phone or "").strip() else "")
        number = checked("id_number", lambda: clean_id_number(id_number)) if id_number else None
        note = checked("note", lambda: clean_text(note, "note", label="备注"))
        organization = checked("organization", lambda: clean_text(organization, "organization", label="工作单位/职业"))
        topic = checked("topic", lambda: clean_text(topic, "topic", label="关注的问题"))
        if public and not consent:
            problems["consent"] = "请阅读并同意《个人信息处理告知》后再提交。"
        if problems:
            field, message = next(iter(problems.items()))
            raise ValidationError(message, field=field, problems=problems)
        now = clock.now()
        row = {
            "event_id": event_id,
            "name": name,
            "phone": phone,
            "category": category,
            "invited": 0 if public else 1,
            "invited_by": invited_by,
            "note": note,
            "organization": organization,
            "topic": topic,
            "created_at": clock.to_iso(now),
            "consent_at": clock.to_iso(now) if public else None,
            "id_cipher": self.vault.encrypt(number) if number else None,
            "id_hash": self.vault.hash(number) if number else None,
            "id_masked": mask_id(number),
        }
        action = "registration.signup" if public else "registration.invite"
        with self.db.transaction(invited_by or "", action) as tx:
            event = tx.one(
                "SELECT unit_id, capacity, status, approval, starts_at, registration_opens,"
                " registration_closes FROM events WHERE id = ?",
                (event_id,),
            )
            if event is None:
                raise NotFound("未找到该活动。")
            if tx.one("SELECT 1 FROM event_online WHERE event_id = ?", (event_id,)):
                raise InvalidTransition("这是在线活动，无需报名，请按活动页面的链接或电话参与。")
            if public:
                self._check_signup_window(event, now)
                self._check_phone_limit(tx, event_id, phone)
                if client is not None:
                    Limits(self.db).admit_signup(tx, client, event_id, captcha_ok)
            else:
                require_event_host(self.db, invited_by, event_id)
                if event["status"] not in LIST_OPEN:
                    raise InvalidTransition("名单已确定或活动已结束，不能再邀请。")
            if row["id_hash"] and tx.one(
                f"SELECT 1 FROM registrations WHERE event_id = ? AND id_hash = ? AND status IN {LIVE_SQL}",
                (event_id, row["id_hash"]),
            ):
                raise DuplicateRegistration()
            seats = self._seats(tx, event_id, event["capacity"])
            if not public:
                if not seats.has_seat_for(category):
                    raise QuotaError(self._quota_message(seats, category))
                status = "confirmed"
            elif event["approval"] == "auto":
                status = "confirmed" if seats.has_seat_for(CITIZEN) else "waitlisted"
            else:
                status = "pending"
            row["status"] = status
            if status != "pending":
                row["decided_at"] = row["created_at"]
            reg_id = insert_with_code(tx, "registrations", row)
            tx.target("registration", reg_id, event_id=event_id, status=status, category=category)
            if public:  # the citizen gets the code by SMS (an invitee hears from the unit directly)
                notify_registration(tx, reg_id, "received")
            # The new row is known: build the answer here instead of reading it back after COMMIT.
            stored = {"decided_at": None, "cancelled_at": None, "checked_in_at": None, "reason": "", **row, "id": reg_id}
            position = seats.waitlisted + 1 if status == "waitlisted" else None
        return registration_from_row(stored, position)

    def _check_phone_limit(self, tx: Tx, event_id: int, phone: str) -> None:
        """One phone may hold only a few live sign-ups per event (a family, not a script's batch)."""
        limit = int(Settings(self.db).get("phone_live_max"))
        held = tx.scalar(
            "SELECT count(*) FROM registrations WHERE event_id = ? AND phone = ?"
            " AND invited = 0 AND status IN ('pending', 'confirmed', 'waitlisted')",
            (event_id, phone),
        )
        if held >= limit:
            raise ValidationError(
                f"这个手机号已为本场活动报名{limit}人，不能再用它报名。"
                "请每位报名人填写自己的手机号；要改报名信息，请先凭报名编号取消原报名。",
                field="phone",
            )

    @staticmethod
    def _check_signup_window(event: sqlite3.Row, now: dt.datetime) -> None:
        if event["status"] != "open":
            raise RegistrationClosed("本场活动目前不接受报名（名单已确定或活动未发布）。")
        opens = clock.parse(event["registration_opens"])
        closes = clock.parse(event["registration_closes"]) or clock.parse_required(event["starts_at"])
        if opens and now < opens:
            raise RegistrationClosed(f"报名尚未开始，开始时间：{opens:%Y-%m-%d %H:%M}。")
        if now > closes:
            raise RegistrationClosed("本场活动报名已截止。")

    @staticmethod
    def _quota_message(seats: Seats, category: str) -> str:
        if seats.citizen_seats_left <= 0:
            return f"本场活动{seats.capacity}个名额已满，不能再邀请。"
        return (
            f"非群众代表名额已满：{seats.capacity}人的活动中至少{seats.citizen_reserved}个名额留给群众代表，"
            f"{CATEGORIES[category]}等受邀人员最多{seats.others_limit}人。"
        )

    @staticmethod
    def _seats(tx: Tx, event_id: int, capacity: int) -> Seats:
        return seats_from_counts(capacity, tx.one(SEAT_COUNTS_SQL, (event_id,)), False)

    # ---- review ----------------------------------------------------------
    def approve(self, reg_id: int, actor: str) -> Registration:
        with self.db.transaction(actor, "registration.approve") as tx:
            reg, event = self._load_for_staff(tx, reg_id, actor)
            if reg["status"] != "pending":
                raise InvalidTransition("只有待审核的报名可以审核通过。")
            self._require_list_open(event)
            seats = self._seats(tx, reg["event_id"], event["capacity"])
            status = "confirmed" if seats.has_seat_for(reg["category"]) else "waitlisted"
            tx.execute(
                "UPDATE registrations SET status = ?, decided_at = ? WHERE id = ?", (status, clock.to_iso(clock.now()), reg_id)
            )
            tx.target("registration", reg_id, event_id=reg["event_id"], status=status)
            notify_registration(tx, reg_id, "approved" if status == "confirmed" else "waitlisted")
        return self.get(reg_id)

    def approve_many(self, reg_ids: list[int], actor: str) -> list[Registration]:
        """Bulk approval in sign-up order, all or none: seats go to the earliest, the rest are waitlisted."""
        if not reg_ids:
            return []
        with self.db.transaction(actor, "registration.approve_many") as tx:
            ordered = self._in_signup_order(reg_ids)
            for reg_id in ordered:
                self.approve(reg_id, actor)  # each a nested step of this one transaction
            tx.target("registrations", ",".join(map(str, ordered)), count=len(ordered))
        return [self.get(reg_id) for reg_id in ordered]

    def reject_many(self, reg_ids: list[int], actor: str, reason: str) -> list[Registration]:
        """Bulk rejection with one reason, all or none (one that cannot be rejected refuses the lot)."""
        reason = clean_text(reason, "reason", required=True, label="不通过的理由")
        if not reg_ids:
            return []
        with self.db.transaction(actor, "registration.reject_many") as tx:
            ordered = self._in_signup_order(reg_ids)
            for reg_id in ordered:
                self.reject(reg_id, actor, reason)
            tx.target("registrations", ",".join(map(str, ordered)), count=len(ordered))
        return [self.get(reg_id) for reg_id in ordered]

    def _in_signup_order(self, reg_ids: list[int]) -> list[int]:
        marks = ",".join("?" * len(reg_ids))
        rows = self.db.rows(f"SELECT id FROM registrations WHERE id IN ({marks}) ORDER BY created_at, id", list(reg_ids))
        return [r["id"] for r in rows]

    def reject(self, reg_id: int, actor: str, reason: str) -> Registration:
        reason = clean_text(reason, "reason", required=True, label="不通过的理由")
        with self.db.transaction(actor, "registration.reject") as tx:
            reg, event = self._load_for_staff(tx, reg_id, actor)
            if reg["status"] not in REJECTABLE:
                raise InvalidTransition("只有待审核或候补的报名可以设为不通过。")
            tx.execute(
                "UPDATE registrations SET status = 'rejected', reason = ?, decided_at = ? WHERE id = ?",
                (reason, clock.to_iso(clock.now()), reg_id),
            )
            tx.target("registration", reg_id, event_id=reg["event_id"], status="rejected")
            notify_registration(tx, reg_id, "rejected")
        return self.get(reg_id)

    # ---- cancel and the waitlist -------------------------------------------
    def cancel(self, reg_id: int, actor: str) -> Registration:
        with self.db.transaction(actor, "registration.cancel") as tx:
            reg, event = self._load_for_staff(tx, reg_id, actor)
            self._cancel_in(tx, reg, event)
            notify_registration(tx, reg_id, "withdrawn")  # the unit cancelled it: the person hears why
        return self.get(reg_id)

    def cancel_by_code(self, code: str, phone: str) -> Registration:
        code = normalize_code(code)
        phone = "".join((phone or "").split())
        with self.db.transaction("", "registration.cancel_by_citizen") as tx:
            reg = tx.one("SELECT * FROM registrations WHERE code = ?", (code,))
            if reg is None or not phone_matches(reg["phone"], phone):
                raise NotFound(LOOKUP_FAILED)
            event = self._event_of(tx, reg)
            self._cancel_in(tx, reg, event)
        return self.get(reg["id"])

    def _cancel_in(self, tx: Tx, reg: sqlite3.Row, event: sqlite3.Row) -> None:
        if reg["status"] not in LIVE:
            raise InvalidTransition("该报名已取消或未通过，无需再取消。")
        if event["status"] in TOOK_PLACE:
            raise InvalidTransition("活动已举办，不能再取消报名。")
        tx.execute(
            "UPDATE registrations SET status = 'cancelled', cancelled_at = ? WHERE id = ?", (clock.to_iso(clock.now()), reg["id"])
        )
        tx.target("registration", reg["id"], event_id=reg["event_id"], was=reg["status"])
        self._promote_waitlist(tx, reg["event_id"], event["capacity"])
        if event["status"] == "finalized":
            self._reopen_if_below_one_third(tx, event)

    def _reopen_if_below_one_third(self, tx: Tx, event: sqlite3.Row) -> None:
        """A finalized list that a cancellation left below one third citizens is no longer final: it goes
        back to open (sign-up and invitations possible again, finalize needed again), in this transaction."""
        seats = self._seats(tx, event["id"], event["capacity"])
        if seats.compliant:
            return
        tx.execute("UPDATE events SET status = 'open', finalized_at = NULL WHERE id = ?", (event["id"],))
        tx.log(
            "event.reopen",
            "event",
            event["id"],
            reason="below_one_third",
            confirmed=seats.confirmed,
            citizens=seats.confirmed_citizens,
            citizens_needed=seats.citizens_needed,
        )
        # The unit's clerks hear at once: the list needs citizens (or fewer invitees) before it is final again.
        title = tx.scalar("SELECT title FROM events WHERE id = ?", (event["id"],))
        mail_unit_staff(
            tx,
            event["unit_id"],
            kind="list_reopened",
            subject=f"【政府开放日】活动“{title}”的名单已重新开放",
            body=(
                f"活动“{title}”的名单确定后有人取消报名，现已确认{seats.confirmed}人，其中群众代表"
                f"{seats.confirmed_citizens}人，不足三分之一（至少需要{seats.citizens_needed}人）。\n\n"
                "系统已将名单改回“报名中”：群众可以继续报名，单位可审核或调整邀请名单，"
                "群众代表达到三分之一后请重新确定名单。本邮件由系统自动发送，请勿回复。\n"
            ),
            event_id=event["id"],
            key_prefix="reopen",
        )

    def _promote_waitlist(self, tx: Tx, event_id: int, capacity: int) -> None:
        """Fill free seats from the waitlist, longest-waiting citizen first, in this transaction."""
        while True:
            seats = self._seats(tx, event_id, capacity)
            if not seats.has_seat_for(CITIZEN) or seats.waitlisted == 0:
                return
            nxt = tx.one(
                "SELECT id FROM registrations WHERE event_id = ? AND status = 'waitlisted'"
                " AND category = 'citizen' ORDER BY created_at, id LIMIT 1",
                (event_id,),
            )
            if nxt is None:
                return
            tx.execute(
                "UPDATE registrations SET status = 'confirmed', decided_at = ? WHERE id = ?",
                (clock.to_iso(clock.now()), nxt["id"]),
            )
            tx.log("registration.promote", "registration", nxt["id"], event_id=event_id)
            notify_registration(tx, nxt["id"], "promoted")

    # ---- the day ------------------------------------------------------------
    def check_in(self, reg_id: int, actor: str, undo: bool = False) -> Registration:
        with self.db.transaction(actor, "registration.undo_check_in" if undo else "registration.check_in") as tx:
            reg, _event = self._load_for_staff(tx, reg_id, actor)
            if reg["status"] != "confirmed":
                raise InvalidTransition("只有已确认的参加人员可以签到。")
            if undo:
                tx.execute("UPDATE registrations SET checked_in_at = NULL WHERE id = ?", (reg_id,))
            elif reg["checked_in_at"] is None:
                tx.execute("UPDATE registrations SET checked_in_at = ? WHERE id = ?", (clock.to_iso(clock.now()), reg_id))
            tx.target("registration", reg_id, event_id=reg["event_id"])
        return self.get(reg_id)

    # ---- reading ----------------------------------------------------------
    def get(self, reg_id: int) -> Registration:
        row = self.db.connection().execute("SELECT * FROM registrations WHERE id = ?", (reg_id,)).fetchone()
        if row is None:
            raise NotFound("未找到该报名记录。")
        return registration_from_row(row, self._position(row))

    def _position(self, row: Any) -> int | None:
        if row["status"] != "waitlisted":
            return None
        return self.db.scalar(
            "SELECT count(*) FROM registrations WHERE event_id = ? AND status = 'waitlisted'"
            " AND (created_at < ? OR (created_at = ? AND id <= ?))",
            (row["event_id"], row["created_at"], row["created_at"], row["id"]),
        )

    def lookup(self, code: str, phone: str) -> Registration:
        """The citizen's own registration; the same message whether the code or the phone is wrong."""
        code = normalize_code(code)
        phone = "".join((phone or "").split())
        row = self.db.connection().execute("SELECT * FROM registrations WHERE code = ?", (code,)).fetchone()
        if row is None or not phone_matches(row["phone"], phone):
            raise NotFound(LOOKUP_FAILED)
        return registration_from_row(row, self._position(row))

    def for_event(self, event_id: int, actor: str) -> list[Registration]:
        unit_id = self.db.scalar("SELECT unit_id FROM events WHERE id = ?", (event_id,))
        if unit_id is None:
            raise NotFound("未找到该活动。")
        require_event_host(self.db, actor, event_id)
        return self.list_unchecked(event_id)

    def list_unchecked(self, event_id: int) -> list[Registration]:
        """The list without a permission check: for the CLI run by the server's operator."""
        rows = (
            self.db.connection()
            .execute("SELECT * FROM registrations WHERE event_id = ? ORDER BY created_at, id", (event_id,))
            .fetchall()
        )
        position = 0
        out = []
        for row in rows:
            if row["status"] == "waitlisted":
                position += 1
            out.append(registration_from_row(row, position if row["status"] == "waitlisted" else None))
        return out

    def reveal_id_number(self, reg_id: int, actor: str) -> str:
        """The full ID number, for one staff member on purpose; the act is audited (never the number)."""
        with self.db.transaction(actor, "registration.reveal_id_number") as tx:
            reg, _event = self._load_for_staff(tx, reg_id, actor)
            if not reg["id_cipher"]:
                raise NotFound("该报名没有身份证号（未填写或已按保留期限删除）。")
            tx.target("registration", reg_id, event_id=reg["event_id"])
            return self.vault.decrypt(reg["id_cipher"])

    # ---- helpers ------------------------------------------------------------
    def _load_for_staff(self, tx: Tx, reg_id: int, actor: str) -> tuple[sqlite3.Row, sqlite3.Row]:
        reg = tx.one("SELECT * FROM registrations WHERE id = ?", (reg_id,))
        if reg is None:
            raise NotFound("未找到该报名记录。")
        event = self._event_of(tx, reg)
        require_event_host(self.db, actor, event["id"])  # lead or co-host; unknown/disabled is refused too
        return reg, event

    @staticmethod
    def _event_of(tx: Tx, reg: sqlite3.Row) -> sqlite3.Row:
        event = tx.one("SELECT * FROM events WHERE id = ?", (reg["event_id"],))
        assert event is not None  # registrations.event_id is a foreign key
        return event

    @staticmethod
    def _require_list_open(event: sqlite3.Row) -> None:
        if event["status"] not in LIST_OPEN:
            raise InvalidTransition("名单已确定或活动已结束，不能再审核。")
