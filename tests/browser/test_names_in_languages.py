"""The demo's names and dates in Chinese and Arabic, seen in a browser: the conference,
its city, its bodies and the timetable's days in the reader's language. Screenshots go
to the test's folder (and to PLENIPOT_SCREENSHOTS when set) for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def _shot(page, tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("PLENIPOT_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    page.screenshot(path=str(path), full_page=False)
    return path


def _choose(page, language: str) -> None:
    with page.expect_navigation():
        page.select_option("#language-select", language)
    page.wait_for_load_state()


def test_the_demo_in_chinese_and_arabic_names_and_dates(live_server, demo, page, tmp_path):
    page.goto(f"{live_server.url}/")
    _choose(page, "zh-hans")
    brand = page.locator(".brand-meta").inner_text()
    assert brand.startswith("釜山") and "2014年10月20日" in brand and "11月7日" in brand
    assert "十月" not in page.content()
    assert page.locator("h1").first.inner_text() == "全权代表大会（2014年，釜山）"
    _shot(page, tmp_path, "home-zh.png")

    page.goto(f"{live_server.url}/bodies/COM5/")
    assert "第5委员会 – 政策和法律事务" in page.locator("h1").inner_text()
    _shot(page, tmp_path, "body-zh.png")

    page.goto(f"{live_server.url}/tracker/")
    assert "基于互联网协议的网络" in page.content()  # Resolution 101's title
    _shot(page, tmp_path, "tracker-zh.png")

    _choose(page, "ar")
    page.goto(f"{live_server.url}/bodies/")
    assert "اللجنة 5 – المسائل السياساتية والقانونية" in page.content()
    brand = page.locator(".brand-meta").inner_text()
    assert "بوسان" in brand and "أكتوبر" in brand and "نوفمبر" in brand
    _shot(page, tmp_path, "bodies-ar.png")

    page.goto(f"{live_server.url}/meetings/")
    day = page.locator("main h2 time").first.inner_text()
    assert "2014" in day and any(month in day for month in ("أكتوبر", "نوفمبر")), day
    _shot(page, tmp_path, "meetings-ar.png")
