"""Strings for the rules of issue 14 (a finalized list reopened below one third)."""

STRINGS: dict[str, tuple[str, str]] = {
    "notify.kind.list_reopened": (
        "名单重新开放（群众代表不足三分之一，邮件）",
        "List reopened: citizens below one third (e-mail)",
    ),
}
