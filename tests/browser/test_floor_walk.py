"""The floor of a meeting in the browser, with real sockets: delegations ask for the
floor from their own pages, a point of order goes first, the chair gives the floor and
the clock runs, the room display follows each step and the provision spoken on, and
the record keeps every intervention."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


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
