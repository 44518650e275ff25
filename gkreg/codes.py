"""Citizens' codes (报名编号, 意见编号): one generator, one insert-with-retry, one constant-time match.

A code plus the phone number is a citizen's only key to their record, so codes are drawn from a
CSPRNG and matched in constant time (``hmac.compare_digest``), whichever record they open.
"""

from __future__ import annotations

import hmac
import secrets
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .db import Tx

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone
CODE_LENGTH = 8


def new_code() -> str:
    # 32 symbols: each random byte modulo 32 is uniform (256 = 8 * 32).
    return "".join(CODE_ALPHABET[b % 32] for b in secrets.token_bytes(CODE_LENGTH))


def normalize_code(code: str | None) -> str:
    return "".join((code or "").split()).upper()


def insert_with_code(tx: Tx, table: str, row: dict[str, Any]) -> int:
    """Insert ``row`` with a fresh unique code (``row["code"]`` is set to the one stored); returns the id.

    The retry on a collision is the backend's (SQLite: catch the UNIQUE error; PostgreSQL: ON CONFLICT).
    """
    return tx.insert_with_code(table, row, new_code)


def phone_matches(stored: str | None, given: str | None) -> bool:
    """The stored phone equals the one typed, compared in constant time; an empty one never matches."""
    if not stored or not given:
        return False
    return hmac.compare_digest(stored.encode(), given.encode())
