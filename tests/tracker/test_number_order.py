"""Resolutions are listed in the order of their numbers (2, 64, 180), not as text
(180, 2, 64): on the tracker page, in the API, on the follow page and on a body's page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

NUMBERS = ["180", "2", "64", "101", "COM5/10", "COM5/2"]
IN_ORDER = ["2", "64", "101", "180", "COM5/2", "COM5/10"]


@pytest.fixture
def resolutions(conference):
    from plenipot.negotiation.services import instrument_create
    from plenipot.tracker.services import path_start

    made = []
    for number in NUMBERS:
        instrument = instrument_create(
            conference=conference, number=number, title=f"Text {number}",
            status="draft" if "/" in number else "in_force",
        )
        path_start(instrument=instrument)
        made.append(instrument)
    return made


def _numbers_in(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


def test_the_tracker_lists_resolutions_in_numeric_order(client, resolutions):
    html = client.get("/tracker/").content.decode()
    found = _numbers_in(html, r'data-path="resolution/([^"]+)"')
    assert found == IN_ORDER


def test_the_api_lists_paths_in_numeric_order(client, resolutions):
    listed = client.get("/api/v1/conferences/PP-14/paths").json()
    assert [path["number"] for path in listed] == IN_ORDER


def test_the_follow_page_offers_resolutions_in_numeric_order(client, resolutions):
    user = get_user_model().objects.create_user(username="reader", password="x")
    client.force_login(user)
    html = client.get("/follows/").content.decode()
    found = _numbers_in(html, r"/follow/instrument/([^\"]+)/")
    assert [n for n in found if n in NUMBERS] == IN_ORDER


def test_the_selector_sorts_by_kind_then_number(conference, resolutions):
    from plenipot.negotiation.selectors import instrument_list
    from plenipot.negotiation.services import instrument_create

    instrument_create(conference=conference, number="5", title="A decision", kind="decision")
    listed = [(i.kind, i.number) for i in instrument_list(conference=conference)]
    assert listed == [("decision", "5"), *[("resolution", n) for n in IN_ORDER]]
