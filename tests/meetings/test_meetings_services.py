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


def test_a_restricted_document_on_a_public_agenda_is_named_by_its_symbol_alone(
    world, states, client
):
    """The Plenary's agenda is public: an item made from a committee's DT, which the
    public may not read, must not carry the DT's title onto the public meeting page."""
    from plenipot.documents.access import document_restricted
    from plenipot.documents.services import document_create_temporary

    dt = document_create_temporary(
        body=world["com5"], title="Fallback wording agreed in the corridor",
        author_user=world["chair"], text="",
    )  # fmt: skip
    assert document_restricted(dt)
    meeting = meeting_schedule(
        body=world["pl"], starts_at=_at(22, 9), ends_at=_at(22, 12),
        scheduled_by=world["secretariat"],
    )
    item = agenda_item_add(
        meeting=meeting, title="", added_by=world["secretariat"], document=dt
    )
    assert item.title == dt.symbol
    page = client.get(f"/meetings/{meeting.pk}/")
    assert page.status_code == 200
    assert dt.symbol in page.content.decode() and "corridor" not in page.content.decode()
    # A document the public may read keeps its title on the agenda.
    import datetime

    from plenipot.accounts.services import access_decisions_set
    from plenipot.documents.services import document_create

    access_decisions_set(
        actor=world["secretariat"], conference=world["conference"],
        public_kinds=["input"], source_may_publish=False,
    )  # fmt: skip
    open_document = document_create(
        conference=world["conference"], number="31", kind="input",
        title="Proposals on the work of the Plenary", date=datetime.date(2014, 9, 8),
        sources=[states["FRA"]], body=world["pl"],
    )  # fmt: skip
    assert not document_restricted(open_document)
    public = agenda_item_add(
        meeting=meeting, title="", added_by=world["secretariat"], document=open_document
    )
    assert public.title == f"{open_document.symbol}: Proposals on the work of the Plenary"
