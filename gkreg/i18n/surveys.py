"""UI strings of the surveys area: key -> (Chinese, English)."""

STRINGS: dict[str, tuple[str, str]] = {}
