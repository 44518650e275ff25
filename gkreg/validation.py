"""Input checks shared by every use case. Each returns the cleaned value or raises
ValidationError with a Chinese sentence naming the field."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from stdnum import numdb
from stdnum.cn import ric

from .errors import ValidationError

NAME_RE = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fffA-Za-z ·•]{1,30}$")
MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$", re.ASCII)
ID_RE = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789XX")

# Length limits on free text, so nobody can fill the disk through a form.
LIMITS = {
    "title": 100,
    "location": 200,
    "description": 5000,
    "note": 500,
    "reason": 500,
    "organization": 100,
    "topic": 500,
    "display_name": 50,
    "unit_name": 100,
    "content": 5000,
    "response": 5000,
}


def clean_name(value: str | None, field: str = "name") -> str:
    name = " ".join((value or "").split())
    if not name:
        raise ValidationError("请填写姓名。", field=field)
    if not NAME_RE.match(name):
        raise ValidationError("姓名应为1至30个汉字或字母，可含空格和“·”。", field=field)
    return name.replace("•", "·")


def clean_phone(value: str | None, field: str = "phone") -> str:
    phone = re.sub(r"[\s\-]", "", value or "").translate(_FULL_WIDTH)
    if phone.startswith("+86"):
        phone = phone[3:]
    if not phone:
        raise ValidationError("请填写手机号。", field=field)
    if not MOBILE_RE.match(phone):
        raise ValidationError("手机号应为11位中国大陆手机号码，例如 13800138000。", field=field)
    return phone


def clean_id_number(value: str | None, field: str = "id_number", today: dt.date | None = None) -> str:
    """GB 11643 check: length, check digit, real past birth date, known region code.

    The region code is looked up in every era of the national list, not matched
    against the birth year: a number keeps the code it was issued under.
    """
    # Full-width digits and Ｘ (typed with a Chinese input method) become ASCII; any other digit-like
    # character (superscripts, other scripts) is refused here rather than crashing the check-digit
    # arithmetic with the number inside the exception text.
    number = re.sub(r"\s", "", value or "").translate(_FULL_WIDTH).upper()
    if not number:
        raise ValidationError("请填写身份证号。", field=field)
    if not ID_RE.fullmatch(number):
        raise ValidationError("身份证号应为18位，前17位为数字，最后一位为数字或X。", field=field)
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError("身份证号校验位不正确，请核对后重新输入。", field=field)
    try:
        birth = ric.get_birth_date(number)
    except Exception:
        raise ValidationError("身份证号中的出生日期不存在，请核对。", field=field) from None
    if birth > (today or dt.date.today()) or birth.year < 1880:
        raise ValidationError("身份证号中的出生日期不正确，请核对。", field=field)
    if not region_exists(number[:6]):
        raise ValidationError("身份证号中的地区代码不存在，请核对。", field=field)
    return number


@lru_cache(maxsize=8192)
def region_exists(code: str) -> bool:
    info = {k: v for _part, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    return bool(info.get("county"))


# Fields typed over several lines: newline and tab stay; everywhere else they become a space.
MULTILINE = frozenset({"description", "note", "reason", "topic", "content", "response", "answer", "body", "summary", "progress"})
# Zero-width characters and direction overrides: invisible, and able to make text read differently
# from what is stored (a reversed phone number, a hidden word). Never part of what someone meant.
_INVISIBLE_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\u00ad\u061c]")
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_RE = re.compile("[\t\n]")


def clean_free_text(value: str | None, *, multiline: bool = True) -> str:
    """Typed text without control, zero-width or direction-override characters.

    ``\r\n`` becomes ``\n``; newline and tab stay only in multi-line text (elsewhere a space).
    """
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE_RE.sub("", _CONTROL_RE.sub("", text))
    if not multiline:
        text = _LINE_RE.sub(" ", text)
    return text


def clean_text(value: str | None, field: str, *, required: bool = False, label: str = "内容") -> str:
    text = clean_free_text(value, multiline=field in MULTILINE).strip()
    if required and not text:
        raise ValidationError(f"请填写{label}。", field=field)
    limit = LIMITS.get(field, 500)
    if len(text) > limit:
        raise ValidationError(f"{label}不能超过{limit}个字（现在{len(text)}个字）。", field=field)
    return text


def clean_choice(value: str, allowed: dict[str, str] | tuple[str, ...], field: str, label: str) -> str:
    if value not in allowed:
        raise ValidationError(f"{label}不正确。", field=field)
    return value
