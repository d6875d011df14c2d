"""The floor's pages name the meeting's room in the reader's language, as the meeting
pages do, and write the record's times the reader's way. The rooms are the planner's:
the floor, beside it, asks `meetings.rooms`, to which the planner lends its look-up."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from plenipot.floor.models import FloorRequest, Intervention
from plenipot.meetings.rooms import room_labels
from plenipot.planning.models import Room

pytestmark = pytest.mark.django_db

NAMES = {"ar": "القاعة 401", "zh": "401会议室", "ru": "Зал 401"}
PAGES = ("floor-meeting", "floor-display", "floor-record")


def page(client, name, f, language):
    client.cookies["django_language"] = language
    path = reverse(name, args=[f["meeting"].pk])
    return client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.fixture
def room(floor):
    return Room.objects.create(
        conference=floor["conference"], name="Room 401", capacity=700, names=NAMES
    )


def test_the_planner_lends_its_room_names_to_the_apps_beside_it(floor, room):
    assert room_labels(floor["conference"]) == {"Room 401": "Room 401"}  # English
    from django.utils import translation

    with translation.override("ru"):
        assert room_labels(floor["conference"]) == {"Room 401": "Зал 401"}


@pytest.mark.parametrize(("language", "code"), [("ar", "ar"), ("zh-hans", "zh"), ("ru", "ru")])
def test_the_floor_pages_name_the_room_in_the_readers_language(client, floor, room, language, code):
    for name in PAGES:
        html = page(client, name, floor, language)
        assert NAMES[code] in html, name
        assert "Room 401" not in html, name


def test_a_room_without_a_name_in_the_language_keeps_its_given_name(client, floor, room):
    for name in PAGES:
        html = page(client, name, floor, "es")
        assert "Room 401" in html and not any(n in html for n in NAMES.values()), name


def test_the_record_writes_the_time_the_readers_way_and_the_csv_in_iso(client, floor, room):
    client.force_login(floor["french"])
    client.post(reverse("floor-act", args=[floor["meeting"].pk, floor["item"].pk, "ask"]))
    client.force_login(floor["chair"])
    request = FloorRequest.objects.get()
    base = [floor["meeting"].pk, floor["item"].pk]
    client.post(reverse("floor-act-on", args=[*base, request.pk, "give"]))
    client.post(reverse("floor-act", args=[*base, "end"]))
    Intervention.objects.update(
        started_at=datetime.datetime(2014, 10, 21, 9, 5, tzinfo=datetime.UTC)
    )
    spanish = page(client, "floor-record", floor, "es")
    text = re.sub(r"<[^>]+>", "", spanish)
    assert "9:05" in text and "09:05" not in text
    assert '<time datetime="2014-10-21T09:05:00+00:00">9:05</time>' in spanish
    assert '<time datetime="2014-10-21T09:05:00+00:00">09:05</time>' in page(
        client, "floor-record", floor, "zh-hans"
    )
    csv = client.get(reverse("floor-record", args=[floor["meeting"].pk]) + "?format=csv")
    assert "2014-10-21T09:05:00+00:00" in csv.content.decode()
