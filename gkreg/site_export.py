"""``python -m gkreg export-site DIR``: a static HTML copy of the public pages (reports with their
photos, the adoption ledger, the theme-day calendar) that the county portal can host or a clerk
can upload. Every link is relative, every picture is a local file, nothing loads from any host;
all typed text is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import os
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from . import clock
from .feeds import build_feed

if TYPE_CHECKING:
    from . import OpenDay

PAGES = [
    ("index.html", "首页"),
    ("reports.html", "活动开展情况"),
    ("ledger.html", "意见采纳公示"),
    ("calendar.html", "主题日安排"),
]
STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0; color: #1f2937;
       line-height: 1.6; background: #f8fafc; }
header { background: #b91c1c; color: #fff; padding: 12px 16px; }
header h1 { margin: 0; font-size: 20px; }
nav a { color: #fff; margin-right: 14px; text-decoration: none; }
nav a[aria-current] { text-decoration: underline; font-weight: bold; }
main { max-width: 960px; margin: 0 auto; padding: 16px; }
article, .month { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 12px 16px; margin: 12px 0; }
.meta { color: #6b7280; font-size: 14px; }
.photos img { max-width: 100%; width: 300px; height: auto; margin: 4px; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid #e5e7eb; padding: 6px 8px; text-align: left; vertical-align: top; }
p.body { white-space: pre-wrap; }
footer { color: #6b7280; font-size: 13px; text-align: center; padding: 16px; }
@media (max-width: 600px) { table, thead, tbody, tr, th, td { display: block; } thead { display: none; } }
"""


def _page(file: str, title: str, body: str, generated: dt.datetime) -> str:
    current = ' aria-current="page"'
    links = " ".join(f'<a href="{name}"{current if name == file else ""}>{escape(label)}</a>' for name, label in PAGES)
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} - 政府开放日</title><style>{STYLE}</style></head>
<body><header><h1>政府开放日 · 政务公开</h1><nav>{links}</nav></header>
<main><h2>{escape(title)}</h2>
{body}
</main><footer>生成时间：{generated:%Y-%m-%d %H:%M}　订阅：<a href="feeds/reports.atom">活动报道（Atom）</a>
　<a href="feeds/ledger.atom">意见公示（Atom）</a>　<a href="feeds/calendar.ics">主题日日历（.ics）</a></footer>
</body></html>
"""


def _text(value: object) -> str:
    return escape(str(value or ""))


def _reports(od: OpenDay, photos_dir: Path) -> str:
    parts = []
    for pr in od.reports.published(limit=500):
        if pr.report is None or not pr.report.published:
            continue
        e = pr.event
        images = []
        for photo in od.reports.photos(e.id):
            suffix = "png" if photo.mime == "image/png" else "jpg"
            name = f"report-{e.id}-{photo.id}.{suffix}"
            (photos_dir / name).write_bytes(photo.data)
            images.append(f'<img src="photos/{name}" alt="{_text(e.title)} 现场照片" loading="lazy">')
        record = ""
        online = od.online.public_record(e.id)
        if online is not None:
            if online.transcript:
                record += f'<h4>访谈实录</h4><p class="body">{_text(online.transcript)}</p>'
            if online.questions:
                record += (
                    "<h4>问答</h4><dl>"
                    + "".join(
                        f"<dt>问：{_text(q.question)}</dt><dd>答：{_text(q.answer) or '（待答复）'}</dd>"
                        for q in online.questions
                    )
                    + "</dl>"
                )
        parts.append(
            f'<article id="event-{e.id}"><h3>{_text(e.title)}</h3>'
            f'<p class="meta">{_text(e.unit_name)}　{e.starts_at:%Y-%m-%d %H:%M}　{_text(e.form)}'
            f'　{_text(e.location)}</p><p class="body">{_text(pr.report.body)}</p>'
            f'{record}<div class="photos">{"".join(images)}</div></article>'
        )
    return "".join(parts) or "<p>暂无已发布的活动报道。</p>"


def _ledger(od: OpenDay) -> str:
    rows = []
    for o in od.feedback.public_ledger()[:2000]:
        rows.append(
            f'<tr id="opinion-{o["id"]}"><td>{_text(o["unit"])}</td><td>{_text(o["event"])}</td>'
            f"<td>{_text(o['content'])}</td><td>{_text(o['submitter'])}</td>"
            f"<td>{_text(o['status_label'])}</td><td>{_text(o['response'])}</td>"
            f"<td>{o['submitted_at']:%Y-%m-%d}</td></tr>"
        )
    if not rows:
        return "<p>暂无公开的意见。</p>"
    return (
        "<table><thead><tr><th>单位</th><th>活动</th><th>意见</th><th>提出人</th><th>状态</th><th>答复</th>"
        "<th>提交日期</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _calendar(od: OpenDay) -> str:
    entries = od.calendar.entries()
    if not entries:
        return "<p>暂无已公布的主题日安排。</p>"
    parts = []
    for month, items in od.calendar.by_month(entries).items():
        year, number = month.split("-")
        rows = "".join(
            f"<tr><td>{x.event.starts_at:%m-%d %H:%M}</td><td>{_text(x.event.title)}</td>"
            f"<td>{_text('、'.join(x.hosts))}</td><td>{_text(x.event.form)}</td><td>{_text(x.event.location)}</td>"
            f"<td>{_text(x.take_part())}</td></tr>"
            for x in items
        )
        parts.append(
            f'<section class="month" id="m{month}"><h3>{year}年{int(number)}月</h3><table><thead><tr>'
            "<th>时间</th><th>主题</th><th>主办（合办）单位</th><th>形式</th><th>地点</th><th>参与方式</th>"
            f"</tr></thead><tbody>{rows}</tbody></table></section>"
        )
    return "".join(parts)


def export_site(od: OpenDay, dest: str | os.PathLike, base_url: str = "") -> list[Path]:
    """Write the static site into ``dest`` (created if needed); returns the files written."""
    root = Path(dest)
    photos = root / "photos"
    feeds_dir = root / "feeds"
    photos.mkdir(parents=True, exist_ok=True)
    feeds_dir.mkdir(parents=True, exist_ok=True)
    now = clock.now()
    bodies = {
        "index.html": (
            "<p>本站为县政府开放日（政务公开日）公开信息的静态副本，可由县政府门户网站转载。</p><ul>"
            + "".join(f'<li><a href="{n}">{escape(label)}</a></li>' for n, label in PAGES[1:])
            + "</ul>"
        ),
        "reports.html": _reports(od, photos),
        "ledger.html": _ledger(od),
        "calendar.html": _calendar(od),
    }
    written = []
    for name, title in PAGES:
        path = root / name
        path.write_text(_page(name, title, bodies[name], now), encoding="utf-8")
        written.append(path)
    for name in ("reports.atom", "ledger.atom", "calendar.ics", "reports.json", "ledger.json", "calendar.json"):
        path = feeds_dir / name
        path.write_bytes(build_feed(od, name, base_url))
        written.append(path)
    written.extend(sorted(photos.iterdir()))
    return written
