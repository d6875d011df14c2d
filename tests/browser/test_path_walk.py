"""Walk the path of a text in Chromium: read the demo's adopted Resolution 179, then carry
Resolution 180 from its proposals in Document 27 to the Final Acts, stopping at the
Editorial Committee until its six language versions are final."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def _stage(page) -> str:
    return page.locator("#current-stage").inner_text().strip()


def _six_languages(instrument) -> None:
    """What the translators deliver: each language version of the text, final (a word in
    the language's script with the original's numbers and glossary terms, enough for the
    checks)."""
    from plenipot.engine.crosscheck import numbers, symbols
    from plenipot.translation import selectors, services

    words = {"ar": "ترجمة", "zh": "译文", "fr": "traduction", "ru": "перевод", "es": "traducción"}
    source = services.source_text_create(
        conference=instrument.conference, instrument=instrument, text=instrument.text
    )
    units = selectors.source_units(source)
    glossary = selectors.glossary_for(instrument.conference)
    for expression in source.expressions.all():
        language = expression.language
        texts = {
            eid: " ".join(
                [words[language], *numbers(text).elements(), *symbols(text).elements()]
                + [t.label(language) for t in glossary if t.found("en", text) and t.label(language)]
            )
            for eid, text in units
        }
        services.expression_fill(expression=expression, texts=texts, status="final", origin="human")


def test_an_observer_reads_the_whole_path_of_resolution_179(live_server, demo, page):
    page.goto(f"{live_server.url}/")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("button", name="Texts: more pages").click()
    nav.get_by_role("link", name="Tracker").click()
    page.wait_for_url("**/tracker/")
    page.get_by_role("link", name=re.compile(r"Resolution 179 \(Rev\. Busan, 2014\)")).click()
    page.wait_for_url("**/tracker/resolution/179/")
    assert _stage(page) == "In the Final Acts"
    timeline = page.locator("ol.timeline").inner_text()
    for step in (
        "Addendum 6 to Document 27",
        "In an ad hoc group",
        "Temporary document (DT)",
        "Approved by the body",
        "Editorial Committee",
        "Blue document, first reading",
        "Pink document, second reading",
        "Adopted",
    ):
        assert step in timeline, step
    # The word diff from the text in force to the adopted text.
    assert page.locator(".diff ins").count() > 0
    # The Final Acts list it with its new number and the declarations.
    page.goto(f"{live_server.url}/tracker/final-acts/")
    assert "Resolution 179 (Rev. Busan, 2014)" in page.locator("main").inner_text()
    assert "reserves" in page.locator("main").inner_text()
    # And offers them as a Word file.
    word = page.locator("main .exports a", has_text="Word").get_attribute("href")
    answer = page.request.get(f"{live_server.url}{word}")
    assert answer.status == 200 and answer.body()[:2] == b"PK"


def test_the_secretariat_carries_resolution_180_to_the_final_acts(live_server, demo, page):
    page.goto(f"{live_server.url}/accounts/login/?next=/tracker/resolution/180/")
    page.fill("input[name=username]", "secretariat")
    page.fill("input[name=password]", "plenipot-demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/tracker/resolution/180/")
    assert _stage(page) == "Allocated"
    assert "Addendum 8 to Document 27" in page.locator("ol.timeline").inner_text()

    # A skipped stage is refused with the reason.
    page.select_option("#to-stage", "withdrawn")
    page.evaluate("document.querySelector('#to-stage').add(new Option('adopted', 'adopted'))")
    page.select_option("#to-stage", "adopted")
    page.get_by_role("button", name="Move").click()
    assert "skips a stage" in page.locator(".messages").inner_text()
    assert _stage(page) == "Allocated"

    walk = [
        ("in_body", {}, "In a body"),
        ("ad_hoc", {"body": "WGPL-AHG-INT"}, "In an ad hoc group"),
        ("dt", {"document": "DT/"}, "Temporary document (DT)"),
        ("approved", {}, "Approved by the body"),
        ("editorial", {"body": "COM4"}, "Editorial Committee"),
    ]
    _walk(page, walk)

    # The Editorial Committee cannot issue the blue document: no language versions yet.
    gate = page.locator("#issue-gate")
    assert "cannot issue the blue document" in gate.inner_text()
    assert "There are no language versions of this text." in gate.inner_text()
    page.screenshot(path="/tmp/path-walk-gate.png", full_page=True)
    page.select_option("#to-stage", "first_reading")
    page.get_by_role("button", name="Move").click()
    page.wait_for_load_state()
    assert "no language versions" in page.locator(".messages").inner_text()
    assert _stage(page) == "Editorial Committee"

    # The translators deliver the six languages; the gate opens.
    from plenipot.negotiation.models import Instrument

    _six_languages(Instrument.objects.get(conference=demo.conference, number="180"))
    page.reload()
    assert "may issue it" in page.locator("#issue-gate").inner_text()
    walk = [
        ("first_reading", {}, "Blue document, first reading"),
        ("second_reading", {}, "Pink document, second reading"),
        ("adopted", {}, "Adopted"),
        ("final_acts", {}, "In the Final Acts"),
    ]
    _walk(page, walk)

    assert page.locator("h1").inner_text().startswith("Resolution 180 (Rev. Busan, 2014)")
    timeline = page.locator("ol.timeline").inner_text()
    assert re.search(r"B\.\d+", timeline) and re.search(r"R\.\d+", timeline)
    page.goto(f"{live_server.url}/tracker/final-acts/")
    assert "Resolution 180 (Rev. Busan, 2014)" in page.locator("main").inner_text()


def _walk(page, walk) -> None:
    for stage, extra, label in walk:
        page.select_option("#to-stage", stage)
        if "body" in extra:
            page.select_option("select[name=body]", extra["body"])
        if "document" in extra:
            value = page.locator(
                "select[name=document] option", has_text=extra["document"]
            ).first.get_attribute("value")
            page.select_option("select[name=document]", value)
        page.get_by_role("button", name="Move").click()
        page.wait_for_load_state()
        assert _stage(page) == label, page.locator(".messages").inner_text()
        assert label in page.locator("ol.timeline").inner_text()


def test_an_observer_sees_the_text_move_without_reloading(asgi_server, demo, page):
    observer = page
    observer.goto(f"{asgi_server}/tracker/resolution/180/")
    assert _stage(observer) == "Allocated"
    observer.wait_for_function("() => document.body.dataset.trackerLive === 'on'")
    listing = observer.context.new_page()
    listing.goto(f"{asgi_server}/tracker/")
    listing.wait_for_function("() => document.body.dataset.trackerLive === 'on'")

    secretariat = observer.context.browser.new_context().new_page()
    secretariat.goto(f"{asgi_server}/accounts/login/?next=/tracker/resolution/180/")
    secretariat.fill("input[name=username]", "secretariat")
    secretariat.fill("input[name=password]", "plenipot-demo")
    secretariat.get_by_role("button", name="Log in").click()
    secretariat.wait_for_url("**/tracker/resolution/180/")
    secretariat.select_option("#to-stage", "in_body")
    secretariat.get_by_role("button", name="Move").click()
    secretariat.wait_for_load_state()
    assert _stage(secretariat) == "In a body"

    observer.wait_for_function(
        "() => document.getElementById('current-stage').textContent.trim() === 'In a body'"
    )
    assert observer.locator(".stage-line li.current").inner_text() == "In a body"
    news = observer.locator("#tracker-live")
    assert "This text has just moved to: In a body." in news.inner_text()
    assert news.get_by_role("link", name="Reload the page").is_visible()
    row = listing.locator('tr[data-path="resolution/180"]')
    listing.wait_for_function(
        "() => document.querySelector('tr[data-path=\"resolution/180\"] .stage-badge')"
        ".textContent.trim() === 'In a body'"
    )
    assert "just-moved" in row.get_attribute("class")
    assert "Resolution 180 has just moved to: In a body." in listing.locator("#tracker-live").inner_text()
    observer.screenshot(path="/tmp/tracker-live.png")
    listing.screenshot(path="/tmp/tracker-live-list.png")


def test_versions_of_the_text_in_force_do_not_pass_for_a_changed_dt(live_server, demo, page):
    """Resolution 101 waits at the Editorial Committee with a DT that changes it. Six
    languages of the resolution in force do not open the gate: the page names each
    changed provision in each language and the DT to send for translation."""
    from plenipot.negotiation.models import Instrument

    _six_languages(Instrument.objects.get(conference=demo.conference, number="101"))
    page.goto(f"{live_server.url}/accounts/login/?next=/tracker/resolution/101/")
    page.fill("input[name=username]", "secretariat")
    page.fill("input[name=password]", "plenipot-demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/tracker/resolution/101/")
    gate = page.locator("#issue-gate")
    assert "cannot issue the blue document" in gate.inner_text()
    # The provision is named as delegates name it ("resolves 1"), not by its id.
    assert re.search(r"French version: \w+( \w+)* [\d\w]+\)? was translated from an earlier text", gate.inner_text())
    assert "__" not in gate.inner_text()
    page.screenshot(path="/tmp/path-walk-stale-gate.png", full_page=True)
    page.select_option("#to-stage", "first_reading")
    page.get_by_role("button", name="Move").click()
    page.wait_for_load_state()
    assert "was translated from an earlier text" in page.locator(".messages").inner_text()
    assert _stage(page) == "Editorial Committee"

    # The page points at the DT that carries the current text; the secretariat sends it
    # for translation from there, and the gate now waits for those versions instead.
    link = page.locator(".gate-to-translate a")
    symbol = link.inner_text()
    assert symbol.startswith("DT/")
    link.click()
    page.wait_for_url("**/documents/*/")
    page.get_by_role("button", name="Send for translation").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/tracker/resolution/101/")
    gate = page.locator("#issue-gate").inner_text()
    assert "earlier text" not in gate
    assert "This language version is not final" in gate
