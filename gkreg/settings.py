"""Coordinator settings with defaults (stored as JSON in the settings table)."""

from __future__ import annotations

import json
from typing import Any

from .db import Database
from .errors import ValidationError

DEFAULTS: dict[str, Any] = {
    "max_capacity": 30,
    "retention_days": 90,
    "report_due_workdays": 5,
    "response_due_workdays": 15,
    # The public front door (gkreg/limits.py): counted per client address in the database.
    "phone_live_max": 2,
    "signup_captcha_after": 3,
    "signup_hourly_max": 20,
    "lookup_failures_hourly_max": 10,
    "opinions_hourly_max": 10,
}
BOUNDS = {
    "max_capacity": (1, 30),
    "retention_days": (1, 3650),
    "report_due_workdays": (1, 60),
    "response_due_workdays": (1, 120),
    "phone_live_max": (1, 30),
    "signup_captcha_after": (0, 1000),
    "signup_hourly_max": (1, 10000),
    "lookup_failures_hourly_max": (1, 1000),
    "opinions_hourly_max": (1, 1000),
}
LABELS = {
    "max_capacity": "每场最多人数",
    "retention_days": "个人信息保留天数",
    "report_due_workdays": "活动报道期限（工作日）",
    "response_due_workdays": "意见答复期限（工作日）",
    "phone_live_max": "同一手机号每场最多有效报名数",
    "signup_captcha_after": "同一网络地址10分钟内报名几次后要求输入验证码",
    "signup_hourly_max": "同一网络地址每小时最多报名次数",
    "lookup_failures_hourly_max": "同一网络地址每小时最多查询失败次数",
    "opinions_hourly_max": "同一网络地址每小时最多提交意见条数",
}


class Settings:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str) -> Any:
        value = self.db.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return DEFAULTS.get(key) if value is None else json.loads(value)

    def all(self) -> dict[str, Any]:
        return {key: self.get(key) for key in DEFAULTS}

    def set(self, key: str, value: Any, actor: str) -> None:
        from .access import require_coordinator

        require_coordinator(self.db, actor)
        if key not in DEFAULTS:
            raise ValidationError("未知的设置项。")
        low, high = BOUNDS[key]
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise ValidationError(f"{LABELS[key]}应为整数。") from None
        if not low <= value <= high:
            raise ValidationError(f"{LABELS[key]}应在{low}到{high}之间。")
        with self.db.transaction(actor, "settings.set") as tx:
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )
            tx.target("setting", key, value=value)
