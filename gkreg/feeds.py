"""Feeds for the county portal: Atom and JSON of the published reports and the public ledger,
and the calendar as iCalendar. Pure builders (data in, bytes out) plus thin loaders.

Nothing personal leaves through here beyond what the public pages show: the ledger's names are
masked (``张**``/``匿名``) by ``Feedback.public_ledger``, and no phone, code or ID number is read.
Stable URLs (CONTRACT §6): /feeds/reports.atom, /feeds/ledger.atom, /feeds/calendar.ics, and
the JSON twins /feeds/reports.json, /feeds/ledger.json, /feeds/calendar.json.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import clock

if TYPE_CHECKING:
    from . import OpenDay
    from .reports import PublicReport
    from .theme_calendar import CalendarEntry

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_PATHS = {
    "reports.atom": "application/atom+xml; charset=utf-8",
    "ledger.atom": "application/atom+xml; charset=utf-8",
    "calendar.ics": "text/calendar; charset=utf-8",
    "reports.json": "application/json; charset=utf-8",
    "ledger.json": "application/json; charset=utf-8",
    "calendar.json": "application/json; charset=utf-8",
}
STATUS_WORDS = {
    "received": "待办理",
    "processing": "办理中",
    "adopted": "已采纳",
    "partially_adopted": "部分采纳",
    "not_adopted": "暂不采纳",
    "answered": "已答复",
}


@dataclass(frozen=True)
class FeedItem:
    id: str
    title: str
    updated: dt.datetime
    link: str
    content: str
    author: str
    published: dt.datetime | None = None
    category: str = ""


def _rfc3339(value: dt.datetime) -> str:
    local = value.replace(tzinfo=clock.TZ) if value.tzinfo is None else value
    return local.isoformat(timespec="seconds")


def _join(base_url: str, path: str) -> str:
    return (base_url or "").rstrip("/") + path


def atom(*, feed_id: str, title: str, self_url: str, site_url: str, items: Sequence[FeedItem], subtitle: str = "") -> bytes:
    """An Atom 1.0 document (RFC 4287); text is escaped by the XML writer, never interpreted."""
    ET.register_namespace("", ATOM_NS)
    q = lambda tag: f"{{{ATOM_NS}}}{tag}"  # noqa: E731 - tiny local helper for namespaced tags
    feed = ET.Element(q("feed"), {"xml:lang": "zh-CN"})
    ET.SubElement(feed, q("id")).text = feed_id
    ET.SubElement(feed, q("title")).text = title
    if subtitle:
        ET.SubElement(feed, q("subtitle")).text = subtitle
    newest = max((i.updated for i in items), default=dt.datetime(2000, 1, 1))
    ET.SubElement(feed, q("updated")).text = _rfc3339(newest)
    ET.SubElement(feed, q("link"), {"rel": "self", "href": self_url, "type": "application/atom+xml"})
    ET.SubElement(feed, q("link"), {"rel": "alternate", "href": site_url, "type": "text/html"})
    ET.SubElement(ET.SubElement(feed, q("author")), q("name")).text = "县政务公开办"
    ET.SubElement(feed, q("generator")).text = "gkreg"
    for item in items:
        entry = ET.SubElement(feed, q("entry"))
        ET.SubElement(entry, q("id")).text = item.id
        ET.SubElement(entry, q("title")).text = item.title
        ET.SubElement(entry, q("updated")).text = _rfc3339(item.updated)
        if item.published:
            ET.SubElement(entry, q("published")).text = _rfc3339(item.published)
        ET.SubElement(entry, q("link"), {"rel": "alternate", "href": item.link, "type": "text/html"})
        ET.SubElement(ET.SubElement(entry, q("author")), q("name")).text = item.author or "县政务公开办"
        if item.category:
            ET.SubElement(entry, q("category"), {"term": item.category})
        ET.SubElement(entry, q("content"), {"type": "text"}).text = item.content
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def json_feed(
    *, title: str, home_url: str, feed_url: str, items: Sequence[FeedItem], extra: dict[int, dict[str, Any]] | None = None
) -> bytes:
    """The same items as JSON Feed 1.1 (text content only)."""
    entries: list[dict[str, Any]] = []
    out = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": home_url,
        "feed_url": feed_url,
        "language": "zh-CN",
        "items": entries,
    }
    for n, item in enumerate(items):
        entry: dict[str, Any] = {
            "id": item.id,
            "url": item.link,
            "title": item.title,
            "content_text": item.content,
            "date_modified": _rfc3339(item.updated),
            "authors": [{"name": item.author}],
        }
        if item.published:
            entry["date_published"] = _rfc3339(item.published)
        if item.category:
            entry["tags"] = [item.category]
        if extra and n in extra:
            entry["_gkreg"] = extra[n]
        entries.append(entry)
    return json.dumps(out, ensure_ascii=False, indent=1).encode("utf-8")


# ---- the three sources -------------------------------------------------------------------------------


def report_items(reports: Sequence[PublicReport], base_url: str) -> list[FeedItem]:
    """Published reports only (a held event without a published report is not news yet)."""
    items = []
    for pr in reports:
        if pr.report is None or not pr.report.published:
            continue
        e = pr.event
        items.append(
            FeedItem(
                id=f"tag:gkreg,2026:report/{e.id}",
                title=f"{e.unit_name}：{e.title}",
                updated=max(pr.report.updated_at, pr.report.published_at or pr.report.updated_at),
                published=pr.report.published_at,
                link=_join(base_url, f"/reports?event={e.id}"),
                content=pr.report.body,
                author=e.unit_name,
                category=e.form,
            )
        )
    return items


def ledger_items(opinions: Sequence[dict[str, Any]], base_url: str) -> list[FeedItem]:
    """Published opinions as the public ledger shows them (masked submitter, never a phone)."""
    items = []
    for o in opinions:
        status = STATUS_WORDS.get(o.get("status", ""), o.get("status", ""))
        lines = [f"意见：{o.get('content', '')}", f"提出人：{o.get('submitter', '匿名')}", f"办理状态：{status}"]
        if o.get("response"):
            lines.append(f"答复：{o['response']}")
        submitted = clock.parse(o.get("submitted_at")) or clock.now()
        responded = clock.parse(o.get("responded_at"))
        items.append(
            FeedItem(
                id=f"tag:gkreg,2026:opinion/{o['id']}",
                title=f"{o.get('unit', '')}｜{status}",
                updated=responded or submitted,
                published=submitted,
                link=_join(base_url, f"/feedback?event={o['event_id']}" if o.get("event_id") else f"/feedback#opinion-{o['id']}"),
                content="\n".join(lines),
                author=o.get("unit", ""),
                category=status,
            )
        )
    return items


def calendar_ics(entries: Sequence[CalendarEntry], base_url: str = "", stamp: dt.datetime | None = None) -> bytes:
    """Every calendar entry as a VEVENT; the feed apps poll (REFRESH-INTERVAL 6 hours)."""
    from .ics import IcsEvent, build_calendar

    items = []
    for entry in entries:
        e = entry.event
        lines = ["主办单位：" + entry.lead]
        if entry.cohosts:
            lines.append("合办单位：" + "、".join(entry.cohosts))
        lines.append("活动形式：" + e.form)
        take_part = entry.take_part()
        if take_part:
            lines.append("参与方式：" + take_part)
        if e.description:
            lines.append(e.description)
        url = entry.stream_url if e.online and entry.stream_url else _join(base_url, f"/?event={e.id}") if base_url else ""
        items.append(
            IcsEvent(
                uid=f"gkreg-event-{e.id}@gkreg",
                summary=f"政务公开日：{e.title}",
                starts_at=e.starts_at,
                ends_at=e.ends_at,
                location=e.location,
                description="\n".join(lines),
                url=url,
            )
        )
    return build_calendar(items, name="政务公开日主题活动", stamp=stamp, refresh_hours=6)


def calendar_json(entries: Sequence[CalendarEntry], base_url: str = "") -> bytes:
    out = []
    for entry in entries:
        e = entry.event
        out.append(
            {
                "id": e.id,
                "title": e.title,
                "month": entry.month,
                "starts_at": _rfc3339(e.starts_at),
                "ends_at": _rfc3339(e.ends_at) if e.ends_at else None,
                "form": e.form,
                "online": e.online,
                "location": e.location,
                "hosts": entry.hosts,
                "take_part": entry.take_part(),
                "url": entry.stream_url if e.online and entry.stream_url else _join(base_url, f"/?event={e.id}"),
            }
        )
    return json.dumps({"title": "政务公开日主题活动", "events": out}, ensure_ascii=False, indent=1).encode("utf-8")


# ---- loaders: what the routes and export-site serve ---------------------------------------------------


def build_feed(od: OpenDay, name: str, base_url: str = "") -> bytes:
    """The bytes of one feed by its file name (a key of ``FEED_PATHS``); KeyError for any other."""
    if name not in FEED_PATHS:
        raise KeyError(name)
    if name.startswith("reports."):
        items = report_items(od.reports.published(limit=500), base_url)
        if name.endswith(".atom"):
            return atom(
                feed_id="tag:gkreg,2026:reports",
                title="政府开放日活动开展情况",
                self_url=_join(base_url, "/feeds/reports.atom"),
                site_url=_join(base_url, "/reports"),
                items=items,
                subtitle="各单位政府开放日活动报道",
            )
        return json_feed(
            title="政府开放日活动开展情况",
            home_url=_join(base_url, "/reports"),
            feed_url=_join(base_url, "/feeds/reports.json"),
            items=items,
        )
    if name.startswith("ledger."):
        items = ledger_items(od.feedback.public_ledger()[:1000], base_url)
        if name.endswith(".atom"):
            return atom(
                feed_id="tag:gkreg,2026:ledger",
                title="意见采纳公示",
                self_url=_join(base_url, "/feeds/ledger.atom"),
                site_url=_join(base_url, "/feedback"),
                items=items,
                subtitle="群众意见建议办理和采纳情况",
            )
        return json_feed(
            title="意见采纳公示",
            home_url=_join(base_url, "/feedback"),
            feed_url=_join(base_url, "/feeds/ledger.json"),
            items=items,
        )
    entries = od.calendar.entries()
    if name == "calendar.ics":
        return calendar_ics(entries, base_url)
    return calendar_json(entries, base_url)
