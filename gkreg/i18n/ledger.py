"""UI strings of the ledger area: key -> (Chinese, English)."""

STRINGS: dict[str, tuple[str, str]] = {}
