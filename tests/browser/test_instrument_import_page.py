"""The secretariat imports a text in force from the instruments page, in French: a Word
file becomes a new resolution; a file with tracked changes, and a new text for a
resolution that proposals already depend on, are refused with the reason on the page,
in French, the form keeping what was typed."""

from __future__ import annotations

import pytest

from plenipot.engine import parse_instrument
from plenipot.formats.docx_out import instrument_docx, revision_docx

pytestmark = pytest.mark.browser

TEXT = """\
Resolution 211 (Busan, 2014)
Telecommunications for small island developing States

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

considering
a) that small island developing States depend on submarine cables for their links;
b) that a single cable fault can cut an island off,

resolves
1 to help small island developing States plan routes that do not share one fault;
2 to report on this work to the next conference.
"""


def _signed_in(browser, live_server, username: str, language: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "plenipot-demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return page


def test_the_secretariat_imports_a_word_file_and_sees_refusals_in_french(
    live_server, demo, browser, tmp_path
):
    from plenipot.negotiation.models import Instrument

    inst = parse_instrument(TEXT)
    good = tmp_path / "resolution-211.docx"
    good.write_bytes(instrument_docx(inst))
    tracked = tmp_path / "tracked.docx"
    tracked.write_bytes(
        revision_docx(inst, parse_instrument(TEXT.replace("a single cable", "one cable")))
    )

    page = _signed_in(browser, live_server, "secretariat", "fr")
    page.locator("[aria-controls=nav-menu-tools]").click()  # the secretariat's menu
    page.get_by_role("link", name="Instruments", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Instruments"
    assert page.locator("#instruments tbody tr").count() == Instrument.objects.count()

    # A file with tracked changes: refused, the reason in French, the number kept.
    page.set_input_files("#id_file", str(tracked))
    page.fill("#id_number", "211")
    page.locator("#import-form button[type=submit]").click()
    page.wait_for_load_state()
    alert = page.locator("#import-form").locator("xpath=preceding-sibling::div[@role='alert']")
    assert "tracked.docx ne peut pas être importé : le fichier contient des modifications suivies" in alert.inner_text()
    assert page.input_value("#id_number") == "211"
    assert not Instrument.objects.filter(number="211").exists()

    # The Word file: a new resolution, shown in the list.
    page.set_input_files("#id_file", str(good))
    page.locator("#import-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Résolution 211 est importé." in page.locator(".messages").inner_text()
    row = page.locator(f"#instrument-{Instrument.objects.get(number='211').pk}")
    assert "Telecommunications for small island developing States" in row.inner_text()
    assert row.is_visible()

    # A text that proposals depend on is not replaced.
    used = next(
        i for i in Instrument.objects.filter(status="in_force") if i.proposals.exists()
    )
    again = tmp_path / f"{used.number}.txt"
    again.write_text(used.text.replace(" the ", " the said ", 1), encoding="utf-8")
    page.set_input_files("#id_file", str(again))
    page.check("#id_replace")
    page.locator("#import-form button[type=submit]").click()
    page.wait_for_load_state()
    alert = page.locator("div.errors[role='alert']")
    assert f"Le texte de Résolution {used.number} ne peut plus être remplacé" in alert.inner_text()
    assert page.is_checked("#id_replace")
    page.screenshot(path=str(tmp_path / "instruments-fr.png"), full_page=True)


def test_a_delegate_sees_no_import_form(live_server, demo, browser):
    page = _signed_in(browser, live_server, "delegate", "en")
    page.goto(f"{live_server.url}/instruments/")
    assert page.locator("#instruments tbody tr").count() > 0
    assert page.locator("#import-form").count() == 0
    assert page.get_by_role("link", name="Instruments", exact=True).count() == 0
