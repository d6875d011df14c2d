"""A conference of one's own, shared by the tests that walk it through the pages
(tests/browser) and through the API (tests/api): the set-up from the example file (two
languages, a text in force read from Akoma Ntoso), Senegal's Word proposal on it, the
French version of the group's DT as a translator writes it, and, in Chromium, the first
half of the walk (`walk_to_dt`): a delegate submits the proposal, the secretariat
registers and allocates it at its desk, the ad hoc group's chair opens a drafting room
from the group's page, edits and issues a DT."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from plenipot.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "conference"


#: The French version of DT/1, provision by provision, as a translator writes it.
FRENCH = {
    "number": "Résolution 130 (Rév. Busan, 2014)",
    "title": "Renforcement du rôle de l'UIT dans l'instauration de la confiance et de la sécurité dans l'utilisation des technologies de l'information et de la communication",
    "formula": "La Conférence de plénipotentiaires de l'Union internationale des télécommunications (Busan, 2014),",
    "considering": "considérant",
    "considering__a": "que les réseaux et les services font désormais partie de la vie quotidienne dans chaque pays;",
    "considering__b": "qu'un incident dans un pays peut se propager à d'autres en quelques minutes;",
    "considering__c": "que de nombreux pays en développement manquent de personnel et d'outils pour répondre aux incidents,",
    "recognizing": "reconnaissant",
    "recognizing__a": "les travaux des trois Secteurs sur la sécurité des réseaux;",
    "recognizing__b": "l'intérêt de la coopération régionale entre les équipes nationales d'intervention en cas d'incident,",
    "resolves": "décide",
    "resolves__para_1": "de continuer à accorder à ces travaux la plus haute priorité au sein de l'Union;",
    "resolves__para_2": "d'aider les États Membres à mettre en place des équipes nationales d'intervention en cas d'incident",
    "resolves__para_2__point_a": "par la formation et l'échange de bonnes pratiques;",
    "resolves__para_2__point_b": "par des exercices régionaux,",
    "resolves__para_2__point_b_add_sen_2": "de publier chaque année un rapport sur les incidents dans chaque région;",
    "instructs_the_secretary_general": "charge le Secrétaire général",
    "instructs_the_secretary_general__para_1": "de faire rapport chaque année au Conseil sur les travaux menés au titre de la présente résolution.",
}  # fmt: skip


def as_user(browser, base_url: str, username: str):
    """A page in a browser context of its own, signed in as `username`."""
    from django.test import Client

    from plenipot.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
    return context.new_page()


def set_up_example(tmp_path: Path) -> None:
    """`plenipot setup` on a copy of the example conference, from an empty database."""
    folder = tmp_path / "conference"
    shutil.copytree(EXAMPLE, folder)
    shutil.copy(EXAMPLE.parent / "resolution-101.txt", tmp_path / "resolution-101.txt")
    assert main(["setup", str(folder / "conference.toml")]) == 0


def proposals_docx(instrument) -> bytes:
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


def shot(page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / name), full_page=True)
    target = os.environ.get("PLENIPOT_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(folder / name, Path(target) / name)


@dataclass
class Walk:
    """Where the first half leaves the conference: the pages of the people who took
    part, and the instrument on its way."""

    delegate: object
    secretariat: object
    chair: object
    instrument: object
    dt: str


def walk_to_dt(asgi_server: str, browser, tmp_path: Path) -> Walk:
    """From an empty data folder to Resolution 130's DT, every step through the pages."""
    from playwright.sync_api import expect

    from plenipot.negotiation.models import Instrument

    set_up_example(tmp_path)
    r130 = Instrument.objects.get(conference__short_name="RPM-27", number="130")
    docx = tmp_path / "senegal-130.docx"
    docx.write_bytes(proposals_docx(r130))

    # A delegate of Senegal uploads and submits the file.
    delegate = as_user(browser, asgi_server, "delegate.sen")
    delegate.goto(f"{asgi_server}/submissions/")
    delegate.select_option("#id_instrument", str(r130.pk))
    delegate.fill("#id_title", "Propositions du Sénégal sur la Résolution 130")
    delegate.set_input_files("#id_file", str(docx))
    delegate.click(".upload-form button[type=submit]")
    delegate.wait_for_selector(".word-file")
    delegate.get_by_role("button", name="Submit to the secretariat").click()
    expect(delegate.locator(".submission-steps")).to_contain_text("Submitted to the secretariat")

    # The secretariat registers it at its desk and allocates it to Committee 5.
    secretariat = as_user(browser, asgi_server, "secretariat.diallo")
    secretariat.goto(f"{asgi_server}/tracker/registry/")
    row = secretariat.locator("table.intake tbody tr").first
    expect(row).to_contain_text("Propositions du Sénégal")
    expect(row).to_contain_text("Senegal")
    expect(row).to_contain_text("On time")
    shot(secretariat, tmp_path, "registry-intake.png")
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
    shot(delegate, tmp_path, "submission-steps.png")

    # The ad hoc group's chair opens a drafting room from the group's page: Senegal's
    # proposals came through Committee 5, the group's parent.
    chair = as_user(browser, asgi_server, "delegate.mar")
    chair.goto(f"{asgi_server}/bodies/COM5-AHG-130/")
    chair.select_option("#draft-instrument", "resolution 130")
    shot(chair, tmp_path, "body-open-drafting-room.png")
    chair.get_by_role("button", name="Open the room").click()
    expect(chair.locator("#live")).to_have_attribute("data-state", "live", timeout=10_000)
    expect(chair.locator("#p-resolves__para_1 .bracket")).to_have_count(1)
    expect(chair.locator("#p-resolves__para_1 .alt[data-sources='SEN']")).to_have_count(1)

    # The chair takes Senegal's wording, agrees its new provision and issues the text as
    # the group's DT.
    chair.locator("#p-resolves__para_1").click()
    chair.locator("#p-resolves__para_1 button.choose").nth(1).click()
    expect(chair.locator("#head")).to_have_text("1", timeout=5_000)
    expect(chair.locator("#p-resolves__para_1")).to_contain_text("the highest priority")
    # The group agrees Senegal's new provision as it reads: no bracket is left, so the
    # Plenary can adopt the text it becomes.
    added = chair.locator("[id^='p-']:has(.add)")
    expect(added).to_have_count(1)
    added.click()
    chair.locator(".editor button[data-action=agree]").click()
    expect(chair.locator("#head")).to_have_text("2", timeout=5_000)
    expect(chair.locator("[id^='p-'] .add")).to_have_count(0)
    chair.locator("#snapshot-name").fill("Texte du groupe")
    chair.locator("#snapshot-form button").click()
    expect(chair.locator("#snapshot-result")).to_contain_text("DT/1", timeout=5_000)
    shot(chair, tmp_path, "drafting-room-opened.png")
    return Walk(
        delegate=delegate, secretariat=secretariat, chair=chair, instrument=r130, dt="DT/1"
    )
