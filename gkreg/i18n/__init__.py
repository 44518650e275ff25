"""The UI string catalogue: Simplified Chinese first, English second.

Each area keeps its strings in its own module here (``STRINGS = {key: (zh, en)}``)
so that the catalogue stays one lookup while areas evolve independently.
"""

from __future__ import annotations

import importlib

LANGUAGES = {"zh": "简体中文", "en": "English"}
_AREAS = [
    "core",
    "public",
    "console",
    "ledger",
    "surveys",
    "coordinator",
    "notify",
    "campaign",
    "frame",
    "domain",
    "frontdoor",
    "rules",
    "web",
    "audit_text",
    "polish",
]
CATALOGUE: dict[str, tuple[str, str]] = {}
for _area in _AREAS:
    CATALOGUE.update(importlib.import_module(f"{__name__}.{_area}").STRINGS)


def t(key: str, lang: str = "zh", **values: object) -> str:
    """The string for ``key`` in ``lang`` (Chinese when English is missing), formatted with ``values``."""
    zh, en = CATALOGUE.get(key, (key, key))
    text = en if lang == "en" and en else zh
    return text.format(**values) if values else text
