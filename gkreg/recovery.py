"""A citizen who lost their registration code finds it again: the phone they signed up with plus the
last six characters of their ID number show their own registrations' codes.

Both must match the same registration, and the answer for a wrong phone, a wrong ID tail or no
registration at all is the same empty list (the page counts it as a failed look-up).
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from typing import Any

from .errors import ValidationError

_TAIL = re.compile(r"^[0-9]{5}[0-9X]$")
_PHONE = re.compile(r"^1[3-9][0-9]{9}$")


@dataclass(frozen=True)
class FoundCode:
    code: str
    event_id: int
    title: str
    unit: str
    starts_at: str
    status: str


def clean_recovery(phone: str, id_tail: str) -> tuple[str, str]:
    """Normalised (phone, tail) or ``ValidationError`` naming the field."""
    phone = "".join((phone or "").split())
    tail = "".join((id_tail or "").split()).upper()
    if not _PHONE.match(phone):
        raise ValidationError("请输入报名时填写的11位手机号。", field="phone")
    if not _TAIL.match(tail):
        raise ValidationError("请输入身份证号的最后6位（最后一位可能是X）。", field="id_tail")
    return phone, tail


def recover_codes(od: Any, phone: str, id_tail: str) -> list[FoundCode]:
    """The codes of public sign-ups made with this phone whose ID number ends with ``id_tail``."""
    phone, tail = clean_recovery(phone, id_tail)
    rows = od.db.rows(
        """SELECT r.code, r.event_id, r.id_cipher, r.status, e.title, e.starts_at, u.name AS unit
           FROM registrations r JOIN events e ON e.id = r.event_id JOIN units u ON u.id = e.unit_id
           WHERE r.phone = ? AND r.id_cipher IS NOT NULL AND r.erased_at IS NULL
           ORDER BY e.starts_at DESC, r.id DESC LIMIT 50""",
        (phone,),
    )
    found = []
    for row in rows:
        try:
            number = od.vault.decrypt(row["id_cipher"])
        except Exception:  # noqa: BLE001 - an undecryptable row (old key) simply does not match
            continue
        if hmac.compare_digest(number[-6:].upper(), tail):
            found.append(FoundCode(row["code"], row["event_id"], row["title"], row["unit"], row["starts_at"], row["status"]))
    return found
