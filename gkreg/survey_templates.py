"""Two built-in questionnaires drawn from the seed notices.

- ``openness`` 政务公开社会评 (seed 001): how well people know the county's openness work,
  where they get government information, how satisfied they are, and their suggestions.
- ``policy`` 政策评价 (seeds 003 and 004): a chosen policy's awareness, implementation effect,
  satisfaction and the problems people see.

``build(key, policy=...)`` returns ``(title, description, questions)`` ready for
``od.surveys.create``; the questions are fresh copies the caller may edit.
"""

from __future__ import annotations

import copy
from typing import Any

from .errors import ValidationError

AWARENESS = ["非常了解", "比较了解", "听说过但不太了解", "不了解"]
CHANNELS = [
    "政府门户网站",
    "政务新媒体（微信公众号、微博、短视频等）",
    "政务服务大厅、公开查阅点",
    "报纸、广播、电视",
    "政府开放日等现场活动",
    "12345热线",
    "社区（村）公告栏或工作人员",
    "其他",
]


def _q(kind: str, text: str, options: list[str] | None = None, required: bool = False) -> dict[str, Any]:
    return {"kind": kind, "text": text, "options": list(options or []), "required": required}


OPENNESS: dict[str, Any] = {
    "name": "政务公开社会评",
    "title": "政务公开工作情况调查问卷（政务公开社会评）",
    "description": "为进一步做好政务公开工作，切实满足人民群众需求，现面向社会征求您对政务公开工作的意见建议。"
    "问卷不记名，约需3分钟，感谢您的参与！",
    "questions": [
        _q("single", "您对本县政府信息公开工作的了解程度是？", AWARENESS, True),
        _q("multi", "您通常通过哪些渠道获取政府信息？（可多选）", CHANNELS, True),
        _q(
            "multi",
            "您最关注哪些方面的政府信息？（可多选）",
            [
                "重大决策及政策解读",
                "财政预决算",
                "重大建设项目",
                "教育、医疗、社保等民生信息",
                "行政执法",
                "人事信息",
                "突发事件及应急处置",
                "其他",
            ],
        ),
        _q("rating", "您对政府信息公开的及时性是否满意？（1分最低，5分最高）", required=True),
        _q("rating", "您认为公开的信息是否容易查找、容易看懂？（1分最低，5分最高）", required=True),
        _q("rating", "您对本县政务公开工作的总体满意度是？（1分最低，5分最高）", required=True),
        _q("text", "您对政务公开工作还有哪些意见建议？"),
    ],
}

POLICY: dict[str, Any] = {
    "name": "政策评价",
    "title": "“{policy}”实施效果评价问卷",
    "description": "为全面掌握“{policy}”的落地情况，现邀请您对该政策的实施效果进行评价。"
    "您的意见将作为改进工作的重要参考，感谢您的支持！",
    "questions": [
        _q("single", "您是否了解“{policy}”？", AWARENESS, True),
        _q("multi", "您是通过哪些渠道了解该政策的？（可多选）", CHANNELS),
        _q("single", "您认为该政策的实施效果如何？", ["效果明显", "有一定效果", "效果不明显", "没有效果", "不清楚"], True),
        _q("rating", "您对该政策执行落实情况的满意度是？（1分最低，5分最高）", required=True),
        _q("rating", "您对该政策的总体满意度是？（1分最低，5分最高）", required=True),
        _q(
            "multi",
            "您认为该政策实施中存在哪些问题？（可多选）",
            ["宣传解读不到位", "办理流程繁琐", "落实不到位、执行走样", "覆盖范围不够", "标准不清晰", "没有发现明显问题", "其他"],
        ),
        _q("text", "请具体说明您遇到的问题或改进建议："),
    ],
}

TEMPLATES: dict[str, dict[str, Any]] = {"openness": OPENNESS, "policy": POLICY}
DEFAULT_POLICY = "本单位重点政策"


def build(key: str, policy: str = "") -> tuple[str, str, list[dict[str, Any]]]:
    """The template's title, description and a fresh copy of its questions (``policy`` fills 政策评价)."""
    if key not in TEMPLATES:
        raise ValidationError("问卷模板不存在。", field="template")
    template = TEMPLATES[key]
    name = " ".join((policy or "").split()) or DEFAULT_POLICY
    if len(name) > 60:
        raise ValidationError("政策名称不能超过60个字。", field="policy")
    questions = copy.deepcopy(template["questions"])
    for question in questions:
        question["text"] = question["text"].replace("{policy}", name)
    return (template["title"].replace("{policy}", name), template["description"].replace("{policy}", name), questions)
