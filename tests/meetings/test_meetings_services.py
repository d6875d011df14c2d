import pytest
from django.core.exceptions import ValidationError

from plenipot.meetings.models import Meeting
from plenipot.meetings.selectors import meeting_get, meeting_list
from plenipot.meetings.services import agenda_item_add, meeting_close, meeting_schedule


def _at(day, hour=10):
    import datetime

    return datetime.datetime(2014, 10, day, hour, tzinfo=datetime.UTC)


def test_schedule_numbers_meetings_per_body_and_takes_the_body_openness(world):
    first = meeting_schedule(
        body=world["com5"],
        starts_at=_at(21, 9),
        ends_at=_at(21, 12),
        scheduled_by=world["chair"],
        room="Room A",
    )
    second = meeting_schedule(
        body=world["com5"],
        starts_at=_at(22, 9),
        ends_at=_at(22, 12),
        scheduled_by=world["secretariat"],
        room="Room A",
    )
    assert (first.number, second.number) == (1, 2)
    assert first.openness == world["com5"].openness
    assert str(second) == "COM5, meeting 2"
    assert list(meeting_list(conference=world["conference"], day=_at(22).date())) == [second]


@pytest.mark.parametrize(
    ("start", "end", "who", "words"),
    [
        ((21, 12), (21, 9), "chair", "end after"),
        ((1, 9), (1, 12), "chair", "outside"),
        ((21, 9), (21, 12), "delegate", "Only the secretariat"),
    ],
)
def test_bad_meetings_are_refused(world, start, end, who, words):
    with pytest.raises(ValidationError, match=words):
        meeting_schedule(
            body=world["com5"], starts_at=_at(*start), ends_at=_at(*end), scheduled_by=world[who]
        )
    assert not Meeting.objects.exists()


def test_a_room_cannot_hold_two_meetings_at_once(world):
    meeting_schedule(
        body=world["com5"],
        starts_at=_at(21, 9),
        ends_at=_at(21, 12),
        scheduled_by=world["chair"],
        room="Room A",
    )
    with pytest.raises(ValidationError, match="Room A is taken"):
        meeting_schedule(
            body=world["pl"],
            starts_at=_at(21, 11),
            ends_at=_at(21, 13),
            scheduled_by=world["secretariat"],
            room="Room A",
        )


def test_agenda_and_summary(world):
    meeting = meeting_schedule(
        body=world["com5"], starts_at=_at(21, 9), ends_at=_at(21, 12), scheduled_by=world["chair"]
    )
    item = agenda_item_add(
        meeting=meeting,
        title="",
        added_by=world["chair"],
        document=world["doc27"],
        instrument=world["resolution"],
    )
    assert item.position == 1 and item.title.startswith("Addendum 1 to Document 27")
    with pytest.raises(ValidationError):
        agenda_item_add(meeting=meeting, title="x", added_by=world["delegate"])
    meeting_close(
        meeting=meeting, closed_by=world["chair"], summary="The committee considered Document 27."
    )
    loaded = meeting_get(conference=world["conference"], pk=meeting.pk)
    assert loaded.status == "held" and [i.pk for i in loaded.items.all()] == [item.pk]
