"""UI strings of the coordinator area: key -> (Chinese, English)."""

STRINGS: dict[str, tuple[str, str]] = {}
