"""Demo opinions in every status (some overdue, some published) and two consultations."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from .. import clock
from ..codes import new_code
from ..outcomes import DECIDED
from ..workdays import DueDate, add_workdays
from .people import fake_name, fake_phone

if TYPE_CHECKING:
    from .. import OpenDay

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


def seed_demo(od: OpenDay, rng: random.Random, scale: int = 1) -> None:
    """Opinions from the demo events in every status (some overdue, some published) and two consultations."""
    feedback = od.opinions
    now = clock.now()
    today = now.date()
    events = od.db.rows(
        "SELECT id, unit_id, starts_at, status, form,"
        " EXISTS (SELECT 1 FROM event_online o WHERE o.event_id = events.id) AS online FROM events ORDER BY starts_at, id"
    )
    users = {r["unit_id"]: r["username"] for r in od.db.rows("SELECT unit_id, username FROM users WHERE role = 'unit_staff'")}
    codes: set[str] = set()
    rows: list[dict[str, Any]] = []
    notes: list[tuple[int, dt.date, str]] = []  # (index into rows, day, note)
    due_days = feedback.due_workdays()
    due_cache: dict[dt.date, DueDate] = {}

    def due_for(day: dt.date) -> DueDate:
        if day not in due_cache:
            due_cache[day] = add_workdays(day, due_days)
        return due_cache[day]

    unit_names = {r["id"]: r["name"].split("（")[0] for r in od.db.rows("SELECT id, name FROM units")}
    queues: dict[int, list[tuple[str, str, str]]] = {}
    general = list(GENERAL_OPINIONS)
    for event in events:
        starts = clock.parse_required(event["starts_at"])
        past = starts < now
        if event["status"] in ("draft", "cancelled") or event["online"]:
            continue
        count = rng.randrange(2, 5) if past else rng.randrange(0, 3)
        own = queues.setdefault(event["unit_id"], list(DEMO_OPINIONS.get(unit_names.get(event["unit_id"], ""), [])))
        for _ in range(count):
            # Each opinion is raised once (the same words twice would read as generated); the county-wide
            # ones go to the first units that run out of their own.
            queue = own or general
            if not queue:
                break
            content, status, response = queue.pop(0)
            if past:
                source = "forum" if rng.random() < 0.75 else rng.choice(["online", "survey", "hotline"])
                submitted = starts + dt.timedelta(hours=rng.randrange(1, 3), minutes=rng.randrange(0, 60))
                if source != "forum":
                    submitted += dt.timedelta(days=rng.randrange(0, 5))
                if now - starts < dt.timedelta(days=4) and status != "answered":
                    status, response = rng.choice((("received", ""), ("processing", "")))  # too fresh to be decided
            else:
                source = "online"
                submitted = now - dt.timedelta(days=rng.randrange(0, 6), minutes=rng.randrange(0, 600))
                status, response = ("received", "") if rng.random() < 0.7 else ("processing", "")
            submitted = min(submitted, now - dt.timedelta(minutes=5))
            due = due_for(submitted.date())
            responded = None
            if status in DECIDED:
                late = rng.random() < 0.15
                answer_day = add_workdays(submitted, rng.randrange(3, 12) if not late else due_days + 3).date
                responded = dt.datetime.combine(min(answer_day, today), dt.time(rng.randrange(9, 17), rng.randrange(60)))
                if responded <= submitted:
                    responded = submitted + dt.timedelta(hours=2)
                responded = min(responded, now)
            while True:
                code = new_code()
                if code not in codes:
                    codes.add(code)
                    break
            named = rng.random() < 0.7
            phone = fake_phone(rng) if (named and source in ("online", "hotline")) else ""
            rows.append(
                {
                    "code": code,
                    "unit_id": event["unit_id"],
                    "event_id": event["id"],
                    "source": source,
                    "content": content,
                    "public_content": None,
                    "name": fake_name(rng) if named else "",
                    "phone": phone,
                    "consent_at": clock.to_iso(submitted) if phone else None,
                    "status": status,
                    "response": response,
                    "submitted_at": clock.to_iso(submitted),
                    "responded_at": clock.to_iso(responded),
                    "due_on": due.date.isoformat(),
                    "due_exact": int(due.exact),
                    "published": int(status in DECIDED and rng.random() < 0.75),
                    "published_at": clock.to_iso(responded) if responded else None,
                    "recorded_by": users.get(event["unit_id"], "demo") if source == "forum" else None,
                    "updated_at": clock.to_iso(responded or submitted),
                }
            )
            if status == "processing" or (status in DECIDED and rng.random() < 0.4):
                step = min(submitted.date() + dt.timedelta(days=rng.randrange(1, 6)), today)
                notes.append((len(rows) - 1, step, rng.choice(DEMO_PROGRESS)))
    # The demo unit's clerk finds at least one overdue opinion waiting (a forum note left unanswered).
    edu_event = next(
        (
            e
            for e in sorted(events, key=lambda e: e["starts_at"])
            if e["unit_id"] == od.db.scalar("SELECT id FROM units WHERE name = '示范县教育局'")
            and clock.parse_required(e["starts_at"]) < now
        ),
        None,
    )
    if edu_event is not None:
        submitted = min(clock.parse_required(edu_event["starts_at"]) + dt.timedelta(hours=2), now - dt.timedelta(days=30))
        due = due_for(submitted.date())
        codes.add(code := new_code())
        rows.append(
            {
                "code": code,
                "unit_id": edu_event["unit_id"],
                "event_id": edu_event["id"],
                "source": "forum",
                "content": "建议在学校门口设置家长等候区，雨天接孩子不用站在马路边。",
                "public_content": None,
                "name": fake_name(rng),
                "phone": "",
                "consent_at": None,
                "status": "received",
                "response": "",
                "submitted_at": clock.to_iso(submitted),
                "responded_at": None,
                "due_on": due.date.isoformat(),
                "due_exact": int(due.exact),
                "published": 0,
                "published_at": None,
                "recorded_by": users.get(edu_event["unit_id"], "demo"),
                "updated_at": clock.to_iso(submitted),
            }
        )
    # One published opinion shows a public text edited to remove a personal detail.
    for row in rows:
        if row["published"] and row["status"] == "adopted":
            row["content"] = row["content"] + "（我住城关街道幸福小区3号楼，电话在留言里。）"
            row["public_content"] = row["content"].split("（")[0]
            break
    with od.db.transaction("demo", "demo.opinions") as tx:
        ids = [tx.insert("opinions", row) for row in rows]
        for index, day, note in notes:
            tx.insert(
                "opinion_progress",
                {
                    "opinion_id": ids[index],
                    "noted_on": day.isoformat(),
                    "note": note,
                    "actor": "demo",
                    "created_at": clock.to_iso(now),
                },
            )
        tx.target("opinions", None, count=len(ids))
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
        with od.db.transaction("demo", "demo.consultation") as tx:
            cid = tx.insert(
                "consultations",
                {
                    "unit_id": unit,
                    "event_id": None,
                    "title": title,
                    "draft": draft,
                    "opens_at": clock.to_iso(now - dt.timedelta(days=5)),
                    "closes_at": clock.to_iso(dt.datetime.combine(today + dt.timedelta(days=20), dt.time(17, 0))),
                    "created_by": "demo",
                    "created_at": clock.to_iso(now - dt.timedelta(days=5)),
                },
            )
            for n, text in enumerate(comments):
                submitted = now - dt.timedelta(days=4 - n, hours=rng.randrange(1, 9))
                due = due_for(submitted.date())
                while True:
                    code = new_code()
                    if code not in codes:
                        codes.add(code)
                        break
                tx.insert(
                    "opinions",
                    {
                        "code": code,
                        "unit_id": unit,
                        "event_id": None,
                        "consultation_id": cid,
                        "source": "consultation",
                        "content": text,
                        "name": fake_name(rng),
                        "phone": "",
                        "status": "received",
                        "response": "",
                        "submitted_at": clock.to_iso(submitted),
                        "due_on": due.date.isoformat(),
                        "due_exact": int(due.exact),
                        "published": 0,
                        "updated_at": clock.to_iso(submitted),
                    },
                )
            tx.target("consultation", cid)
