"""The site's identity (header and footer): county, host unit, contact, filing numbers.

Kept in the settings table under ``site.*`` keys (text, unlike the numeric settings), edited on /admin.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .access import require_coordinator
from .db import Database
from .errors import ValidationError

FIELDS: dict[str, tuple[str, str, int]] = {
    # key: (Chinese label, default, max length)
    "county": ("县（区）名称", "示范县人民政府", 40),
    "county_en": ("县（区）名称（英文）", "Demo County People's Government", 80),
    "host": ("主办单位", "示范县人民政府办公室（县政务公开办）", 60),
    "host_en": ("主办单位（英文）", "Demo County Government Office (Openness Office)", 100),
    "phone": ("联系电话", "0539-1234567", 40),
    "address": ("联系地址", "示范县人民路1号", 60),
    "icp": ("ICP备案号", "鲁ICP备00000000号-1", 40),
    "psb": ("公安备案号", "鲁公网安备 37000000000000号", 40),
}
_PHONE = re.compile(r"^[0-9+\-() 、,，转]*$")


@dataclass(frozen=True)
class Site:
    county: str
    county_en: str
    host: str
    host_en: str
    phone: str
    address: str
    icp: str
    psb: str

    def county_for(self, lang: str) -> str:
        return self.county_en if lang == "en" and self.county_en else self.county

    def host_for(self, lang: str) -> str:
        return self.host_en if lang == "en" and self.host_en else self.host


def read_site(db: Database) -> Site:
    stored = {r["key"][5:]: r["value"] for r in db.rows("SELECT key, value FROM settings WHERE key LIKE 'site.%'")}
    values = {}
    for key, (_label, default, _max) in FIELDS.items():
        try:
            values[key] = str(json.loads(stored[key])) if key in stored else default
        except (TypeError, ValueError):
            values[key] = default
    return Site(**values)


def update_site(db: Database, actor: str, **values: str) -> Site:
    """Change some of the site's texts (coordinator only); every field checked before anything is written."""
    require_coordinator(db, actor)
    clean: dict[str, str] = {}
    errors: dict[str, str] = {}
    for key, value in values.items():
        if key not in FIELDS:
            raise ValidationError("未知的网站设置项。")
        label, _default, limit = FIELDS[key]
        text = " ".join(str(value or "").split())
        if len(text) > limit:
            errors[key] = f"{label}最多 {limit} 个字符。"
        elif key == "phone" and not _PHONE.match(text):
            errors[key] = f"{label}只能包含数字、空格和 - ( ) +。"
        elif key == "county" and not text:
            errors[key] = f"请填写{label}。"
        clean[key] = text
    if errors:
        field, message = next(iter(errors.items()))
        raise ValidationError(message, field=field)
    with db.transaction(actor, "site.update") as tx:
        for key, text in clean.items():
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (f"site.{key}", json.dumps(text, ensure_ascii=False)),
            )
        tx.target("setting", "site", **clean)
    return read_site(db)
