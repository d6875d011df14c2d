"""The secretariat's set-up pages in Chromium, on a conference set up from the example
file: it changes a body's chair, records a delegation's credentials, adds a room, and
creates an account whose set-password link its holder then uses to sign in. A delegate
who opens the pages is refused. Screenshots go to the test's folder (and to
PLENIPOT_SCREENSHOTS when set)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from plenipot.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "conference"

pytestmark = pytest.mark.browser


def _shot(page, folder: Path, name: str) -> None:
    """A screenshot of the page, which must have no serious accessibility violation."""
    from axe_playwright_python.sync_playwright import Axe

    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not violations, f"{name}: {violations}"
    page.screenshot(path=str(folder / name), full_page=True)
    target = os.environ.get("PLENIPOT_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(folder / name, Path(target) / name)


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


def test_the_secretariat_sets_up_chairs_credentials_a_room_and_an_account(
    live_server, browser, tmp_path
):
    from playwright.sync_api import expect

    from plenipot.accounts.models import User
    from plenipot.conference.models import Body, Delegation
    from plenipot.planning.models import Room

    folder = tmp_path / "conference"
    shutil.copytree(EXAMPLE, folder)
    shutil.copy(EXAMPLE.parent / "resolution-101.txt", tmp_path / "resolution-101.txt")
    assert main(["setup", str(folder / "conference.toml")]) == 0
    base = live_server.url

    page = _as(browser, base, "secretariat.diallo")
    page.goto(f"{base}/")
    page.get_by_role("button", name="Secretariat", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Set-up of the conference"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set-up of the conference")
    _shot(page, tmp_path, "setup-conference.png")

    # The chair of Committee 5 changes: Morocco's head of delegation takes it.
    page.locator(".setup-nav").get_by_role("link", name="Bodies and chairs").click()
    _shot(page, tmp_path, "setup-bodies.png")
    page.locator("#body-COM5 > a").click()
    page.get_by_label("Chair:", exact=True).select_option(label="Youssef Benali (Morocco)")
    page.get_by_role("button", name="Save the chairs").click()
    expect(page.locator(".messages")).to_contain_text("The chairs of COM5 are saved.")
    _shot(page, tmp_path, "setup-body.png")
    assert Body.objects.get(code="COM5").chair.user.username == "delegate.mar"

    # A refused value is said beside its field, and nothing is stored.
    page.get_by_label("Code:", exact=True).fill("COM4")
    page.get_by_role("button", name="Save the body").click()
    alert = page.locator("#body-errors")
    expect(alert).to_contain_text("Code: There is already a body with the code COM4.")
    _shot(page, tmp_path, "setup-body-refused.png")
    assert Body.objects.filter(code="COM5").exists()

    # The Credentials Committee accepts Senegal's credentials.
    page.locator(".setup-nav").get_by_role("link", name="Delegations and credentials").click()
    row = page.locator("#delegation-SEN")
    row.get_by_label("Credentials of Senegal").select_option("accepted")
    row.get_by_role("button", name="Record").click()
    expect(page.locator("#delegation-SEN")).to_contain_text("Accepted")
    _shot(page, tmp_path, "setup-delegations.png")
    assert Delegation.objects.get(organisation__iso3="SEN").may_vote

    # A room: the planner's rooms page, linked from the set-up pages.
    page.locator(".setup-nav").get_by_role("link", name="Rooms").click()
    page.get_by_label("Name:", exact=True).fill("Salle Casamance")
    page.get_by_label("Seats").fill("120")
    page.get_by_label("Interpretation booths").check()
    page.get_by_role("button", name="Add the room").click()
    expect(page.locator("#rooms")).to_contain_text("Salle Casamance")
    room = Room.objects.get(name="Salle Casamance")
    assert room.capacity == 120 and room.interpretation

    # An account for a new delegate of Tunisia; its link is shown once.
    page.goto(f"{base}/setup/accounts/")
    page.get_by_label("User name").fill("delegate.tun")
    page.get_by_label("E-mail address").fill("salma.trabelsi@example.org")
    page.get_by_label("Given name").fill("Salma")
    page.get_by_label("Family name").fill("Trabelsi")
    page.get_by_label("Role:", exact=True).select_option("delegate")
    page.get_by_label("Delegation:", exact=True).select_option(label="Tunisia")
    page.get_by_role("button", name="Create the account").click()
    link = page.locator("#password-link")
    expect(link).to_be_visible()
    _shot(page, tmp_path, "setup-account-created.png")
    url = link.get_attribute("href")
    assert not User.objects.get(username="delegate.tun").has_usable_password()

    holder = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    holder.goto(url)
    holder.get_by_label("New password", exact=True).fill("a long new passphrase 42")
    holder.get_by_label("Again").fill("a long new passphrase 42")
    holder.get_by_role("button", name="Set the password").click()
    holder.goto(f"{base}/accounts/login/")
    holder.get_by_label("Username").fill("delegate.tun")
    holder.get_by_label("Password").fill("a long new passphrase 42")
    holder.get_by_role("button", name="Log in").click()
    holder.wait_for_url(f"{base}/")
    assert User.objects.get(username="delegate.tun").has_usable_password()

    # The new delegate may not open the set-up pages: 403, with the reason.
    answer = holder.goto(f"{base}/setup/bodies/")
    assert answer.status == 403
    expect(holder.locator("main")).to_contain_text(
        "Only the secretariat changes how the conference is set up."
    )
    _shot(holder, tmp_path, "setup-refused.png")
