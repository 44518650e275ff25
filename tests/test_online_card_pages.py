"""The public list's card for an online activity (issue 11): no sign-up, so no deadline and no
approval line; the stream link and the time instead."""

from __future__ import annotations

import datetime as dt

from conftest import page_app

from gkreg import OpenDay, clock


def _cards(at) -> list[str]:
    return [str(m.value) for m in at.markdown if str(m.value).startswith("#### ")]


def test_online_card_shows_stream_and_time_not_deadline_or_approval(app_env):
    od = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    unit = od.units.add("甲县教育局", "department")
    od.users.add("coord", "coord-pass-1", "coordinator")
    starts = dt.datetime.combine(clock.now().date() + dt.timedelta(days=5), dt.time(9, 30))
    online_id = od.online.create(
        unit, "coord", title="局长在线访谈", starts_at=starts, stream_url="https://live.example.gov.cn/x", form="在线访谈"
    )
    od.events.add(unit, actor="coord", title="走进机关开放日", starts_at=starts + dt.timedelta(days=1))
    od.close()
    for lang, stream, banned in (
        ("zh", "直播链接", ("报名截止", "报名方式")),
        ("en", "Live stream", ("Sign-up closes", "How places are given")),
    ):
        at = page_app("events", lang=lang).run()
        assert not at.exception
        online = next(c for c in _cards(at) if "局长在线访谈" in c)
        offline = next(c for c in _cards(at) if "走进机关开放日" in c)
        assert stream in online and "https://live.example.gov.cn/x" in online and "09:30" in online
        for word in banned:
            assert word not in online, word
            assert word in offline, word  # a seated event still says both
        keys = {b.key for b in at.button}
        assert f"pub_signup_btn_{online_id}" not in keys and len([k for k in keys if k and "signup_btn" in k]) == 1
