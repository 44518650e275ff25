"""Nested unknown paths (issue 11): our own not-found page in the site frame, never a blank tab and
never Streamlit's English "Page not found" modal; the server's own nested paths keep working."""

from __future__ import annotations

import urllib.request

import pytest
from conftest import wait_for_app

from gkreg.web.nested import is_nested_unknown


def test_which_paths_count_as_nested_unknown():
    for path in ("/a/b", "/manage-events/x", "/attendees/33/edit", "/a/b/", "/lookup/x.html"):
        assert is_nested_unknown(path), path
    for path in (
        "/",
        "/a",
        "/manage-events",
        "/_stcore/health",
        "/static/js/x.js",
        "/feeds/calendar.ics",
        "/attendees/_stcore/health",
        "/app/static/x.png",
        "/media/abc.png",
        "/component/x/index.html",
    ):
        assert not is_nested_unknown(path), path


@pytest.mark.browser
def test_nested_unknown_paths_show_our_not_found_page(server, desktop, phone):
    for page, path in (
        (desktop, "/a/b"),
        (desktop, "/manage-events/x"),
        (phone, "/attendees/33/edit"),
        (desktop, "/feedback/x/y/z"),
    ):
        page.goto(server.url + path)
        wait_for_app(page)
        page.get_by_role("heading", name="页面不存在").wait_for(timeout=30_000)
        page.get_by_role("link", name="返回开放活动首页").wait_for()
        body = page.inner_text("body")
        assert "Page not found" not in body and "does not seem to exist" not in body, path
        assert "示范县人民政府" in body  # inside the site frame, not a bare page
    # The language chosen in the URL stays chosen.
    desktop.goto(server.url + "/x/y?lang=en")
    wait_for_app(desktop)
    desktop.get_by_role("heading", name="Page not found").wait_for(timeout=30_000)
    desktop.get_by_role("link", name="Go to the open days").wait_for()  # ours (Streamlit's modal has no link)
    assert "does not seem to exist" not in desktop.inner_text("body")
    # The server's own nested paths are untouched.
    with urllib.request.urlopen(server.url + "/feeds/calendar.ics", timeout=10) as response:
        assert response.status == 200
