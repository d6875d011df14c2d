"""The secretariat re-plans the demo conference from the browser and publishes it."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_the_secretariat_replans_the_demo(live_server, demo, page):
    from plenipot.meetings.models import Meeting
    from plenipot.planning.models import PlanningRun

    account = next(a for a in demo.accounts if a.role == "secretariat")
    conference = demo.conference
    before = Meeting.objects.count()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", account.username)
    page.fill("input[name=password]", account.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("button", name="Secretariat").click()
    nav.get_by_role("link", name="Planner").click()
    page.wait_for_url("**/planning/runs/**")
    page.fill("input[name=first_day]", conference.start.isoformat())
    page.fill("input[name=days]", "3")
    page.fill("input[name=time_limit]", "5")
    page.get_by_role("button", name="Run the planner").click()
    page.wait_for_url(re.compile(r".*/planning/runs/\d+/$"))
    # The page refreshes itself while the planner works in the background.
    page.locator("#run-status", has_text="Timetable found").wait_for(timeout=60_000)
    figures = page.locator("#run-figures")
    assert figures.is_visible()
    assert page.locator("#overload-after").inner_text().strip().isdigit()
    # The objectives after the overload are shown: room fit and meetings at once.
    assert page.locator("#room-fit-after").inner_text().strip().isdigit()
    assert page.locator("#pairs-after").inner_text().strip().isdigit()
    page.screenshot(path="/tmp/planner-run.png", full_page=True)
    run = PlanningRun.objects.get()
    plenary = [a for a in run.result["assignments"] if a["meeting"].startswith("PL-")]
    assert all(a["room"] == "Plenary Hall" for a in plenary)
    assert Meeting.objects.count() == before  # nothing published yet

    page.get_by_role("button", name="Publish this timetable").click()
    page.wait_for_url("**/planning/?from=*")
    run = PlanningRun.objects.get()
    assert run.status == PlanningRun.Status.PUBLISHED
    new = [m for m in run.problem["meetings"] if not m.get("fixed")]
    assert Meeting.objects.count() == before + len(new)
    grid = page.locator("#timetable")
    assert grid.is_visible()
    assert grid.locator("a.slot-meeting").count() >= len(new)
    assert "Published" in page.locator("body").inner_text()


def test_the_secretariat_adds_a_room_the_planner_then_uses(live_server, demo, page):
    from plenipot.planning.models import Room
    from plenipot.planning.problem import problem_build

    account = next(a for a in demo.accounts if a.role == "secretariat")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", account.username)
    page.fill("input[name=password]", account.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/planning/runs/")
    page.get_by_role("link", name="Rooms the planner uses").click()
    page.wait_for_url("**/planning/rooms/")
    table = page.locator("#rooms")
    assert "Room 401" in table.inner_text()
    page.fill("#room-form input[name=name]", "Room 501")
    page.fill("#room-form input[name=capacity]", "90")
    page.check("#room-form input[name=interpretation]")
    page.get_by_role("button", name="Add the room").click()
    page.wait_for_url("**/planning/rooms/")
    assert "Room 501" in page.locator("#rooms").inner_text()
    page.screenshot(path="/tmp/planner-rooms.png", full_page=True)
    room = Room.objects.get(name="Room 501")
    assert (room.capacity, room.interpretation) == (90, True)
    built = problem_build(conference=demo.conference, first_day=demo.conference.start, days=1)
    assert {"id": "Room 501", "capacity": 90, "interpretation": True} in built.problem["rooms"]

    # A room with no seats is refused, naming the field, and nothing is added.
    page.fill("#room-form input[name=name]", "Broom cupboard")
    page.fill("#room-form input[name=capacity]", "0")
    page.get_by_role("button", name="Add the room").click()
    assert page.locator("#room-form").inner_text().count("greater than or equal to 1") == 1
    assert not Room.objects.filter(name="Broom cupboard").exists()
