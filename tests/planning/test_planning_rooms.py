"""The venue's rooms: loaded with the demo, edited by the secretariat only, and used by
the planner's problem instead of the built-in defaults."""

from __future__ import annotations

import re

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
        (
            {"name": "Room 9", "capacity": 0, "position": 0},
            "capacity",
            "greater than or equal to 1",
        ),
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


def test_a_room_is_named_in_the_conferences_other_languages(client, users, conference):
    """One field per language but English (the given name's), marked with its language
    and direction; the names stored as {code: text} and shown to readers of them."""
    client.force_login(users["secretariat"])
    room = Room.objects.get(conference=conference, name="Room 401")
    edit = reverse("planning-room", args=[room.pk])
    page = client.get(edit).content.decode()
    assert 'name="names_en"' not in page
    arabic = re.search(r'<input[^>]*name="names_ar"[^>]*>', page).group(0)
    assert 'lang="ar"' in arabic and 'dir="rtl"' in arabic
    data = {"name": "Room 401", "capacity": room.capacity, "position": room.position}
    response = client.post(
        edit, {**data, "names_fr": " Salle 401 ", "names_ar": "القاعة 401", "names_zh": "  "}
    )
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.names == {"fr": "Salle 401", "ar": "القاعة 401"}
    assert 'value="Salle 401"' in client.get(edit).content.decode()

    client.cookies["django_language"] = "ar"
    assert "القاعة 401" in client.get(reverse("planning-rooms")).content.decode()
    assert "القاعة 401" in client.get(reverse("planning-timetable")).content.decode()
    client.cookies["django_language"] = "ru"
    assert ">Room 401<" in client.get(reverse("planning-rooms")).content.decode()
    client.cookies["django_language"] = "en"

    for names, words in [
        ({"names_fr": "Salle\x0b401"}, "control character"),
        ({"names_ru": "З" * 101}, "Russian: at most 100 characters"),
    ]:
        response = client.post(edit, {**data, "capacity": 5, **names})
        assert response.status_code == 200
        assert words in " ".join(response.context["form"].errors["names"])
    room.refresh_from_db()
    assert room.names == {"fr": "Salle 401", "ar": "القاعة 401"} and room.capacity != 5

    # Emptied: the given name in every language, stored as none.
    assert client.post(edit, data).status_code == 302
    room.refresh_from_db()
    assert room.names is None
