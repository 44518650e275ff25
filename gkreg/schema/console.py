"""Migrations of the console area (see schema/__init__.py)."""

MIGRATIONS: list[tuple[str, list[str]]] = []
