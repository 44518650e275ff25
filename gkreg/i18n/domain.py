"""The domain's codes in words: categories, statuses, sources and event forms (key -> (Chinese, English)).

The Chinese side repeats gkreg.labels / gkreg.outcomes so that every page can name a code in either
language through one lookup (``tr("cat.citizen")``, ``tr("form.进机关")``).
"""

from gkreg.labels import CATEGORIES, EVENT_STATUSES, REG_STATUSES
from gkreg.outcomes import SOURCES, STATUSES

_CATEGORIES_EN = {
    "citizen": "Citizens",
    "npc_deputy": "NPC deputies",
    "cppcc_member": "CPPCC members",
    "media": "Journalists",
    "expert": "Experts",
    "other": "Other guests",
}
_REG_EN = {
    "pending": "Awaiting review",
    "confirmed": "Confirmed",
    "waitlisted": "Waiting list",
    "rejected": "Not accepted",
    "cancelled": "Cancelled",
}
_EVENT_EN = {
    "draft": "Draft",
    "open": "Open for sign-up",
    "finalized": "List final",
    "held": "Held",
    "reported": "Report published",
    "cancelled": "Cancelled",
}
_OPINION_EN = {
    "received": "Awaiting handling",
    "processing": "In progress",
    "adopted": "Adopted",
    "partially_adopted": "Partly adopted",
    "not_adopted": "Not adopted",
    "answered": "Answered",
}
_SOURCES_EN = {
    "online": "Online message",
    "forum": "Open-day forum",
    "survey": "Questionnaire",
    "hotline": "Hotline",
    "consultation": "Public consultation",
}
_FORMS_EN = {
    "进机关": "Visit a government office",
    "进现场": "Site visit",
    "进会议": "Attend a meeting",
    "座谈交流": "Discussion forum",
    "现场观摩": "On-site observation",
    "政策发布": "Policy briefing",
    "问卷调查": "Questionnaire",
    "领导接听": "Leaders on the hotline",
    "政府访谈": "Government interview",
}

STRINGS: dict[str, tuple[str, str]] = {
    **{f"cat.{k}": (v, _CATEGORIES_EN[k]) for k, v in CATEGORIES.items()},
    **{f"reg.status.{k}": (v, _REG_EN[k]) for k, v in REG_STATUSES.items()},
    **{f"event.status.{k}": (v, _EVENT_EN[k]) for k, v in EVENT_STATUSES.items()},
    **{f"op.status.{k}": (v, _OPINION_EN[k]) for k, v in STATUSES.items()},
    **{f"op.source.{k}": (v, _SOURCES_EN[k]) for k, v in SOURCES.items()},
    **{f"form.{k}": (k, v) for k, v in _FORMS_EN.items()},
    "op.anonymous": ("匿名", "Anonymous"),
}
