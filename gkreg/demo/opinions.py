"""Demo opinions in every status (some overdue, some published) and two consultations.

Every opinion goes through the real use cases (``od.opinions``), each step at its own moment
(``timeline.at``): a citizen's online opinion, forum notes typed in by the unit's clerk after the
meeting, hotline and questionnaire items entered by the clerk, then "processing" with a progress
note, the answer, and publication on the public ledger. Due dates, audit entries and the "answered"
text messages are therefore made the way the app makes them; the due date is computed from the
moved clock, i.e. from the moment the opinion came in.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import clock
from ..outcomes import DECIDED
from ..workdays import add_workdays
from .clerks import unit_clerk
from .people import fake_name, fake_phone
from .timeline import at, office_hours

if TYPE_CHECKING:
    from .. import OpenDay

# The demo unit's clerk finds at least one overdue opinion waiting: a forum note left unanswered.
EDU_OVERDUE = "建议在学校门口设置家长等候区，雨天接孩子不用站在马路边。"
# One published opinion carries a personal detail that the clerk removes from the public text.
PERSONAL_DETAIL = "（我住城关街道幸福小区3号楼，电话在留言里。）"

# Per unit (the demo's base names): (content, status, response); a unit cycles through its own list.
DEMO_OPINIONS: dict[str, list[tuple[str, str, str]]] = {
    "示范县教育局": [
        (
            "希望学校周边上下学时段增加交通疏导，接送孩子的车辆太拥堵。",
            "partially_adopted",
            "已协调交警部门在上下学高峰安排护学岗；增设临时停车区需规划审批，正在研究。",
        ),
        (
            "建议把课后服务延长到晚上七点，方便双职工家庭。",
            "not_adopted",
            "课后服务时间按省里规定执行，目前延长至18:00；学校可根据家长需求提供弹性离校。",
        ),
        (
            "请问义务教育招生的划片范围什么时候公布？",
            "answered",
            "划片范围每年5月中旬在县政府门户网站和各学校公告栏公布，可拨打12345咨询。",
        ),
        (
            "建议学校食堂每月公开食材采购价格和供应商。",
            "adopted",
            "已要求各校自下月起每月在校务公开栏和家长群公布食材采购价格及供应商。",
        ),
        ("课后服务的社团种类太少，希望增加科技和体育类。", "processing", ""),
    ],
    "示范县卫生健康局": [
        ("家庭医生签约后一年也没见过医生上门，希望落实随访。", "processing", ""),
        ("县医院急诊等候区座位太少，晚上陪护家属只能站着。", "adopted", "急诊等候区已增加座椅40个，并开放夜间陪护休息室。"),
        (
            "希望社区卫生服务中心周末也能打疫苗。",
            "partially_adopted",
            "城区两家社区卫生服务中心周六上午开放预防接种；其他中心视人员情况逐步开放。",
        ),
    ],
    "示范县住房和城乡建设局": [
        (
            "老旧小区改造时能否同步加装电梯，费用怎么分摊？",
            "answered",
            "加装电梯按《示范县既有住宅加装电梯实施办法》执行，政府补助每台15万元，其余由业主协商分摊。",
        ),
        ("改造工地晚上十点后还在施工，影响休息。", "adopted", "已责令施工单位22:00后停止高噪声作业，并设立投诉电话。"),
        ("建议小区改造方案开工前在小区内公示。", "adopted", "改造方案一律在小区公告栏公示7天并召开居民议事会后开工。"),
    ],
    "示范县市场监督管理局": [
        ("建议公开食品快检结果，并在农贸市场设置公示屏。", "adopted", "快检结果已每周在市场公示屏和县市场监管局网站公开。"),
        (
            "网上投诉后很久没有回复，希望告知处理进度。",
            "partially_adopted",
            "投诉件已实行短信告知受理和办结节点；疑难件办理时限按规定执行。",
        ),
        ("希望执法检查时邀请群众代表观摩。", "received", ""),
    ],
    "示范县人力资源和社会保障局": [
        (
            "希望招聘会多安排适合40岁以上人员的岗位。",
            "answered",
            "下月“就业援助月”专场将设置大龄劳动者专区，届时在人社局公众号发布岗位信息。",
        ),
        ("社保卡补办要跑两次，能否当场制卡？", "adopted", "政务服务中心社保窗口已配备即时制卡设备，补办当场取卡。"),
        ("灵活就业人员缴费档次能不能再多几档？", "not_adopted", "缴费档次由省级统一确定，县里无权调整；已将意见向上级反映。"),
    ],
    "示范县行政审批服务局": [
        ("审批窗口中午能否不休息，方便上班族办事？", "adopted", "自下月起政务服务中心实行午间不间断服务。"),
        ("开办企业的材料清单能不能一次说清楚？", "adopted", "已编制《开办企业一次告知单》，在网上和窗口同步提供。"),
        ("希望增加周末预约办理。", "processing", ""),
    ],
    "示范县医疗保障局": [
        (
            "医保报销的材料清单能不能做成一页纸，网上能下载？",
            "adopted",
            "已制作《医保报销一次告知单》，可在政务服务网下载，窗口也免费提供。",
        ),
        ("长期护理保险的评估要等多久？", "answered", "申请受理后20个工作日内完成失能评估，结果短信告知。"),
        ("异地就医备案手续太复杂。", "partially_adopted", "已开通手机备案；部分特殊病种仍需线下提交材料。"),
    ],
    "城关街道办事处": [
        (
            "社区助餐点的价格偏高，希望对高龄老人再给些补贴。",
            "partially_adopted",
            "80周岁以上老人每餐补贴提高2元；其他年龄段补贴标准按县里统一政策执行。",
        ),
        ("网格员能不能把联系电话贴在每栋楼下？", "adopted", "各网格员联系方式已张贴到每个单元门口。"),
        ("小区垃圾分类点太远，老人不方便。", "received", ""),
    ],
    "东城街道办事处": [
        ("背街小巷的路灯坏了很久没人修，希望尽快处理。", "processing", ""),
        ("建设路菜市场周边占道经营严重。", "adopted", "已划定临时疏导点，早晚高峰安排巡查。"),
        ("社区议事会的议题能否提前在群里公布？", "adopted", "议题于会前3天在社区公众号和居民群公布。"),
    ],
    "马站镇人民政府": [
        ("高标准农田建好后的管护责任不清楚，建议明确到村。", "received", ""),
        ("村里的垃圾转运车每周只来一次，夏天有异味。", "adopted", "夏季（6—9月）垃圾转运调整为每周三次。"),
        (
            "乡村振兴示范片的项目资金使用情况希望公开。",
            "partially_adopted",
            "项目资金已在村务公开栏公示；明细账目可到镇财政所查阅。",
        ),
    ],
    "许家湖镇人民政府": [
        ("镇联席会议能否允许更多群众列席？", "not_adopted", "会议室容量有限，每次列席名额为10人，按报名先后确定。"),
        ("农田水渠年久失修，灌溉困难。", "processing", ""),
        ("希望镇政府开放日安排在农闲时节。", "adopted", "明年起开放日安排在农闲的11月举行。"),
    ],
    "示范县政务服务中心": [
        ("12345热线领导接听的时间能否提前公布？", "adopted", "领导接听安排提前一周在县政府网站和公众号公布。"),
        ("“一窗通办”有些事项还要到部门窗口补材料。", "processing", ""),
        ("自助服务区的机器经常故障。", "answered", "已与设备厂家签订维保协议，故障2小时内响应。"),
    ],
    "示范县自来水公司": [
        ("建议水厂开放参观常态化，每季度一次，学生可以组团参加。", "received", ""),
        ("水价调整前能否召开听证会？", "answered", "水价调整依法由县发展改革局组织听证，时间地点提前30天公告。"),
        ("停水通知发得太晚，希望提前一天短信通知。", "adopted", "计划停水已提前24小时短信和公众号通知。"),
    ],
}
GENERAL_OPINIONS = [
    (
        "建议在开放日增加政策解读的互动环节，让群众多提问。",
        "adopted",
        "感谢建议。下一期开放日已增设30分钟互动问答环节，由业务科室负责人现场答疑。",
    ),
    (
        "建议开放日活动提前一周公布报名结果，方便请假安排。",
        "not_adopted",
        "报名结果一般在活动前3个工作日确定，以便候补群众递补；确定后会短信通知。",
    ),
]
DEMO_PROGRESS = [
    "已转交业务科室研究办理。",
    "已与相关部门会商，形成初步方案。",
    "已实地查看，正在制定整改计划。",
    "方案已报分管领导审定。",
]


def _between(rng: random.Random, earliest: dt.datetime, wanted: dt.datetime, latest: dt.datetime) -> dt.datetime:
    """``wanted`` moved into [earliest, latest]: a moment that would lie beyond ``latest`` falls somewhere
    in the span instead (clamped to ``latest``, every late step would share one second)."""
    if wanted > latest:
        wanted = earliest + (latest - earliest) * rng.uniform(0.3, 0.95)
    chosen = min(max(wanted, earliest), latest)
    shifted = office_hours(chosen)
    return shifted if shifted <= latest else chosen


@dataclass
class _Opinion:
    """One opinion's story: who raised it and how, and what the unit did with it when."""

    unit_id: int
    event_id: int | None
    clerk: str
    source: str
    content: str
    submitted: dt.datetime
    name: str = ""
    phone: str = ""
    status: str = "received"
    response: str = ""
    progress: tuple[dt.datetime, str] | None = None  # (when, note): "processing" with this note
    responded: dt.datetime | None = None
    published: dt.datetime | None = None
    public_content: str | None = None
    opinion_id: int = 0
    steps: list[tuple[dt.datetime, str]] = field(default_factory=list)


def seed_demo(od: OpenDay, rng: random.Random, scale: int = 1) -> None:
    """Opinions from the demo events in every status (some overdue, some published) and two consultations."""
    now = clock.now()
    latest = now - dt.timedelta(minutes=2)  # nothing is dated in the future, not even by the seconds a step takes
    events = od.db.rows(
        "SELECT id, unit_id, starts_at, ends_at, status, form,"
        " EXISTS (SELECT 1 FROM event_online o WHERE o.event_id = events.id) AS online FROM events ORDER BY starts_at, id"
    )
    due_days = od.opinions.due_workdays()
    unit_names = {r["id"]: r["name"].split("（")[0] for r in od.db.rows("SELECT id, name FROM units")}
    edu = od.db.scalar("SELECT id FROM units WHERE name = '示范县教育局'")
    # The bureau's first open day held a month or more ago: one of its forum notes is still unanswered.
    edu_event = next(
        (
            e["id"]
            for e in events
            if e["unit_id"] == edu
            and not e["online"]
            and e["status"] not in ("draft", "cancelled")
            and clock.parse_required(e["starts_at"]) < now - dt.timedelta(days=30)
        ),
        None,
    )
    queues: dict[int, list[tuple[str, str, str]]] = {}
    general = list(GENERAL_OPINIONS)
    stories: list[_Opinion] = []
    forum_batches: list[tuple[dt.datetime, int, list[_Opinion]]] = []  # (when, event, notes) typed in after the meeting
    for event in events:
        if event["status"] in ("draft", "cancelled") or event["online"]:
            continue
        starts = clock.parse_required(event["starts_at"])
        ends = clock.parse(event["ends_at"]) or starts + dt.timedelta(hours=2)
        past = starts < now
        clerk = unit_clerk(od, event["unit_id"])
        count = rng.randrange(2, 5) if past else rng.randrange(0, 3)
        own = queues.setdefault(event["unit_id"], list(DEMO_OPINIONS.get(unit_names.get(event["unit_id"], ""), [])))
        forum_at = min(office_hours(ends + dt.timedelta(minutes=rng.randrange(30, 150))), latest - dt.timedelta(hours=1))
        forum: list[_Opinion] = []
        for _ in range(count):
            # Each opinion is raised once (the same words twice would read as generated); the county-wide
            # ones go to the first units that run out of their own.
            queue = own or general
            if not queue:
                break
            content, status, response = queue.pop(0)
            if past:
                source = "forum" if rng.random() < 0.75 else rng.choice(["online", "survey", "hotline"])
                submitted = forum_at
                if source != "forum":
                    submitted = starts + dt.timedelta(days=rng.randrange(0, 5), hours=rng.randrange(3, 9))
                    if source != "online":  # typed in by the clerk
                        submitted = office_hours(submitted)
                if now - starts < dt.timedelta(days=4) and status != "answered":
                    status, response = rng.choice((("received", ""), ("processing", "")))  # too fresh to be decided
            else:
                source = "online"
                submitted = now - dt.timedelta(days=rng.randrange(0, 6), minutes=rng.randrange(0, 600))
                status, response = ("received", "") if rng.random() < 0.7 else ("processing", "")
            submitted = min(submitted, now - dt.timedelta(hours=1))
            named = rng.random() < 0.7
            story = _Opinion(
                unit_id=event["unit_id"],
                event_id=event["id"],
                clerk=clerk,
                source=source,
                content=content,
                submitted=submitted,
                name=fake_name(rng) if named else "",
                phone=fake_phone(rng) if (named and source in ("online", "hotline")) else "",
                status=status,
                response=response,
            )
            _plan_handling(story, rng, now, latest, due_days)
            stories.append(story)
            if source == "forum":
                forum.append(story)
        if event["id"] == edu_event:
            story = _Opinion(edu, event["id"], clerk, "forum", EDU_OVERDUE, forum_at, name=fake_name(rng))
            stories.append(story)
            forum.append(story)
        if forum:
            forum_batches.append((forum_at, event["id"], forum))
    # One published opinion shows a public text edited to remove a personal detail.
    for story in stories:
        if story.published and story.status == "adopted" and story.source != "forum":
            story.public_content = story.content
            story.content += PERSONAL_DETAIL
            break

    # Intake, each at its moment: forum notes in one go per meeting, the others one by one.
    for when, event_id, notes in forum_batches:
        with at(when):
            ids = od.opinions.record_many(
                [{"content": n.content, "name": n.name} for n in notes], actor=notes[0].clerk, event_id=event_id
            )
        for story, opinion_id in zip(notes, ids, strict=True):
            story.opinion_id = opinion_id
    for story in stories:
        if story.source == "forum":
            continue
        with at(story.submitted):
            story.opinion_id = od.opinions.submit(
                story.content,
                event_id=story.event_id,
                name=story.name,
                phone=story.phone,
                source=story.source,
                consent=True,
                actor=None if story.source == "online" else story.clerk,  # the clerk types in hotline and survey items
            )
    # Handling, each step at its moment.
    for story in stories:
        if story.progress is not None:
            with at(story.progress[0]):
                od.opinions.respond(story.opinion_id, status="processing", response=story.progress[1], actor=story.clerk)
        for when, note in story.steps:
            with at(when):
                od.opinions.add_progress(story.opinion_id, note, story.clerk)
        if story.responded is not None:
            with at(story.responded):
                od.opinions.respond(story.opinion_id, status=story.status, response=story.response, actor=story.clerk)
        if story.published is not None:
            with at(story.published):
                od.opinions.publish(story.opinion_id, story.clerk, public_content=story.public_content)
    _consultations(od, rng, now)


def _plan_handling(story: _Opinion, rng: random.Random, now: dt.datetime, latest: dt.datetime, due_days: int) -> None:
    """When the clerk takes the opinion up (with a progress note), answers it and publishes the answer."""
    today = now.date()
    submitted = story.submitted
    if story.status in DECIDED:
        late = rng.random() < 0.15
        answer_day = add_workdays(submitted, rng.randrange(3, 12) if not late else due_days + 3).date
        wanted = dt.datetime.combine(min(answer_day, today), dt.time(rng.randrange(9, 17), rng.randrange(60)))
        if wanted <= submitted:
            wanted = submitted + dt.timedelta(hours=2)
        story.responded = _between(rng, submitted + dt.timedelta(minutes=20), wanted, latest)
    if story.status == "processing" or (story.status in DECIDED and rng.random() < 0.4):
        day = min(submitted.date() + dt.timedelta(days=rng.randrange(1, 6)), today)
        wanted = dt.datetime.combine(day, dt.time(rng.randrange(9, 17), rng.randrange(60)))
        until = (story.responded or latest) - dt.timedelta(minutes=5)
        if until > submitted + dt.timedelta(minutes=10):  # always for "processing": it came in an hour ago or more
            story.progress = (_between(rng, submitted + dt.timedelta(minutes=10), wanted, until), rng.choice(DEMO_PROGRESS))
    if story.status == "processing" and story.progress is not None and rng.random() < 0.5:
        # A second note a few days later, when there is news.
        later = story.progress[0] + dt.timedelta(days=rng.randrange(2, 6), hours=rng.randrange(0, 4))
        if later < latest:
            note = rng.choice([n for n in DEMO_PROGRESS if n != story.progress[1]])
            story.steps.append((later, note))
    if story.responded is not None and rng.random() < 0.75:
        wanted = office_hours(story.responded + dt.timedelta(hours=rng.randrange(0, 30), minutes=rng.randrange(5, 60)))
        story.published = _between(rng, story.responded + dt.timedelta(minutes=1), wanted, latest)
        if story.published <= story.responded:
            story.published = None


def _consultations(od: OpenDay, rng: random.Random, now: dt.datetime) -> None:
    """Two drafts put to the public by their units five days ago, with a few comments so far."""
    today = now.date()
    edu = od.db.scalar("SELECT id FROM units WHERE name = '示范县教育局'")
    housing = od.db.scalar("SELECT id FROM units WHERE name = '示范县住房和城乡建设局'")
    consultations = [
        (
            edu,
            "《示范县义务教育阶段学校课后服务实施办法（征求意见稿）》",
            "一、课后服务时间为每个上课日放学后至18:00，学生自愿参加。\n二、服务内容以作业辅导、文体活动、"
            "社团活动为主，不得进行集体补课。\n三、收费标准按照成本补偿、非营利原则确定，家庭经济困难学生免收。\n"
            "四、各学校应于每学期开学前公布服务方案，接受家长监督。",
            ["建议明确周五课后服务是否开展。", "希望增加科技和体育类社团。"],
        ),
        (
            housing,
            "2027年老旧小区改造计划（征求意见稿）",
            "拟将城关街道幸福小区、东城街道建设路小区等12个小区纳入2027年改造计划，改造内容包括雨污分流、"
            "屋面防水、加装电梯、增设停车位和充电桩。",
            ["加装电梯的一楼住户补偿办法请一并公布。"],
        ),
    ]
    for unit, title, draft, comments in consultations:
        if unit is None:
            continue
        clerk = unit_clerk(od, unit)
        with at(now - dt.timedelta(days=5, hours=rng.randrange(1, 4))):
            cid = od.opinions.open_consultation(
                unit,
                title=title,
                draft=draft,
                closes_at=dt.datetime.combine(today + dt.timedelta(days=20), dt.time(17, 0)),
                actor=clerk,
            )
        for n, text in enumerate(comments):
            with at(now - dt.timedelta(days=4 - n, hours=rng.randrange(1, 9))):
                od.opinions.comment(cid, text, name=fake_name(rng))
