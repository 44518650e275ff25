"""How opinions and deadlines are judged: the one home of these rules.

The opinion ledger, the coordinator's dashboard and the assessment all read
their states, their adoption rate and their deadline outcomes from here, so a
unit scores on exactly what the public ledger shows.

Opinion states: received (待办理) → processing (办理中) → adopted / partially_adopted /
not_adopted / answered. A decided opinion is reopened only through processing.
"""

from __future__ import annotations

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
