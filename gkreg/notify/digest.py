"""The daily digest a unit clerk gets by e-mail: what waits for them today.

New sign-ups waiting for review, opinions due within 3 working days or overdue,
event reports due, and plans not yet filed (备案) before the campaign deadline.
None when there is nothing to do (no mail is better than an empty one).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .. import clock
from ..workdays import add_workdays

if TYPE_CHECKING:
    from .. import OpenDay

SOON_WORKDAYS = 3


def build_digest(od: OpenDay, unit_id: int, today: dt.date) -> tuple[str, str] | None:
    soon = add_workdays(today, SOON_WORKDAYS).date
    unit = od.db.scalar("SELECT name FROM units WHERE id = ?", (unit_id,)) or ""
    sections: list[str] = []

    pending = od.db.rows(
        "SELECT e.title, e.starts_at, count(*) AS n FROM registrations r JOIN events e ON e.id = r.event_id"
        " WHERE e.unit_id = ? AND r.status = 'pending' AND e.status IN ('draft', 'open')"
        " GROUP BY e.id ORDER BY e.starts_at",
        (unit_id,),
    )
    if pending:
        lines = [f"  · {r['title']}（{r['starts_at'][:16]}）：{r['n']}条" for r in pending]
        sections.append(f"一、待审核的报名（共{sum(r['n'] for r in pending)}条）\n" + "\n".join(lines))

    opinions = od.db.rows(
        "SELECT code, content, due_on FROM opinions WHERE unit_id = ? AND status IN ('received', 'processing')"
        " AND due_on <= ? ORDER BY due_on, id",
        (unit_id, soon.isoformat()),
    )
    if opinions:
        lines = []
        for r in opinions[:30]:
            state = "已逾期" if r["due_on"] < today.isoformat() else "即将到期"
            lines.append(f"  · {r['code']} {state}（答复期限{r['due_on']}）：{_short(r['content'])}")
        more = f"\n  …另有{len(opinions) - 30}条" if len(opinions) > 30 else ""
        sections.append(f"二、即将到期或已逾期的意见（共{len(opinions)}条）\n" + "\n".join(lines) + more)

    reports = []
    for event, due in od.reports.overdue(unit_id):
        if due.date <= soon:
            state = "已逾期" if due.date < today else "即将到期"
            reports.append(f"  · {event.title}（{event.starts_at:%Y-%m-%d}）{state}，发布期限{due.date}")
    filings = od.db.rows(
        "SELECT e.title, e.starts_at, c.filing_deadline FROM events e JOIN campaigns c ON c.id = e.campaign_id"
        " WHERE e.unit_id = ? AND e.filed_at IS NULL AND e.status NOT IN ('cancelled')"
        " AND c.filing_deadline IS NOT NULL AND c.filing_deadline <= ? ORDER BY c.filing_deadline",
        (unit_id, soon.isoformat()),
    )
    for r in filings:
        state = "已逾期" if r["filing_deadline"] < today.isoformat() else "即将到期"
        reports.append(f"  · {r['title']} 未备案（{state}，备案截止{r['filing_deadline']}）")
    if reports:
        sections.append(f"三、待发布的活动报道和待备案的计划（共{len(reports)}项）\n" + "\n".join(reports))

    if not sections:
        return None
    subject = f"【政府开放日】{unit}今日待办（{today:%m月%d日}）"
    body = (
        f"{unit}：\n\n以下事项需要您处理（截至{clock.now():%Y-%m-%d %H:%M}）：\n\n"
        + "\n\n".join(sections)
        + "\n\n请登录政府开放日管理系统办理。本邮件由系统自动发送，请勿回复。\n"
    )
    return subject, body


def _short(text: str, limit: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit] + "…"
