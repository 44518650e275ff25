"""The site frame around every page: the county's header and footer, the page language, and Streamlit's
own chrome translated or hidden (file-uploader texts, heading anchors, the bare phone-menu arrow).

Only catalogue strings and the coordinator's site settings (escaped) go into the HTML here; nothing a
citizen typed ever does.
"""

from __future__ import annotations

import html

import streamlit as st

from gkreg.site import Site, read_site

from .context import db_path, get_od
from .layout import lang, tr

SITE_TTL = 5  # seconds a changed site setting may take to show in the frame

_CSS = """
<style>
/* Heading anchors (the link icon next to every title) mean nothing to a citizen. */
[data-testid="stHeaderActionElements"] { display: none !important; }
/* The file uploader's English texts: our own words instead (each page states its own size limit). */
[data-testid="stFileUploaderDropzoneInstructions"] { display: none !important; }
[data-testid="stFileUploaderDropzone"] button { font-size: 0 !important; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] { display: none !important; }
[data-testid="stFileUploaderDropzone"] button::after { content: "%(upload)s"; font-size: 0.95rem; }
/* An empty date field shows its segments as yyyy-mm-dd: written the way forms here write it. */
[data-testid="stDateInputField"] [data-placeholder="true"] { text-transform: uppercase; }
/* On a phone the sidebar opens from a bare arrow: say that it is the menu. */
[data-testid="stExpandSidebarButton"] { width: auto !important; padding: 0 0.6rem !important; }
[data-testid="stExpandSidebarButton"]::after { content: "%(menu)s"; font-size: 0.95rem; margin-left: 0.25rem; }
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
/* The frame. */
.gk-header { background: #b71c1c; color: #fff; border-radius: 0.5rem; padding: 0.7rem 1rem;
  display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.2rem 0.9rem; }
.gk-header .gk-county { font-size: 1.25rem; font-weight: 700; letter-spacing: 0.05em; }
.gk-header .gk-identity { font-size: 0.95rem; padding-left: 0.9rem; border-left: 1px solid rgba(255,255,255,.6); }
.gk-header .gk-service { font-size: 0.9rem; opacity: 0.9; flex-basis: 100%%; }
.gk-footer { border-top: 3px solid #b71c1c; margin-top: 2.5rem; padding-top: 0.8rem; color: #555;
  font-size: 0.85rem; line-height: 1.7; text-align: center; }
.gk-footer span { display: inline-block; margin: 0 0.5rem; }
/* Tables: all columns on a desktop, cells wrap on a phone (st.table keeps the whole table in the page). */
[data-testid="stTable"] td, [data-testid="stTable"] th { white-space: normal; word-break: break-word; }
/* ... but a short value (a name, 群众代表, a status) stays on one line where the width allows. */
[data-testid="stTable"] td, [data-testid="stTable"] th { min-width: 5em; }
/* A cell marked nowrap (dates, codes: gkreg.ui.text.show_table) keeps it down to the text inside. */
[data-testid="stTable"] td [data-testid="stMarkdownContainer"],
[data-testid="stTable"] td [data-testid="stMarkdownContainer"] p { white-space: inherit; }
@media (max-width: 640px) {
  .gk-header { padding: 0.55rem 0.75rem; }
  .gk-header .gk-county { font-size: 1.05rem; }
  [data-testid="stTable"] { font-size: 0.85rem; }
  /* Many columns on a phone: keep each readable (a few characters a line) and let the table scroll
     sideways, rather than one character per line. */
  [data-testid="stTable"] td, [data-testid="stTable"] th { min-width: 4.5em; }
  /* ... and dates may wrap again: kept on one line they squeezed the sentence beside them to a few
     characters a line (the audit log). */
  [data-testid="stTable"] td { white-space: normal !important; }
}
</style>
"""


def _lang_script(code: str) -> str:
    # Sets the document's language for screen readers, translation and fonts; a fixed string, no data.
    return f"<script>document.documentElement.setAttribute('lang', '{code}');</script>"


@st.cache_resource(ttl=SITE_TTL, show_spinner=False, max_entries=4)
def _site(path: str) -> Site:
    return read_site(get_od().db)


def forget_site() -> None:
    _site.clear()


def site() -> Site:
    """The site settings (county, host unit, contact, filing numbers: public facts), at most 5 s old."""
    return _site(db_path())


def draw_style() -> None:
    """CSS and the html ``lang`` attribute; call once per run, before the page."""
    words = {"upload": tr("frame.upload"), "menu": tr("frame.menu")}
    # One element, not two (every element is a message on every run, issue 15): fixed text only.
    st.html(
        _CSS % {k: v.replace('"', "") for k, v in words.items()} + _lang_script("en" if lang() == "en" else "zh-CN"),
        unsafe_allow_javascript=True,
    )


def draw_header() -> None:
    info, lg = site(), lang()
    st.html(
        '<header class="gk-header" role="banner">'
        f'<span class="gk-county">{html.escape(info.county_for(lg))}</span>'
        f'<span class="gk-identity">{html.escape(tr("frame.identity"))}</span>'
        f'<span class="gk-service">{html.escape(tr("frame.service"))}</span>'
        "</header>"
    )


def draw_footer() -> None:
    info, lg = site(), lang()
    parts = [f"{html.escape(tr('frame.host'))}{html.escape(tr('pub.sep'))}{html.escape(info.host_for(lg))}"]
    if info.phone:
        parts.append(f"{html.escape(tr('frame.phone'))}{html.escape(tr('pub.sep'))}{html.escape(info.phone)}")
    if info.address:
        parts.append(f"{html.escape(tr('frame.address'))}{html.escape(tr('pub.sep'))}{html.escape(info.address)}")
    filing = [html.escape(x) for x in (info.icp, info.psb) if x]
    lines = "".join(f"<span>{p}</span>" for p in parts)
    filed = "".join(f"<span>{p}</span>" for p in filing)
    st.html(f'<footer class="gk-footer" role="contentinfo"><div>{lines}</div>{f"<div>{filed}</div>" if filed else ""}</footer>')
