"""UI strings of the console area: key -> (Chinese, English)."""

STRINGS: dict[str, tuple[str, str]] = {}
