"""The reads both databases answer the same way, built on each one's ``rows`` and ``connection``."""

from __future__ import annotations

from typing import Any


class SharedReads:
    """``row``, ``scalar`` and ``table_names`` for ``gkreg.db.Database`` and ``gkreg.pg.PgDatabase``."""

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def connection(self) -> Any:
        raise NotImplementedError

    def row(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: Any = ()) -> Any:
        found = self.connection().execute(sql, params).fetchone()
        return None if found is None else found[0]

    def table_names(self) -> set[str]:
        return {r["name"] for r in self.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
