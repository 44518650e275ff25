"""Strings of issue 11's last round: online cards, the ledger's deadline column, staff pages in English."""

STRINGS: dict[str, tuple[str, str]] = {
    "pub.card.stream": ("直播链接", "Live stream"),
    "pub.card.online_how": ("参与方式", "How to take part"),
    "pub.card.online_no_signup": ("在线收看或拨打热线，无需报名", "Watch online or call in; no sign-up"),
}
