"""An anonymous visitor in Chromium finds a public document, reaches a meeting's webcast
link and subscribes to a feed, without an account."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(demo, settings):
    """The shared demo conference, with the public page cache off so every visit renders."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    return demo


def test_anonymous_visitor_finds_reads_and_subscribes(live_server, demo, page):
    page.goto(f"{live_server.url}/")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Documents").click()
    page.wait_for_url("**/documents/")

    page.get_by_role("searchbox").fill("Internet")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/documents/?*q=Internet*")
    first = page.locator("table tbody tr a[href^='/documents/']").first
    symbol = first.inner_text()
    first.click()
    page.wait_for_url("**/documents/*/")
    assert page.locator("h1").inner_text() == symbol
    assert "Internet" in page.locator("main").inner_text()

    # Restricted documents are not there to find.
    page.goto(f"{live_server.url}/documents/?q=fallback")
    assert page.locator("table tbody tr").count() == 0
    assert "No document matches." in page.locator("main").inner_text()

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Meetings").click()
    page.wait_for_url("**/calendar/")
    webcast = page.get_by_role("link", name="Webcast").first
    assert webcast.get_attribute("href").startswith(("http://", "https://"))

    feed_link = page.get_by_role("link", name="Subscribe to the calendar (iCalendar)")
    calendar = page.request.get(live_server.url + feed_link.get_attribute("href"))
    assert calendar.ok and "BEGIN:VCALENDAR" in calendar.text()

    page.goto(f"{live_server.url}/documents/")
    atom = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href")
    feed = page.request.get(live_server.url + atom)
    assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
    assert "<entry>" in feed.text()


def test_latin_names_on_an_arabic_page_keep_their_order(live_server, demo, page, tmp_path):
    """On an Arabic page, names, symbols and titles in Latin script sit in <bdi>, which
    the browser isolates, so "Document 27(Add.1)" or "Awa Diop (Senegal)" keep their
    parentheses where they belong."""
    import os

    from plenipot.conference.models import Body
    from plenipot.documents.models import Document

    shots = Path(os.environ.get("PLENIPOT_SCREENSHOT_DIR", tmp_path))
    page.goto(f"{live_server.url}/")
    page.select_option("#language-select", "ar")
    page.wait_for_function("() => document.documentElement.lang === 'ar'")
    body = Body.objects.filter(children__isnull=False, openness="public").first()
    page.goto(f"{live_server.url}/bodies/{body.code}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    isolated = page.locator("main bdi").evaluate_all(
        "els => els.map(e => getComputedStyle(e).unicodeBidi)"
    )
    assert isolated and set(isolated) == {"isolate"}
    page.screenshot(path=str(shots / "arabic-body.png"), full_page=True)
    assert page.locator("h1 bdi").first.inner_text() == body.code
    document = Document.objects.filter(body=body).exclude(addendum=0).first() or (
        Document.objects.filter(body=body).first()
    )
    if document is not None:
        page.goto(f"{live_server.url}/documents/?body={body.code}")
        assert page.locator("main table bdi").count() > 0
        page.screenshot(path=str(shots / "arabic-documents.png"), full_page=True)
