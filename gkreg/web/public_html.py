"""The public event list as one plain HTML page: for people who only browse (and for crawlers and
WeChat previews). It costs one query and no websocket; signing up still happens in the Streamlit app.

Only published, public facts are in it (titles, units, times, places, seat counts): it may be cached.
"""

from __future__ import annotations

from html import escape

from gkreg import OpenDay, clock, public
from gkreg.i18n import t

_STYLE = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#fafafa;color:#222}
main{max-width:960px;margin:0 auto;padding:16px}
h1{font-size:1.6rem;margin:.4em 0}
.intro,.meta{color:#555}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
.card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:12px 16px}
.card h2{font-size:1.15rem;margin:.2em 0 .5em}
.card p{margin:.2em 0}
.seats{font-weight:bold;color:#1b5e20}
.seats.off{color:#666}
a.button{display:block;text-align:center;margin-top:10px;padding:10px;border-radius:6px;background:#b71c1c;
color:#fff;text-decoration:none}
nav a{margin-right:1em}
"""


def events_page(od: OpenDay, lang: str = "zh") -> str:
    """The whole page (zh or en) listing every open event with its seat state and a sign-up link."""
    events = od.events.list_open()
    seats = od.events.seats_many([e.id for e in events])
    sep = t("pub.sep", lang)
    suffix = "&amp;lang=en" if lang == "en" else ""
    cards = []
    for event in events:
        state = public.seat_state(event, seats[event.id])
        rows = [
            (t("pub.card.unit", lang), event.unit_name),
            (t("pub.card.form", lang), event.form),
            (t("pub.card.when", lang), public.when_words(event, lang)),
            (t("pub.card.place", lang), event.location or "—"),
        ]
        lines = "".join(f"<p>{escape(label)}{escape(sep)}{escape(value)}</p>" for label, value in rows)
        css = "seats" if state.can_sign_up else "seats off"
        button = (
            f'<a class="button" href="/?event={event.id}&amp;step=signup{suffix}">{escape(t("pub.signup", lang))}</a>'
            if state.can_sign_up
            else ""
        )
        cards.append(
            f'<article class="card"><h2>{escape(event.title)}</h2>{lines}'
            f'<p class="{css}">{escape(public.seat_words(state, lang))}</p>{button}</article>'
        )
    body = "".join(cards) or f"<p>{escape(t('pub.empty', lang))}</p>"
    other = "" if lang == "en" else "?lang=en"
    return (
        f'<!doctype html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(t('web.html.title', lang))}</title><style>{_STYLE}</style></head><body><main>"
        f'<nav><a href="/{"?lang=en" if lang == "en" else ""}">{escape(t("web.html.app_link", lang))}</a>'
        f'<a href="/events.html{other}">{escape(t("web.html.lang_other", lang))}</a></nav>'
        f'<h1>{escape(t("page.events", lang))}</h1><p class="intro">{escape(t("pub.intro", lang))}</p>'
        f'<p class="meta">{escape(t("pub.count", lang, n=len(events)))} · '
        f"{escape(t('web.html.updated', lang, when=public.fmt_dt(clock.now())))}</p>"
        f'<div class="cards">{body}</div></main></body></html>'
    )
