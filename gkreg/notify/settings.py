"""Notification settings (coordinator): SMS signature, templates, switches, reminder and digest hours.

Stored in the common ``settings`` table under ``notify.*`` keys; every change is
audited through the one write path.
"""

from __future__ import annotations

import json
from typing import Any

from ..access import require_coordinator
from ..db import Database
from ..errors import ValidationError
from ..validation import clean_text
from .templates import DEFAULT_TEMPLATES, FIXED_TEMPLATES, check_template, default_signature

HOURS = {"reminder_hour": 18, "digest_hour": 8}
HOUR_LABELS = {"reminder_hour": "活动前一天提醒短信的发送时间（时）", "digest_hour": "工作提醒邮件的发送时间（时）"}


class NotifySettings:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _get(self, key: str) -> Any:
        value = self.db.scalar("SELECT value FROM settings WHERE key = ?", ("notify." + key,))
        return None if value is None else json.loads(value)

    def signature(self) -> str:
        return self._get("signature") or self._default_signature()

    def _default_signature(self) -> str:
        names = [r["name"] for r in self.db.rows("SELECT name FROM units ORDER BY id LIMIT 200")]
        return default_signature(names)

    def sms_setup(self, kind: str) -> tuple[bool, str, str]:
        """(switched on, template, signature) for one SMS type, read in one query: it runs inside the
        cause's write transaction, so every statement saved shortens the writers' queue."""
        keys = [f"notify.off.{kind}", f"notify.template.{kind}", "notify.signature"]
        stored = {
            row["key"]: json.loads(row["value"])
            for row in self.db.rows("SELECT key, value FROM settings WHERE key IN (?, ?, ?)", keys)
            if row["value"] is not None
        }
        if kind in FIXED_TEMPLATES:
            on, template = True, FIXED_TEMPLATES[kind]
        else:
            on, template = stored.get(keys[0]) is not True, stored.get(keys[1]) or DEFAULT_TEMPLATES[kind]
        signature = stored.get(keys[2]) or self._default_signature()
        return on, template, signature

    def template(self, kind: str) -> str:
        if kind in FIXED_TEMPLATES:
            return FIXED_TEMPLATES[kind]
        return self._get(f"template.{kind}") or DEFAULT_TEMPLATES[kind]

    def enabled(self, kind: str) -> bool:
        if kind in FIXED_TEMPLATES:
            return True
        return self._get(f"off.{kind}") is not True

    def hour(self, key: str) -> int:
        value = self._get(key)
        return HOURS[key] if value is None else int(value)

    # ---- changes (coordinator) ------------------------------------------------
    def _set(self, key: str, value: Any, actor: str) -> None:
        with self.db.transaction(actor, "notify.settings") as tx:
            if value is None:
                tx.execute("DELETE FROM settings WHERE key = ?", ("notify." + key,))
            else:
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    ("notify." + key, json.dumps(value, ensure_ascii=False)),
                )
            tx.target("setting", "notify." + key, value=value)

    def set_signature(self, signature: str, actor: str) -> None:
        require_coordinator(self.db, actor)  # before the input is judged
        text = clean_text(signature, "signature", label="短信签名").strip("【】[] ")
        if not 2 <= len(text) <= 12:
            raise ValidationError("短信签名应为2至12个字，例如“示范县政务公开”（不含【】）。", field="signature")
        self._set("signature", text, actor)

    def set_template(self, kind: str, template: str | None, actor: str) -> None:
        """Store a template (None or the default text: back to the default)."""
        require_coordinator(self.db, actor)  # before the input is judged
        if kind not in DEFAULT_TEMPLATES:
            raise ValidationError("未知的通知类型。")
        if template is None or template.strip() == DEFAULT_TEMPLATES[kind]:
            self._set(f"template.{kind}", None, actor)
            return
        self._set(f"template.{kind}", check_template(kind, template), actor)

    def set_enabled(self, kind: str, on: bool, actor: str) -> None:
        require_coordinator(self.db, actor)  # before the input is judged
        if kind not in DEFAULT_TEMPLATES:
            raise ValidationError("未知的通知类型。")
        self._set(f"off.{kind}", None if on else True, actor)

    def set_hour(self, key: str, hour: int, actor: str) -> None:
        require_coordinator(self.db, actor)  # before the input is judged
        if key not in HOURS:
            raise ValidationError("未知的设置项。")
        try:
            hour = int(hour)
        except (TypeError, ValueError):
            raise ValidationError(f"{HOUR_LABELS[key]}应为0到23的整数。") from None
        if not 0 <= hour <= 23:
            raise ValidationError(f"{HOUR_LABELS[key]}应为0到23的整数。")
        self._set(key, hour, actor)
