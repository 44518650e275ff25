"""ID numbers at rest: encrypted (Fernet), a keyed hash for duplicate checks, masked on screen."""

from __future__ import annotations

import base64
import hashlib
import hmac
from pathlib import Path

from cryptography.fernet import Fernet

from .keys import load_or_create


class IdVault:
    def __init__(self, directory: Path) -> None:
        raw = load_or_create("id_encryption.key", directory)
        # Derive a Fernet key and an HMAC key from the one stored secret.
        self._fernet = Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"enc:" + raw).digest()))
        self._mac_key = hashlib.sha256(b"mac:" + raw).digest()

    def encrypt(self, id_number: str) -> str:
        return self._fernet.encrypt(id_number.encode()).decode()

    def decrypt(self, token: str) -> str:
        return self._fernet.decrypt(token.encode()).decode()

    def hash(self, id_number: str) -> str:
        return hmac.new(self._mac_key, id_number.encode(), hashlib.sha256).hexdigest()


def mask_id(id_number: str | None) -> str:
    if not id_number:
        return ""
    if len(id_number) <= 7:
        return "*" * len(id_number)
    return id_number[:3] + "*" * (len(id_number) - 7) + id_number[-4:]


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 11 else "*" * len(phone)


def mask_name(name: str | None) -> str:
    name = (name or "").strip()
    if not name:
        return "匿名"
    return name[0] + "*" * max(1, len(name) - 1)
