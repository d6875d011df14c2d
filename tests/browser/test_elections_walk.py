"""Votes and elections in the browser, on the demo conference.

A delegate votes from a phone in the round the demo left open and checks the receipt;
the secretariat closes the round, reads the tellers' tally and announces it; then a
secret electronic vote in the same Plenary meeting, with a proxy recorded on the spot,
is answered by two delegations (one of them twice, for the proxy it holds) and its
result announced. The screenshots are kept in /tmp/elections-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp")
PHONE = {"width": 390, "height": 844}


def _signed_in(browser, live_server, account, viewport=None):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", account.username)
    page.fill("input[name=password]", account.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_a_round_and_a_secret_vote_with_a_proxy(live_server, demo, browser):
    from plenipot.elections.models import BallotBox, Round, Vote

    accounts = {a.username: a for a in demo.accounts}
    round_ = Round.objects.select_related("election", "meeting").get(status="open")
    papers_before = len(BallotBox.objects.get(round=round_).papers)

    # The finished election of the Secretary-General, as the public sees it.
    public = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    public.goto(f"{live_server.url}/elections/")
    public.get_by_role("link", name="Secretary-General").click()
    assert "Aïcha Rahmani" in public.locator("#elected").inner_text()
    expect(public.locator("#round-3")).to_be_visible()
    public.screenshot(path=str(SHOTS / "elections-sg-results.png"), full_page=True)

    # Tuvalu's delegate votes from a phone.
    tuvalu = _signed_in(browser, live_server, accounts["delegate1"], PHONE)
    tuvalu.goto(f"{live_server.url}/elections/vote/")
    assert round_.election.title in tuvalu.locator("main").inner_text()
    tuvalu.get_by_role("link", name="Vote").first.click()
    tuvalu.wait_for_url(f"**/elections/rounds/{round_.pk}/")
    tuvalu.locator("#ballot-form .ballot-choice", has_text="Grace Mwangi").click()
    tuvalu.screenshot(path=str(SHOTS / "elections-phone-ballot.png"), full_page=True)
    tuvalu.get_by_role("button", name="Cast the ballot").click()
    receipt = tuvalu.locator("#receipt").inner_text().strip()
    assert re.fullmatch(rf"B{round_.pk}\.[A-Za-z0-9_-]+", receipt)
    tuvalu.screenshot(path=str(SHOTS / "elections-phone-receipt.png"), full_page=True)
    tuvalu.get_by_role("link", name="Back to the vote").click()
    expect(tuvalu.locator("#voted")).to_be_visible()
    # The receipt shows the ballot as cast, to whoever holds it.
    tuvalu.goto(f"{live_server.url}/elections/receipt/")
    tuvalu.fill("input[name=receipt]", receipt)
    tuvalu.get_by_role("button", name="Check").click()
    assert "Grace Mwangi" in tuvalu.locator("#receipt-found").inner_text()

    # Nigeria's delegate votes from a laptop.
    nigeria = _signed_in(browser, live_server, accounts["delegate"])
    nigeria.goto(f"{live_server.url}/elections/rounds/{round_.pk}/")
    nigeria.locator("#ballot-form .ballot-choice", has_text="Helena Souza Prado").click()
    nigeria.get_by_role("button", name="Cast the ballot").click()
    expect(nigeria.locator("#receipt")).to_be_visible()
    assert len(BallotBox.objects.get(round=round_).papers) == papers_before + 2

    # The secretariat closes the round, reads the tally, announces it.
    secretariat = _signed_in(browser, live_server, accounts["secretariat"])
    secretariat.goto(f"{live_server.url}/elections/rounds/{round_.pk}/")
    secretariat.get_by_role("button", name="Close the round").click()
    secretariat.get_by_role("link", name="Tally of the round").click()
    secretariat.wait_for_url(f"**/elections/rounds/{round_.pk}/tally/")
    assert secretariat.locator("#tally-ballots").inner_text() == str(papers_before + 2)
    secretariat.screenshot(path=str(SHOTS / "elections-tally.png"), full_page=True)
    # Not public before it is announced.
    public.goto(f"{live_server.url}/elections/{round_.election_id}/")
    assert "#round-1" not in public.content() and "Grace Mwangi" in public.content()
    assert not public.locator("#round-1").count()
    secretariat.get_by_role("button", name="Announce the result").click()
    secretariat.wait_for_url(f"**/elections/{round_.election_id}/")
    expect(secretariat.locator("#round-1")).to_be_visible()
    public.reload()
    expect(public.locator("#round-1 table")).to_be_visible()

    # A secret electronic vote in the same meeting, with a proxy held by Tuvalu.
    secretariat.goto(f"{live_server.url}/elections/proxies/")
    secretariat.select_option("#proxy-form select[name=giver]", "NRU")
    secretariat.select_option("#proxy-form select[name=holder]", "TUV")
    secretariat.fill("#proxy-form input[name=notice]", "Letter of 27 October 2014")
    secretariat.get_by_role("button", name="Record the proxy").click()
    assert "Nauru" in secretariat.locator("#proxy-list").inner_text()
    meeting = round_.meeting
    secretariat.goto(f"{live_server.url}/elections/meetings/{meeting.pk}/")
    secretariat.fill(
        "#vote-open-form textarea[name=question]", "Shall the Plenary adopt the draft decision?"
    )
    secretariat.select_option("#vote-open-form select[name=method]", "electronic")
    secretariat.check("#vote-open-form input[name=secret]")
    secretariat.get_by_role("button", name="Open the vote").click()
    vote = Vote.objects.get(meeting=meeting)
    secretariat.wait_for_url(f"**/elections/votes/{vote.pk}/")

    tuvalu.goto(f"{live_server.url}/elections/votes/{vote.pk}/")
    expect(tuvalu.locator("#proxy-cast-form")).to_be_visible()
    tuvalu.screenshot(path=str(SHOTS / "elections-phone-vote.png"), full_page=True)
    tuvalu.locator("#cast-form").get_by_role("button", name="Yes").click()
    expect(tuvalu.locator("#receipt")).to_be_visible()
    tuvalu.goto(f"{live_server.url}/elections/votes/{vote.pk}/")
    tuvalu.locator("#proxy-cast-form").get_by_role("button", name="No").click()
    expect(tuvalu.locator("#receipt")).to_be_visible()
    tuvalu.goto(f"{live_server.url}/elections/votes/{vote.pk}/")
    expect(tuvalu.locator("#voted")).to_be_visible()
    expect(tuvalu.locator("#proxy-voted")).to_be_visible()
    nigeria.goto(f"{live_server.url}/elections/votes/{vote.pk}/")
    nigeria.locator("#cast-form").get_by_role("button", name="Yes").click()
    expect(nigeria.locator("#receipt")).to_be_visible()

    secretariat.reload()
    secretariat.get_by_role("button", name="Close the vote").click()
    secretariat.get_by_role("button", name="Announce the result").click()
    result = secretariat.locator(f"#vote-result-{vote.pk}")
    assert "Adopted" not in result.inner_text()  # three votes: far from the quorum
    assert "No quorum" in result.inner_text()
    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.abstain, vote.present) == (2, 1, 0, 3)
    public.goto(f"{live_server.url}/elections/meetings/{meeting.pk}/results/")
    assert "No quorum" in public.locator(f"#vote-{vote.pk}").inner_text()
    public.screenshot(path=str(SHOTS / "elections-meeting-results.png"), full_page=True)
