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

# What each audit action means, for people reading the audit log (the code stays in exports).
AUDIT_ACTIONS = {
    "login.success": "登录成功",
    "login.failure": "登录失败",
    "login.refused_locked": "账号锁定期间尝试登录",
    "logout": "退出登录",
    "backup": "数据库备份",
    "privacy.purge": "删除过期个人信息",
    "settings.set": "修改系统设置",
    "unit.add": "新增单位",
    "unit.activate": "启用/停用单位",
    "user.add": "新增账号",
    "user.enable": "启用账号",
    "user.disable": "停用账号",
    "user.reset_password": "重置密码",
    "user.bind_unit": "绑定单位",
    "campaign.create": "新建活动安排",
    "campaign.edit": "修改活动安排",
    "campaign.export_reminders": "导出备案提醒名单",
    "event.add": "新建活动",
    "event.update": "修改活动",
    "event.publish": "发布活动",
    "event.file": "活动备案",
    "event.finalize": "确定名单",
    "event.hold": "标记已举办",
    "event.cancel": "取消活动",
    "registration.signup": "公众报名",
    "registration.invite": "定向邀请",
    "registration.approve": "审核通过",
    "registration.reject": "审核不通过",
    "registration.cancel": "取消报名（工作人员）",
    "registration.cancel_by_citizen": "取消报名（本人）",
    "registration.promote": "候补递补",
    "registration.check_in": "签到",
    "registration.undo_check_in": "撤销签到",
    "registration.reveal_id_number": "查看完整身份证号",
    "registration.export": "导出名单",
    "report.save": "保存活动报道",
    "report.publish": "发布活动报道",
    "report.add_photo": "上传报道照片",
    "report.remove_photo": "删除报道照片",
    "opinion.submit": "提交意见",
    "opinion.respond": "答复意见",
    "opinion.respond_many": "批量答复意见",
    "opinion.progress": "添加办理进展",
    "opinion.public_content": "编辑公开内容",
    "opinion.record_many": "录入座谈意见",
    "opinion.publish": "公开/撤回意见",
    "consultation.open": "发布意见征集",
    "consultation.close": "结束意见征集",
    "survey.create": "新建问卷",
    "survey.update": "修改问卷",
    "survey.publish": "发布问卷",
    "survey.close": "关闭问卷",
    "survey.bulk_responses": "批量写入答卷",
    "survey.delete": "删除问卷",
    "survey.submit": "提交问卷",
    "survey.forward_to_ledger": "问卷意见转入台账",
    "assessment.set_weights": "修改考核权重",
    "assessment.export": "导出考核结果",
    "audit.export": "导出操作日志",
}


def audit_label(action: str) -> str:
    """The Chinese name of an audit action, with the code when there is no name yet."""
    if action.startswith("demo."):
        return "装入演示数据"
    return AUDIT_ACTIONS.get(action, action)
