"""A body's name in Arabic typed by the secretariat on its set-up page in Chromium: the
field is found by its language's name within the group of names in other languages, is
written right to left, and the name is then shown on the bodies' page to a reader in
Arabic. Screenshots go to the test's folder (and to PLENIPOT_SCREENSHOTS when set)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from plenipot.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "conference"
PLENARY_AR = "الجلسة العامة"

pytestmark = pytest.mark.browser


def test_a_body_is_named_in_arabic_on_its_set_up_page(live_server, browser, tmp_path):
    from playwright.sync_api import expect
    from test_setup_pages_browser import _as, _shot

    from plenipot.conference.models import Body, Conference

    folder = tmp_path / "conference"
    shutil.copytree(EXAMPLE, folder)
    shutil.copy(EXAMPLE.parent / "resolution-101.txt", tmp_path / "resolution-101.txt")
    assert main(["setup", str(folder / "conference.toml")]) == 0
    Conference.objects.filter(short_name="RPM-27").update(languages=["ar", "en", "fr"])
    base = live_server.url

    page = _as(browser, base, "secretariat.diallo")
    page.goto(f"{base}/setup/bodies/PL/")
    names = page.locator("#body-form").get_by_role(
        "group", name=re.compile("^Name in other languages")
    )
    expect(names.get_by_label("French", exact=True)).to_have_value("Plénière")
    arabic = names.get_by_label("Arabic", exact=True)
    arabic.fill(PLENARY_AR)
    assert arabic.evaluate("field => getComputedStyle(field).direction") == "rtl"
    _shot(page, tmp_path, "setup-body-names.png")
    page.get_by_role("button", name="Save the body").click()
    expect(page.locator(".messages")).to_contain_text("Body PL saved.")
    assert Body.objects.get(code="PL").names == {"ar": PLENARY_AR, "fr": "Plénière"}

    reader = browser.new_context(viewport={"width": 1280, "height": 900})
    reader.add_cookies([{"name": "django_language", "value": "ar", "url": base}])
    public = reader.new_page()
    public.goto(f"{base}/bodies/")
    expect(public.locator("main")).to_contain_text(PLENARY_AR)
    _shot(public, tmp_path, "bodies-in-arabic.png")
