"""The upload and review pages in Chromium: upload a Word file with tracked changes,
see it beside the proposals read from it, submit. A screenshot of the review page goes
to the test's folder (and to PLENIPOT_SCREENSHOTS when set)."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

import browser_csp
from plenipot.engine import parse_instrument
from plenipot.formats.docx_out import revision_docx

CHROMIUM = Path("/usr/bin/chromium")
RESOLUTIONS = Path(__file__).parents[2] / "src" / "plenipot" / "demo" / "data" / "resolutions"

pytestmark = [
    pytest.mark.browser,
]


@pytest.fixture
def browser_page():
    """A browser context; the test fails if one of its pages broke the
    Content-Security-Policy (`browser_csp`)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    violations: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
            headless=True,
        )
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            browser_csp.watch(context, violations)
            yield context
        finally:
            browser.close()
    if violations:
        pytest.fail(browser_csp.report(violations), pytrace=False)


def test_upload_review_and_submit_in_a_browser(
    transactional_db, live_server, browser_page, conference, delegations, client, tmp_path
):
    from plenipot.accounts.services import user_create
    from plenipot.documents.models import Document, SubmissionDeadline
    from plenipot.negotiation.services import instrument_create

    SubmissionDeadline.objects.create(
        conference=conference, closes_at=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)
    )
    text = (RESOLUTIONS / "101.txt").read_text(encoding="utf-8")
    instrument = instrument_create(conference=conference, number="101", title="IP", text=text)
    user = user_create(username="bra-head", password=None)
    person = delegations["BRA"].members.get()
    person.user = user
    person.save()
    client.force_login(user)
    browser_page.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    base = parse_instrument(text)
    edited = parse_instrument(text.replace("an important tool", "an essential tool"))
    docx = tmp_path / "brazil.docx"
    docx.write_bytes(revision_docx(base, edited, author="Brazil"))

    page = browser_page.new_page()
    page.goto(f"{live_server.url}/submissions/")
    page.select_option("#id_instrument", str(instrument.pk))
    page.fill("#id_title", "Proposals of Brazil")
    page.set_input_files("#id_file", str(docx))
    page.click(".upload-form button[type=submit]")
    page.wait_for_selector(".word-file")
    assert page.locator(".word-file del").first.inner_text().strip() == "important"
    assert page.locator(".word-file ins").first.inner_text().strip() == "essential"
    assert page.input_value("select[name=target-0]") == "recognizing__a"
    chosen = page.locator("select[name=target-0] option:checked").inner_text()
    assert chosen == "recognizing a)"
    folder = Path(os.environ.get("PLENIPOT_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "submission-review.png"))
    page.click("text=Submit to the secretariat")
    # Back on the submission's page, which now says where it stands.
    page.wait_for_selector(".submission-steps .step-submitted")
    assert Document.objects.get().proposals.get().target == "recognizing__a"
