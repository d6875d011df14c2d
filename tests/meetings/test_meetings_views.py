"""Scheduling, agenda and decisions from the meeting pages."""

import datetime

from plenipot.meetings.models import Meeting
from plenipot.tracker.models import Decision
from plenipot.tracker.services import path_move, path_start


def test_the_chair_schedules_sets_the_agenda_decides_and_closes(client, world):
    path = path_start(instrument=world["resolution"])
    path_move(path=path, to_stage="allocated", moved_by=world["secretariat"], body=world["com5"])
    path_move(path=path, to_stage="in_body", moved_by=world["chair"])
    client.force_login(world["chair"])
    page = client.get("/meetings/")
    assert "Schedule a meeting" in page.content.decode()
    response = client.post(
        "/meetings/",
        {"body": "COM5", "day": "2014-10-22", "start": "09:30", "end": "12:30", "room": "Room 402"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.body == world["com5"]
    # The chair of COM5 cannot schedule the Plenary.
    client.post("/meetings/", {"body": "PL", "day": "2014-10-22", "start": "14:00", "end": "15:00"})
    assert Meeting.objects.count() == 1

    client.post(
        f"/meetings/{meeting.pk}/agenda/",
        {"document": "Addendum 1 to Document 27-E", "instrument": "101"},
    )
    page = client.post(f"/meetings/{meeting.pk}/agenda/", {"document": "Document 27x"}, follow=True)
    assert "not a document symbol" in page.content.decode()
    item = meeting.items.get()
    assert item.document == world["doc27"]

    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Declare a decision" in page
    client.post(
        f"/tracker/decide/{item.pk}/",
        {
            "outcome": "referred",
            "text": "Referred to a new group.",
            "group_code": "COM5-AHG-101",
            "group_name": "Ad hoc group on Resolution 101",
            "group_mandate": "Consolidate the proposals.",
            "delegation_0": str(world["fra"].pk),
            "kind_0": "statement",
            "statement_0": "France will chair informal talks.",
        },
    )
    decision = Decision.objects.get()
    assert decision.referred_to.code == "COM5-AHG-101"
    assert decision.statements.get().delegation == world["fra"]
    path.refresh_from_db()
    assert path.stage == "ad_hoc"

    client.post(
        f"/meetings/{meeting.pk}/close/", {"summary": "The committee referred Resolution 101."}
    )
    meeting.refresh_from_db()
    assert meeting.status == "held"
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "France will chair informal talks." in page


def test_someone_who_does_not_chair_cannot_decide(client, world):
    from plenipot.meetings.services import agenda_item_add, meeting_schedule

    meeting = meeting_schedule(
        body=world["com5"],
        starts_at=datetime.datetime(2014, 10, 22, 9, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2014, 10, 22, 12, tzinfo=datetime.UTC),
        scheduled_by=world["secretariat"],
    )
    item = agenda_item_add(meeting=meeting, title="Item", added_by=world["secretariat"])
    client.force_login(world["delegate"])
    assert "Declare a decision" not in client.get(f"/meetings/{meeting.pk}/").content.decode()
    page = client.post(f"/tracker/decide/{item.pk}/", {"outcome": "consensus"}, follow=True)
    assert "Only the chair of COM5" in page.content.decode()
    assert not Decision.objects.exists()
    assert client.post("/meetings/", {"body": "COM5"}).status_code == 404


def test_a_vote_from_the_meeting_page(client, world):
    from plenipot.meetings.services import agenda_item_add, meeting_schedule

    meeting = meeting_schedule(
        body=world["com5"],
        starts_at=datetime.datetime(2014, 10, 22, 9, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2014, 10, 22, 12, tzinfo=datetime.UTC),
        scheduled_by=world["secretariat"],
    )
    item = agenda_item_add(meeting=meeting, title="Item", added_by=world["secretariat"])
    client.force_login(world["chair"])
    page = client.post(
        f"/tracker/decide/{item.pk}/", {"outcome": "vote", "votes": "FRA yes\nBRA no"}, follow=True
    ).content.decode()
    assert "credentials are accepted: Brazil" in page
    assert not Decision.objects.exists()
    page = client.post(
        f"/tracker/decide/{item.pk}/", {"outcome": "vote", "votes": "XXX yes"}, follow=True
    ).content.decode()
    assert "no delegation XXX" in page
    client.post(f"/tracker/decide/{item.pk}/", {"outcome": "vote", "votes": "FRA no\nSEN yes\n"})
    decision = Decision.objects.get()
    assert (decision.votes_yes, decision.votes_no, decision.vote_carried) == (1, 1, False)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Not carried." in page
