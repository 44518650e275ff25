"""Answering opinions: the state machine (one or many at once) and dated progress notes."""

from __future__ import annotations

import datetime as dt

from .. import clock
from ..access import require_opinion_handler
from ..db import Tx
from ..errors import InvalidTransition, ValidationError
from ..notify.outbox import notify_opinion_answered
from ..outcomes import DECIDED, STATUSES, TRANSITIONS, status_label
from ..validation import clean_text
from .base import OpinionsBase, _day


class Answers(OpinionsBase):
    def _respond_tx(self, tx: Tx, opinion_id: int, status: str, response: str, actor: str, now: dt.datetime) -> tuple[int, str]:
        """Apply one transition inside ``tx``; returns (unit id, old status)."""
        row = self._load(tx, opinion_id)
        require_opinion_handler(self.db, actor, row)
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
                tx.execute(
                    "INSERT INTO opinion_progress (opinion_id, noted_on, note, actor, created_at) VALUES (?, ?, ?, ?, ?)",
                    (
                        opinion_id,
                        now.date().isoformat(),
                        f"重新办理（原结果：{status_label(current)}；原答复：{row['response']}）",
                        actor,
                        stamp,
                    ),
                )
            if response:
                tx.execute(
                    "INSERT INTO opinion_progress (opinion_id, noted_on, note, actor, created_at) VALUES (?, ?, ?, ?, ?)",
                    (opinion_id, now.date().isoformat(), response, actor, stamp),
                )
            tx.execute(
                "UPDATE opinions SET status = 'processing', response = '', responded_at = NULL, updated_at = ? WHERE id = ?",
                (stamp, opinion_id),
            )
        else:
            tx.execute(
                "UPDATE opinions SET status = ?, response = ?, responded_at = ?, updated_at = ? WHERE id = ?",
                (status, response, stamp, stamp, opinion_id),
            )
            notify_opinion_answered(tx, opinion_id)
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
                    code = tx.scalar("SELECT code FROM opinions WHERE id = ?", (opinion_id,))
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
            require_opinion_handler(self.db, actor, row)
            note_id = tx.insert(
                "opinion_progress",
                {
                    "opinion_id": opinion_id,
                    "noted_on": day.isoformat(),
                    "note": note,
                    "actor": actor,
                    "created_at": clock.to_iso(clock.now()),
                },
            )
            tx.execute("UPDATE opinions SET updated_at = ? WHERE id = ?", (clock.to_iso(clock.now()), opinion_id))
            tx.target("opinion", opinion_id, progress_id=note_id)
        return note_id
