"""The planner through the API: the secretariat starts a run with its bearer token, reads
its status, figures and timetable, and publishes it; nobody else can."""

from __future__ import annotations

import pytest

from plenipot.accounts.services import token_create
from plenipot.conference.models import Conference
from plenipot.meetings.models import Meeting
from plenipot.planning import services
from plenipot.planning.models import PlanningRun

API = "/api/v1/planning/runs"


@pytest.fixture
def conference(demo):
    return Conference.objects.get()


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def test_start_read_and_publish_a_run(client, users, conference, django_capture_on_commit_callbacks):
    secretariat = bearer(users["secretariat"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            API,
            {"first_day": conference.start.isoformat(), "days": 2, "time_limit": 5},
            content_type="application/json",
            **secretariat,
        )
    assert response.status_code == 202, response.content
    run = response.json()
    assert run["status"] == "queued" and run["days"] == 2
    assert run["started_by"] == "secretariat"
    assert len(callbacks) == 1  # the thread starts once the run is committed
    detail = client.get(f"{API}/{run['id']}", **secretariat).json()
    assert detail["status"] == "queued" and detail["assignments"] == []

    # What the background thread does, here and now.
    services.planning_execute(run_id=run["id"])
    detail = client.get(f"{API}/{run['id']}", **secretariat).json()
    assert detail["status"] == "done"
    assert detail["assignments"] and detail["figures"]["overload_after"] is not None
    assert {"meeting", "slot", "room"} == set(detail["assignments"][0])
    listed = client.get(API, **secretariat).json()
    assert [item["id"] for item in listed] == [run["id"]]

    before = Meeting.objects.count()
    response = client.post(f"{API}/{run['id']}/publish", **secretariat)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published"
    assert Meeting.objects.count() > before
    # Published once: a second time is refused with the reason, and nothing changes.
    again = client.post(f"{API}/{run['id']}/publish", **secretariat)
    assert again.status_code == 400
    assert "found a timetable" in again.json()["detail"]
    assert Meeting.objects.count() > before


def test_nobody_but_the_secretariat(client, users, conference):
    run = services.planning_prepare(
        conference=conference, started_by=users["secretariat"], first_day=conference.start,
        days=1, time_limit=5,
    )
    for headers in ({}, bearer(users["delegate1"]), bearer(users["chair"])):
        # The planner is the secretariat's, on the API as on its pages: a visitor is asked
        # to sign in (401, a write before anything else is read), anyone else refused (403).
        refused = 403 if headers else 401
        assert client.get(API, **headers).status_code == refused
        response = client.post(API, {"days": 1}, content_type="application/json", **headers)
        assert response.status_code == refused
        assert response.json()["code"] == ("forbidden" if headers else "not_authenticated")
        assert client.get(f"{API}/{run.pk}", **headers).status_code == refused
        assert client.post(f"{API}/{run.pk}/publish", **headers).status_code == refused
    assert PlanningRun.objects.count() == 1
    # A bad token is refused outright rather than read as the public.
    assert client.get(API, HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401
    # A missing run is missing for the secretariat too.
    assert client.get(f"{API}/{run.pk + 100}", **bearer(users["secretariat"])).status_code == 404


@pytest.mark.parametrize(
    ("payload", "status", "words"),
    [
        ({"days": 0}, 422, "days"),
        ({"days": 3, "time_limit": 0.5}, 422, "time_limit"),
        ({"first_day": "2099-01-01"}, 400, "conference is over"),
        ({"first_day": "not a date"}, 422, "first_day"),
    ],
)
def test_bad_runs_are_refused_naming_the_field(client, users, conference, payload, status, words):
    response = client.post(
        API, payload, content_type="application/json", **bearer(users["secretariat"])
    )
    assert response.status_code == status
    assert words in response.content.decode()
    assert not PlanningRun.objects.exists()


def test_a_run_that_is_not_done_cannot_be_published(client, users, conference):
    run = services.planning_prepare(
        conference=conference, started_by=users["secretariat"], first_day=conference.start,
        days=1, time_limit=5,
    )
    before = list(Meeting.objects.values_list("pk", "starts_at", "room"))
    response = client.post(f"{API}/{run.pk}/publish", **bearer(users["secretariat"]))
    assert response.status_code == 400
    assert list(Meeting.objects.values_list("pk", "starts_at", "room")) == before
