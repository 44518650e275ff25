"""Migrations of the surveys area (see schema/__init__.py)."""

MIGRATIONS: list[tuple[str, list[str]]] = []
