"""The meeting planner's problem: slots, rooms, delegations and meeting requests.

Everything here is plain data. The Steering Committee's secretariat (or a Django
service, from a background task) builds a `Problem`, and the planner turns it into a
timetable. The JSON form is the contract of `plenipot schedule`; every error it raises
names the field at fault, because the person reading it is fixing a file by hand.

Slots are listed in time order: "earliest" and "deadline" compare positions in that list.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

SESSIONS = ("morning", "afternoon", "evening")

# A one-person delegation that is asked to be in two rooms misses half its work; a
# delegation of twenty that is asked to be in eleven rooms still covers them all but one.
# The default weight makes an overload count more the smaller the delegation is.
WEIGHT_SCALE = 6


def default_weight(size: int) -> int:
    """How much one unit of overload of a delegation of `size` people counts.

    ceil(6 / size), at least 1: a one-person delegation's overload counts 6, two
    people 3, three 2, four or five 2, six or more 1.
    """
    return max(1, math.ceil(WEIGHT_SCALE / max(size, 1)))


class ProblemError(ValueError):
    """A problem (or a current timetable) that cannot be read; the message names the field."""

    def __init__(self, field_path: str, message: str) -> None:
        super().__init__(f"{field_path}: {message}")
        self.field = field_path
        self.detail = message


@dataclass(frozen=True)
class Slot:
    """One session of one day, in the time order of the problem's list."""

    id: str
    day: str
    session: str
    weekend: bool = False

    @property
    def evening(self) -> bool:
        return self.session == "evening"


@dataclass(frozen=True)
class Room:
    """A meeting room; only rooms with booths can host an interpreted meeting."""

    id: str
    capacity: int
    interpretation: bool = False


@dataclass(frozen=True)
class Delegation:
    """A Member State's delegation. `weight` overrides the default weight of its size."""

    id: str
    size: int
    weight: int | None = None

    @property
    def effective_weight(self) -> int:
        return default_weight(self.size) if self.weight is None else self.weight


@dataclass(frozen=True)
class Meeting:
    """A request for one meeting of a body.

    `interested` lists the delegations that want to attend (declared by them, or inferred
    from their proposals and membership). `earliest`, `deadline` and `fixed` are slot ids.
    `preferred_room` is the room the meeting belongs in whenever it is free (the Plenary
    in the Plenary Hall); it weighs in the room fit, never in the hard rules.
    """

    id: str
    body: str
    attendance: int
    needs_interpretation: bool = False
    chair: str | None = None
    interested: tuple[str, ...] = ()
    earliest: str | None = None
    deadline: str | None = None
    fixed: str | None = None
    preferred_room: str | None = None


@dataclass(frozen=True)
class Assignment:
    """Where and when a meeting takes place."""

    meeting: str
    slot: str
    room: str


@dataclass(frozen=True)
class Problem:
    """Everything the planner needs; call `validate()` before trusting ids."""

    slots: tuple[Slot, ...]
    rooms: tuple[Room, ...]
    delegations: tuple[Delegation, ...]
    meetings: tuple[Meeting, ...]
    interpretation_teams: int = 0
    never_together: tuple[tuple[str, str], ...] = ()

    # Lookups, computed once. cached_property writes to the instance dict directly, so
    # it works on a frozen dataclass and does not take part in equality.
    @cached_property
    def slot_index(self) -> dict[str, int]:
        return {slot.id: i for i, slot in enumerate(self.slots)}

    @cached_property
    def room_index(self) -> dict[str, int]:
        return {room.id: i for i, room in enumerate(self.rooms)}

    @cached_property
    def meeting_index(self) -> dict[str, int]:
        return {meeting.id: i for i, meeting in enumerate(self.meetings)}

    @cached_property
    def delegation_index(self) -> dict[str, int]:
        return {delegation.id: i for i, delegation in enumerate(self.delegations)}

    @cached_property
    def bodies(self) -> frozenset[str]:
        return frozenset(meeting.body for meeting in self.meetings)

    def window(self, meeting: Meeting) -> range:
        """The slot positions a meeting may take, from its fixed slot or its window."""
        if meeting.fixed is not None:
            i = self.slot_index[meeting.fixed]
            return range(i, i + 1)
        first = 0 if meeting.earliest is None else self.slot_index[meeting.earliest]
        last = (
            len(self.slots) - 1 if meeting.deadline is None else self.slot_index[meeting.deadline]
        )
        return range(first, last + 1)

    def suitable_rooms(self, meeting: Meeting) -> list[int]:
        """Room positions big enough, with booths if the meeting is interpreted."""
        return [
            r
            for r, room in enumerate(self.rooms)
            if room.capacity >= meeting.attendance
            and (room.interpretation or not meeting.needs_interpretation)
        ]

    def validate(self) -> None:
        """Check ids, references, sizes and windows; raise ProblemError naming the field."""
        _unique("slots", [s.id for s in self.slots])
        _unique("rooms", [r.id for r in self.rooms])
        _unique("delegations", [d.id for d in self.delegations])
        _unique("meetings", [m.id for m in self.meetings])
        for i, slot in enumerate(self.slots):
            if slot.session not in SESSIONS:
                raise ProblemError(
                    f"slots[{i}].session",
                    f"{slot.session!r} is not one of {', '.join(SESSIONS)}",
                )
        for i, room in enumerate(self.rooms):
            if room.capacity < 1:
                raise ProblemError(
                    f"rooms[{i}].capacity", f"must be at least 1, not {room.capacity}"
                )
        if self.interpretation_teams < 0:
            raise ProblemError(
                "interpretation_teams", f"must not be negative, not {self.interpretation_teams}"
            )
        for i, delegation in enumerate(self.delegations):
            if delegation.size < 1:
                raise ProblemError(
                    f"delegations[{i}].size",
                    f"must be at least 1, not {delegation.size} (delegation {delegation.id})",
                )
            if delegation.weight is not None and delegation.weight < 0:
                raise ProblemError(
                    f"delegations[{i}].weight",
                    f"must not be negative, not {delegation.weight} (delegation {delegation.id})",
                )
        for i, meeting in enumerate(self.meetings):
            self._validate_meeting(i, meeting)
        bodies = self.bodies
        for i, pair in enumerate(self.never_together):
            for j, body in enumerate(pair):
                if body not in bodies:
                    raise ProblemError(f"never_together[{i}][{j}]", f"no meeting of body {body!r}")
            if pair[0] == pair[1]:
                raise ProblemError(f"never_together[{i}]", f"names body {pair[0]!r} twice")

    def _validate_meeting(self, i: int, meeting: Meeting) -> None:
        where = f"meetings[{i}]"
        about = f"(meeting {meeting.id})"
        if meeting.attendance < 0:
            raise ProblemError(
                f"{where}.attendance", f"must not be negative, not {meeting.attendance} {about}"
            )
        seen: set[str] = set()
        for j, delegation in enumerate(meeting.interested):
            if delegation not in self.delegation_index:
                raise ProblemError(
                    f"{where}.interested[{j}]", f"unknown delegation {delegation!r} {about}"
                )
            if delegation in seen:
                raise ProblemError(
                    f"{where}.interested[{j}]", f"delegation {delegation!r} listed twice {about}"
                )
            seen.add(delegation)
        for name in ("earliest", "deadline", "fixed"):
            value = getattr(meeting, name)
            if value is not None and value not in self.slot_index:
                raise ProblemError(f"{where}.{name}", f"unknown slot {value!r} {about}")
        if meeting.preferred_room is not None:
            if meeting.preferred_room not in self.room_index:
                raise ProblemError(
                    f"{where}.preferred_room", f"unknown room {meeting.preferred_room!r} {about}"
                )
            if self.room_index[meeting.preferred_room] not in self.suitable_rooms(meeting):
                raise ProblemError(
                    f"{where}.preferred_room",
                    f"room {meeting.preferred_room!r} cannot hold the meeting (too small, or "
                    f"no booths for an interpreted meeting) {about}",
                )
        first = None if meeting.earliest is None else self.slot_index[meeting.earliest]
        last = None if meeting.deadline is None else self.slot_index[meeting.deadline]
        if first is not None and last is not None and last < first:
            raise ProblemError(
                f"{where}.deadline",
                f"slot {meeting.deadline!r} comes before the earliest slot "
                f"{meeting.earliest!r} {about}",
            )
        if meeting.fixed is not None:
            at = self.slot_index[meeting.fixed]
            if first is not None and at < first:
                raise ProblemError(
                    f"{where}.fixed",
                    f"slot {meeting.fixed!r} comes before the earliest slot "
                    f"{meeting.earliest!r} {about}",
                )
            if last is not None and at > last:
                raise ProblemError(
                    f"{where}.fixed",
                    f"slot {meeting.fixed!r} comes after the deadline {meeting.deadline!r} {about}",
                )

    def validate_current(self, current: Sequence[Assignment]) -> None:
        """Check a current timetable against this problem's ids."""
        seen: set[str] = set()
        for i, assignment in enumerate(current):
            where = f"current.assignments[{i}]"
            if assignment.meeting not in self.meeting_index:
                raise ProblemError(
                    f"{where}.meeting",
                    f"unknown meeting {assignment.meeting!r} (remove it from the current timetable)",
                )
            if assignment.meeting in seen:
                raise ProblemError(
                    f"{where}.meeting", f"meeting {assignment.meeting!r} listed twice"
                )
            seen.add(assignment.meeting)
            if assignment.slot not in self.slot_index:
                raise ProblemError(f"{where}.slot", f"unknown slot {assignment.slot!r}")
            if assignment.room not in self.room_index:
                raise ProblemError(f"{where}.room", f"unknown room {assignment.room!r}")


def overload_of(
    wanted: Sequence[Sequence[int]], sizes: Sequence[int], weights: Sequence[int]
) -> tuple[int, int]:
    """The weighted and the plain overload of a placement: for each delegation `d`, the
    meetings it wants in each slot (`wanted[d]`) beyond its size, weighted by its weight."""
    weighted = plain = 0
    for d, counts in enumerate(wanted):
        size = sizes[d]
        excess = sum(c - size for c in counts if c > size)
        plain += excess
        weighted += excess * weights[d]
    return weighted, plain


def _unique(kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            raise ProblemError(f"{kind}[{i}].id", f"duplicate id {value!r}")
        seen.add(value)


# --- JSON ------------------------------------------------------------------------------


class _Fields:
    """Read one JSON object's fields with their path, refusing unknown or mistyped ones."""

    def __init__(self, value: Any, path: str, allowed: Sequence[str]) -> None:
        if not isinstance(value, Mapping):
            raise ProblemError(path or "problem", f"must be an object, not {_kind(value)}")
        for key in value:
            if key not in allowed:
                raise ProblemError(_join(path, key), "unknown field")
        self.value = value
        self.path = path

    def _get(self, key: str, required: bool) -> Any:
        if key not in self.value or self.value[key] is None:
            if required:
                raise ProblemError(_join(self.path, key), "is required")
            return None
        return self.value[key]

    def text(self, key: str, *, required: bool = True) -> str | None:
        value = self._get(key, required)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ProblemError(
                _join(self.path, key), f"must be a non-empty string, not {_kind(value)}"
            )
        return value

    def integer(self, key: str, *, required: bool = True) -> int | None:
        value = self._get(key, required)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ProblemError(_join(self.path, key), f"must be a whole number, not {_kind(value)}")
        return value

    def flag(self, key: str) -> bool:
        value = self._get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise ProblemError(_join(self.path, key), f"must be true or false, not {_kind(value)}")
        return value

    def items(self, key: str, *, required: bool = True) -> list[Any]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise ProblemError(_join(self.path, key), f"must be a list, not {_kind(value)}")
        return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) < 40 else "a string"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def problem_from_dict(data: Any) -> Problem:
    """Build and validate a Problem from parsed JSON; ProblemError names any bad field."""
    top = _Fields(
        data,
        "",
        ("slots", "rooms", "interpretation_teams", "delegations", "meetings", "never_together"),
    )

    def path(key: str, i: int) -> str:
        return f"{key}[{i}]"

    slots = []
    for i, item in enumerate(top.items("slots")):
        f = _Fields(item, path("slots", i), ("id", "day", "session", "weekend"))
        slots.append(Slot(f.text("id"), f.text("day"), f.text("session"), f.flag("weekend")))
    rooms = []
    for i, item in enumerate(top.items("rooms")):
        f = _Fields(item, path("rooms", i), ("id", "capacity", "interpretation"))
        rooms.append(Room(f.text("id"), f.integer("capacity"), f.flag("interpretation")))
    delegations = []
    for i, item in enumerate(top.items("delegations")):
        f = _Fields(item, path("delegations", i), ("id", "size", "weight"))
        delegations.append(
            Delegation(f.text("id"), f.integer("size"), f.integer("weight", required=False))
        )
    meetings = []
    allowed = (
        "id",
        "body",
        "needs_interpretation",
        "attendance",
        "chair",
        "interested",
        "earliest",
        "deadline",
        "fixed",
        "preferred_room",
    )
    for i, item in enumerate(top.items("meetings")):
        f = _Fields(item, path("meetings", i), allowed)
        interested = []
        for j, who in enumerate(f.items("interested", required=False)):
            if not isinstance(who, str):
                raise ProblemError(
                    f"meetings[{i}].interested[{j}]", f"must be a delegation id, not {_kind(who)}"
                )
            interested.append(who)
        meetings.append(
            Meeting(
                id=f.text("id"),
                body=f.text("body"),
                attendance=f.integer("attendance"),
                needs_interpretation=f.flag("needs_interpretation"),
                chair=f.text("chair", required=False),
                interested=tuple(interested),
                earliest=f.text("earliest", required=False),
                deadline=f.text("deadline", required=False),
                fixed=f.text("fixed", required=False),
                preferred_room=f.text("preferred_room", required=False),
            )
        )
    pairs = []
    for i, item in enumerate(top.items("never_together", required=False)):
        if (
            not isinstance(item, list)
            or len(item) != 2
            or not all(isinstance(body, str) for body in item)
        ):
            raise ProblemError(f"never_together[{i}]", "must be a pair of body ids")
        pairs.append((item[0], item[1]))
    teams = top.integer("interpretation_teams", required=False)
    problem = Problem(
        slots=tuple(slots),
        rooms=tuple(rooms),
        delegations=tuple(delegations),
        meetings=tuple(meetings),
        interpretation_teams=0 if teams is None else teams,
        never_together=tuple(pairs),
    )
    problem.validate()
    return problem


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """The JSON form that `problem_from_dict` reads."""
    return {
        "slots": [
            {"id": s.id, "day": s.day, "session": s.session, "weekend": s.weekend}
            for s in problem.slots
        ],
        "rooms": [
            {"id": r.id, "capacity": r.capacity, "interpretation": r.interpretation}
            for r in problem.rooms
        ],
        "interpretation_teams": problem.interpretation_teams,
        "delegations": [
            {"id": d.id, "size": d.size, **({} if d.weight is None else {"weight": d.weight})}
            for d in problem.delegations
        ],
        "meetings": [
            {
                "id": m.id,
                "body": m.body,
                "needs_interpretation": m.needs_interpretation,
                "attendance": m.attendance,
                "chair": m.chair,
                "interested": list(m.interested),
                "earliest": m.earliest,
                "deadline": m.deadline,
                "fixed": m.fixed,
                **({} if m.preferred_room is None else {"preferred_room": m.preferred_room}),
            }
            for m in problem.meetings
        ],
        "never_together": [list(pair) for pair in problem.never_together],
    }


def assignments_from_dict(data: Any) -> tuple[Assignment, ...]:
    """Read a timetable: a planner output, or an object or list of `{meeting, slot, room}`.

    Other fields of a planner output (overload, status …) are ignored, so the output of
    one run can be the `--current` timetable of the next.
    """
    if isinstance(data, Mapping):
        if "assignments" not in data:
            raise ProblemError("current.assignments", "is required")
        items = data["assignments"]
    else:
        items = data
    if not isinstance(items, list):
        raise ProblemError("current.assignments", f"must be a list, not {_kind(items)}")
    result = []
    for i, item in enumerate(items):
        f = _Fields(item, f"current.assignments[{i}]", ("meeting", "slot", "room"))
        result.append(Assignment(f.text("meeting"), f.text("slot"), f.text("room")))
    return tuple(result)


def assignments_to_list(assignments: Sequence[Assignment]) -> list[dict[str, str]]:
    return [{"meeting": a.meeting, "slot": a.slot, "room": a.room} for a in assignments]


__all__ = [
    "SESSIONS",
    "Assignment",
    "Delegation",
    "Meeting",
    "Problem",
    "ProblemError",
    "Room",
    "Slot",
    "assignments_from_dict",
    "assignments_to_list",
    "default_weight",
    "problem_from_dict",
    "problem_to_dict",
]
