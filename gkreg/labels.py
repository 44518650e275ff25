"""Chinese names of the domain's codes (the UI catalogue in i18n.py covers the rest)."""

CATEGORIES = {
    "citizen": "群众代表",
    "npc_deputy": "人大代表",
    "cppcc_member": "政协委员",
    "media": "媒体记者",
    "expert": "专家学者",
    "other": "其他特邀",
}
REG_STATUSES = {
    "pending": "待审核",
    "confirmed": "已确认",
    "waitlisted": "候补",
    "rejected": "未通过",
    "cancelled": "已取消",
}
EVENT_STATUSES = {
    "draft": "草稿",
    "open": "报名中",
    "finalized": "名单确定",
    "held": "已举办",
    "reported": "已发布报道",
    "cancelled": "已取消",
}
# Seed 004's four forms first, then seed 003's.
FORMS = ["进机关", "进现场", "进会议", "座谈交流", "现场观摩", "政策发布", "问卷调查", "领导接听", "政府访谈"]
APPROVALS = {"review": "单位审核", "auto": "先到先得"}
UNIT_KINDS = {"township": "乡镇（街道）", "department": "县直部门", "enterprise": "企事业单位/服务窗口"}
ROLES = {"coordinator": "政务公开办", "unit_staff": "单位管理员"}
