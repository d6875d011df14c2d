"""Votes and elections from the keyboard alone, on the demo conference.

The secretariat sets up an election with paper ballots, registers its candidatures,
records a withdrawal, designates a teller and opens and closes the round; the teller
types the papers in on the tally page; the secretariat announces the result; then a
roll-call, with the answer of a delegation that gave its proxy. Nothing is clicked:
Tab, Shift+Tab, Enter, Space and the arrow keys only. On each page the focus is drawn,
every control it reaches has a name, and it goes through the page in the order it is
read (right to left in Arabic); after a form is sent, the next Tab lands where the work
goes on, not at the top of the page.

Screenshots of the tally and of the roll-call, in English and in Arabic, are kept in
/tmp/elections-keyboard-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from keyboard import tab_to
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp")

# What the focused element is, where it is drawn, and how its focus is shown.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  let name = el.getAttribute('aria-label') || '';
  if (!name && el.labels && el.labels.length) name = [...el.labels].map(l => l.innerText).join(' ');
  if (!name && (el.tagName === 'A' || el.tagName === 'BUTTON')) name = el.innerText;
  return {
    tag: el.tagName, type: el.type || '', name: name.trim(),
    inMain: !!el.closest('main'),
    top: box.top + scrollY, bottom: box.bottom + scrollY, left: box.left, right: box.right,
    outline: s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth),
    shadow: s.boxShadow !== 'none',
  };
}"""


def _page_for(browser, base_url, user, locale="en-GB"):
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
    return context.new_page()


def _focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def _focus_is_visible(page) -> None:
    focus = _focused(page)
    assert focus is not None
    assert focus["outline"] >= 2 or focus["shadow"], focus


def _skip_to_content(page) -> None:
    """The first Tab reaches the skip link; Enter goes on from the start of the page's
    own content."""
    page.wait_for_load_state()
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    _focus_is_visible(page)
    page.keyboard.press("Enter")


def _tab_to(page, target, limit: int = 60) -> int:
    """Tab to `target`, whose focus ring must then show; the presses it took."""
    presses = tab_to(page, target, limit=limit)
    _focus_is_visible(page)
    return presses


def _type_in(page, field, text: str) -> None:
    _tab_to(page, field)
    page.keyboard.type(text)


def _after_sending(page, locator, text: str) -> None:
    """The page that a form's answer loaded shows `text`, and has finished loading."""
    expect(locator).to_contain_text(text)
    page.wait_for_load_state()


def _shot_rows(page, code: str, name: str) -> None:
    """A screenshot of the roll around one delegation's row."""
    row = page.locator(f"#roll-{code}")
    row.scroll_into_view_if_needed()
    box = row.bounding_box()
    page.screenshot(
        path=str(SHOTS / name), clip={"x": 0, "y": box["y"] - 150, "width": 1280, "height": 400}
    )


def _read_order(page, rtl: bool = False) -> list[dict]:
    """Tab through the page's content from the skip link, and back with Shift+Tab:
    every stop is drawn, named and in reading order (top to bottom; along a line left
    to right, or right to left in Arabic), and Shift+Tab goes back the same way."""
    page.goto(page.url.split("#")[0])
    _skip_to_content(page)
    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focus = _focused(page)
        if focus is None or not focus["inMain"]:
            break
        assert focus["outline"] >= 2 or focus["shadow"], ("focus not drawn", focus)
        assert focus["name"], ("a control without a name", focus)
        stops.append(focus)
    else:
        raise AssertionError("the content never ends")
    assert stops, "nothing in the content takes the focus"
    for before, after in zip(stops, stops[1:], strict=False):
        next_line = after["top"] >= before["bottom"] - 2
        same_line = after["top"] < before["bottom"] and after["bottom"] > before["top"]
        along = (
            after["right"] <= before["left"] + 2 if rtl else after["left"] >= before["right"] - 2
        )
        assert next_line or (same_line and along), ("out of reading order", before, after)
    for expected in reversed(stops):
        page.keyboard.press("Shift+Tab")
        focus = _focused(page)
        assert (focus["name"], focus["top"], focus["left"]) == (
            expected["name"],
            expected["top"],
            expected["left"],
        )
    return stops


def test_keyboard_candidatures_tally_and_roll_call(live_server, demo, browser):
    from django.contrib.auth import get_user_model

    from plenipot.conference.models import Organisation
    from plenipot.elections.models import BallotBox, Election, Round, VoteCast
    from plenipot.elections.selectors import proxies_in_force
    from plenipot.meetings.models import Meeting

    User = get_user_model()
    secretariat = _page_for(browser, live_server.url, User.objects.get(username="secretariat"))
    teller = _page_for(browser, live_server.url, User.objects.get(username="delegate"))

    # The secretariat sets up an election with paper ballots.
    secretariat.goto(f"{live_server.url}/elections/new/")
    _skip_to_content(secretariat)
    form = secretariat.locator("#election-form")
    _type_in(secretariat, form.get_by_label("Title"), "Vice-Chair of the Radio Regulations Board")
    _tab_to(secretariat, form.get_by_label("Ballots"))
    secretariat.keyboard.press("ArrowDown")
    expect(form.get_by_label("Ballots")).to_have_value("analog")
    _type_in(secretariat, form.get_by_label("Deadline for candidatures"), "2014-10-01T18:00+09:00")
    _tab_to(secretariat, form.get_by_role("button", name="Set up the election"))
    secretariat.keyboard.press("Enter")
    secretariat.wait_for_url(re.compile(r"/elections/\d+/candidatures/(#.*)?$"))
    election = Election.objects.get(title="Vice-Chair of the Radio Regulations Board")
    assert election.mode == "analog"

    # Its candidatures, one after the other: after each, the next Tab is in the form.
    candidates = [("Amina Diallo", "SEN"), ("Pedro Alves", "BRA"), ("Lin Wei", "CHN")]
    for index, (name, code) in enumerate(candidates):
        form = secretariat.locator("#candidature-form")
        if index == 0:  # the page opens at the content (#main), as the last one left it
            _tab_to(secretariat, form.get_by_label("Candidate"))
        else:
            secretariat.keyboard.press("Tab")
            expect(form.get_by_label("Candidate")).to_be_focused()
        secretariat.keyboard.type(name)
        secretariat.keyboard.press("Tab")
        expect(form.get_by_label("Nominated by")).to_be_focused()
        secretariat.keyboard.type(code)
        secretariat.keyboard.press("Tab")
        expect(form.get_by_label("Received at")).to_be_focused()
        secretariat.keyboard.type("2014-09-30T12:00+09:00")
        secretariat.keyboard.press("Enter")
        _after_sending(secretariat, secretariat.locator("#candidature-list"), name)
    expect(secretariat.locator(".messages")).to_contain_text("The candidature is registered.")
    stops = _read_order(secretariat)
    withdrawals = [s for s in stops if s["name"] == "Record a withdrawal"]
    assert len(withdrawals) == 3
    assert [s["name"] for s in stops][-4:] == [
        "Candidate (for the Council: the Member State)",
        "Nominated by (ISO code, for example KEN)",
        "Received at (empty: now)",
        "Register",
    ]
    # Lin Wei withdraws: the row's button, described by the candidate's name.
    lin = secretariat.locator("#candidature-list tr", has_text="Lin Wei")
    button = lin.get_by_role("button", name="Record a withdrawal")
    expect(button).to_have_accessible_description("Lin Wei")
    _tab_to(secretariat, button)
    secretariat.keyboard.press("Space")
    _after_sending(secretariat, secretariat.locator(".messages"), "The withdrawal is recorded.")
    expect(lin).to_contain_text("withdrawn")

    # The Nigerian delegate is the teller of region D.
    secretariat.goto(f"{live_server.url}/elections/{election.pk}/tellers/")
    _skip_to_content(secretariat)
    _type_in(secretariat, secretariat.get_by_label("User name D"), "delegate")
    secretariat.keyboard.press("Enter")
    _after_sending(secretariat, secretariat.locator(".messages"), "The teller is designated.")

    # The round opens in a Plenary meeting, and closes.
    secretariat.goto(f"{live_server.url}/elections/{election.pk}/")
    _skip_to_content(secretariat)
    _tab_to(secretariat, secretariat.get_by_role("button", name="Open the round"))
    secretariat.keyboard.press("Enter")
    _after_sending(secretariat, secretariat.locator(".messages"), "Round 1 is open.")
    round_ = Round.objects.get(election=election)
    secretariat.goto(f"{live_server.url}/elections/rounds/{round_.pk}/")
    _skip_to_content(secretariat)
    _tab_to(secretariat, secretariat.get_by_role("button", name="Close the round"))
    secretariat.keyboard.press("Enter")
    _after_sending(secretariat, secretariat.locator("#round-status"), "Closed")

    # The teller types in four papers; after each, the next Tab is on the first mark.
    teller.goto(f"{live_server.url}/elections/rounds/{round_.pk}/tally/")
    paper = teller.locator("#paper-form")
    expect(paper.locator("legend")).to_have_text("The marks on this paper")
    expect(paper.get_by_label("Lin Wei")).to_have_count(0)  # withdrawn before the round
    marks = paper.locator("input[name=marks]")
    expect(marks).to_have_count(2)
    order = [marks.nth(i).evaluate("el => el.labels[0].innerText") for i in range(2)]
    first = 0 if "Amina Diallo" in order[0] else 1
    papers = [[first], [first], [1 - first], [0, 1]]  # Amina, Amina, Pedro, spoilt
    _skip_to_content(teller)
    for number, marked in enumerate(papers, start=1):
        if number == 1:
            _tab_to(teller, marks.nth(0))
        else:
            teller.keyboard.press("Tab")
            expect(marks.nth(0)).to_be_focused()
        _focus_is_visible(teller)
        for index in range(2):
            if index in marked:
                teller.keyboard.press("Space")
                expect(marks.nth(index)).to_be_checked()
            if index == 0:
                teller.keyboard.press("Tab")
                expect(marks.nth(1)).to_be_focused()
        teller.keyboard.press("Tab")
        expect(paper.get_by_role("button", name="Put the paper in")).to_be_focused()
        _focus_is_visible(teller)
        teller.keyboard.press("Enter")
        _after_sending(teller, teller.locator("#paper-count"), f"{number} paper")
        expect(teller.locator(".messages")).to_contain_text(f"Paper {number} is in.")
    assert len(BallotBox.objects.get(round=round_).papers) == 4
    expect(teller.locator("#tally-ballots")).to_have_text("4")
    stops = _read_order(teller)
    assert [s["type"] for s in stops[-3:]] == ["checkbox", "checkbox", "submit"]
    teller.screenshot(path=str(SHOTS / "elections-keyboard-tally.png"), full_page=True)
    arabic = _page_for(browser, live_server.url, User.objects.get(username="delegate"), locale="ar")
    arabic.goto(f"{live_server.url}/elections/rounds/{round_.pk}/tally/")
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
    _read_order(arabic, rtl=True)
    arabic.screenshot(path=str(SHOTS / "elections-keyboard-tally-ar.png"), full_page=True)

    # The secretariat reads the tally: the announcement comes after the papers' form.
    secretariat.goto(f"{live_server.url}/elections/rounds/{round_.pk}/tally/")
    stops = _read_order(secretariat)
    assert stops[-1]["name"] == "Announce the result"
    _tab_to(secretariat, secretariat.get_by_role("button", name="Announce the result"))
    secretariat.keyboard.press("Enter")
    secretariat.wait_for_url(re.compile(rf"/elections/{election.pk}/(#.*)?$"))
    expect(secretariat.locator("#round-1")).to_contain_text("Invalid")
    round_.refresh_from_db()
    assert round_.status == "announced"

    # A roll-call in the same meeting: Kiribati answers through Fiji, which holds its
    # proxy, from the keyboard; the next Tab goes to the next delegation called.
    kiribati = proxies_in_force(demo.conference).get(giver__organisation__iso3="KIR")
    assert kiribati.holder.organisation.iso3 == "FJI"
    meeting = Meeting.objects.get(pk=round_.meeting_id)
    secretariat.goto(f"{live_server.url}/elections/meetings/{meeting.pk}/")
    _skip_to_content(secretariat)
    control = secretariat.locator("#vote-open-form")
    _type_in(
        secretariat,
        control.locator("textarea[name=question]"),
        "Shall the Plenary adopt Resolution 101?",
    )
    _tab_to(secretariat, control.locator("select[name=method]"))
    secretariat.keyboard.press("ArrowUp")  # from "Electronic" to "Roll-call"
    expect(control.locator("select[name=method]")).to_have_value("roll_call")
    _type_in(secretariat, control.locator("input[name=letter]"), "K")
    _tab_to(secretariat, control.get_by_role("button", name="Open the vote"))
    secretariat.keyboard.press("Enter")
    secretariat.wait_for_url(re.compile(r"/elections/votes/\d+/(#.*)?$"))
    roll = secretariat.locator("#roll tbody tr")
    expect(roll.first).to_be_visible()
    codes = [roll.nth(i).get_attribute("id") for i in range(roll.count())]
    # The "by proxy" box is on the rows of the delegations that gave a proxy, and only there.
    givers = {f"roll-{p.giver.organisation.iso3}" for p in proxies_in_force(demo.conference)}
    boxed = secretariat.locator("#roll tr:has(input[name=proxy])")
    assert sorted(boxed.evaluate_all("rows => rows.map(r => r.id)")) == sorted(givers)
    fiji = Organisation.objects.get(iso3="FJI")
    expect(secretariat.locator("#roll-KIR")).to_contain_text(f"by proxy: {fiji.name} answers")
    expect(secretariat.locator("#roll-FJI")).to_contain_text("proxy for Kiribati")
    _shot_rows(secretariat, "KIR", "elections-keyboard-roll-call.png")
    _shot_rows(secretariat, "FJI", "elections-keyboard-roll-call-holder.png")
    _skip_to_content(secretariat)
    _tab_to(secretariat, secretariat.locator("#roll-KIR").get_by_label("by proxy"), limit=400)
    secretariat.keyboard.press("Space")
    expect(secretariat.locator("#roll-KIR").get_by_label("by proxy")).to_be_checked()
    secretariat.keyboard.press("Tab")
    yes = secretariat.locator("#roll-KIR").get_by_role("button", name="Yes")
    expect(yes).to_be_focused()
    expect(yes).to_have_accessible_description("Kiribati")
    secretariat.keyboard.press("Enter")
    _after_sending(secretariat, secretariat.locator("#roll-KIR"), "(by proxy)")
    cast = VoteCast.objects.get(delegation__organisation__iso3="KIR")
    assert (cast.choice, cast.by_proxy) == ("yes", True)
    following = codes[codes.index("roll-KIR") + 1]
    secretariat.keyboard.press("Tab")
    expect(secretariat.locator(f"#{following}").get_by_role("button", name="Yes")).to_be_focused()
    _focus_is_visible(secretariat)

    ar = _page_for(browser, live_server.url, User.objects.get(username="secretariat"), locale="ar")
    ar.goto(secretariat.url.split("#")[0])
    expect(ar.locator("html")).to_have_attribute("dir", "rtl")
    kir_ar = Organisation.objects.get(iso3="KIR").local_name("ar")
    expect(ar.locator("#roll-FJI .roll-proxy")).to_have_text(f"يحمل توكيل {kir_ar}")
    _shot_rows(ar, "KIR", "elections-keyboard-roll-call-ar.png")
    _shot_rows(ar, "FJI", "elections-keyboard-roll-call-holder-ar.png")
    assert re.search(r"[\u0600-\u06ff]", ar.locator("#roll-KIR").inner_text())
