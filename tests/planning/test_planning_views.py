"""Planning pages: who may see and do what, and how many queries they take."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from plenipot.conference.models import Conference
from plenipot.meetings.models import Meeting
from plenipot.planning import services
from plenipot.planning.models import PlanningRun


@pytest.fixture
def conference(demo):
    return Conference.objects.get()


@pytest.fixture
def published(conference, users):
    run = services.planning_start(
        conference=conference,
        started_by=users["secretariat"],
        first_day=conference.start,
        days=3,
        time_limit=5.0,
        background=False,
    )
    services.planning_publish(run=run, published_by=users["secretariat"])
    return run


def _window(conference):
    return f"?from={conference.start.isoformat()}&days=3"


@pytest.mark.parametrize("name", ["planning-runs"])
def test_the_planner_page_refuses_everyone_but_the_secretariat(client, users, conference, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    for username in ("delegate1", "chair", "observer"):
        if username not in users:
            continue
        client.force_login(users[username])
        assert client.get(url).status_code == 403
        assert client.post(url, {"first_day": conference.start, "days": 3,
                                 "time_limit": 5}).status_code == 403
    assert not PlanningRun.objects.exists()
    client.force_login(users["secretariat"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"planning-form" in response.content


def test_the_secretariat_starts_a_run_off_the_request_path(
    client, users, conference, django_capture_on_commit_callbacks
):
    client.force_login(users["secretariat"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("planning-runs"),
            {"first_day": conference.start.isoformat(), "days": 3, "time_limit": 5},
        )
    run = PlanningRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planning-run", args=[run.pk])
    assert run.status == PlanningRun.Status.QUEUED  # the request did not run the planner
    assert len(callbacks) == 1  # the thread starts once the run is committed
    page = client.get(reverse("planning-run", args=[run.pk]))
    assert b'http-equiv="refresh"' in page.content
    services.planning_execute(run_id=run.pk)
    page = client.get(reverse("planning-run", args=[run.pk]))
    assert page.status_code == 200
    assert b"run-figures" in page.content and b"publish-form" in page.content
    response = client.post(reverse("planning-run-publish", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == PlanningRun.Status.PUBLISHED


def test_publishing_is_refused_to_a_delegate(client, users, conference):
    run = services.planning_start(
        conference=conference, started_by=users["secretariat"], first_day=conference.start,
        days=3, time_limit=5.0, background=False,
    )
    count = Meeting.objects.count()
    client.force_login(users["delegate1"])
    assert client.post(reverse("planning-run-publish", args=[run.pk])).status_code == 403
    assert client.get(reverse("planning-run", args=[run.pk])).status_code == 403
    client.logout()
    assert client.post(reverse("planning-run-publish", args=[run.pk])).status_code == 302
    assert Meeting.objects.count() == count


def test_the_timetable_grid_shows_the_published_meetings(client, users, conference, published):
    client.force_login(users["secretariat"])
    response = client.get(reverse("planning-timetable") + _window(conference))
    assert response.status_code == 200
    body = response.content.decode()
    meeting = Meeting.objects.filter(room="Plenary Hall").order_by("starts_at").first()
    assert reverse("meeting-detail", args=[meeting.pk]) in body
    assert body.count("<tr class=\"session-") == 9  # three days of three sessions


def test_timetable_queries_do_not_grow_with_the_meetings(
    client, users, conference, published, django_assert_max_num_queries
):
    client.force_login(users["secretariat"])
    url = reverse("planning-timetable") + _window(conference)
    with django_assert_max_num_queries(12):
        client.get(url)
    url = reverse("planning-timetable") + f"?from={conference.start.isoformat()}&days=10"
    with django_assert_max_num_queries(12):
        client.get(url)


def test_a_delegate_sees_only_their_own_delegations_clashes(client, users, conference, published):
    url = reverse("planning-clashes", args=["TUV"]) + _window(conference)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(users["delegate1"])  # Tuvalu's one delegate
    response = client.get(url)
    assert response.status_code == 200
    assert b'id="clashes"' in response.content
    assert client.get(reverse("planning-clashes", args=["FRA"])).status_code == 404
    mine = client.get(reverse("planning-my-clashes"))
    assert mine.status_code == 302 and mine["Location"].endswith("/delegation/TUV/")
    client.force_login(users["secretariat"])
    assert client.get(reverse("planning-clashes", args=["FRA"])).status_code == 200


def test_clash_page_counts_overload(client, users, conference, published):
    """Two meetings a one-person delegation follows, put in the same session, show as one
    meeting too many."""
    from plenipot.conference.models import Delegation
    from plenipot.planning.selectors import delegation_clashes

    tuvalu = Delegation.objects.get(conference=conference, organisation__iso3="TUV")
    size, rows = delegation_clashes(
        conference=conference, delegation=tuvalu, first_day=conference.start, days=3
    )
    assert size == 1
    last = conference.start + datetime.timedelta(days=2)
    plenary = list(
        Meeting.objects.filter(
            body__code="PL", status=Meeting.Status.PLANNED, starts_at__date__lte=last
        ).order_by("starts_at")
    )
    assert len(plenary) >= 2  # the run asked for two Plenary meetings in three days
    second = plenary[1]
    second.starts_at, second.ends_at = plenary[0].starts_at, plenary[0].ends_at
    second.room = "Room F"
    second.save()
    size, rows = delegation_clashes(
        conference=conference, delegation=tuvalu, first_day=conference.start, days=3
    )
    assert sum(row.overload for row in rows) >= 1
    client.force_login(users["delegate1"])
    response = client.get(reverse("planning-my-clashes") + "TUV/" + _window(conference))
    assert b"overloaded" in response.content


def test_my_delegation_calendar(client, users, conference, published):
    url = reverse("planning-my-calendar")
    assert client.get(url).status_code == 403
    client.force_login(users["delegate1"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR") and "SUMMARY:PL: " in text
    client.force_login(users["secretariat"])  # no delegation: nothing to show
    assert client.get(url).status_code == 404


def test_a_calendar_program_reads_the_delegation_calendar_with_a_token(client, users, published):
    from plenipot.accounts.services import token_create

    key = token_create(user=users["delegate1"])
    url = reverse("planning-my-calendar")
    assert client.get(url, {"token": "plenipot-wrong"}).status_code == 403
    response = client.get(url, {"token": key})
    assert response.status_code == 200
    assert "BEGIN:VEVENT" in response.content.decode()


def test_anonymous_visitors_see_only_public_meetings_in_the_grid(client, conference, published):
    url = reverse("planning-timetable") + _window(conference)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    shown = Meeting.objects.filter(conference=conference, starts_at__date__lte=(
        conference.start + datetime.timedelta(days=2)))
    public = shown.filter(openness="public")
    closed = shown.exclude(openness="public")
    assert closed.exists()
    for meeting in closed:
        assert reverse("meeting-detail", args=[meeting.pk]) not in body
    for meeting in public:
        assert reverse("meeting-detail", args=[meeting.pk]) in body


def test_an_infeasible_run_names_its_conflicts_and_offers_no_publication(client, users, conference):
    run = PlanningRun.objects.create(
        conference=conference,
        first_day=conference.start,
        days=1,
        time_limit=5,
        status=PlanningRun.Status.INFEASIBLE,
        figures={"status": "infeasible", "conflicts": ["never together: COM5 and COM6"],
                 "weights": [], "gap": 0.0},
        started_by=users["secretariat"],
    )
    client.force_login(users["secretariat"])
    response = client.get(reverse("planning-run", args=[run.pk]))
    assert response.status_code == 200
    assert b"never together: COM5 and COM6" in response.content
    assert b"publish-form" not in response.content
    assert b'http-equiv="refresh"' not in response.content
    count = Meeting.objects.count()
    assert client.post(reverse("planning-run-publish", args=[run.pk])).status_code == 302
    assert Meeting.objects.count() == count


def test_a_run_shows_room_fit_spread_and_what_moved_and_why(client, users, conference):
    run = PlanningRun.objects.create(
        conference=conference,
        first_day=conference.start,
        days=1,
        time_limit=5,
        status=PlanningRun.Status.DONE,
        figures={
            "status": "optimal", "conflicts": [], "weights": [], "gap": 0.0, "moved": 2,
            "room_fit_before": 9, "room_fit": 0, "badly_roomed": [],
            "parallel_pairs_before": 21, "parallel_pairs": 9, "busiest_slot": 3,
            "moves": [
                {"meeting": "COM5-3", "from": {"slot": "2014-10-20-M", "room": "Room 401"},
                 "to": {"slot": "2014-10-20-A", "room": "Room 401"}, "reason": "overload",
                 "detail": "6"},
                {"meeting": "COM6-2", "from": {"slot": "2014-10-21-M", "room": "Room 402"},
                 "to": {"slot": "2014-10-21-A", "room": "Room 402"}, "reason": "taken",
                 "detail": "PL-7"},
            ],
        },
        started_by=users["secretariat"],
    )
    client.force_login(users["secretariat"])
    page = client.get(reverse("planning-run", args=[run.pk])).content.decode()
    assert 'id="room-fit-after">0<' in page
    assert 'id="pairs-after">9<' in page
    assert "What moved and why" in page
    assert "Where it was, it would add 6 to the weighted overload." in page
    assert "Its room at that session went to PL-7, which has nowhere better." in page
