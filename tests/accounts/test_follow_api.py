"""Follow and stop following through the API, with a bearer token, under the policy."""

from __future__ import annotations

import pytest

from plenipot.accounts.models import Follow
from plenipot.accounts.services import token_create, user_create
from plenipot.conference.services import body_create
from plenipot.negotiation.services import instrument_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(conference, plenary):
    observer = user_create(username="watcher", password=None, role="observer")
    closed = body_create(
        conference=conference, code="AHG-X", name="Closed group", kind="ad_hoc",
        parent=plenary, openness="delegations",
    )
    instrument_create(conference=conference, number="130", title="Confidence and security")
    return {"user": observer, "token": token_create(user=observer), "closed": closed}


def _bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_follow_list_and_stop_with_a_token(client, setup, plenary):
    auth = _bearer(setup["token"])
    response = client.put("/api/v1/conferences/PP-14/follows/bodies/PL", **auth)
    assert response.status_code == 200
    response = client.put("/api/v1/conferences/PP-14/follows/instruments/130", **auth)
    assert response.status_code == 200
    follows = client.get("/api/v1/follows", **auth).json()["follows"]
    assert [(f["kind"], f["key"], f["conference"]) for f in follows] == [
        ("body", "PL", "PP-14"), ("instrument", "130", "PP-14"),
    ]
    assert client.put("/api/v1/conferences/PP-14/follows/bodies/PL", **auth).status_code == 200
    assert Follow.objects.filter(user=setup["user"]).count() == 2, "following twice is once"
    response = client.delete("/api/v1/conferences/PP-14/follows/bodies/PL", **auth)
    assert response.status_code == 200
    assert [f["kind"] for f in response.json()["follows"]] == ["instrument"]


def test_closed_and_missing_things_answer_404(client, setup):
    auth = _bearer(setup["token"])
    for path in (
        "/api/v1/conferences/PP-14/follows/bodies/AHG-X",
        "/api/v1/conferences/PP-14/follows/bodies/NOPE",
        "/api/v1/conferences/PP-14/follows/instruments/999",
        "/api/v1/conferences/XX-99/follows/bodies/PL",
    ):
        assert client.put(path, **auth).status_code == 404, path
    assert not Follow.objects.exists()


def test_writes_need_a_bearer_token_and_reads_a_signed_in_caller(client, setup):
    assert client.get("/api/v1/follows").status_code == 401
    assert client.put("/api/v1/conferences/PP-14/follows/bodies/PL").status_code == 401
    client.force_login(setup["user"])
    assert client.get("/api/v1/follows").status_code == 200, "the session reads"
    assert client.put("/api/v1/conferences/PP-14/follows/bodies/PL").status_code == 401, (
        "a browser session alone does not write, so no other site can make it follow"
    )
    bad = _bearer("plp_not-a-token")
    assert client.put("/api/v1/conferences/PP-14/follows/bodies/PL", **bad).status_code == 401
    assert not Follow.objects.exists()


def test_bad_path_values_are_refused_cleanly(client, setup):
    auth = _bearer(setup["token"])
    for path in (
        "/api/v1/conferences/PP-14/follows/bodies/%00",
        "/api/v1/conferences/PP-14/follows/instruments/" + "9" * 50,
    ):
        assert client.put(path, **auth).status_code in (404, 422), path
