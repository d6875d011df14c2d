"""The conference archive opens in Chromium from the file system: the index leads to a
language's home page, its style sheet loads, and the links between pages work."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_the_archive_opens_from_the_file_system(demo, page, tmp_path):
    from plenipot.operations.archive import archive_write

    outcome = archive_write(dest=tmp_path / "archive", languages=["en"])
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto((outcome.folder / "index.html").as_uri())
    assert demo.conference.name in page.title()
    page.click("a[hreflang=en]")
    assert page.url.endswith("/en/index.html")
    # The site's own style sheet applies: the page is not left unstyled.
    assert page.evaluate("() => getComputedStyle(document.body).margin") == "0px"
    page.click("nav a[href$='documents/index.html']")
    assert page.url.endswith("/en/documents/index.html")
    page.locator("main a[href$='/index.html']").first.click()
    assert page.url.startswith("file://") and page.url.endswith("/index.html")
    assert page.locator("h1").count() >= 1
    assert not failed, failed
