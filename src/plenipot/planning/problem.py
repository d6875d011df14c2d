"""Building the planner's problem from the conference as it stands.

Slots are the conference's days (Monday to Friday, and the weekend marked as such) with a
morning, an afternoon and an evening session. Rooms are the conference's rooms as the
secretariat entered them (or, while there are none, `PLANNING_ROOMS` in the settings or
the defaults below) together with any other room
already named in the timetable. Each delegation counts its members. Every active body
asks for meetings in the window; the delegations interested in a body are those that
wrote or co-signed (alone or through their regional organisation) a document allocated
to it or to one of its groups, and every delegation for the Plenary. A group never meets
with its parent, nor Committee 5 with Committee 6.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from plenipot.conference.models import Body, Conference, Delegation, Organisation
from plenipot.documents.models import Allocation, Document, Proposal
from plenipot.engine.planner import problem_from_dict
from plenipot.meetings.models import Meeting
from plenipot.planning.models import Room

SESSIONS = {
    "morning": (datetime.time(9, 30), datetime.time(12, 30)),
    "afternoon": (datetime.time(14, 30), datetime.time(17, 30)),
    "evening": (datetime.time(19, 0), datetime.time(22, 0)),
}
SESSION_LETTER = {"morning": "M", "afternoon": "A", "evening": "E"}

DEFAULT_ROOMS = (
    {"id": "Plenary Hall", "capacity": 2000, "interpretation": True},
    {"id": "Room A", "capacity": 600, "interpretation": True},
    {"id": "Room B", "capacity": 400, "interpretation": True},
    {"id": "Room C", "capacity": 300, "interpretation": True},
    {"id": "Room D", "capacity": 150, "interpretation": False},
    {"id": "Room E", "capacity": 100, "interpretation": False},
    {"id": "Room F", "capacity": 60, "interpretation": False},
)
INTERPRETATION_TEAMS = 4
OTHER_ROOM_CAPACITY = 100

# Meetings asked for in five days, by kind of body; bodies interpreted by kind.
MEETINGS_PER_BODY = {
    Body.Kind.PLENARY: 2,
    Body.Kind.COMMITTEE: 3,
    Body.Kind.WORKING_GROUP: 2,
}
INTERPRETED_KINDS = {Body.Kind.PLENARY, Body.Kind.COMMITTEE, Body.Kind.WORKING_GROUP}
NEVER_TOGETHER_CODES = (("COM5", "COM6"),)


@dataclass(frozen=True)
class Built:
    """A problem as a dictionary in the planner's file format, with what it came from."""

    problem: dict
    current: list[dict]
    origins: dict[str, int]


def slot_id(day: datetime.date, session: str) -> str:
    return f"{day.isoformat()}-{SESSION_LETTER[session]}"


def slot_times(slot: str, tz=None) -> tuple[datetime.datetime, datetime.datetime]:
    """The start and end of a slot id, as aware datetimes in the site's time zone."""
    day = datetime.date.fromisoformat(slot[:10])
    session = {letter: name for name, letter in SESSION_LETTER.items()}[slot[11:]]
    tz = tz or timezone.get_current_timezone()
    start, end = SESSIONS[session]
    return (
        datetime.datetime.combine(day, start, tzinfo=tz),
        datetime.datetime.combine(day, end, tzinfo=tz),
    )


def planning_days(conference: Conference, *, first_day: datetime.date, days: int):
    """The conference days from `first_day` on, at most `days` of them."""
    day = max(first_day, conference.start)
    result = []
    while day <= conference.end and len(result) < days:
        result.append(day)
        day += datetime.timedelta(days=1)
    return result


def rooms(conference: Conference | None = None) -> list[dict]:
    """The rooms the planner may use: the conference's rooms as the secretariat entered
    them (Planner → Rooms), or, while it has none, `PLANNING_ROOMS` in the settings or
    the defaults above."""
    if conference is not None:
        entered = [
            {"id": room.name, "capacity": room.capacity, "interpretation": room.interpretation}
            for room in Room.objects.filter(conference=conference)
        ]
        if entered:
            return entered
    return [dict(room) for room in getattr(settings, "PLANNING_ROOMS", DEFAULT_ROOMS)]


def _interest(
    conference: Conference,
    bodies: list[Body],
    delegation_of: dict[int, str],
    by_delegation: dict[int, str],
):
    """Delegation codes interested in each body: the sources (and, for a regional
    organisation, its members) of the documents and proposals allocated to the body or
    its groups, and the delegations of its chair and vice-chairs."""
    chairs: dict[int, list] = defaultdict(list)
    for vice in Body.vice_chairs.through.objects.filter(
        body__conference=conference
    ).select_related("person"):
        chairs[vice.body_id].append(vice.person)
    members: dict[int, set[int]] = defaultdict(set)
    through = Document.sources.through
    source_rows = through.objects.filter(document__conference=conference).values_list(
        "document_id", "organisation_id"
    )
    sources: dict[int, set[int]] = defaultdict(set)
    for document_id, organisation_id in source_rows:
        sources[document_id].add(organisation_id)

    for document_id, organisation_id in Proposal.sources.through.objects.filter(
        proposal__document__conference=conference
    ).values_list("proposal__document_id", "organisation_id"):
        sources[document_id].add(organisation_id)

    for regional_id, member_id in Organisation.members.through.objects.values_list(
        "from_organisation_id", "to_organisation_id"
    ):
        members[regional_id].add(member_id)
    documents_of: dict[int, set[int]] = defaultdict(set)
    for body_id, document_id in Allocation.objects.filter(
        body__conference=conference
    ).values_list("body_id", "document_id"):
        documents_of[body_id].add(document_id)
    for document_id, body_id in Document.objects.filter(
        conference=conference, body__isnull=False
    ).values_list("pk", "body_id"):
        documents_of[body_id].add(document_id)
    children: dict[int, list[int]] = defaultdict(list)
    for body in bodies:
        if body.parent_id is not None:
            children[body.parent_id].append(body.pk)

    def subtree(body_id: int) -> list[int]:
        found = [body_id]
        for child in children.get(body_id, ()):
            found.extend(subtree(child))
        return found

    interested: dict[int, set[str]] = {}
    for body in bodies:
        codes: set[str] = set()
        if body.kind == Body.Kind.PLENARY:
            codes = set(delegation_of.values())
        else:
            for member_body in subtree(body.pk):
                for document_id in documents_of.get(member_body, ()):
                    for organisation_id in sources.get(document_id, ()):
                        for state in {organisation_id} | members.get(organisation_id, set()):
                            if state in delegation_of:
                                codes.add(delegation_of[state])
        for person in (body.chair, *chairs.get(body.pk, ())):
            if person is not None and person.delegation_id in by_delegation:
                codes.add(by_delegation[person.delegation_id])
        interested[body.pk] = codes
    return interested


def delegation_code(delegation: Delegation) -> str:
    organisation = delegation.organisation
    return organisation.iso3 or organisation.symbol or str(delegation.pk)


def bodies_of_interest(*, conference: Conference, delegation: Delegation) -> list[int]:
    """The ids of the bodies a delegation is taken to follow (as the planner infers it)."""
    delegations = list(
        Delegation.objects.filter(conference=conference).select_related("organisation")
    )
    delegation_of = {d.organisation_id: delegation_code(d) for d in delegations}
    by_delegation = {d.pk: delegation_code(d) for d in delegations}
    bodies = list(Body.objects.filter(conference=conference).select_related("chair"))
    interested = _interest(conference, bodies, delegation_of, by_delegation)
    code = delegation_code(delegation)
    return sorted(pk for pk, codes in interested.items() if code in codes)


def _overlapped_slot(window, meeting: Meeting, tz) -> str | None:
    """The first session of the window that a meeting's time overlaps, if any."""
    for day in window:
        for session, (begin, finish) in SESSIONS.items():
            starts = datetime.datetime.combine(day, begin, tzinfo=tz)
            ends = datetime.datetime.combine(day, finish, tzinfo=tz)
            if meeting.starts_at < ends and meeting.ends_at > starts:
                return slot_id(day, session)
    return None


def problem_build(
    *, conference: Conference, first_day: datetime.date, days: int = 5
) -> Built:
    """The planner's problem for `days` conference days from `first_day`.

    The planned meetings already in that window are part of the requests (re-planned with
    the fewest moves); every active body without enough meetings there asks for more."""
    window = planning_days(conference, first_day=first_day, days=days)
    slots = [
        {"id": slot_id(day, session), "day": day.isoformat(), "session": session,
         "weekend": day.weekday() >= 5}
        for day in window
        for session in SESSIONS
    ]
    room_list = rooms(conference)
    delegations = list(
        Delegation.objects.filter(conference=conference)
        .select_related("organisation")
        .annotate(size=Count("members"))
        .order_by("organisation__iso3", "pk")
    )
    delegation_of = {d.organisation_id: delegation_code(d) for d in delegations}
    bodies = list(
        Body.objects.filter(conference=conference).select_related("chair").order_by(
            "position", "code"
        )
    )
    active = [b for b in bodies if b.status == Body.Status.ACTIVE]
    by_delegation = {d.pk: delegation_of[d.organisation_id] for d in delegations}
    interested = _interest(conference, bodies, delegation_of, by_delegation)
    meetings: list[dict] = []
    current: list[dict] = []
    origins: dict[str, int] = {}
    known_rooms = {room["id"] for room in room_list}
    if window:
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(window[0], datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(window[-1], datetime.time.max, tzinfo=tz)
        in_window = list(
            Meeting.objects.filter(
                conference=conference,
                status__in=[Meeting.Status.PLANNED, Meeting.Status.HELD],
                starts_at__lte=end,
                ends_at__gte=start,
            ).order_by("starts_at", "pk")
        )
    else:
        tz = None
        in_window = []
    existing: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in in_window:
        existing[meeting.body_id].append(meeting)
    slot_ids = {slot["id"] for slot in slots}
    largest = max(room["capacity"] for room in room_list)
    # The Plenary belongs in the largest room with booths (the Plenary Hall) whenever free.
    halls = sorted(
        (room for room in room_list if room["interpretation"]), key=lambda room: -room["capacity"]
    )
    plenary_hall = halls[0]["id"] if halls else None
    for body in active:
        # The counts are for a working week; a shorter window asks for fewer.
        wanted = max(1, math.ceil(MEETINGS_PER_BODY.get(body.kind, 1) * len(window) / 5))
        people = sorted(interested.get(body.pk, set()))
        interpreted = body.kind in INTERPRETED_KINDS
        attendance = min(largest if interpreted else OTHER_ROOM_CAPACITY, 10 + 2 * len(people))
        deadline = None
        if body.deadline and window and body.deadline >= window[0]:
            last = min(body.deadline, window[-1])
            deadline = slot_id(last, "evening")
        base = {
            "body": body.code,
            "attendance": attendance,
            "needs_interpretation": interpreted,
            "chair": f"person-{body.chair_id}" if body.chair_id else None,
            "interested": people,
            "deadline": deadline,
        }
        if body.kind == Body.Kind.PLENARY and plenary_hall is not None:
            base["preferred_room"] = plenary_hall
        had = 0
        for meeting in existing.get(body.pk, []):
            request = f"{body.code}-{meeting.number}"
            if meeting.status == Meeting.Status.HELD:
                # Held: it stays where it was; it occupies its session, chair and people.
                slot = _overlapped_slot(window, meeting, tz)
                if slot is None:
                    continue
                had += 1
                if meeting.room and meeting.room not in known_rooms:
                    room_list.append(
                        {"id": meeting.room, "capacity": OTHER_ROOM_CAPACITY,
                         "interpretation": False}
                    )
                    known_rooms.add(meeting.room)
                # What happened is fact: the room it was held in is good enough for it.
                room = next((r for r in room_list if r["id"] == meeting.room), None)
                facts = {}
                if room is not None:
                    facts = {
                        "attendance": min(base["attendance"], room["capacity"]),
                        "needs_interpretation": base["needs_interpretation"]
                        and room["interpretation"],
                    }
                meetings.append(
                    {"id": request, **base, **facts, "deadline": None, "fixed": slot,
                     "preferred_room": None}
                )
            else:
                had += 1
                meetings.append({"id": request, **base})
                origins[request] = meeting.pk
                local = timezone.localtime(meeting.starts_at, tz)
                session = (
                    "morning" if local.hour < 13 else "afternoon" if local.hour < 18 else "evening"
                )
                slot = slot_id(local.date(), session)
            if meeting.room and slot in slot_ids:
                if meeting.room not in known_rooms:
                    room_list.append(
                        {"id": meeting.room, "capacity": OTHER_ROOM_CAPACITY,
                         "interpretation": False}
                    )
                    known_rooms.add(meeting.room)
                current.append({"meeting": request, "slot": slot, "room": meeting.room})
        for n in range(max(0, wanted - had)):
            meetings.append({"id": f"{body.code}-new{n + 1}", **base})
    codes = {b.pk: b.code for b in active}
    pairs = []
    for body in active:
        if body.parent_id in codes:
            pairs.append([codes[body.parent_id], body.code])
    for a, b in NEVER_TOGETHER_CODES:
        if a in codes.values() and b in codes.values():
            pairs.append([a, b])
    for meeting in meetings:
        # A meeting must fit the rooms that exist; cap it at the largest suitable one.
        fitting = [
            r["capacity"] for r in room_list
            if r["interpretation"] or not meeting["needs_interpretation"]
        ]
        meeting["attendance"] = min(meeting["attendance"], max(fitting))
    problem = {
        "slots": slots,
        "rooms": room_list,
        "interpretation_teams": INTERPRETATION_TEAMS,
        "delegations": [
            {"id": delegation_of[d.organisation_id], "size": max(1, d.size)} for d in delegations
        ],
        "meetings": meetings,
        "never_together": pairs,
    }
    problem_from_dict(problem)  # refuse here, with the field named, rather than in the run
    return Built(problem=problem, current=current, origins=origins)
