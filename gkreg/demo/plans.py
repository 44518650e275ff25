"""The demo county's year of open days: what each unit opens, where, in which form, and how far along it is.

Each plan is written by hand so that the title, the form (开放形式, one of ``labels.FORMS``) and the venue
(a named room or site with its street address) belong together. ``day`` is relative to the demo's
reference date (today), so the same plans always give past, running and upcoming open days; ``stage``
says where the event should stand today:

- ``reported``   held, report published
- ``overdue``    held, report only drafted although its deadline has passed (the office chases it)
- ``held``       held in the last few days, report not yet due
- ``finalized``  sign-up closed, list fixed, the day is coming
- ``open``       sign-up open, some confirmed, the latest still waiting for review
- ``full``       sign-up open, every seat taken, a waitlist
- ``not_yet``    published, sign-up opens later (no registrations yet)
- ``draft``      not published
- ``cancelled``  cancelled after sign-up had started, with a reason
"""

from __future__ import annotations

from dataclasses import dataclass

UNITS = [
    ("示范县教育局", "department"),
    ("示范县卫生健康局", "department"),
    ("示范县住房和城乡建设局", "department"),
    ("示范县市场监督管理局", "department"),
    ("示范县人力资源和社会保障局", "department"),
    ("示范县行政审批服务局", "department"),
    ("示范县医疗保障局", "department"),
    ("城关街道办事处", "township"),
    ("东城街道办事处", "township"),
    ("马站镇人民政府", "township"),
    ("许家湖镇人民政府", "township"),
    ("示范县政务服务中心", "enterprise"),
    ("示范县自来水公司", "enterprise"),
]
# This unit has not filed its plans with the office (the reminder list and the assessment show it).
UNFILED = {"示范县自来水公司"}
# Plans added to a unit's year after the filing deadline: filed, but late (the rest are in the annual plan,
# created and filed before the deadline).
LATE_FILED = {"马站镇便民服务中心“就近办”体验", "政务服务“一窗通办”体验"}


@dataclass(frozen=True)
class Plan:
    unit: str
    title: str
    form: str
    venue: str
    stage: str
    day: int  # start day relative to today
    hour: tuple[int, int] = (9, 30)
    hours: float = 2.5  # how long the day lasts
    capacity: int = 30
    approval: str = "review"
    about: str = ""  # what the visitors will see and do (goes into the description)
    cancel_reason: str = ""


PLANS = [
    Plan(
        "示范县教育局",
        "走进教育局：义务教育招生入学政策面对面",
        "进机关",
        "县教育局一楼报告厅（文昌路18号）",
        "reported",
        -45,
        about="基础教育股介绍今年义务教育招生划片、随迁子女入学和材料审核办法，现场解答家长提问",
    ),
    Plan(
        "示范县教育局",
        "课后服务与“双减”落实情况座谈",
        "座谈交流",
        "县实验小学三楼会议室（学府路6号）",
        "held",
        -3,
        hour=(15, 0),
        hours=2,
        capacity=20,
        about="听取家长和教师对课后服务时长、收费和社团课程的意见，通报全县“双减”落实情况",
    ),
    Plan(
        "示范县教育局",
        "县实验小学食堂“明厨亮灶”开放参观",
        "现场观摩",
        "县实验小学学生食堂（学府路6号）",
        "open",
        9,
        hour=(11, 0),
        hours=1.5,
        capacity=25,
        about="参观食堂后厨、食材验收和留样流程，与学生同桌试吃午餐",
    ),
    Plan(
        "示范县教育局",
        "2027年学区划分调整方案座谈",
        "座谈交流",
        "县教育局三楼会议室（文昌路18号）",
        "not_yet",
        30,
        hour=(14, 30),
        capacity=20,
        about="介绍城区学区划分调整的初步方案和依据，听取片区家长代表意见",
    ),
    Plan(
        "示范县教育局",
        "教师招聘面试开放观摩",
        "现场观摩",
        "县第一中学综合楼（育才路1号）",
        "draft",
        40,
        hour=(8, 30),
        hours=4,
        capacity=12,
        about="旁听教师招聘结构化面试，了解评分规则和监督措施",
    ),
    Plan(
        "示范县卫生健康局",
        "县医院急诊流程开放体验",
        "进现场",
        "县人民医院急诊楼一楼（人民路88号）",
        "reported",
        -38,
        hour=(14, 30),
        hours=2,
        capacity=20,
        about="跟随急诊科医护人员体验预检分诊、胸痛卒中绿色通道和夜间就诊流程",
    ),
    Plan(
        "示范县卫生健康局",
        "家庭医生签约服务进社区",
        "进现场",
        "城关社区卫生服务中心二楼（幸福路21号）",
        "open",
        6,
        about="了解家庭医生团队组成、签约服务包和慢病随访，现场可咨询签约事宜",
    ),
    Plan(
        "示范县住房和城乡建设局",
        "老旧小区改造工程现场开放",
        "进现场",
        "幸福小区改造项目部（建设路126号，幸福小区北门集合）",
        "reported",
        -52,
        hour=(9, 0),
        about="察看雨污分流、屋面防水和加装电梯施工现场，听取施工单位和监理单位介绍",
    ),
    Plan(
        "示范县住房和城乡建设局",
        "城市更新项目决策会议列席",
        "进会议",
        "县住建局三楼会议室（建设路2号）",
        "cancelled",
        12,
        hour=(15, 0),
        hours=2,
        capacity=12,
        about="列席城市更新片区实施方案审议会议，会后就方案提出意见",
        cancel_reason="会议议程调整，本次列席活动取消，改期后另行公告，已报名群众将短信通知。",
    ),
    Plan(
        "示范县市场监督管理局",
        "食品快检实验室开放参观",
        "现场观摩",
        "县食品检验检测中心（工业园区科创路9号）",
        "reported",
        -30,
        capacity=25,
        about="观看农残、兽残快检和抽样流程，了解快检结果的公示方式",
    ),
    Plan(
        "示范县市场监督管理局",
        "“双随机、一公开”执法现场观摩",
        "现场观摩",
        "城南农贸市场（南环路66号，市场东门集合）",
        "finalized",
        2,
        hour=(8, 30),
        hours=2,
        capacity=12,
        about="随执法人员观摩随机抽查：抽取检查对象、亮证检查、现场记录和结果公示",
    ),
    Plan(
        "示范县人力资源和社会保障局",
        "稳就业政策解读与招聘服务体验",
        "政策发布",
        "县人力资源市场招聘大厅（解放路50号）",
        "reported",
        -24,
        about="解读一次性扩岗补助、创业担保贷款等稳就业政策，体验招聘会现场求职登记",
    ),
    Plan(
        "示范县人力资源和社会保障局",
        "社保卡“一卡通”办理流程体验",
        "进现场",
        "县政务服务中心一楼社保窗口（城南新区行政大道1号）",
        "full",
        5,
        hour=(10, 0),
        hours=1.5,
        capacity=12,
        about="体验社保卡即时制卡、补换卡和电子社保卡申领，了解一卡通应用场景",
    ),
    Plan(
        "示范县行政审批服务局",
        "“高效办成一件事”审批流程体验",
        "进现场",
        "县政务服务中心二楼综合受理区（城南新区行政大道1号）",
        "overdue",
        -14,
        about="以开办餐饮店为例体验“一件事”集成办理：一次告知、一表申请、一窗受理",
    ),
    Plan(
        "示范县行政审批服务局",
        "营商环境优化座谈交流",
        "座谈交流",
        "县行政审批服务局四楼会议室（城南新区行政大道1号）",
        "open",
        11,
        hour=(15, 0),
        hours=2,
        capacity=20,
        about="听取个体工商户和企业代表对审批时限、材料清单和窗口服务的意见",
    ),
    Plan(
        "示范县医疗保障局",
        "医保报销政策面对面",
        "政策发布",
        "县医保服务大厅（健康路15号）",
        "reported",
        -17,
        about="讲解城乡居民医保门诊和住院报销比例、异地就医备案和一次告知单",
    ),
    Plan(
        "示范县医疗保障局",
        "长期护理保险试点座谈",
        "座谈交流",
        "县医保局二楼会议室（健康路15号）",
        "not_yet",
        25,
        hour=(14, 30),
        hours=2,
        capacity=20,
        about="介绍长期护理保险试点的参保范围、失能评估和待遇标准，听取失能人员家属意见",
    ),
    Plan(
        "城关街道办事处",
        "走进街道：网格化治理开放日",
        "进机关",
        "城关街道网格化服务管理中心（府前街8号）",
        "reported",
        -59,
        about="参观网格化指挥平台，了解网格员日常巡查、事件上报和办结回访流程",
    ),
    Plan(
        "城关街道办事处",
        "幸福社区老年助餐点建设座谈",
        "座谈交流",
        "幸福社区老年助餐点（幸福路33号）",
        "open",
        8,
        hour=(10, 0),
        hours=1.5,
        capacity=20,
        about="在助餐点与老人和家属座谈，听取对菜品、价格和送餐服务的意见",
    ),
    Plan(
        "东城街道办事处",
        "建设路社区议事会列席",
        "进会议",
        "建设路社区党群服务中心二楼议事厅（建设路210号）",
        "reported",
        -10,
        hour=(19, 0),
        hours=2,
        capacity=20,
        about="列席社区议事会，议题为建设路菜市场周边占道经营整治和停车位划设",
    ),
    Plan(
        "东城街道办事处",
        "背街小巷整治现场走访",
        "进现场",
        "东城街道办事处门前集合（东关大街99号）",
        "open",
        14,
        hour=(9, 0),
        approval="auto",
        about="走访东关大街、仓巷等6条背街小巷，察看路灯、路面和排水整治进展",
    ),
    Plan(
        "马站镇人民政府",
        "乡村振兴示范片现场开放",
        "进现场",
        "马站镇桃园村党群服务中心（桃园路1号）",
        "reported",
        -33,
        hour=(9, 0),
        hours=3,
        about="察看桃园村、东河村示范片的特色产业、村容村貌和集体经济项目",
    ),
    Plan(
        "马站镇人民政府",
        "农村人居环境整治座谈",
        "座谈交流",
        "马站镇政府二楼会议室（马站大街1号）",
        "held",
        -2,
        hour=(14, 30),
        hours=2,
        capacity=20,
        about="通报垃圾转运、厕所改造和村庄清洁行动情况，听取村民代表意见",
    ),
    Plan(
        "马站镇人民政府",
        "美丽庭院示范户现场观摩",
        "现场观摩",
        "马站镇东河村文化广场（东河路8号）",
        "open",
        4,
        hour=(9, 0),
        hours=2,
        capacity=25,
        about="走进10户美丽庭院示范户，了解庭院整治和“积分超市”激励办法",
    ),
    Plan(
        "马站镇人民政府",
        "马站镇便民服务中心“就近办”体验",
        "进现场",
        "马站镇便民服务中心（马站大街3号）",
        "not_yet",
        33,
        hours=2,
        capacity=20,
        about="体验社保、医保、不动产登记等62个事项在镇里就近办理",
    ),
    Plan(
        "许家湖镇人民政府",
        "高标准农田建设现场观摩",
        "现场观摩",
        "许家湖镇高标准农田示范区（湖滨路3号镇政府门前集合）",
        "reported",
        -40,
        hour=(9, 0),
        hours=3,
        about="察看土地平整、灌排渠系和田间道路工程，了解建后管护责任",
    ),
    Plan(
        "许家湖镇人民政府",
        "许家湖镇政府联席会议列席",
        "进会议",
        "许家湖镇政府三楼会议室（湖滨路3号）",
        "finalized",
        1,
        hour=(14, 30),
        hours=2,
        capacity=15,
        about="列席镇政府联席会议，议题为冬季农田水利设施维修计划",
    ),
    Plan(
        "示范县政务服务中心",
        "12345热线领导接听开放日",
        "领导接听",
        "县12345热线中心（城南新区行政大道1号五楼）",
        "reported",
        -20,
        hour=(9, 0),
        hours=2,
        capacity=15,
        about="现场旁听县领导接听群众来电，了解热线工单派发、督办和回访流程",
    ),
    Plan(
        "示范县政务服务中心",
        "政务服务“好差评”群众座谈",
        "座谈交流",
        "县政务服务中心三楼会议室（城南新区行政大道1号）",
        "reported",
        -8,
        hour=(15, 0),
        hours=2,
        capacity=20,
        about="通报“好差评”数据和差评整改情况，听取办事群众对窗口服务的意见",
    ),
    Plan(
        "示范县政务服务中心",
        "政务服务“一窗通办”体验",
        "进现场",
        "县政务服务中心一楼综合窗口（城南新区行政大道1号）",
        "open",
        3,
        hour=(9, 0),
        hours=2,
        approval="auto",
        about="体验综合窗口“前台综合受理、后台分类审批、窗口统一出件”的办理流程",
    ),
    Plan(
        "示范县自来水公司",
        "水厂净水工艺开放参观",
        "现场观摩",
        "县第二水厂（滨河路168号）",
        "reported",
        -27,
        capacity=25,
        about="参观取水口、沉淀过滤和消毒工艺，现场观看水质42项指标检测",
    ),
    Plan(
        "示范县自来水公司",
        "供水价格与服务座谈",
        "座谈交流",
        "县自来水公司客户服务中心三楼会议室（青年路12号）",
        "full",
        7,
        hour=(14, 30),
        hours=2,
        capacity=15,
        about="介绍供水成本构成和阶梯水价执行情况，听取用户对停水通知和抢修时效的意见",
    ),
]

# Title keywords and the forms they call for (first match decides): the demo test holds every plan to it.
FORM_KEYWORDS = [
    ("访谈", {"在线访谈", "政府访谈"}),
    ("热线", {"领导接听", "领导接听热线"}),
    ("座谈", {"座谈交流"}),
    ("列席", {"进会议"}),
    ("观摩", {"现场观摩"}),
    ("参观", {"现场观摩"}),
    ("走进", {"进机关"}),
    ("政策", {"政策发布", "政策发布解读"}),
    ("现场", {"进现场"}),
    ("体验", {"进现场"}),
    ("进社区", {"进现场"}),
    ("走访", {"进现场"}),
]


def forms_for_title(title: str) -> set[str] | None:
    """The forms a title allows, from its first keyword; None when no keyword matches."""
    for word, forms in FORM_KEYWORDS:
        if word in title:
            return forms
    return None
