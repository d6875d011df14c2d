"""The site in Arabic: right to left, mirrored navigation, translated, remembered;
and the translator's workspace with Arabic text. Screenshots go to the test's folder
(and to PLENIPOT_SCREENSHOTS when set) so that a person can look at them."""

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


def _choose_arabic(page) -> None:
    """The switcher submits itself when a language is chosen."""
    with page.expect_navigation():
        page.select_option("#language-select", "ar")
    page.wait_for_load_state()


def _boxes(locator):
    return locator.evaluate_all(
        "els => els.map(e => { const b = e.getBoundingClientRect(); return [b.left, b.right]; })"
    )


def test_arabic_right_to_left_remembered_and_in_the_workspace(live_server, demo, page, tmp_path):
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    english = _boxes(page.locator(".site-nav li"))
    assert english[0][0] < english[1][0], "in English the first link is on the left"

    _choose_arabic(page)
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "ar"
    nav = page.get_by_role("navigation", name="القائمة الرئيسية")
    assert nav.get_by_role("link", name="الهيئات").is_visible()
    arabic = _boxes(page.locator(".site-nav li"))
    assert arabic[0][1] > arabic[1][1], "in Arabic the first link is on the right"
    assert arabic[0][1] > 1280 / 2, "the navigation starts from the right edge"
    shot = _shot(page, tmp_path, "arabic-home.png")
    assert shot.stat().st_size > 10_000

    # The choice is remembered on the next page.
    page.goto(f"{live_server.url}/bodies/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "هيئات" in page.locator("h1").inner_text()

    # The translator's workspace: the Arabic side right to left, the English source not.
    from plenipot.translation.models import SourceText

    source = SourceText.objects.get(document__isnull=False, expressions__assignments__isnull=False)
    arabic = source.expressions.get(language="ar")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "translator")
    page.fill("input[name=password]", "plenipot-demo")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/translation/{arabic.pk}/")
    box = page.locator("#t-considering__a")
    assert box.input_value().startswith("أن الأطفال")
    assert box.evaluate("e => getComputedStyle(e).direction") == "rtl"
    source_cell = page.locator("#p-considering__a .ws-source")
    assert source_cell.evaluate("e => getComputedStyle(e).direction") == "ltr"
    # Keyboard: Ctrl+Enter saves the provision and moves on.
    box.focus()
    page.keyboard.type(" ")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => document.querySelector('#p-considering__a .ws-state').dataset.kind === 'saved'")
    assert page.evaluate("document.activeElement.id") == "t-considering__b"
    _shot(page, tmp_path, "arabic-workspace.png")

    # The glossary in Arabic: its columns run from the right, the Arabic one first.
    page.goto(f"{live_server.url}/translation/glossary/")
    headers = _boxes(page.locator("table.glossary thead th"))
    assert headers[0][1] > headers[-1][1], "the first column is on the right"
    assert page.locator("table.glossary thead th").first.get_attribute("data-language") == "ar"
    assert page.locator("table.glossary tbody tr").count() >= 5
    page.fill("#glossary-q", "成员国")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("table.glossary tbody tr").count() == 1
    assert "الدول الأعضاء" in page.locator("table.glossary tbody").inner_text()
    _shot(page, tmp_path, "arabic-glossary.png")
