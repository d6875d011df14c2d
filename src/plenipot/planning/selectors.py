"""Reading the timetable for the planning pages: the grid, a delegation's clashes, runs."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from plenipot.accounts.access import meetings_watchable
from plenipot.conference.models import Conference, Delegation
from plenipot.documents.models import Document
from plenipot.documents.selectors import document_readable_list
from plenipot.meetings.models import AgendaItem, Meeting
from plenipot.planning.models import PlanningRun, Room
from plenipot.planning.problem import (
    SESSIONS,
    bodies_of_interest,
    delegation_code,
    planning_days,
    problem_build,
    rooms,
    slot_id,
)


@dataclass
class GridRow:
    day: datetime.date
    session: str
    start: datetime.time
    end: datetime.time
    cells: list[list[Meeting]] = field(default_factory=list)


def _window(conference: Conference, first_day: datetime.date, days: int):
    window = planning_days(conference, first_day=first_day, days=days)
    if not window:
        return window, None, None
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(window[0], datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(window[-1], datetime.time.max, tzinfo=tz)
    return window, start, end


def _session_of(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return "morning" if local.hour < 13 else "afternoon" if local.hour < 18 else "evening"


def timetable_grid(*, user, conference: Conference, first_day: datetime.date, days: int = 5):
    """The meetings of the window that the user may see, by day and session (rows) and
    room (columns). Meetings without a room go in a last column."""
    window, start, end = _window(conference, first_day, days)
    room_names = [room["id"] for room in rooms(conference)]
    meetings = []
    if window:
        meetings = list(
            meetings_watchable(
                user,
                Meeting.objects.filter(
                    conference=conference, starts_at__gte=start, starts_at__lte=end
                ).exclude(status=Meeting.Status.CANCELLED),
            ).select_related("body")
        )
    for meeting in meetings:
        if meeting.room and meeting.room not in room_names:
            room_names.append(meeting.room)
    columns = [*room_names, ""]
    placed: dict[tuple[str, str], list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        day = timezone.localtime(meeting.starts_at).date()
        placed[(slot_id(day, _session_of(meeting.starts_at)), meeting.room)].append(meeting)
    rows = []
    for day in window:
        for session, (begin, finish) in SESSIONS.items():
            row = GridRow(day=day, session=session, start=begin, end=finish)
            row.cells = [placed.get((slot_id(day, session), room), []) for room in columns]
            rows.append(row)
    return columns, rows


@dataclass
class ClashRow:
    day: datetime.date
    session: str
    meetings: list[str]
    overload: int


def delegation_clashes(
    *, conference: Conference, delegation: Delegation, first_day: datetime.date, days: int = 5
):
    """For each slot of the window: the planned meetings the delegation is taken to follow
    and how many more they are than its members (the overload)."""
    built = problem_build(conference=conference, first_day=first_day, days=days)
    code = delegation_code(delegation)
    size = next((d["size"] for d in built.problem["delegations"] if d["id"] == code), 1)
    wanted = {m["id"] for m in built.problem["meetings"] if code in m["interested"]}
    by_slot: dict[str, list[str]] = defaultdict(list)
    for assignment in built.current:
        if assignment["meeting"] in wanted:
            by_slot[assignment["slot"]].append(assignment["meeting"])
    rows = []
    for slot in built.problem["slots"]:
        chosen = sorted(by_slot.get(slot["id"], []))
        rows.append(
            ClashRow(
                day=datetime.date.fromisoformat(slot["day"]),
                session=slot["session"],
                meetings=chosen,
                overload=max(0, len(chosen) - size),
            )
        )
    return size, rows


def delegation_meetings(*, user, conference: Conference, delegation: Delegation):
    """The meetings (not cancelled) of the bodies the delegation is taken to follow."""
    bodies = bodies_of_interest(conference=conference, delegation=delegation)
    return meetings_watchable(
        user,
        Meeting.objects.filter(conference=conference, body_id__in=bodies).exclude(
            status=Meeting.Status.CANCELLED
        ),
    ).select_related("body")


@dataclass
class JournalMeeting:
    """A meeting as the Journal prints it: its agenda with the documents the reader may
    read (a document they may not read is left out of its item, the item stays)."""

    meeting: Meeting
    items: list[tuple[AgendaItem, Document | None]]
    room: str = ""  # the room's name in the reader's language


@dataclass
class JournalTime:
    start: datetime.datetime
    end: datetime.datetime
    meetings: list[JournalMeeting]


def journal_day(*, user, conference: Conference, day: datetime.date) -> list[JournalTime]:
    """The Journal of one day: the meetings the user may see, by starting time and then
    room, each with its agenda; cancelled meetings stay, marked as such."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    end = start + datetime.timedelta(days=1)
    meetings = list(
        meetings_watchable(
            user,
            Meeting.objects.filter(conference=conference, starts_at__gte=start, starts_at__lt=end),
        )
        .select_related("body")
        .prefetch_related("items__document")
    )
    documents = {item.document_id for m in meetings for item in m.items.all() if item.document_id}
    readable = set(
        document_readable_list(
            user=user, documents=Document.objects.filter(pk__in=documents)
        ).values_list("pk", flat=True)
    ) if documents else set()
    meetings.sort(key=lambda m: (m.starts_at, m.room or "\uffff", m.body.position, m.pk))
    labels = room_labels(conference)
    times: list[JournalTime] = []
    for meeting in meetings:
        entry = JournalMeeting(
            meeting=meeting,
            room=labels.get(meeting.room, meeting.room),
            items=[
                (item, item.document if item.document_id in readable else None)
                for item in meeting.items.all()
            ],
        )
        if times and times[-1].start == meeting.starts_at:
            times[-1].meetings.append(entry)
            times[-1].end = max(times[-1].end, meeting.ends_at)
        else:
            times.append(JournalTime(start=meeting.starts_at, end=meeting.ends_at, meetings=[entry]))
    return times


def room_labels(conference: Conference) -> dict[str, str]:
    """The name of each of the conference's rooms in the reader's language, by the name
    that meetings and the planner know it by."""
    return {room.name: room.local_name for room in Room.objects.filter(conference=conference)}


def journal_days(conference: Conference) -> list[datetime.date]:
    """The days of the conference, which the Journal's pages go through."""
    return planning_days(
        conference, first_day=conference.start, days=(conference.end - conference.start).days + 1
    )


def runs(*, conference: Conference):
    return PlanningRun.objects.filter(conference=conference).select_related("started_by")[:20]
