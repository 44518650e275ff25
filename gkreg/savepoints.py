"""A nested ``transaction()``: the inner step joins the open transaction as a SAVEPOINT (SQLite and
PostgreSQL alike), so a use case built from other use cases commits or rolls back as one, and each
step still writes its own audit entry."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from .errors import QuotaError

CAPACITY_FULL = "名额已满，未能保存。"  # the seat trigger (gkreg_capacity) refused a write


class _Conn(Protocol):
    def execute(self, sql: str, /) -> Any: ...


class _Tx(Protocol):
    def _write_audit(self) -> None: ...


class _Depth(Protocol):
    depth: int


TxT = TypeVar("TxT", bound=_Tx)


def capacity_refused(exc: BaseException) -> bool:
    """The database's seat trigger stopped the write (the last seat went meanwhile)."""
    return "gkreg_capacity" in str(exc)


@contextmanager
def savepoint(local: _Depth, conn: _Conn, tx: TxT, driver_error: type[BaseException]) -> Iterator[TxT]:
    """Run ``tx`` as SAVEPOINT ``gkreg_<depth>`` inside the open transaction; ``local.depth`` counts the levels.

    A failure rolls back this step only and is raised on (the seat trigger's ``driver_error`` as
    ``QuotaError``); the caller decides whether the whole use case fails with it.
    """
    depth = local.depth
    name = f"gkreg_{depth}"
    conn.execute(f"SAVEPOINT {name}")
    local.depth = depth + 1
    try:
        yield tx
        tx._write_audit()
    except BaseException as exc:
        conn.execute(f"ROLLBACK TO {name}")
        conn.execute(f"RELEASE {name}")
        if isinstance(exc, driver_error) and capacity_refused(exc):
            raise QuotaError(CAPACITY_FULL) from None
        raise
    else:
        conn.execute(f"RELEASE {name}")
    finally:
        local.depth = depth
