"""The floor of a meeting in the browser, with real sockets: delegations ask for the
floor from their own pages, a point of order goes first, the chair gives the floor and
the clock runs, the room display follows each step and the provision spoken on, and
the record keeps every intervention."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyboard import tab_to

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/tmp")


def _page_for(browser, base_url, user, size=(1280, 900)):
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
    return context.new_page()


def test_three_delegations_a_point_of_order_the_clock_and_the_display(
    asgi_server, floor, browser, tmp_path, django_user_model
):
    from playwright.sync_api import expect

    from plenipot.conference.services import person_create

    senegal = django_user_model.objects.create_user(username="sen2", password="x")
    person_create(given_name="Moussa", family_name="Ndiaye", delegation=floor["sen"], user=senegal)
    meeting, item = floor["meeting"], floor["item"]
    url = f"{asgi_server}/floor/meetings/{meeting.pk}/?item={item.pk}"

    chair = _page_for(browser, asgi_server, floor["chair"])
    chair.goto(url)
    expect(chair.locator("#floor-live")).to_have_attribute("data-state", "live")
    display = _page_for(browser, asgi_server, floor["chair"], size=(1920, 1080))
    display.goto(f"{asgi_server}/floor/meetings/{meeting.pk}/display/?item={item.pk}")
    expect(display.locator("#display-draft .display-provision").first).to_be_visible()

    # Three delegations ask from their own pages; Brazil then raises a point of order.
    for user, provision in ((floor["french"], "resolves__para_2"), (senegal, ""), (floor["brazil"], "")):
        delegate = _page_for(browser, asgi_server, user, size=(420, 900))
        delegate.goto(url)
        if provision:
            delegate.select_option("select[name=provision]", provision)
        delegate.get_by_role("button", name="Ask for the floor").click()
        expect(delegate.locator(".floor-my-place")).to_contain_text("Place")
        if user == floor["brazil"]:
            delegate.select_option("select[name=kind]", "point_of_order")
            delegate.get_by_role("button", name="Ask for the floor").click()
            expect(delegate.locator(".floor-my-place").first).to_contain_text("Place 1")
            delegate.screenshot(path=str(tmp_path / "floor-delegate.png"), full_page=True)
        delegate.context.close()

    # The chair's page and the display heard it all without being reloaded.
    rows = chair.locator(".floor-waiting .floor-entry .floor-who")
    expect(rows).to_have_text(["Brazil", "France", "Senegal", "Brazil"])
    expect(chair.locator(".floor-waiting .floor-entry").first).to_contain_text("Point of order")
    expect(display.locator(".display-waiting li").first).to_contain_text("Brazil")
    expect(display.locator(".display-waiting li").nth(1)).to_contain_text("resolves 2")

    # The point of order first; the clock runs on the display.
    chair.get_by_role("button", name="Give the floor to Brazil").click()
    expect(display.locator(".display-now")).to_have_text("Brazil")
    clock = display.locator(".display-clock .floor-clock-time")
    expect(clock).not_to_have_text("0:00", timeout=3000)
    chair.get_by_role("button", name="Give the floor to France").click()
    expect(display.locator(".display-now")).to_have_text("France")
    expect(display.locator(".display-on")).to_have_text("resolves 2")
    # The display shows the provision France speaks on.
    expect(display.locator("#d-resolves__para_2")).to_have_class("display-provision kind-operative_item depth-0 status-open pen-here")
    display.screenshot(path=str(tmp_path / "floor-display.png"))
    chair.get_by_role("button", name="Stop the clock").click()
    expect(chair.get_by_role("button", name="Start the clock")).to_be_visible()
    chair.get_by_role("button", name="End the intervention").click()
    chair.screenshot(path=str(tmp_path / "floor-chair.png"), full_page=True)

    chair.goto(f"{asgi_server}/floor/meetings/{meeting.pk}/record/")
    record = chair.locator("tbody tr")
    expect(record).to_have_count(2)
    expect(record.first).to_contain_text("Brazil")
    expect(record.first).to_contain_text("Point of order")
    expect(record.nth(1)).to_contain_text("France")
    expect(record.nth(1)).to_contain_text("resolves 2")
    for shot in ("floor-delegate.png", "floor-display.png", "floor-chair.png"):
        assert Path(tmp_path / shot).stat().st_size > 10_000


def _focus_is_visible(page) -> None:
    """The focused control is drawn with a visible ring."""
    style, width = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert style != "none" and width >= 2, (style, width)


def _controls_are_real(page) -> None:
    """What can be pressed is a button, a link or a form field, in the page's own tab
    order: no clickable div or span, no positive tabindex."""
    assert page.locator("div[onclick], span[onclick], div[role=button], span[role=button]").count() == 0
    assert page.locator("[tabindex]:not([tabindex='0']):not([tabindex='-1'])").count() == 0


def test_keyboard_a_roll_call_and_a_secret_vote_with_a_proxy_on_the_display(
    asgi_server, floor, browser, django_user_model
):
    """From the keyboard alone a delegate asks for the floor and casts a vote; the
    secretariat records a roll-call on its page; a secret electronic vote is answered by
    two delegations, one of them also for the proxy it holds; and the room display,
    open in its own page, shows each step as the chair takes it, and each announced
    result."""
    from playwright.sync_api import expect

    from plenipot.conference.services import delegation_create, organisation_create, person_create

    kenya = organisation_create(
        kind="member_state", name="Kenya", symbol="KEN", iso2="KE", iso3="KEN", itu_region="D"
    )
    delegation_create(conference=floor["conference"], organisation=kenya, credentials_status="accepted")
    senegal = django_user_model.objects.create_user(username="sen2", password="x")
    person_create(given_name="Moussa", family_name="Ndiaye", delegation=floor["sen"], user=senegal)
    meeting, other = floor["meeting"], floor["other"]

    # The display follows the item with no draft: it says what is being discussed.
    display = _page_for(browser, asgi_server, floor["outsider"], size=(1920, 1080))
    display.goto(f"{asgi_server}/floor/meetings/{meeting.pk}/display/?item={other.pk}")
    expect(display.locator("#display-item .display-item-title")).to_contain_text("Any other business")
    expect(display.locator("#display-item .display-agenda li.current")).to_contain_text("Any other business")
    expect(display.locator(".display-under-way")).to_have_count(0)

    # France asks for the floor with the keyboard alone: a right of reply.
    france = _page_for(browser, asgi_server, floor["french"])
    france.goto(f"{asgi_server}/floor/meetings/{meeting.pk}/?item={other.pk}")
    expect(france.locator("#floor-live")).to_have_attribute("data-state", "live")
    _controls_are_real(france)
    tab_to(france, france.locator("select[name=kind]"))
    _focus_is_visible(france)
    france.keyboard.press("ArrowUp")  # from "Speaker" to "Right of reply"
    expect(france.locator("select[name=kind]")).to_have_value("right_of_reply")
    tab_to(france, france.get_by_role("button", name="Ask for the floor"))
    _focus_is_visible(france)
    france.keyboard.press("Enter")
    expect(france.locator(".floor-my-place")).to_contain_text("Place 1 (Right of reply)")
    expect(display.locator(".display-waiting li").first).to_contain_text("France")
    expect(display.locator(".display-waiting li").first).to_contain_text("Right of reply")

    # The secretariat records Kenya's proxy, held by France.
    secretariat = _page_for(browser, asgi_server, floor["secretariat"])
    secretariat.goto(f"{asgi_server}/elections/proxies/")
    secretariat.select_option("#proxy-form select[name=giver]", "KEN")
    secretariat.select_option("#proxy-form select[name=holder]", "FRA")
    secretariat.fill("#proxy-form input[name=notice]", "Letter of the Minister, 21 October 2014")
    secretariat.get_by_role("button", name="Record the proxy").click()
    expect(secretariat.locator("#proxy-list")).to_contain_text("Kenya")

    # A roll-call from the letter F; the display says a vote is open.
    chair = _page_for(browser, asgi_server, floor["chair"])
    chair.goto(f"{asgi_server}/elections/meetings/{meeting.pk}/")
    question = "Shall the Committee keep resolves 2 as it stands?"
    chair.fill("#vote-open-form textarea[name=question]", question)
    chair.select_option("#vote-open-form select[name=method]", "roll_call")
    chair.fill("#vote-open-form input[name=letter]", "F")
    chair.get_by_role("button", name="Open the vote").click()
    chair.wait_for_url("**/elections/votes/*/")
    roll_call_url = chair.url
    under_way = display.locator(".display-under-way")
    expect(under_way).to_contain_text(question)
    expect(under_way).to_contain_text("Roll-call")
    expect(under_way).to_contain_text("Voting is open.")

    secretariat.goto(roll_call_url)
    rows = secretariat.locator("#roll tbody tr")
    expect(rows).to_have_count(3)
    assert [rows.nth(i).get_attribute("id") for i in range(3)] == ["roll-FRA", "roll-KEN", "roll-SEN"]
    secretariat.locator("#roll-FRA").get_by_role("button", name="Yes").click()
    expect(secretariat.locator("#roll-FRA .answer-yes")).to_be_visible()
    secretariat.locator("#roll").screenshot(path=str(SHOTS / "floor-roll-call.png"))
    # Kenya answers through France, which holds its proxy: said so, or refused.
    secretariat.locator("#roll-KEN").get_by_role("button", name="Yes").click()
    expect(secretariat.locator("main")).to_contain_text("Kenya gave its proxy to France, which answers for it.")
    secretariat.goto(roll_call_url)
    secretariat.locator("#roll-KEN").get_by_label("by proxy").check()
    secretariat.locator("#roll-KEN").get_by_role("button", name="Yes").click()
    expect(secretariat.locator("#roll-KEN")).to_contain_text("(by proxy)")
    secretariat.locator("#roll-SEN").get_by_role("button", name="No").click()
    expect(secretariat.locator("#roll-SEN .answer-no")).to_be_visible()

    chair.reload()
    chair.get_by_role("button", name="Close the vote").click()
    expect(under_way).to_contain_text("the votes are being counted")
    expect(display.locator(".display-result")).to_have_count(0)
    chair.get_by_role("button", name="Announce the result").click()
    result = display.locator(".display-result")
    expect(result).to_contain_text(question)
    expect(result.locator(".display-result-line").first).to_have_text("Yes 2 · No 1 · Abstentions 0")
    expect(result.locator(".display-outcome")).to_have_text("Adopted")
    expect(display.locator(".display-under-way")).to_have_count(0)
    display.screenshot(path=str(SHOTS / "floor-display-roll-call.png"))

    # A secret electronic vote: France votes for itself from the keyboard, then for
    # Kenya; Senegal votes with the pointer.
    chair.goto(f"{asgi_server}/elections/meetings/{meeting.pk}/")
    secret = "Shall the Committee add the new paragraph proposed in Document 27?"
    chair.fill("#vote-open-form textarea[name=question]", secret)
    chair.select_option("#vote-open-form select[name=method]", "electronic")
    chair.check("#vote-open-form input[name=secret]")
    chair.get_by_role("button", name="Open the vote").click()
    chair.wait_for_url("**/elections/votes/*/")
    secret_url = chair.url
    expect(under_way).to_contain_text(secret)
    expect(under_way).to_contain_text("secret")

    france.goto(secret_url)
    _controls_are_real(france)
    tab_to(france, france.locator("#cast-form").get_by_role("button", name="Yes"))
    _focus_is_visible(france)
    france.keyboard.press("Enter")
    expect(france.locator("#receipt")).to_be_visible()
    france.goto(secret_url)
    expect(france.locator("#voted")).to_be_visible()
    tab_to(france, france.locator("#proxy-cast-form").get_by_role("button", name="Abstain"))
    _focus_is_visible(france)
    france.keyboard.press("Space")
    expect(france.locator("#receipt")).to_be_visible()
    france.goto(secret_url)
    expect(france.locator("#proxy-voted")).to_be_visible()

    sen = _page_for(browser, asgi_server, senegal)
    sen.goto(secret_url)
    sen.locator("#cast-form").get_by_role("button", name="No").click()
    expect(sen.locator("#receipt")).to_be_visible()

    chair.reload()
    chair.get_by_role("button", name="Close the vote").click()
    expect(under_way).to_contain_text("the votes are being counted")
    chair.get_by_role("button", name="Announce the result").click()
    expect(result).to_contain_text(secret)
    expect(result.locator(".display-result-line").first).to_have_text("Yes 1 · No 1 · Abstentions 1")
    expect(result.locator(".display-outcome")).to_have_text("Rejected")
    display.screenshot(path=str(SHOTS / "floor-display-secret.png"))

    from plenipot.elections.models import Vote

    counted = {v.question: (v.yes, v.no, v.abstain, v.present, v.outcome) for v in Vote.objects.all()}
    assert counted == {question: (2, 1, 0, 3, "adopted"), secret: (1, 1, 1, 3, "rejected")}
