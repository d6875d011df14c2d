"""A conference of one's own, from its DT to the Final Acts, in Chromium: the first
half (`own_conference.walk_to_dt`: set-up from the example file, a Word proposal,
registration, allocation, a drafting room and its DT), then Committee 5 approves the
DT, the Editorial Committee waits for the French version (the conference works in
English and French), the secretariat sends the DT for translation, the translator
delivers it, the Editorial Committee issues the blue document, the Plenary reads it
twice and adopts it, and the Final Acts list it with a file per language. Every step
through the pages; screenshots go to the test's folder (and to PLENIPOT_SCREENSHOTS)."""

from __future__ import annotations

import io
import re

import pytest

from own_conference import FRENCH, as_user, shot, walk_to_dt

pytestmark = pytest.mark.browser



def _stage(page) -> str:
    return page.locator("#current-stage").inner_text().strip()


def _move(page, stage: str, label: str, *, body: str = "", document: str = "") -> None:
    page.select_option("#to-stage", stage)
    if body:
        page.select_option("select[name=body]", body)
    if document:
        value = page.locator(
            "select[name=document] option", has_text=document
        ).first.get_attribute("value")
        page.select_option("select[name=document]", value)
    page.get_by_role("button", name="Move").click()
    page.wait_for_load_state()
    assert _stage(page) == label, page.locator(".messages").inner_text()
    assert label in page.locator("ol.timeline").inner_text()


def _docx_text(data: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_from_the_dt_to_the_final_acts_in_two_languages(asgi_server, browser, tmp_path):
    from plenipot.documents.models import Document

    walk = walk_to_dt(asgi_server, browser, tmp_path)
    text_page = f"{asgi_server}/tracker/resolution/130/"

    # Allocating Senegal's proposals put Resolution 130 on its path.
    com5 = as_user(browser, asgi_server, "chair.com5")
    com5.goto(text_page)
    assert _stage(com5) == "Allocated"
    assert "Document 1" in com5.locator("ol.timeline").inner_text()
    _move(com5, "in_body", "In a body")
    _move(com5, "ad_hoc", "In an ad hoc group", body="COM5-AHG-130")

    # The group's chair hands its DT over; Committee 5 approves it and sends it on.
    group = walk.chair
    group.goto(text_page)
    _move(group, "dt", "Temporary document (DT)", document=walk.dt)
    com5.reload()
    _move(com5, "approved", "Approved by the body", body="COM5")
    _move(com5, "editorial", "Editorial Committee", body="COM4")

    # The Editorial Committee cannot issue the blue document: no French version yet.
    com4 = as_user(browser, asgi_server, "chair.com4")
    com4.goto(text_page)
    gate = com4.locator("#issue-gate")
    assert "cannot issue the blue document" in gate.inner_text()
    assert "There are no language versions of this text." in gate.inner_text()
    shot(com4, tmp_path, "editorial-gate-closed.png")

    # The secretariat sends the DT for translation from its page.
    dt = Document.objects.get(conference__short_name="RPM-27", number="DT/1", revision=0)
    secretariat = walk.secretariat
    secretariat.goto(f"{asgi_server}/documents/{dt.pk}/")
    secretariat.get_by_role("button", name="Send for translation").click()
    secretariat.wait_for_load_state()
    assert "Sent for translation" in secretariat.locator(".messages").inner_text()

    # The translator writes the French version and takes it to final.
    translator = as_user(browser, asgi_server, "translator.fr")
    translator.goto(f"{asgi_server}/translation/")
    translator.get_by_role("link", name="French").first.click()
    translator.wait_for_url(re.compile(r".*/translation/\d+/$"))
    boxes = translator.locator("textarea[id^='t-']")
    eids = [boxes.nth(n).get_attribute("id")[2:] for n in range(boxes.count())]
    assert set(eids) <= set(FRENCH), set(eids) - set(FRENCH)
    assert "resolves__para_2__point_b_add_sen_2" in eids
    for eid in eids:
        box = translator.locator(f"#t-{eid}")
        box.fill(FRENCH[eid])
        box.focus()
        translator.keyboard.press("Control+Enter")
        translator.wait_for_function(
            f"() => document.querySelector('#p-{eid} .ws-state').dataset.kind === 'saved'"
        )
    failures = translator.locator(".ws-failures li")
    assert failures.count() == 0, failures.all_inner_texts()
    for _step in range(4):
        if translator.locator("#expression-status").inner_text() == "Final":
            break
        translator.locator("#advance").click()
        translator.wait_for_load_state()
    assert translator.locator("#expression-status").inner_text() == "Final", (
        translator.locator(".messages").inner_text()
    )
    shot(translator, tmp_path, "translation-final.png")

    # Now the Editorial Committee may issue the blue document, in the two languages.
    com4.reload()
    gate = com4.locator("#issue-gate").inner_text()
    assert "may issue it" in gate
    assert "six" not in gate.lower()
    _move(com4, "first_reading", "Blue document, first reading")

    # The Plenary reads it twice, adopts it, and it enters the Final Acts.
    plenary = as_user(browser, asgi_server, "chair.pl")
    plenary.goto(text_page)
    _move(plenary, "second_reading", "Pink document, second reading")
    _move(plenary, "adopted", "Adopted")
    _move(plenary, "final_acts", "In the Final Acts")
    assert plenary.locator("h1").inner_text().startswith("Resolution 130 (Rev. Dakar, 2027)")
    timeline = plenary.locator("ol.timeline").inner_text()
    assert "B.1" in timeline and "R.1" in timeline
    shot(plenary, tmp_path, "tracker-final-acts.png")

    # The blue and pink documents each carry a file per language of the conference.
    for symbol in ("B.1", "R.1"):
        document = Document.objects.get(conference__short_name="RPM-27", number=symbol)
        plenary.goto(f"{asgi_server}/documents/{document.pk}/")
        rows = plenary.locator(".document-languages tbody tr")
        assert rows.count() == 2
        files = {}
        for language in ("en", "fr"):
            link = plenary.locator(f'tr[data-language="{language}"]').get_by_role(
                "link", name="file", exact=True
            )
            answer = plenary.request.get(f"{asgi_server}{link.get_attribute('href')}")
            assert answer.status == 200, answer.status
            files[language] = _docx_text(answer.body())
        assert "to continue to give this work the highest priority within the Union" in files["en"]
        assert "la plus haute priorité au sein de l'Union" in files["fr"]
        assert "de publier chaque année un rapport sur les incidents" in files["fr"]
        assert "highest priority" not in files["fr"]
        shot(plenary, tmp_path, f"document-{symbol}-languages.png")

    # The Final Acts list the resolution with its new number and its files per language.
    anonymous = browser.new_context().new_page()
    anonymous.goto(f"{asgi_server}/tracker/final-acts/")
    assert "Resolution 130 (Rev. Dakar, 2027)" in anonymous.locator("main").inner_text()
    # The pink document is not public at this conference: no link to its files.
    assert anonymous.locator(".adopted-languages").count() == 0
    reader = as_user(browser, asgi_server, "delegate.ken")
    reader.goto(f"{asgi_server}/tracker/final-acts/")
    main = reader.locator("main")
    assert "Resolution 130 (Rev. Dakar, 2027)" in main.inner_text()
    languages = reader.locator(".adopted-languages")
    assert languages.locator("a[data-language]").all_inner_texts() == ["English", "French"]
    french = languages.locator("a[data-language=fr]").get_attribute("href")
    answer = reader.request.get(f"{asgi_server}{french}")
    assert answer.status == 200, answer.status
    assert "la plus haute priorité" in _docx_text(answer.body())
    shot(reader, tmp_path, "final-acts.png")

    # The Final Acts print the agreed text as the instrument it became.
    printed = anonymous.request.get(f"{asgi_server}/submissions/export/final-acts.html")
    assert printed.status == 200, printed.status
    body = printed.text().split("<body", 1)[1]
    assert "130 (Rev. Dakar, 2027)" in body and "the highest priority" in body
    assert "[" not in body and "{resolves" not in body
    assert anonymous.request.get(f"{asgi_server}/submissions/export/final-acts.pdf").status == 200
