"""Audit entries as sentences a clerk reads ("审核通过 张** 的报名，活动：《…》"), in Chinese or English.

The stored entry keeps its codes and JSON detail (exports carry them for auditors); the page shows the
sentence. Names of the objects are looked up in one query per kind for a whole page of entries, and a
person's name is masked (张**) as everywhere else on screen.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from .i18n import CATALOGUE, t
from .i18n.audit_text import DETAILS, OBJECT_FIRST
from .labels import AUDIT_ACTIONS, CATEGORIES, EVENT_STATUSES, REG_STATUSES
from .outcomes import SOURCES as OPINION_SOURCES
from .outcomes import STATUSES as OPINION_STATUSES
from .privacy import mask_name

if TYPE_CHECKING:
    from .db import Database

# (target type, SQL giving id -> name); registrations' names are masked after reading.
_LOOKUPS = {
    "event": "SELECT id, title AS name FROM events WHERE id IN ({marks})",
    "registration": "SELECT id, name, event_id FROM registrations WHERE id IN ({marks})",
    "unit": "SELECT id, name FROM units WHERE id IN ({marks})",
    "survey": "SELECT id, title AS name FROM surveys WHERE id IN ({marks})",
    "campaign": "SELECT id, name FROM campaigns WHERE id IN ({marks})",
    "consultation": "SELECT id, title AS name FROM consultations WHERE id IN ({marks})",
}
# Object nouns a Chinese verb may already end with ("新建活动" + "活动《…》" -> "新建活动《…》").
_NOUNS = ("活动安排", "意见征集", "活动", "问卷", "单位", "账号", "意见")


class Names:
    """The names of the objects a page of audit entries mentions."""

    def __init__(self, db: Database | None, entries: list[dict[str, Any]]) -> None:
        wanted: dict[str, set[int]] = defaultdict(set)
        for entry in entries:
            detail = parse_detail(entry.get("detail"))
            ttype, tid = entry.get("target_type"), entry.get("target_id")
            if ttype in _LOOKUPS and str(tid or "").isdigit():
                wanted[ttype].add(int(str(tid)))
            for key, kind in (("event_id", "event"), ("unit_id", "unit"), ("survey", "survey")):
                if str(detail.get(key) or "").isdigit():
                    wanted[kind].add(int(detail[key]))
            cohosts = detail.get("cohosts")
            for unit in cohosts if isinstance(cohosts, list) else []:
                if str(unit).isdigit():
                    wanted["unit"].add(int(unit))
        self.names: dict[tuple[str, int], str] = {}
        self.reg_event: dict[int, int] = {}
        if db is None:
            return
        for kind in ("registration", *[k for k in _LOOKUPS if k != "registration"]):
            ids = sorted(wanted.get(kind, ()))
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                sql = _LOOKUPS[kind].format(marks=", ".join("?" for _ in chunk))
                for row in db.rows(sql, chunk):
                    if kind == "registration":
                        self.names[(kind, int(row["id"]))] = mask_name(row["name"])
                        self.reg_event[int(row["id"])] = int(row["event_id"])
                        wanted["event"].add(int(row["event_id"]))
                    else:
                        self.names[(kind, int(row["id"]))] = str(row["name"] or "")

    def get(self, kind: str, ident: Any) -> str | None:
        return self.names.get((kind, int(ident))) if str(ident or "").isdigit() else None


def parse_detail(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return detail
    if not detail:
        return {}
    try:
        value = json.loads(detail)
    except (TypeError, ValueError):
        return {"value": str(detail)}
    return value if isinstance(value, dict) else {"value": value}


def action_name(action: str, lang: str = "zh") -> str:
    """The action in words; an action no catalogue names reads "其他操作（code）", never a bare code."""
    if action.startswith("demo."):
        return t("al.act.demo", lang)
    key = f"al.act.{action}"
    if lang == "zh" and action in AUDIT_ACTIONS:
        return AUDIT_ACTIONS[action]
    text = t(key, lang)
    return t("al.unknown_action", lang, code=action) if text == key else text


def source_name(source: str | None, lang: str = "zh") -> str:
    """``web:coord`` -> 网页（coord）; cli -> 命令行."""
    kind, _, who = (source or "api").partition(":")
    key = f"al.src.{kind}"
    text = t(key, lang)
    if text == key:
        text = kind
    return f"{text}（{who}）" if who and lang == "zh" else f"{text} ({who})" if who else text


def _object(ttype: str | None, tid: Any, names: Names, detail: dict[str, Any], lang: str) -> str:
    if not ttype:
        return ""
    key = f"al.obj.{ttype}"
    if t(key, lang) == key:
        return t("al.obj.unknown", lang, id=tid or "")
    ident = str(tid or "")
    if ttype == "registration":
        name = names.get("registration", tid) or t("al.anonymous", lang)
        return t(key, lang, name=name)
    if ttype in ("registrations", "opinions"):
        count = detail.get("count") or len([x for x in ident.split(",") if x])
        return t(key, lang, count=count)
    found = names.get(ttype, tid) if ttype in _LOOKUPS else None
    if ttype in _LOOKUPS and found is None:
        found = str(detail.get("title") or detail.get("name") or f"#{ident}")
    return t(key, lang, id=ident, name=found or "")


def _value(key: str, value: Any, ttype: str | None, names: Names, lang: str) -> str:
    """One detail value in words (codes named, ids replaced by names)."""
    en = lang == "en"
    if isinstance(value, bool):
        return t(f"al.bool.{int(value)}", lang)
    if value is None or value == "":
        return "—"
    if key in ("status", "was", "old", "new"):
        code = str(value)
        if ttype in ("registration", "registrations"):
            return t(f"reg.status.{code}", lang) if en else REG_STATUSES.get(code, code)
        if ttype in ("opinion", "opinions"):
            return t(f"op.status.{code}", lang) if en else OPINION_STATUSES.get(code, code)
        if ttype == "survey":
            return t(f"al.survey.{code}", lang) if code in ("draft", "published", "closed") else code
        return t(f"event.status.{code}", lang) if en else EVENT_STATUSES.get(code, code)
    if key == "category":
        return t(f"cat.{value}", lang) if en else CATEGORIES.get(str(value), str(value))
    if key == "source":
        return t(f"op.source.{value}", lang) if en else OPINION_SOURCES.get(str(value), str(value))
    if key == "form":
        return t(f"form.{value}", lang)
    if key == "kind" and str(value) in ("plan", "materials", "summary", "other"):
        return t(f"al.kind.{value}", lang)
    if key == "event_id":
        name = names.get("event", value)
        return (f'"{name}"' if en else f"《{name}》") if name else f"#{value}"
    if key in ("unit_id",):
        return names.get("unit", value) or f"#{value}"
    if key == "survey":
        name = names.get("survey", value)
        return (f'"{name}"' if en else f"《{name}》") if name else f"#{value}"
    if key == "cohosts" and isinstance(value, list):
        return (
            "、".join(names.get("unit", u) or f"#{u}" for u in value)
            if not en
            else ", ".join(names.get("unit", u) or f"#{u}" for u in value)
        )
    if key == "role":
        return {"coordinator": ("政务公开办", "openness office"), "unit_staff": ("单位管理员", "unit staff")}.get(
            str(value), (str(value), str(value))
        )[int(en)]
    if key == "units" and value == "all":
        return "all units" if en else "全部单位"
    if key == "format":
        return str(value).upper()
    if key == "changed" and isinstance(value, list):
        return ("、" if not en else ", ").join(
            t(f"al.field.{f}", lang) if f"al.field.{f}" in CATALOGUE else str(f) for f in value
        )
    if key == "reason":  # a sentence of its own: no full stop before the next clause
        return str(value).rstrip("。. ")
    if isinstance(value, list):
        return ("、" if not en else ", ").join(map(str, value))
    if isinstance(value, dict):
        return ("、" if not en else ", ").join(f"{k}={v}" for k, v in value.items())
    return str(value)


# Detail keys the object already says (the event's title when the object is that event).
def _redundant(key: str, ttype: str | None, reg_event_known: bool) -> bool:
    if key in ("title", "name") and ttype in ("event", "survey", "unit", "campaign", "consultation"):
        return True
    if key == "count" and ttype in ("registrations", "opinions"):
        return True
    return key == "event_id" and ttype == "registration" and reg_event_known


def describe(entry: dict[str, Any], names: Names, lang: str = "zh") -> str:
    """One audit entry (``action, target_type, target_id, detail``) as a sentence in ``lang``."""
    action = str(entry.get("action") or "")
    ttype, tid = entry.get("target_type"), entry.get("target_id")
    detail = parse_detail(entry.get("detail"))
    verb = action_name(action, lang)
    obj = _object(ttype, tid, names, detail, lang)
    clauses: list[str] = []
    reg_event = names.reg_event.get(int(str(tid))) if ttype == "registration" and str(tid or "").isdigit() else None
    if reg_event is not None:
        clauses.append(t("al.d.event_id", lang, v=_value("event_id", reg_event, ttype, names, lang)))
    for key, value in detail.items():
        if _redundant(key, ttype, reg_event is not None) or key not in DETAILS or DETAILS[key] is None:
            continue
        if (key == "reason" and action == "event.cancel") or value is None:
            continue
        clauses.append(t(f"al.d.{key}", lang, v=_value(key, value, ttype, names, lang)))
    if action == "event.cancel":
        sentence = t("al.cancel", lang, obj=obj)
        if detail.get("reason"):
            clauses.insert(0, t("al.d.reason", lang, v=_value("reason", detail["reason"], ttype, names, lang)))
    elif not obj:
        sentence = verb
    elif action in OBJECT_FIRST:
        sentence = t("al.sentence_first", lang, verb=verb, obj=obj)
    elif lang == "zh" and any(verb.endswith(n) and obj.startswith(n) for n in _NOUNS):
        noun = next(n for n in _NOUNS if verb.endswith(n) and obj.startswith(n))
        sentence = verb + obj[len(noun) :]
    else:
        sentence = t("al.sentence", lang, verb=verb, obj=obj)
    if clauses:
        sentence += t("al.sep", lang) + t("al.sep", lang).join(clauses)
    return sentence
