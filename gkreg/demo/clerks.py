"""Who does each demo unit's work: its own clerk (单位管理员), not the county office.

``edu`` is the CONTRACT's demo account (password ``edu-demo``); the other clerks are sealed accounts
(``Users.add_sealed``): the real authors of their unit's work in the audit log, but nobody can log in
as them until the office sets a password. The office's own work (campaigns, deadlines, inspections,
the county-wide questionnaire) stays with ``coordinator``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .. import OpenDay

CLERKS = {
    "示范县教育局": ("edu", "教育局办公室"),
    "示范县卫生健康局": ("weijian", "卫生健康局办公室"),
    "示范县住房和城乡建设局": ("zhujian", "住房和城乡建设局办公室"),
    "示范县市场监督管理局": ("shijianju", "市场监督管理局办公室"),
    "示范县人力资源和社会保障局": ("renshe", "人力资源和社会保障局办公室"),
    "示范县行政审批服务局": ("shenpi", "行政审批服务局办公室"),
    "示范县医疗保障局": ("yibao", "医疗保障局办公室"),
    "城关街道办事处": ("chengguan", "城关街道党政办"),
    "东城街道办事处": ("dongcheng", "东城街道党政办"),
    "马站镇人民政府": ("mazhan", "马站镇党政办"),
    "许家湖镇人民政府": ("xujiahu", "许家湖镇党政办"),
    "示范县政务服务中心": ("zhengwu", "政务服务中心综合科"),
    "示范县自来水公司": ("zilaishui", "自来水公司综合部"),
}


def clerk_of(unit_name: str) -> str:
    """The username of a demo unit's clerk; a load-test copy 示范县教育局（2） has edu2."""
    base, _, copy = unit_name.partition("（")
    return CLERKS[base][0] + copy.rstrip("）")


def unit_clerk(od: OpenDay, unit_id: int) -> str:
    """The unit's clerk (its first active unit-staff account), else the office (a unit without one)."""
    return od.db.scalar(
        "SELECT username FROM users WHERE unit_id = ? AND role = 'unit_staff' AND active = 1 ORDER BY id", (unit_id,)
    ) or od.db.scalar("SELECT username FROM users WHERE role = 'coordinator' AND active = 1 ORDER BY id")
