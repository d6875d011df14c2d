"""The error pages and the account pages in Chromium: the site's header and colours, the
reason of a refusal, the reader's language right to left in Arabic; and the Journal's PDF
drawn as an image. Screenshots go to the test's folder (and to PLENIPOT_SCREENSHOTS when
set) so that a person can look at them."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

# The header's colour (site.css --plenary): the page is drawn in the site's own layout.
HEADER = "rgb(29, 53, 87)"


def _folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("PLENIPOT_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shot(page, tmp_path: Path, name: str) -> Path:
    path = _folder(tmp_path) / name
    page.screenshot(path=str(path), full_page=False)
    return path


def _context(browser, live_server, *, language: str = "en", username: str | None = None):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    if username:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "plenipot-demo")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    return page


def _in_the_layout(page) -> None:
    header = page.locator("header.site-header")
    assert header.is_visible()
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == HEADER
    assert page.locator("nav.site-nav").is_visible()
    assert page.locator("footer.site-footer").is_visible()


def test_a_refusal_shows_its_reason_in_english_and_arabic(live_server, demo, browser, tmp_path):
    page = _context(browser, live_server, username="delegate")
    response = page.goto(f"{live_server.url}/planning/runs/")
    assert response.status == 403
    _in_the_layout(page)
    assert page.locator("h1").inner_text() == "Not allowed"
    assert page.locator("#error-reason").inner_text() == "Only the secretariat runs the planner."
    assert _shot(page, tmp_path, "error-403.png").stat().st_size > 10_000

    arabic = _context(browser, live_server, language="ar", username="delegate")
    response = arabic.goto(f"{live_server.url}/planning/runs/")
    assert response.status == 403
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    _in_the_layout(arabic)
    assert arabic.locator("h1").inner_text() == "غير مسموح"
    reason = arabic.locator("#error-reason")
    assert reason.inner_text() != "Only the secretariat runs the planner."
    assert "الأمانة" in reason.inner_text()
    # Right to left: the heading starts from the right of the card.
    card = arabic.locator(".error-page").bounding_box()
    title = arabic.locator("h1").bounding_box()
    assert title["x"] + title["width"] > card["x"] + card["width"] - 60
    _shot(arabic, tmp_path, "error-403-ar.png")


def test_a_visitor_on_a_missing_page_is_offered_to_sign_in(live_server, demo, browser, tmp_path):
    page = _context(browser, live_server)
    response = page.goto(f"{live_server.url}/documents/999999/")
    assert response.status == 404
    _in_the_layout(page)
    assert page.locator("h1").inner_text() == "Not found"
    _shot(page, tmp_path, "error-404.png")
    page.locator("main").get_by_role("link", name="Log in").click()
    page.wait_for_load_state()
    assert page.url.endswith("/accounts/login/?next=/documents/999999/")


def test_forgot_password_stays_in_the_site(live_server, demo, browser, tmp_path):
    page = _context(browser, live_server)
    page.goto(f"{live_server.url}/accounts/login/")
    # The demo names its accounts on the sign-in page.
    demo_table = page.locator(".demo-accounts")
    assert demo_table.get_by_text("delegate1", exact=True).is_visible()
    _shot(page, tmp_path, "login-demo.png")
    page.get_by_role("link", name="Forgot your password?").click()
    page.wait_for_load_state()
    assert "Django" not in page.title()
    assert "Django" not in page.content()
    _in_the_layout(page)
    assert page.locator("h1").inner_text() == "Reset your password"
    _shot(page, tmp_path, "password-reset.png")
    page.fill("input[name=email]", "nobody@example.org")
    page.get_by_role("button", name="Send the link").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Check your e-mail"
    _in_the_layout(page)

    arabic = _context(browser, live_server, language="ar")
    arabic.goto(f"{live_server.url}/accounts/password-reset/")
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    assert "Django" not in arabic.content()
    assert arabic.locator("h1").inner_text() != "Reset your password"
    _in_the_layout(arabic)
    _shot(arabic, tmp_path, "password-reset-ar.png")


@pytest.mark.poppler
def test_the_journal_pdf_draws(live_server, demo, browser, tmp_path):
    page = _context(browser, live_server, username="secretariat")
    page.goto(f"{live_server.url}/planning/journal/2014-10-24/")
    assert page.locator("table.journal tbody tr").count() >= 2
    _shot(page, tmp_path, "journal.png")
    response = page.request.get(f"{live_server.url}/planning/journal/2014-10-24.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "journal.pdf"
    pdf.write_bytes(response.body())
    prefix = _folder(tmp_path) / "journal-pdf"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True
    )
    drawn = sorted(prefix.parent.glob("journal-pdf*.png"))
    assert drawn and drawn[0].stat().st_size > 10_000
