"""Backups through SQLite's online backup API (safe while the app writes)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .db import Database
from .errors import ValidationError


def backup(db: Database, dest: str | Path, actor: str | None = None) -> Path:
    dest = Path(dest)
    if dest.resolve() == db.path.resolve():
        raise ValidationError("备份文件不能与数据库是同一个文件。")
    if dest.parent and not dest.parent.exists():
        raise ValidationError(f"目录不存在：{dest.parent}")
    if dest.is_dir():
        raise ValidationError(f"备份目标是一个目录，请给出文件名：{dest}")
    try:
        if not dest.exists():  # a backup holds every name and phone: private from its creation
            os.close(os.open(dest, os.O_RDWR | os.O_CREAT, 0o600))
        os.chmod(dest, 0o600)
        target = sqlite3.connect(str(dest))
        try:
            db.connection().backup(target)
        finally:
            target.close()
    except (sqlite3.Error, OSError):
        raise ValidationError(f"无法写入备份文件（已存在的非数据库文件或没有权限）：{dest}") from None
    with db.transaction(actor, "backup") as tx:  # the audit entry is the only write to the source
        tx.target("database", None, dest=str(dest.name))
    return dest
