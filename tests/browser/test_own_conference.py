"""A conference of one's own, in Chromium: set up from the example file (two languages,
a text in force read from Akoma Ntoso), a delegate submits a Word proposal on it, the
secretariat registers and allocates it at its desk, the ad hoc group's chair opens a
drafting room from the group's page, edits and issues a DT (`own_conference.walk_to_dt`);
the compilation shows the proposal beside the text in force. Screenshots of the new
pages go to the test's folder (and to PLENIPOT_SCREENSHOTS when set)."""

from __future__ import annotations

import pytest

from own_conference import shot, walk_to_dt

pytestmark = pytest.mark.browser


def test_set_up_submit_register_allocate_and_draft(asgi_server, browser, tmp_path):
    from playwright.sync_api import expect

    walk = walk_to_dt(asgi_server, browser, tmp_path)

    # The compilation sets Senegal's proposals beside the text in force.
    secretariat = walk.secretariat
    secretariat.goto(f"{asgi_server}/tracker/resolution/130/compilation/")
    table = secretariat.locator("table.compilation")
    expect(table).to_contain_text("SEN · MOD · SEN/xx/1")
    expect(table).to_contain_text("to publish each year a report on incidents")
    shot(secretariat, tmp_path, "compilation.png")
    # And offers it as a Word file, written by the formats' compilation writer.
    word = secretariat.locator("a[href$='compilation.docx']").first.get_attribute("href")
    answer = secretariat.request.get(f"{asgi_server}{word}")
    assert answer.status == 200 and answer.body()[:2] == b"PK"
    assert b"word/document.xml" in answer.body()
