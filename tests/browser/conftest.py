"""Browser tests drive Debian's Chromium through Playwright's synchronous API.

Playwright runs an event loop in the test thread, so Django's guard against database
calls from async contexts has to be relaxed for the test database set-up.

The fixtures every browser module uses live here: the demo conference, one Chromium
launched with the same options everywhere, a page in it, and the site under uvicorn
for the tests that need real WebSockets."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

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
    """Debian's Chromium, headless, closed when the test ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    """A fresh 1280×900 page in its own browser context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    return context.new_page()


@pytest.fixture
def asgi_server(transactional_db):
    """The site under uvicorn in a thread, for pages that use WebSockets."""
    import uvicorn

    from plenipot.site.asgi import application

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, lifespan="off", log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)
