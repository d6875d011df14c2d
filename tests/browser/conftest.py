"""Browser tests drive Debian's Chromium through Playwright's synchronous API.

Playwright runs an event loop in the test thread, so Django's guard against database
calls from async contexts has to be relaxed for the test database set-up.

The fixtures every browser module uses live here: the demo conference, one Chromium
launched with the same options everywhere, a page in it, and the site under uvicorn
for the tests that need real WebSockets.

Every context opened in the browser collects the pages' Content-Security-Policy
violations (`browser_csp`); a test after which any was reported fails. The policy
refuses `eval`, which `page.wait_for_function` uses on every poll for a bare expression:
give it a function (`"() => ..."`), evaluated once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser_csp import report, watch_browser

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def demo(transactional_db):
    """The demo conference, loaded into the test database."""
    from plenipot.demo.loader import demo_load

    return demo_load()


@pytest.fixture
def browser():
    """Debian's Chromium, headless, closed when the test ends; the test fails if a page
    in any of its contexts broke the Content-Security-Policy."""
    from playwright.sync_api import sync_playwright

    violations: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        watch_browser(browser, violations)
        try:
            yield browser
        finally:
            browser.close()
    if violations:
        pytest.fail(report(violations), pytrace=False)


@pytest.fixture
def page(browser):
    """A fresh 1280×900 page in its own browser context (watched for CSP violations)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    return context.new_page()
