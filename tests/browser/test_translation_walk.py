"""The six languages in Chromium, on the demo: the translator takes the DT's French
version from pending to final with the keyboard, the memory filling the unchanged
provisions; the document page shows the language final and gives it as a
file; the chair waives a failing check with a reason and withdraws it. Screenshots go
to the test's folder (and to PLENIPOT_SCREENSHOTS when set)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

FRENCH = {
    "number": "Résolution 179 (Rév. Busan, 2014)",
    "formula": "La Conférence de plénipotentiaires de l'Union internationale des télécommunications (Busan, 2014),",
    "considering__b": "que les enfants en ligne peuvent être exposés à des contenus et à des comportements préjudiciables;",
    "considering__c": "que les enfants handicapés appellent une attention particulière à cet égard,",
    "instructs_the_secretary_general__para_2": "de faire rapport chaque année au Conseil sur les résultats de l'initiative,",
    "instructs_the_director_of_the_telecommunication_development_bureau__para_1": "d'aider les États Membres, en particulier les pays en développement, à élaborer des stratégies nationales de protection en ligne des enfants;",
}


def _signed_in(browser, live_server, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "plenipot-demo")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    return page


def _shot(page, tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("PLENIPOT_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    page.screenshot(path=str(path), full_page=True)
    return path


def test_translator_takes_the_dt_to_final_and_the_chair_waives(live_server, demo, browser, tmp_path):
    from plenipot.translation.models import SourceText
    from plenipot.translation.selectors import expressions_check

    source = SourceText.objects.get(document__isnull=False, expressions__assignments__isnull=False)
    french = source.expressions.get(language="fr")
    # As the DT comes from the drafting room: its French version pending and empty.
    french.status, french.segments = "pending", {}
    french.save()
    page = _signed_in(browser, live_server, "translator")

    # The queue leads to the text and its French version.
    page.goto(f"{live_server.url}/translation/")
    page.get_by_role("link", name="French").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/translation/{french.pk}/")
    assert page.locator("#expression-status").inner_text() == "Pending"
    assert page.locator("#t-considering__a").input_value() == ""
    page.get_by_role("button", name="Pre-translate from memory").click()
    page.wait_for_load_state()
    assert "from the text in force" in page.locator(".messages").inner_text()
    assert page.locator("#expression-status").inner_text() == "Pre-translated"
    # The memory filled the unchanged provisions from the resolution in force.
    unchanged = page.locator("#p-considering__a")
    assert unchanged.locator(".ws-origin").inner_text() == "from the text in force"
    assert unchanged.locator("textarea").input_value().startswith("que les enfants")
    assert "fuzzy match" in page.locator("#p-instructs_the_secretary_general__para_2 .ws-origin").inner_text()
    assert page.locator("#advance").is_visible()
    page.screenshot(path=str(_shot(page, tmp_path, "translation-workspace.png")), full_page=False)

    # The changed and new provisions, typed and saved from the keyboard.
    for eid, text in FRENCH.items():
        box = page.locator(f"#t-{eid}")
        box.focus()
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
        page.keyboard.press("Control+Enter")
        page.wait_for_function(
            f"() => document.querySelector('#p-{eid} .ws-state').dataset.kind === 'saved'"
        )
    assert page.locator(".ws-failures li").count() == 0
    for step in ("In revision", "Final"):
        page.locator("#advance").click()
        page.wait_for_load_state()
        assert page.locator("#expression-status").inner_text() == step
    _shot(page, tmp_path, "translation-final.png")
    failing = {f.language for f in expressions_check(instrument_or_document=source.document)}
    assert "fr" not in failing and failing == {"ar", "zh", "ru", "es"}

    # The document page: French final, downloadable; the others where they stand.
    page.goto(f"{live_server.url}/documents/{source.document.pk}/")
    row = page.locator('tr[data-language="fr"]')
    assert "Final" in row.inner_text()
    assert "Pre-translated" in page.locator('tr[data-language="ar"]').inner_text()
    with page.expect_download() as download:
        row.get_by_role("link", name="text").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("Résolution 179 (Rév. Busan, 2014)\n")
    assert "de faire rapport chaque année au Conseil" in text
    _shot(page, tmp_path, "document-languages.png")

    # The chair waives one failing check with a reason, then withdraws it.
    chair = _signed_in(browser, live_server, "chair")
    chair.goto(f"{live_server.url}/translation/texts/{source.pk}/checks/")
    status_row = chair.locator("tr.check-failing", has_text="not final").first
    language = status_row.locator("td").first.get_attribute("data-language")
    assert status_row.locator("td").first.inner_text() == {
        "ar": "Arabic", "zh": "Chinese", "es": "Spanish", "fr": "French", "ru": "Russian"
    }[language]
    status_row.locator("input[name=reason]").fill("Read out in the Editorial Committee; the final text follows")
    status_row.get_by_role("button", name="Waive").click()
    chair.wait_for_load_state()
    assert "Waived, with the reason on record." in chair.content()
    standing = chair.locator("tr.waiver-standing")
    assert standing.count() == 1 and "Read out in the Editorial Committee" in standing.inner_text()
    assert "Chair of the Working Group of the Plenary" in standing.inner_text()
    failing = {(f.check, f.language) for f in expressions_check(instrument_or_document=source.document)}
    assert ("status", language) not in failing
    _shot(chair, tmp_path, "checks-waived.png")
    standing.get_by_role("button", name="Withdraw").click()
    chair.wait_for_load_state()
    assert chair.locator("tr.waiver-withdrawn").count() == 1
    failing = {(f.check, f.language) for f in expressions_check(instrument_or_document=source.document)}
    assert ("status", language) in failing


def test_the_secretariat_keeps_the_glossary(live_server, demo, browser, tmp_path):
    from plenipot.translation.models import GlossaryTerm

    page = _signed_in(browser, live_server, "secretariat")
    page.goto(f"{live_server.url}/translation/glossary/")
    before = page.locator("table.glossary tbody tr").count()
    terms = {
        "en": "Radiocommunication Sector",
        "fr": "Secteur des radiocommunications",
        "es": "Sector de Radiocomunicaciones",
        "ru": "Сектор радиосвязи",
        "zh": "无线电通信部门",
    }
    for code, text in terms.items():
        page.fill(f"#form-{code}", text)
    page.locator("#form-ar").evaluate("e => e.removeAttribute('required')")
    page.get_by_role("button", name="Add").click()
    page.wait_for_load_state()
    assert "Arabic: the term is missing." in page.locator(".errorlist").inner_text()
    assert page.locator("#form-fr").input_value() == "Secteur des radiocommunications"
    page.fill("#form-ar", "قطاع الاتصالات الراديوية")
    page.get_by_role("button", name="Add").click()
    page.wait_for_load_state()
    assert page.locator("table.glossary tbody tr").count() == before + 1
    assert GlossaryTerm.objects.filter(forms__en=["Radiocommunication Sector"]).exists()
    _shot(page, tmp_path, "glossary.png")

    page.get_by_role("link", name="Edit or delete Radiocommunication Sector").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Delete Radiocommunication Sector").click()
    page.wait_for_load_state()
    assert page.locator("table.glossary tbody tr").count() == before
