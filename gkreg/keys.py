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
    # Write the whole key to a private temporary file first, then link it into place:
    # another process sees either no file or the complete key, never an empty one.
    tmp = directory / f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(value)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:  # another process won the race: use its key
            return path.read_bytes().strip()
    finally:
        tmp.unlink(missing_ok=True)
    return value
