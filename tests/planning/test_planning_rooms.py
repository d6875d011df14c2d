"""The venue's rooms: loaded with the demo, edited by the secretariat only, and used by
the planner's problem instead of the built-in defaults."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plenipot.conference.models import Conference
from plenipot.planning.models import Room
from plenipot.planning.problem import DEFAULT_ROOMS, problem_build, rooms


@pytest.fixture
def conference(demo):
    return Conference.objects.get()


def test_the_demo_loads_the_venue_rooms(conference):
    names = list(Room.objects.filter(conference=conference).values_list("name", flat=True))
    assert names[0] == "Plenary Hall" and "Room 401" in names and len(names) == 11
    booths = Room.objects.filter(conference=conference, interpretation=True).count()
    assert booths == 5


def test_the_problem_uses_the_conference_rooms(conference):
    built = problem_build(conference=conference, first_day=conference.start, days=2)
    ids = [room["id"] for room in built.problem["rooms"]]
    assert ids[:11] == [room.name for room in Room.objects.filter(conference=conference)]
    assert "Room A" not in ids  # the defaults are not used once rooms are entered
    Room.objects.filter(conference=conference, name="Room 105").update(capacity=75)
    built = problem_build(conference=conference, first_day=conference.start, days=2)
    assert {"id": "Room 105", "capacity": 75, "interpretation": False} in built.problem["rooms"]


def test_without_rooms_the_defaults_apply(conference):
    Room.objects.filter(conference=conference).delete()
    assert rooms(conference) == [dict(room) for room in DEFAULT_ROOMS]


@pytest.mark.parametrize("name", ["planning-rooms"])
def test_only_the_secretariat_sees_and_edits_rooms(client, users, conference, name):
    url = reverse(name)
    room = Room.objects.filter(conference=conference).first()
    edit = reverse("planning-room", args=[room.pk])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    for username in ("delegate1", "chair", "observer"):
        if username not in users:
            continue
        client.force_login(users[username])
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": "Sneaky", "capacity": 10}).status_code == 403
        assert client.get(edit).status_code == 403
        assert client.post(edit, {"delete": "1"}).status_code == 403
    assert not Room.objects.filter(name="Sneaky").exists()
    assert Room.objects.filter(pk=room.pk).exists()


def test_the_secretariat_adds_edits_and_removes_a_room(client, users, conference):
    client.force_login(users["secretariat"])
    page = client.get(reverse("planning-rooms"))
    assert page.status_code == 200 and b"Room 401" in page.content
    response = client.post(
        reverse("planning-rooms"),
        {"name": "Room 501", "capacity": 90, "interpretation": "on", "position": 20},
    )
    assert response.status_code == 302
    room = Room.objects.get(conference=conference, name="Room 501")
    assert (room.capacity, room.interpretation) == (90, True)
    built = problem_build(conference=conference, first_day=conference.start, days=1)
    assert {"id": "Room 501", "capacity": 90, "interpretation": True} in built.problem["rooms"]

    response = client.post(
        reverse("planning-room", args=[room.pk]),
        {"name": "Room 501", "capacity": 120, "position": 20},
    )
    assert response.status_code == 302
    room.refresh_from_db()
    assert (room.capacity, room.interpretation) == (120, False)

    response = client.post(reverse("planning-room", args=[room.pk]), {"delete": "1"})
    assert response.status_code == 302
    assert not Room.objects.filter(pk=room.pk).exists()


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"name": "plenary hall", "capacity": 100, "position": 0}, "name", "already a room"),
        ({"name": "Room 9", "capacity": 0, "position": 0}, "capacity", "greater than or equal to 1"),
        ({"name": "Room 9", "capacity": -5, "position": 0}, "capacity", ""),
        ({"name": "", "capacity": 10, "position": 0}, "name", ""),
    ],
)
def test_bad_rooms_are_refused_naming_the_field(client, users, conference, data, field, words):
    client.force_login(users["secretariat"])
    before = Room.objects.count()
    response = client.post(reverse("planning-rooms"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert words in " ".join(errors[field])
    assert Room.objects.count() == before
