"""A conference of one's own, in Chromium: set up from the example file (two languages,
a text in force read from Akoma Ntoso), a delegate submits a Word proposal on it, the
secretariat registers and allocates it at its desk, the ad hoc group's chair opens a
drafting room from the group's page, edits and issues a DT; the compilation shows the
proposal beside the text in force. Screenshots of the new pages go to the test's folder
(and to PLENIPOT_SCREENSHOTS when set)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from plenipot.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "conference"

pytestmark = pytest.mark.browser


def _as(browser, base_url: str, username: str):
    from django.test import Client

    from plenipot.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
    return context.new_page()


def _proposals_docx(instrument) -> bytes:
    """Senegal's proposals on Resolution 130, written as the conference's Word style."""
    from plenipot.engine import parse_instrument
    from plenipot.engine.instrument import Kind
    from plenipot.engine.proposals import Mark, Proposal
    from plenipot.formats.docx_out import proposals_docx

    base = parse_instrument(instrument.text)
    return proposals_docx(
        base,
        [
            Proposal(("SEN",), "SEN/xx/1", Mark.MOD, "resolves__para_1",
                     text="to continue to give this work the highest priority within the Union;",
                     reasons="Security comes first."),
            Proposal(("SEN",), "SEN/xx/2", Mark.ADD, "resolves__para_2",
                     text="to publish each year a report on incidents in each region;",
                     reasons="Delegations asked for figures.", kind=Kind.OPERATIVE_ITEM,
                     eid="resolves__para_2_add_sen_2"),
        ],
    )  # fmt: skip


def _shot(page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / name), full_page=True)
    target = os.environ.get("PLENIPOT_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(folder / name, Path(target) / name)


def test_set_up_submit_register_allocate_and_draft(asgi_server, browser, tmp_path):
    from playwright.sync_api import expect

    from plenipot.negotiation.models import Instrument

    folder = tmp_path / "conference"
    shutil.copytree(EXAMPLE, folder)
    shutil.copy(EXAMPLE.parent / "resolution-101.txt", tmp_path / "resolution-101.txt")
    assert main(["setup", str(folder / "conference.toml")]) == 0
    r130 = Instrument.objects.get(conference__short_name="RPM-27", number="130")
    docx = tmp_path / "senegal-130.docx"
    docx.write_bytes(_proposals_docx(r130))

    # A delegate of Senegal uploads and submits the file.
    delegate = _as(browser, asgi_server, "delegate.sen")
    delegate.goto(f"{asgi_server}/submissions/")
    delegate.select_option("#id_instrument", str(r130.pk))
    delegate.fill("#id_title", "Propositions du Sénégal sur la Résolution 130")
    delegate.set_input_files("#id_file", str(docx))
    delegate.click(".upload-form button[type=submit]")
    delegate.wait_for_selector(".word-file")
    delegate.get_by_role("button", name="Submit to the secretariat").click()
    expect(delegate.locator(".submission-steps")).to_contain_text("Submitted to the secretariat")

    # The secretariat registers it at its desk and allocates it to Committee 5.
    secretariat = _as(browser, asgi_server, "secretariat.diallo")
    secretariat.goto(f"{asgi_server}/tracker/registry/")
    row = secretariat.locator("table.intake tbody tr").first
    expect(row).to_contain_text("Propositions du Sénégal")
    expect(row).to_contain_text("Senegal")
    expect(row).to_contain_text("On time")
    _shot(secretariat, tmp_path, "registry-intake.png")
    row.get_by_role("button", name="Register").click()
    expect(secretariat.locator(".messages")).to_contain_text("Registered as Document 1")
    allocation = secretariat.locator("section[aria-labelledby=unallocated-heading] tbody tr").first
    allocation.locator("select").select_option("COM5")
    allocation.get_by_role("button", name="Allocate").click()
    expect(secretariat.locator(".messages")).to_contain_text("Document 1 allocated to COM5")

    # The delegation follows each step on its submission's page.
    delegate.reload()
    steps = delegate.locator(".submission-steps")
    expect(steps).to_contain_text("Registered as Document 1")
    expect(steps).to_contain_text("COM5")
    _shot(delegate, tmp_path, "submission-steps.png")

    # The ad hoc group's chair opens a drafting room from the group's page: Senegal's
    # proposals came through Committee 5, the group's parent.
    chair = _as(browser, asgi_server, "delegate.mar")
    chair.goto(f"{asgi_server}/bodies/COM5-AHG-130/")
    chair.select_option("#draft-instrument", "resolution 130")
    _shot(chair, tmp_path, "body-open-drafting-room.png")
    chair.get_by_role("button", name="Open the room").click()
    expect(chair.locator("#live")).to_have_attribute("data-state", "live", timeout=10_000)
    expect(chair.locator("#p-resolves__para_1 .bracket")).to_have_count(1)
    expect(chair.locator("#p-resolves__para_1 .alt[data-sources='SEN']")).to_have_count(1)

    # The chair takes Senegal's wording and issues the text as the group's DT.
    chair.locator("#p-resolves__para_1").click()
    chair.locator("#p-resolves__para_1 button.choose").nth(1).click()
    expect(chair.locator("#head")).to_have_text("1", timeout=5_000)
    expect(chair.locator("#p-resolves__para_1")).to_contain_text("the highest priority")
    chair.locator("#snapshot-name").fill("Texte du groupe")
    chair.locator("#snapshot-form button").click()
    expect(chair.locator("#snapshot-result")).to_contain_text("DT/1", timeout=5_000)
    _shot(chair, tmp_path, "drafting-room-opened.png")

    # The compilation sets Senegal's proposals beside the text in force.
    secretariat.goto(f"{asgi_server}/tracker/resolution/130/compilation/")
    table = secretariat.locator("table.compilation")
    expect(table).to_contain_text("SEN · MOD · SEN/xx/1")
    expect(table).to_contain_text("to publish each year a report on incidents")
    _shot(secretariat, tmp_path, "compilation.png")
