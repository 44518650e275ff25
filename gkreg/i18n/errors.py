"""English for gkreg's error sentences (the core raises Chinese, CONTRACT §3; pages translate here).

Exact sentences first, then patterns with the values they carry. A sentence not listed stays Chinese.
This module has the public side (sign-up, look-ups, opinions, questionnaires) and the error classes'
defaults; gkreg/i18n/errors_more.py has the staff side. tests/test_error_english.py finds every sentence.

A pattern's English is a function of the match, or a ``str.format`` template of its named groups, where
these group names translate their value: ``label`` (a field's name), ``q`` (a question: 第3题“……”),
``status``/``status2`` (an opinion's status), ``category`` (a participant category), ``forms`` (event forms
joined by 、) and ``error`` (a whole error sentence).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gkreg.i18n import CATALOGUE, errors_more
from gkreg.i18n.audit_text import _FORMS_EN as _ONLINE_FORMS_EN
from gkreg.labels import CATEGORIES
from gkreg.outcomes import STATUSES

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
    # the error classes' defaults (gkreg/errors.py, gkreg/savepoints.py)
    "未找到对应的记录。": "Record not found.",
    "您没有权限进行此操作。": "You are not allowed to do this.",
    "当前状态下不能进行此操作。": "This cannot be done in the current state.",
    "通知渠道配置有误。": "The notice channel is set up wrongly.",
    "操作过于频繁，请稍后再试。": "Too many attempts; please try again later.",
    "系统繁忙，刚才的操作没有保存，请稍等片刻后再试一次。": "The system is busy and your last action was not saved; "
    "please wait a moment and try again.",
    "名额已满，未能保存。": "No places left; nothing was saved.",
    # sign-up and look-up
    "本场活动目前不接受报名。": "This event does not take sign-ups now.",
    "请填写短信中的6位数字验证码。": "Please enter the 6-digit code from the text message.",
    "验证码已过期或尚未获取，请点击“获取验证码”。": 'The code has expired or was not sent yet; please click "Send code".',
    "验证码输错次数过多，请重新获取。": "Too many wrong codes; please get a new one.",
    "验证码已发送，请1分钟后再重新获取。": "A code was sent; you can get another one in 1 minute.",
    "获取验证码过于频繁，请1小时后再试。": "Too many codes requested; please try again in 1 hour.",
    "请按图片输入验证码后再提交。": "Please type the characters shown in the picture before you submit.",
    "请输入报名时填写的11位手机号。": "Please enter the 11-digit mobile number you signed up with.",
    "请输入身份证号的最后6位（最后一位可能是X）。": "Please enter the last 6 characters of your ID number (the last may be X).",
    "人员类别不正确。": "Invalid participant category.",
    "社会公开报名仅限群众代表；人大代表、政协委员等由单位定向邀请。": "Public sign-up is for citizens only; "
    "NPC deputies, CPPCC members and other guests are invited by the unit.",
    "这是在线活动，无需报名，请按活动页面的链接或电话参与。": "This is an online event: no sign-up needed. "
    "Join by the link or phone number on the event page.",
    # opinions
    "意见编号或手机号不正确，请核对后重试。": "The opinion code or the phone number is wrong; please check and try again.",
    "该意见征集已截止，感谢关注。": "This consultation has closed. Thank you for your interest.",
    "该意见征集已结束。": "This consultation has ended.",
    "请至少填写一条意见。": "Please write at least one opinion.",
    **errors_more.EXACT,
}

LABELS = {
    "工作单位/职业": "Employer / occupation",
    "关注的问题": "Issues you care about",
    "意见内容": "Your opinion",
    "内容": "Text",
    "姓名": "Name",
    "手机号": "Mobile phone",
    # labels of the staff side
    "不通过的理由": "Reason for rejection",
    "事项说明": "Description",
    "公开文本": "Public text",
    "办理进展": "Progress",
    "加减分理由": "Reason for the points",
    "单位名称": "Unit name",
    "嘉宾单位": "Guest's organisation",
    "嘉宾姓名": "Guest's name",
    "嘉宾职务": "Guest's position",
    "备注": "Notes",
    "工作单位": "Employer",
    "征求意见稿": "Draft for comment",
    "征集主题": "Consultation topic",
    "报送内容": "Submission",
    "拟征集意见的决策事项": "Decision to consult on",
    "提问人": "Asked by",
    "时限名称": "Deadline name",
    "活动主题": "Event title",
    "活动介绍": "Event description",
    "活动地点": "Venue",
    "活动安排名称": "Campaign name",
    "活动开展情况": "Event report",
    "活动流程": "Programme",
    "活动议程": "Agenda",
    "督查发现的问题和情况": "Inspection findings",
    "短信签名": "SMS signature",
    "答复": "Reply",
    "职务或分工": "Position or duty",
    "联系人": "Contact person",
    "采纳结果": "Adoption result",
    "问卷标题": "Questionnaire title",
    "问卷说明": "Questionnaire description",
    "问题": "Question",
    "开始日期": "Start date",
    "结束日期": "End date",
    "计划备案截止日期": "Plan filing deadline",
    "督查日期": "Inspection date",
    "整改期限": "Rectification deadline",
    "活动报道期限": "Report deadline (workdays)",
    "意见答复期限": "Reply deadline (workdays)",
    "每个单位最少开放次数": "Minimum open days per unit",
    "照片": "Photo",
    "活动前一天提醒短信的发送时间（时）": "Hour of the reminder text the day before",
    "工作提醒邮件的发送时间（时）": "Hour of the work reminder e-mail",
    # the site's texts (gkreg/site.py FIELDS)
    "县（区）名称": "County (district) name",
    "县（区）名称（英文）": "County (district) name in English",
    "主办单位": "Host",
    "主办单位（英文）": "Host in English",
    "联系电话": "Phone",
    "联系地址": "Address",
    "ICP备案号": "ICP licence number",
    "公安备案号": "Public security filing number",
    # the assessment's criteria (gkreg/assessment.py CRITERIA)
    "开放次数达标": "Required open days held",
    "计划按时备案": "Plan filed on time",
    "群众代表不少于三分之一": "Citizens at least one third",
    "活动报道按期发布": "Report published on time",
    "意见按期答复": "Opinions answered on time",
    "意见采纳率": "Adoption rate",
    "开展问卷调查": "Questionnaire run",
    "材料按时报送": "Plans, materials and summaries on time",
}
STATUS_EN = {zh: CATALOGUE[f"op.status.{code}"][1] for code, zh in STATUSES.items()}
CATEGORY_EN = {zh: CATALOGUE[f"cat.{code}"][1] for code, zh in CATEGORIES.items()}
FORMS_EN = {key[5:]: en for key, (_zh, en) in CATALOGUE.items() if key.startswith("form.")} | _ONLINE_FORMS_EN
VERBS = {
    "请选择一项": "please choose one",
    "请至少选择一项": "please choose at least one",
    "请打分": "please rate it",
    "请填写": "please answer it",
}

_QUESTION = r"第(?P<n>\d+)题“(?P<q>.*)”"
PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str] | str]] = [
    (re.compile(r"^请填写第(?P<n>\d+)题的题目。$"), lambda m: f"Please write the text of question {m['n']}."),
    (  # before the same sentence about a field (a question ends in 的回答)
        re.compile(r"^(?P<q>.+)的回答不能超过(?P<limit>\d+)个字（现在(?P<now>\d+)个字）。$"),
        "{q}: at most {limit} characters (now {now}).",
    ),
    (re.compile(r"^请填写(?P<label>.+)。$"), lambda m: f"Please fill in: {LABELS.get(m['label'], m['label'])}."),
    (
        re.compile(r"^(?P<label>.+)不能超过(?P<n>\d+)个字（现在(?P<m>\d+)个字）。$"),
        lambda m: f"{LABELS.get(m['label'], m['label'])}: at most {m['n']} characters (now {m['m']}).",
    ),
    (re.compile(r"^报名尚未开始，开始时间：(?P<at>.+)。$"), lambda m: f"Sign-up has not opened yet; it opens {m['at']}."),
    (
        re.compile(rf"^{_QUESTION}为必答题，(?P<verb>.+)。$"),
        lambda m: f'Question {m["n"]} ("{m["q"]}") is required: {VERBS.get(m["verb"], "please answer it")}.',
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
    (
        re.compile(
            r"^从您所在的网络提交的报名太多，为防止名额被程序抢占，请在(?P<n>\d+)分钟后再报名；如有急事请致电活动主办单位。$"
        ),
        "Too many sign-ups came from your network. To keep places from being grabbed by programs, please sign up again "
        "in {n} minutes; if it is urgent, call the host unit.",
    ),
    (re.compile(r"^验证码不正确，还可以再试(?P<n>\d+)次。$"), "The code is wrong; {n} tries left."),
    (
        re.compile(
            r"^这个手机号已为本场活动报名(?P<n>\d+)人，不能再用它报名。请每位报名人填写自己的手机号；要改报名信息，请先凭报名编号取消原报名。$"
        ),
        "This phone number has already signed up {n} people for this event and cannot sign up more. Each person should "
        "give their own phone number; to change a sign-up, first cancel it with its registration code.",
    ),
    (re.compile(r"^第(?P<n>\d+)条：(?P<error>.+)$"), "Opinion {n}: {error}"),
    # questionnaire answers; a question is named 第3题“……” (gkreg/surveys/validation.py label())
    (
        re.compile(r"^(?P<q>.+)为必答题，(?P<verb>.+)。$"),
        lambda m: f"{_question(m['q'])} is required: {VERBS.get(m['verb'], 'please answer it')}.",
    ),
    (re.compile(r"^(?P<q>.+)的答案不是该题的选项。$"), "{q}: the answer is not one of its options."),
    (re.compile(r"^(?P<q>.+)为多选题，答案应为选项列表。$"), "{q} is multiple choice: the answer should be a list of options."),
    (re.compile(r"^(?P<q>.+)的答案中有不属于该题的选项。$"), "{q}: the answer has options that are not in the question."),
    (re.compile(r"^(?P<q>.+)应打1至5分。$"), "{q}: please rate it from 1 to 5."),
    (re.compile(r"^(?P<q>.+)的答案应为文字。$"), "{q}: the answer should be text."),
    *errors_more.PATTERNS,
    (re.compile(r"^(?P<label>.+)不正确。$"), "{label}: invalid."),  # the most general, last
]


def _question(name: str) -> str:
    """第3题“……” as Question 3 ("……"); anything else as it is."""
    match = re.fullmatch(_QUESTION, name)
    return f'Question {match["n"]} ("{match["q"]}")' if match else name


def _value(group: str, value: str | None) -> str:
    """A pattern's captured value, in English where its group name says what it is."""
    if value is None:
        return ""
    if group.startswith("label"):
        named = re.fullmatch(r"(?P<label>.+?)“(?P<name>.+)”", value)  # 照片“a.jpg”: a label and a name
        if named and named["label"] in LABELS:
            return f'{LABELS[named["label"]]} "{named["name"]}"'
        return LABELS.get(value, value)
    if group == "q":
        return _question(value)
    if group.startswith("status"):
        return STATUS_EN.get(value, value)
    if group == "category":
        return CATEGORY_EN.get(value, value)
    if group == "forms":  # 领导接听、政府访谈
        return ", ".join(FORMS_EN.get(form, form) for form in value.split("、"))
    if group == "error":
        return error_in(value, "en")
    return value


def error_in(message: str, lang: str) -> str:
    """``message`` (a gkreg error sentence) in ``lang``; Chinese stays as it is."""
    if lang != "en":
        return message
    if message in EXACT:
        return EXACT[message]
    for pattern, build in PATTERNS:
        match = pattern.match(message)
        if match:
            if isinstance(build, str):
                return build.format(**{group: _value(group, value) for group, value in match.groupdict().items()})
            return build(match)
    return message
