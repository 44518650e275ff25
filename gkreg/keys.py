"""Secrets generated on first run in GKREG_SECRET_DIR (mode 0600), never in the repo."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def secret_dir(default_dir: str | os.PathLike | None = None) -> Path:
    return Path(os.environ.get("GKREG_SECRET_DIR") or default_dir or "data")


def load_or_create(name: str, directory: Path, nbytes: int = 32) -> bytes:
    """Read a secret, or create it atomically with mode 0600 when it is missing."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    value = secrets.token_urlsafe(nbytes).encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its key
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(value)
    os.chmod(path, 0o600)
    return value
