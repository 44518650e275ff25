"""English for gkreg's error sentences (the core raises Chinese, CONTRACT §3; pages translate here).

Exact sentences first, then patterns with the values they carry. A sentence not listed stays Chinese.
"""

from __future__ import annotations

import re

STRINGS: dict[str, tuple[str, str]] = {}  # (a catalogue area with no keys of its own)

EXACT: dict[str, str] = {
    "请填写姓名。": "Please enter your name.",
    "姓名应为1至30个汉字或字母，可含空格和“·”。": 'A name is 1 to 30 Chinese characters or letters; spaces and "·" are allowed.',
    "请填写手机号。": "Please enter your mobile number.",
    "手机号应为11位中国大陆手机号码，例如 13800138000。": "A mobile number has 11 digits, e.g. 13800138000.",
    "请填写身份证号。": "Please enter your ID number.",
    "身份证号应为18位，前17位为数字，最后一位为数字或X。": "An ID number has 18 characters: 17 digits, then a digit or X.",
    "身份证号校验位不正确，请核对后重新输入。": "The ID number's check digit is wrong; please check it.",
    "身份证号中的出生日期不存在，请核对。": "The birth date in the ID number does not exist; please check it.",
    "身份证号中的出生日期不正确，请核对。": "The birth date in the ID number is wrong; please check it.",
    "身份证号中的地区代码不存在，请核对。": "The region code in the ID number does not exist; please check it.",
    "请阅读并同意《个人信息处理告知》后再提交。": "Please read and accept the privacy notice before you submit.",
    "报名编号或手机号不正确，请核对后重试。": "The code or the phone number is wrong; please check and try again.",
    "该身份证号已报名本场活动，请勿重复报名。可凭报名编号查询。": "This ID number has already signed up for this event. "
    "Use your registration code to look it up.",
    "本场活动目前不接受报名（名单已确定或活动未发布）。": "This event does not take sign-ups now (the list is final or "
    "the event is not published).",
    "本场活动报名已截止。": "Sign-up for this event has closed.",
    "本场活动当前不在报名时间内。": "Sign-up for this event is not open now.",
    "该报名已取消或未通过，无需再取消。": "This sign-up is already cancelled or was not accepted.",
    "活动已举办，不能再取消报名。": "The event has taken place; the sign-up can no longer be cancelled.",
    "未找到该活动。": "Event not found.",
    "未找到该单位。": "Unit not found.",
    "未找到该问卷。": "Questionnaire not found.",
    "名额已满。": "No places left.",
    "请选择意见所涉及的单位或活动。": "Please choose the unit or event your opinion is about.",
    "所选活动不属于所选单位。": "The chosen event does not belong to the chosen unit.",
    "留下手机号需先阅读并同意《个人信息处理告知》；不愿留手机号可清空后提交。": (
        "To leave a phone number, please accept the privacy notice; or clear the number and submit."
    ),
    "留下联系方式需先勾选同意《个人信息处理说明》。": "To leave contact details, please accept the privacy notice.",
    "该问卷尚未发布。": "This questionnaire is not published.",
    "该问卷尚未开始填写。": "This questionnaire has not opened yet.",
    "该问卷已过截止时间。": "This questionnaire has closed.",
    "该问卷已结束。": "This questionnaire has ended.",
    "答案格式不正确。": "The answers are not in the right form.",
    "输入的信息有误，请检查后重试。": "Some input is wrong; please check and try again.",
    "操作未能完成。": "That could not be done.",
}

LABELS = {
    "工作单位/职业": "Employer / occupation",
    "关注的问题": "Issues you care about",
    "意见内容": "Your opinion",
    "内容": "Text",
    "姓名": "Name",
    "手机号": "Mobile phone",
}
VERBS = {
    "请选择一项": "please choose one",
    "请至少选择一项": "please choose at least one",
    "请打分": "please rate it",
    "请填写": "please answer it",
}

_QUESTION = r"第(?P<n>\d+)题“(?P<q>.*)”"
PATTERNS: list[tuple[re.Pattern[str], object]] = [
    (re.compile(r"^请填写第(?P<n>\d+)题的题目。$"), lambda m: f"Please write the text of question {m['n']}."),
    (re.compile(r"^请填写(?P<label>.+)。$"), lambda m: f"Please fill in: {LABELS.get(m['label'], m['label'])}."),
    (
        re.compile(r"^(?P<label>.+)不能超过(?P<n>\d+)个字（现在(?P<m>\d+)个字）。$"),
        lambda m: f"{LABELS.get(m['label'], m['label'])}: at most {m['n']} characters (now {m['m']}).",
    ),
    (re.compile(r"^报名尚未开始，开始时间：(?P<at>.+)。$"), lambda m: f"Sign-up has not opened yet; it opens {m['at']}."),
    (
        re.compile(rf"^{_QUESTION}为必答题，(?P<verb>.+)。$"),
        lambda m: f"Question {m['n']} (“{m['q']}”) is required: {VERBS.get(m['verb'], 'please answer it')}.",
    ),
    (re.compile(rf"^{_QUESTION}应打1至5分。$"), lambda m: f"Question {m['n']}: please rate it from 1 to 5."),
    (
        re.compile(rf"^{_QUESTION}的回答不能超过(?P<limit>\d+)个字（现在(?P<now>\d+)个字）。$"),
        lambda m: f"Question {m['n']}: at most {m['limit']} characters (now {m['now']}).",
    ),
    (
        re.compile(r"^问卷共有(?P<a>\d+)道题，收到了(?P<b>\d+)个答案，请刷新后重新填写。$"),
        lambda m: f"The questionnaire has {m['a']} questions but {m['b']} answers came; please reload and answer again.",
    ),
]


def error_in(message: str, lang: str) -> str:
    """``message`` (a gkreg error sentence) in ``lang``; Chinese stays as it is."""
    if lang != "en":
        return message
    if message in EXACT:
        return EXACT[message]
    for pattern, build in PATTERNS:
        match = pattern.match(message)
        if match:
            return build(match)  # type: ignore[operator]
    return message
