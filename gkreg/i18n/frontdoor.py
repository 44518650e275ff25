"""Strings of the public front door: picture code, limits, their settings on /admin."""

STRINGS: dict[str, tuple[str, str]] = {
    "fd.captcha": ("验证码", "验证码 (picture code)"),
    "fd.captcha.help": (
        "请输入图片中的字母和数字（不区分大小写）。看不清可点“换一张”。",
        "Type the letters and digits in the picture (case does not matter).",
    ),
    "fd.captcha.new": ("换一张", "New picture"),
    "fd.captcha.wrong": ("验证码不正确，请按新图片重新输入。", "The picture code was wrong; type the new one."),
    "fd.captcha.needed": (
        "为防止名额被程序抢占，请输入图片中的验证码后再提交。",
        "To keep seats for people, please type the picture code and submit again.",
    ),
    "fd.lookup.wait": (
        "查询失败次数过多，为保护个人信息，请在{m}分钟后再查询。请核对报名成功页面或短信中的编号；找不到编号请联系活动主办单位。",
        "Too many failed look-ups. To protect personal data, please try again in {m} min. Check "
        "the code on your confirmation; if you cannot find it, contact the organizing unit.",
    ),
    "fd.opinion.wait": (
        "从您所在的网络提交的意见太多，请在{m}分钟后再提交；也可以把几条意见写在同一条中。",
        "Too many opinions from your network. Please submit again in {m} min, or put several points into one opinion.",
    ),
    "fd.photo_broken": ("（这张照片无法显示）", "(this photo cannot be shown)"),
    "fd.limits.title": ("公开报名防刷设置", "Limits of the public pages"),
    "fd.limits.note": (
        "按访问者网络地址计数，保存在数据库中，对所有浏览器窗口和服务器进程同时有效。",
        "Counted per client address in the database, for every browser tab and server process.",
    ),
    "fd.high_demand": ("热门活动：从第一次报名起就要求输入验证码", "High demand: ask the picture code from the first sign-up"),
    "fd.high_demand.saved": ("已保存。", "Saved."),
    "admin.setting.phone_live_max": ("同一手机号每场最多有效报名数", "Live sign-ups per phone per event"),
    "admin.setting.signup_captcha_after": (
        "同一网络地址10分钟内报名几次后要求验证码",
        "Sign-ups per address in 10 min before the picture code",
    ),
    "admin.setting.signup_hourly_max": ("同一网络地址每小时最多报名次数", "Sign-ups per address per hour"),
    "admin.setting.lookup_failures_hourly_max": ("同一网络地址每小时最多查询失败次数", "Failed look-ups per address per hour"),
    "admin.setting.opinions_hourly_max": ("同一网络地址每小时最多提交意见条数", "Opinions per address per hour"),
}
