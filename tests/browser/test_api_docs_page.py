"""The API's docs page (django-ninja's Swagger UI, served from the site's own static
files) works under the site's Content-Security-Policy: it draws, calls the API and
shows the answer, and no violation is reported (the `browser` fixture checks)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_api_docs_page_tries_an_endpoint(live_server, demo, page):
    page.goto(f"{live_server.url}/api/v1/docs")
    operation = page.locator(".opblock", has_text="/api/v1/conferences").first
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    answer = operation.locator(".live-responses-table .response")
    expect(answer.locator(".response-col_status")).to_have_text("200", timeout=10_000)
    expect(answer).to_contain_text("PP-14")
    page.get_by_role("button", name="Authorize").first.click()
    expect(page.locator(".modal-ux")).to_be_visible()
