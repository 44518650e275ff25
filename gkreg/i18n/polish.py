"""Strings of issue 11's last round: online cards, the ledger's deadline column, staff pages in English."""

from gkreg.labels import ROLES, UNIT_KINDS

# Export header rows; the Chinese are gkreg.exports.ATTENDEE_HEADERS and gkreg.opinions.listing.LEDGER_HEADERS
# (tests/test_staff_english.py checks they stay equal).
ATTENDEE_HEADERS = [
    "序号",
    "报名编号",
    "姓名",
    "类别",
    "手机号",
    "身份证号",
    "工作单位/职业",
    "状态",
    "报名方式",
    "签到时间",
    "报名时间",
]
_ATTENDEE_EN = [
    "No.",
    "Code",
    "Name",
    "Category",
    "Mobile",
    "ID number",
    "Employer / occupation",
    "Status",
    "Came by",
    "Checked in",
    "Signed up",
]
LEDGER_HEADERS = [
    "序号",
    "意见编号",
    "单位",
    "活动",
    "来源",
    "意见内容",
    "公开文本",
    "提出人",
    "手机号",
    "状态",
    "答复内容",
    "提交时间",
    "答复期限",
    "答复时间",
    "是否超期",
    "是否公示",
    "办理进展",
]
_LEDGER_EN = [
    "No.",
    "Opinion code",
    "Unit",
    "Event",
    "Source",
    "Opinion",
    "Public text",
    "From",
    "Mobile",
    "Status",
    "Answer",
    "Submitted",
    "Answer due",
    "Answered",
    "Overdue",
    "Published",
    "Progress",
]

# Copies of gkreg.surveys.STATES and gkreg.inspections.RECTIFICATION (importing those packages from the
# catalogue would import half of gkreg; tests/test_staff_english.py checks the copies stay equal).
SURVEY_STATES = {"draft": "草稿", "scheduled": "未开始", "open": "填写中", "ended": "已过截止时间", "closed": "已结束"}
RECTIFICATION = {"none": "无需整改", "done": "已整改", "open": "整改中", "overdue": "逾期未整改"}

_SURVEY_STATES_EN = {
    "draft": "Draft",
    "scheduled": "Not yet open",
    "open": "Open",
    "ended": "Past its closing time",
    "closed": "Closed",
}
_UNIT_KINDS_EN = {"township": "Township (subdistrict)", "department": "County department", "enterprise": "Public service unit"}
_ROLES_EN = {"coordinator": "Openness office", "unit_staff": "Unit staff"}
_RECTIFICATION_EN = {"none": "None needed", "done": "Rectified", "open": "Being rectified", "overdue": "Rectification late"}

STRINGS: dict[str, tuple[str, str]] = {
    **{f"ex.att.{n}": pair for n, pair in enumerate(zip(ATTENDEE_HEADERS, _ATTENDEE_EN, strict=True))},
    **{f"ex.lg.{n}": pair for n, pair in enumerate(zip(LEDGER_HEADERS, _LEDGER_EN, strict=True))},
    "ex.att.invited": ("定向邀请", "Invited"),
    "ex.att.public": ("社会报名", "Public sign-up"),
    "ex.att.no_title": ("活动", "event"),
    "ex.att.file": ("参加人员", "attendees"),
    "ex.att.sheet": ("参加人员", "Attendees"),
    "ex.att.title": ("{title} 参加人员名单", "{title}: attendee list"),
    "ex.att.meta": ("主办单位：{unit}　活动时间：{when}　活动地点：{place}", "Host: {unit}   Time: {when}   Place: {place}"),
    "ex.att.exported": ("导出时间：{at}（北京时间）", "Exported {at} (Beijing time)"),
    "ex.att.mask_note": (
        "身份证号已脱敏（只显示前3位和后4位）；名单含个人信息，请仅用于本次活动，妥善保管，用后删除。",
        "ID numbers are masked (first 3 and last 4 characters only). The list holds personal data: use it for"
        " this event only, keep it safe and delete it afterwards.",
    ),
    "ex.lg.overdue": ("超期", "Overdue"),
    "ex.lg.late": ("逾期答复", "Answered late"),
    "ex.lg.published": ("已公示", "Published"),
    "ex.lg.sheet": ("意见台账", "Opinion ledger"),
    **{f"sv.state.{k}": (v, _SURVEY_STATES_EN[k]) for k, v in SURVEY_STATES.items()},
    **{f"unit.kind.{k}": (v, _UNIT_KINDS_EN[k]) for k, v in UNIT_KINDS.items()},
    **{f"role.{k}": (v, _ROLES_EN[k]) for k, v in ROLES.items()},
    **{f"rect.{k}": (v, _RECTIFICATION_EN[k]) for k, v in RECTIFICATION.items()},
    "ev.capacity_help": (
        "每个开放点1至{max}人，其中至少三分之一留给群众代表。",
        "1 to {max} people per open day; at least one third of the seats are kept for citizens.",
    ),
    "w.paren": ("（{x}）", " ({x})"),
    "w.comma": ("，", ", "),
    "sv.responses_n": ("{n}份", "{n} responses"),
    "sv.people_n": ("{n}人", "{n} people"),
    "sv.qlabel": ("第{n}题“{q}”", 'Question {n} "{q}"'),
    "sv.template.政务公开社会评": ("政务公开社会评", "Public review of government openness"),
    "sv.template.政策评价": ("政策评价", "Policy evaluation"),
    "sv.rating_point": ("{k}分", "{k} pt"),
    "sv.question_no": ("第{n}题", "Question {n}"),
    "sv.survey_option": ("{title}（{state}，{n}份）", "{title} ({state}, {n} responses)"),
    # Charts (gkreg/charts.py): titles, axes, legends, tooltips, and the codes they name.
    "ch.empty": ("暂无数据", "No data yet"),
    "ch.signups": ("每日报名人数", "Sign-ups per day"),
    "ch.day": ("日期", "Date"),
    "ch.signups_day": ("当日报名", "Sign-ups that day"),
    "ch.cumulative": ("累计", "Running total"),
    "ch.signups_total": ("累计报名", "Sign-ups so far"),
    "ch.seats": ("近期活动名额使用（群众代表 / 特邀 / 容量）", "Seats at upcoming events (citizens / invited / capacity)"),
    "ch.invited": ("特邀人员", "Invited guests"),
    "ch.confirmed": ("已确认人数", "Confirmed people"),
    "ch.category": ("类别", "Category"),
    "ch.event": ("活动", "Event"),
    "ch.people": ("人数", "People"),
    "ch.capacity": ("容量", "Capacity"),
    "ch.citizen_share": ("群众代表占比", "Citizens' share"),
    "ch.reserved": ("群众代表保留名额（三分之一）", "Seats kept for citizens (one third)"),
    "ch.categories": ("已确认人员类别构成", "Confirmed people by category"),
    "ch.units": ("各单位活动及状态", "Events per unit and status"),
    "ch.events": ("活动场次", "Events"),
    "ch.status": ("状态", "Status"),
    "ch.unit": ("单位", "Unit"),
    "ch.opinions": ("各单位意见办理结果", "Opinion outcomes per unit"),
    "ch.opinion_count": ("意见条数", "Opinions"),
    "ch.handling": ("办理状态", "Handling"),
    "ch.deadlines": ("报道与答复期限执行情况", "Report and answer deadlines"),
    "ch.count": ("件数", "Items"),
    "ch.outcome": ("结果", "Outcome"),
    "ch.item": ("事项", "Item"),
    "ch.outcome.met": ("按期", "On time"),
    "ch.outcome.missed": ("逾期", "Late"),
    "ch.outcome.pending": ("未到期", "Not yet due"),
    "ch.kind.report": ("活动报道", "Event reports"),
    "ch.kind.response": ("意见答复", "Opinion answers"),
    "pub.card.stream": ("直播链接", "Live stream"),
    "pub.card.online_how": ("参与方式", "How to take part"),
    "pub.card.online_no_signup": ("在线收看或拨打热线，无需报名", "Watch online or call in; no sign-up"),
}
