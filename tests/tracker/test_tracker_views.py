"""The tracker, meeting, chair and Final Acts pages."""

import datetime

import pytest

from plenipot.meetings.services import agenda_item_add, meeting_schedule
from plenipot.tracker.services import decision_take, path_move, path_start


def _at(day, hour=10):
    return datetime.datetime(2014, 10, day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def walked(world):
    path = path_start(instrument=world["resolution"], at=_at(20, 8))
    path_move(
        path=path,
        to_stage="allocated",
        moved_by=world["secretariat"],
        body=world["com5"],
        at=_at(20, 9),
    )
    path_move(path=path, to_stage="in_body", moved_by=world["chair"], at=_at(21, 9))
    meeting = meeting_schedule(
        body=world["com5"],
        starts_at=_at(21, 9),
        ends_at=_at(21, 12),
        scheduled_by=world["chair"],
        room="Room B",
    )
    item = agenda_item_add(
        meeting=meeting,
        title="",
        added_by=world["chair"],
        document=world["doc27"],
        instrument=world["resolution"],
    )
    decision_take(
        agenda_item=item,
        outcome="referred",
        decided_by=world["chair"],
        text="Referred to a group.",
        referral={
            "code": "COM5-AHG-101",
            "name": "Ad hoc group on Resolution 101",
            "mandate": "Consolidate.",
        },
        statements=[(world["fra"], "statement", "France will take part.")],
        at=_at(21, 11),
    )
    return {"path": path, "meeting": meeting}


def test_tracker_list_and_filter(client, world, walked):
    page = client.get("/tracker/")
    assert page.status_code == 200
    assert "Resolution 101" in page.content.decode()
    assert "In an ad hoc group" in page.content.decode()
    assert (
        client.get("/tracker/?stage=adopted").content.decode().count("/tracker/resolution/101/")
        == 0
    )


def test_tracker_detail_shows_timeline_stage_and_diff(
    client, world, walked, django_assert_max_num_queries
):
    assert client.get("/tracker/resolution/101/").status_code == 200
    client.force_login(world["secretariat"])
    with django_assert_max_num_queries(20):
        page = client.get("/tracker/resolution/101/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="current-stage">In an ad hoc group' in html
    assert "COM5-AHG-101" in html and "France will take part." in html
    assert "Addendum 1 to Document 27" in html
    assert "Move this text" in html
    client.logout()
    assert "Move this text" not in client.get("/tracker/resolution/101/").content.decode()


def test_moving_from_the_page(client, world, walked):
    client.force_login(world["delegate"])
    client.post("/tracker/resolution/101/", {"to_stage": "dt"})
    walked["path"].refresh_from_db()
    assert walked["path"].stage == "ad_hoc"
    client.force_login(world["secretariat"])
    page = client.post("/tracker/resolution/101/", {"to_stage": "adopted"}, follow=True)
    assert "skips a stage" in page.content.decode()
    page = client.post(
        "/tracker/resolution/101/",
        {"to_stage": "withdrawn", "note": "Withdrawn by its sponsors."},
        follow=True,
    )
    walked["path"].refresh_from_db()
    assert walked["path"].stage == "withdrawn"
    assert "Withdrawn by its sponsors." in page.content.decode()


def test_readings_issue_their_blue_and_pink_documents(client, world, walked, six_languages):
    path = walked["path"]
    client.force_login(world["secretariat"])
    path.stage = "editorial"
    path.save()
    page = client.get("/tracker/resolution/101/").content.decode()
    assert "cannot issue" in page and "There are no language versions of this text." in page
    refused = client.post("/tracker/resolution/101/", {"to_stage": "first_reading"}, follow=True)
    assert "There are no language versions of this text." in refused.content.decode()
    path.refresh_from_db()
    assert path.stage == "editorial"
    six_languages(world["resolution"])
    assert "cannot issue" not in client.get("/tracker/resolution/101/").content.decode()
    path.stage = "editorial"
    path.save()
    client.force_login(world["secretariat"])
    client.post("/tracker/resolution/101/", {"to_stage": "first_reading"})
    client.post("/tracker/resolution/101/", {"to_stage": "second_reading"})
    page = client.get("/tracker/resolution/101/").content.decode()
    assert "B.1" in page and "R.1" in page


def test_meeting_pages(client, world, walked):
    client.force_login(world["chair"])
    listing = client.get("/meetings/").content.decode()
    assert "COM5" in listing and "Room B" in listing
    detail = client.get(f"/meetings/{walked['meeting'].pk}/").content.decode()
    assert "Summary record" in detail and "Referred to a group" in detail
    assert "COM5-AHG-101" in detail
    assert client.get("/meetings/99999/").status_code == 404


def test_chair_view_draws_the_burndown(client, world, walked):
    page = client.get("/tracker/chair/COM5/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "<polyline" in html
    assert "2 proposals still open" in html
    # As it stood on a day of the conference: the meeting of 21 October is still ahead.
    html = client.get("/tracker/chair/COM5/?on=2014-10-21").content.decode()
    assert "1 meeting left" in html and 'class="mark"' in html
    assert client.get("/tracker/chair/COM5/?on=1999-01-01").status_code == 200
    assert client.get("/tracker/chair/NOPE/").status_code == 404


def test_final_acts_page(client, world):
    assert "Nothing has been adopted yet" in client.get("/tracker/final-acts/").content.decode()


def test_unknown_text_is_404(client, world):
    assert client.get("/tracker/resolution/999/").status_code == 404


def test_the_timeline_lists_the_drafting_rooms_of_the_text(client, world, walked):
    from plenipot.negotiation.services import draft_create

    draft = draft_create(
        body=world["com5"], instrument=world["resolution"], title="Resolution 101 in COM5"
    )
    client.force_login(world["secretariat"])
    html = client.get("/tracker/resolution/101/").content.decode()
    assert f'href="/drafts/{draft.pk}/"' in html and "Resolution 101 in COM5" in html


def test_meetings_the_reader_may_not_open_are_named_without_a_link(client, world, walked):
    link = f'href="/meetings/{walked["meeting"].pk}/"'
    assert link not in client.get("/tracker/resolution/101/").content.decode()
    client.force_login(world["secretariat"])
    assert link in client.get("/tracker/resolution/101/").content.decode()


@pytest.mark.parametrize("language", ["ar", "fr", "ru", "es", "zh-hans"])
def test_the_burndown_coordinates_are_not_localised(client, world, walked, language):
    """SVG reads 12.5, not the interface's "12,5" or "١٢٫٥": the chart draws the same in
    every language."""
    import re

    client.cookies["django_language"] = language
    html = client.get("/tracker/chair/COM5/?on=2014-10-21").content.decode()
    coordinates = re.findall(r'\b(?:cx|cy|x|y|x1|x2|y1|y2)="([^"]*)"', html)
    points = re.search(r'<polyline points="([^"]*)"', html).group(1)
    assert coordinates and all(re.fullmatch(r"\d+(\.\d+)?", c) for c in coordinates), coordinates
    assert all(re.fullmatch(r"\d+\.\d,\d+\.\d", pair) for pair in points.split())
