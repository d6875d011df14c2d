"""Browser tests drive Debian's Chromium through Playwright's synchronous API.

Playwright runs an event loop in the test thread, so Django's guard against database
calls from async contexts has to be relaxed for the test database set-up."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
