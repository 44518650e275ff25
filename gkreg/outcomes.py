"""How opinions and deadlines are judged: the one home of these rules.

The opinion ledger, the coordinator's dashboard and the assessment all read
their states, their adoption rate and their deadline outcomes from here, so a
unit scores on exactly what the public ledger shows.

Opinion states: received (待办理) → processing (办理中) → adopted / partially_adopted /
not_adopted / answered. A decided opinion is reopened only through processing.
"""

from __future__ import annotations

import datetime as dt
import functools

from .workdays import add_workdays

STATUSES = {
    "received": "待办理",
    "processing": "办理中",
    "adopted": "已采纳",
    "partially_adopted": "部分采纳",
    "not_adopted": "暂不采纳",
    "answered": "已答复",
}
OPEN = ("received", "processing")
# Decided: the unit has given its answer (the response deadline is met by any of these).
DECIDED = ("adopted", "partially_adopted", "not_adopted", "answered")
# Judged: a proposal the unit took a position on. "answered" is a reply to a question, neither
# adopted nor refused, so it stays out of the adoption rate.
JUDGED = ("adopted", "partially_adopted", "not_adopted")
ADOPTED = ("adopted", "partially_adopted")
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


def status_label(status: str) -> str:
    return STATUSES.get(status, status)


# ---- the adoption rate ------------------------------------------------------------------------
def adoption_rate(adopted: int, judged: int) -> float | None:
    """(adopted + partially adopted) / judged proposals (``JUDGED``), None without any; 4 decimals.

    The public ledger shows it, the dashboard totals it, the assessment scores it: one definition.
    """
    return round(adopted / judged, 4) if judged else None


# ---- deadlines --------------------------------------------------------------------------------
# Every published event owes a report once it has ended, whatever its status: an event that was
# never marked held is not spared its report deadline.
REPORT_OWED = ("open", "finalized", "held", "reported")
OUTCOME_LABELS = {"met": "按期", "missed": "逾期", "pending": "未到期"}


@functools.lru_cache(maxsize=4096)
def due_after(day: str, workdays: int) -> str:
    """The ISO day ``workdays`` working days after ``day`` (an ISO date), holidays and swapped days counted."""
    return add_workdays(dt.date.fromisoformat(day[:10]), workdays).date.isoformat()


def deadline_outcome(due: str | dt.date, done: str | dt.date | None, today: str | dt.date) -> str:
    """'met' when done on or before the due day, 'missed' when done later or the due day has passed
    without it, else 'pending'. Days as ISO strings or dates."""
    due_s, today_s = str(due)[:10], str(today)[:10]
    if done is not None and done != "":
        return "met" if str(done)[:10] <= due_s else "missed"
    return "missed" if due_s < today_s else "pending"
