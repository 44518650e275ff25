"""The audit log: where an action came from, and reading the log back (``od.audit``).

Entries are written by ``db.transaction`` in the same transaction as the change;
this module only says where the action came from (CLI, web, …, carried beside the
call rather than through every signature) and lets the coordinator read and export
the log. (db.py imports this module, so the reader imports its helpers on use.)"""

from __future__ import annotations

import contextvars
import datetime as dt
from typing import TYPE_CHECKING, Any

from . import clock

if TYPE_CHECKING:
    from .db import Database

AUDIT_HEADERS = ["时间", "操作人", "操作", "对象类型", "对象编号", "详情", "来源", "操作内容"]
_source: contextvars.ContextVar[str] = contextvars.ContextVar("gkreg_audit_source", default="api")


def current_source() -> str:
    return _source.get()


def set_source(source: str) -> None:
    _source.set(source[:100])


class AuditLog:
    """``od.audit``: the coordinator reads, filters and exports the audit log."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _audit_where(
        self, *, who: str = "", action: str = "", target: str = "", start: dt.date | None = None, end: dt.date | None = None
    ) -> tuple[str, list[Any]]:
        clauses, params = ["1 = 1"], []
        if who:
            clauses.append("actor = ?")
            params.append(who.strip())
        if action:
            clauses.append("action = ?")
            params.append(action.strip())
        if target:
            text = target.strip()
            if ":" in text:  # "event:12"
                ttype, tid = text.split(":", 1)
                clauses.append("target_type = ? AND target_id = ?")
                params += [ttype.strip(), tid.strip()]
            else:
                clauses.append("(target_type = ? OR target_id = ?)")
                params += [text, text]
        # at_utc is UTC; the period is in local days (Asia/Shanghai, UTC+8).
        if start:
            clauses.append("at_utc >= ?")
            params.append((dt.datetime.combine(start, dt.time()) - dt.timedelta(hours=8)).isoformat())
        if end:
            clauses.append("at_utc < ?")
            params.append((dt.datetime.combine(end + dt.timedelta(days=1), dt.time()) - dt.timedelta(hours=8)).isoformat())
        return " AND ".join(clauses), params

    def page(
        self, actor: str, *, page: int = 0, per_page: int = 50, lang: str = "zh", **filters: Any
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of audit entries, newest first, and the number of matching entries; each entry also
        carries ``sentence`` (what was done, in words, names masked) and ``source_name`` in ``lang``."""
        from .audit_text import Names, describe, source_name

        _require_coordinator(self.db, actor)
        where, params = self._audit_where(**filters)
        total = int(self.db.scalar(f"SELECT count(*) FROM audit_log WHERE {where}", params))
        rows = self.db.rows(
            f"SELECT id, at_utc, actor, action, target_type, target_id, detail, source FROM audit_log WHERE {where}"
            " ORDER BY at_utc DESC, id DESC LIMIT ? OFFSET ?",
            [*params, int(per_page), int(page) * int(per_page)],
        )
        names = Names(self.db, rows)
        people = self.actor_labels(actor, {row["actor"] for row in rows if row["actor"]}, lang)
        for row in rows:
            row["actor_name"] = people.get(row["actor"], row["actor"] or "")
            row["at"] = _local(row["at_utc"])
            row["sentence"] = describe(row, names, lang)
            row["source_name"] = source_name(row["source"], lang)
        return rows, total

    def actions(self, actor: str) -> list[str]:
        _require_coordinator(self.db, actor)
        return [r["action"] for r in self.db.rows("SELECT DISTINCT action FROM audit_log ORDER BY action")]

    def actors(self, actor: str) -> list[str]:
        _require_coordinator(self.db, actor)
        return [r["actor"] for r in self.db.rows("SELECT DISTINCT actor FROM audit_log ORDER BY actor")]

    def actor_labels(self, actor: str, usernames: set[str] | None = None, lang: str = "zh") -> dict[str, str]:
        """``username -> "卫生健康局办公室（weijian）"`` for staff accounts with a display name: a clerk
        reading the log knows the office, the username alone (``mazhan``) says little."""
        from .i18n import t

        _require_coordinator(self.db, actor)
        found = self.db.rows("SELECT username, display_name FROM users WHERE display_name IS NOT NULL AND display_name <> ''")
        return {
            r["username"]: r["display_name"] + t("w.paren", lang, x=r["username"])
            for r in found
            if usernames is None or r["username"] in usernames
        }

    def export(self, actor: str, fmt: str = "xlsx", limit: int = 100_000, lang: str = "zh", **filters: Any) -> bytes:
        """The matching audit entries (newest first, at most ``limit``) as xlsx or csv; the codes and raw
        detail stay for auditors, the last column says what was done in ``lang``."""
        from .audit_text import Names, describe
        from .exports import to_csv, to_xlsx
        from .i18n import t

        _require_coordinator(self.db, actor)
        where, params = self._audit_where(**filters)
        found = self.db.rows(
            f"SELECT at_utc, actor, action, target_type, target_id, detail, source FROM audit_log"
            f" WHERE {where} ORDER BY at_utc DESC, id DESC LIMIT ?",
            [*params, int(limit)],
        )
        names = Names(self.db, found)
        rows = [
            [
                _local(r["at_utc"]),
                r["actor"],
                r["action"],
                r["target_type"] or "",
                r["target_id"] or "",
                r["detail"],
                r["source"],
                describe(r, names, lang),
            ]
            for r in found
        ]
        with self.db.transaction(actor, "audit.export") as tx:
            tx.target("audit_log", None, rows=len(rows), format=fmt)
        headers = AUDIT_HEADERS if lang != "en" else [t(f"al.export.{n}", lang) for n in range(len(AUDIT_HEADERS))]
        return to_csv(headers, rows) if fmt == "csv" else to_xlsx(headers, rows, title=t("al.title", lang))


def _require_coordinator(db: Database, actor: str) -> None:
    from .access import require_coordinator

    require_coordinator(db, actor)


def _local(at_utc: str) -> str:
    """A stored UTC timestamp as local time (Asia/Shanghai) for display."""
    try:
        moment = dt.datetime.fromisoformat(at_utc)
    except ValueError:
        return at_utc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(clock.TZ).strftime("%Y-%m-%d %H:%M:%S")
