"""Strings of the web tier: the plain-HTML event list served beside the Streamlit pages."""

STRINGS = {
    "web.html.title": ("政府开放日 · 开放活动", "Government open days · open events"),
    "web.html.app_link": (
        "进入完整网站（报名、查询、问卷、意见）",
        "Open the full site (sign up, look up, questionnaires, opinions)",
    ),
    "web.html.lang_other": ("English", "中文"),
    "web.html.updated": ("更新于 {when}", "Updated {when}"),
}
