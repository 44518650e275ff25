"""UI strings of the public area: key -> (Chinese, English)."""

STRINGS: dict[str, tuple[str, str]] = {}
