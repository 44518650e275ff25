"""SMS texts: one template per notice type, editable by the coordinator, each can be switched off.

A text is ``【signature】`` plus the filled template and never exceeds 134 characters
(two SMS segments with room for the gateway's own suffix): the longest free-text
value (event title, reason, place) is shortened with "…" until it fits. No
template ever has the ID number to hand: the parameters are built from the
registration's public fields only.
"""

from __future__ import annotations

import json
import re
import string
from collections import Counter
from typing import Any

from ..errors import ValidationError

MAX_SMS = 134
SETTING_PREFIX = "notify."

# Notice types sent to citizens by SMS, in the order /admin lists them.
DEFAULT_TEMPLATES: dict[str, str] = {
    "received": "您报名的“{title}”（{date}）已收到，报名编号{code}。{result}",
    "approved": "您报名的“{title}”已审核通过，时间{date}，地点{location}，报名编号{code}，请准时参加。",
    "rejected": "很抱歉，您报名的“{title}”（{date}）未通过审核，原因：{reason}。报名编号{code}。",
    "waitlisted": "您报名的“{title}”（{date}）名额已满，已列入候补第{position}位，递补成功将短信告知。报名编号{code}。",
    "promoted": "您候补的“{title}”已递补成功，时间{date}，地点{location}，报名编号{code}，请准时参加。",
    "changed": "您报名的“{title}”时间地点有变：{date}，{location}。报名编号{code}。",
    "cancelled": "很抱歉，“{title}”（{date}）已取消，您的报名（编号{code}）随之取消。",
    "withdrawn": "您报名的“{title}”（{date}）已被主办单位取消，报名编号{code}。如有疑问请联系主办单位。",
    "reminder": "提醒：您报名的“{title}”将于{date}在{location}举行，请携带身份证准时参加，报名编号{code}。",
    "answered": "您提交的意见（编号{code}）已有办理答复，可在网站“意见建议”页凭编号和手机号查询。",
}
# Sent whatever the switches say: a verification code is not a notice one can turn off.
FIXED_TEMPLATES: dict[str, str] = {
    "phone_code": "您的报名验证码为{code}，5分钟内有效。如非本人操作请忽略。",
}
# The ``{result}`` of a received sign-up, by the status it got.
RECEIVED_RESULT = {
    "pending": "单位审核后将短信告知结果。",
    "confirmed": "报名成功，请准时参加。",
    "waitlisted": "名额已满，您为候补第{position}位，递补成功将短信告知。",
}
PARAMS: dict[str, tuple[str, ...]] = {
    "received": ("title", "date", "code", "result", "location", "position"),
    "approved": ("title", "date", "location", "code"),
    "rejected": ("title", "date", "code", "reason"),
    "waitlisted": ("title", "date", "code", "position", "location"),
    "promoted": ("title", "date", "location", "code"),
    "changed": ("title", "date", "location", "code"),
    "cancelled": ("title", "date", "location", "code"),
    "withdrawn": ("title", "date", "location", "code"),
    "reminder": ("title", "date", "location", "code"),
    "answered": ("code",),
    "phone_code": ("code",),
}
# Free text that may be shortened to make a message fit, in the order tried.
SHORTENABLE = ("title", "reason", "location", "result")
SAMPLE = {
    "title": "走进教育局：义务教育招生入学政策面对面",
    "date": "5月15日 09:30",
    "code": "K7M2Q9XB",
    "location": "机关一楼会议室",
    "reason": "非本县常住居民",
    "position": 2,
    "result": RECEIVED_RESULT["pending"],
}


def county_name(unit_names: list[str]) -> str:
    """The county most units are named after (示范县教育局 → 示范县), else ''."""
    found = Counter(m.group(1) for n in unit_names if (m := re.match(r"^(.{1,8}?[县旗区市])", n)))
    return found.most_common(1)[0][0] if found else ""


def default_signature(unit_names: list[str]) -> str:
    return f"{county_name(unit_names)}政务公开"


def fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def check_template(kind: str, template: str) -> str:
    """A template the coordinator typed: known placeholders only, not empty, fits a short event."""
    template = (template or "").strip()
    if not template:
        raise ValidationError("短信模板不能为空。", field="template")
    try:
        unknown = fields_of(template) - set(PARAMS[kind])
    except ValueError:
        raise ValidationError("模板中的花括号不成对：占位符应写成 {title} 这样。", field="template") from None
    if unknown:
        raise ValidationError(
            "模板中有不认识的占位符："
            + "、".join("{" + u + "}" for u in sorted(unknown))
            + "；可用："
            + "、".join("{" + p + "}" for p in PARAMS[kind]),
            field="template",
        )
    if "{code}" not in template and kind in ("received", "phone_code"):
        raise ValidationError("该短信必须包含编号 {code}。", field="template")
    return template


def render(template: str, signature: str, params: dict[str, Any], limit: int = MAX_SMS) -> str:
    """``【signature】`` + the filled template, shortened to ``limit`` characters."""
    values = {k: ("" if v is None else str(v)) for k, v in params.items()}
    head = f"【{signature}】" if signature else ""
    text = head + template.format_map(_Blank(values))
    for name in SHORTENABLE:
        overflow = len(text) - limit
        if overflow <= 0:
            break
        value = values.get(name, "")
        if name not in fields_of(template) or len(value) <= 2:
            continue
        keep = max(1, len(value) - overflow - 1)
        values[name] = value[:keep] + "…"
        text = head + template.format_map(_Blank(values))
    return text[:limit]


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def dump(params: dict[str, Any]) -> str:
    return json.dumps(params, ensure_ascii=False, default=str)
