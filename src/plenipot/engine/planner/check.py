"""Checks of a timetable that do not use the solver.

The solver's model is one way to state the rules; this module states them again in
plain Python, straight from the definitions, so that a plan can be checked by something
that did not make it: `check_plan` lists every broken hard constraint, `measure_overload`
recomputes the overload, and `diagnose` finds the conflicts that make a problem
infeasible when they are cheap to see (a meeting no room can hold, more meetings than
sessions before a deadline, two fixed meetings of one chair).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from plenipot.engine.planner.problem import Assignment, Meeting, Problem


@dataclass(frozen=True)
class Overload:
    """A delegation asked to be in more meetings at once than it has people."""

    delegation: str
    slot: str
    meetings: tuple[str, ...]
    size: int
    weight: int

    @property
    def excess(self) -> int:
        return len(self.meetings) - self.size


@dataclass(frozen=True)
class OverloadReport:
    """The overload of a timetable: the plain total, the weighted total, the cases."""

    total: int
    weighted: int
    cases: tuple[Overload, ...]


def measure_overload(problem: Problem, assignments: Iterable[Assignment]) -> OverloadReport:
    """Sum over delegations d and slots t of max(0, meetings at t that d wants − size of d)."""
    at: dict[str, list[str]] = defaultdict(list)
    for assignment in assignments:
        at[assignment.slot].append(assignment.meeting)
    meetings = {m.id: m for m in problem.meetings}
    cases = []
    for slot in problem.slots:
        wanted: dict[str, list[str]] = defaultdict(list)
        for meeting_id in at.get(slot.id, ()):
            for delegation in meetings[meeting_id].interested:
                wanted[delegation].append(meeting_id)
        for delegation in problem.delegations:
            chosen = wanted.get(delegation.id, [])
            if len(chosen) > delegation.size:
                cases.append(
                    Overload(
                        delegation=delegation.id,
                        slot=slot.id,
                        meetings=tuple(sorted(chosen)),
                        size=delegation.size,
                        weight=delegation.effective_weight,
                    )
                )
    return OverloadReport(
        total=sum(case.excess for case in cases),
        weighted=sum(case.excess * case.weight for case in cases),
        cases=tuple(cases),
    )


def check_plan(problem: Problem, assignments: Sequence[Assignment]) -> list[str]:
    """Every hard constraint the timetable breaks, in words; empty when it keeps them all."""
    problems: list[str] = []
    meetings = {m.id: m for m in problem.meetings}
    rooms = {r.id: r for r in problem.rooms}
    placed: dict[str, Assignment] = {}
    for a in assignments:
        if a.meeting not in meetings:
            problems.append(f"unknown meeting {a.meeting}")
        elif a.slot not in problem.slot_index:
            problems.append(f"meeting {a.meeting} in unknown slot {a.slot}")
        elif a.room not in rooms:
            problems.append(f"meeting {a.meeting} in unknown room {a.room}")
        elif a.meeting in placed:
            problems.append(f"meeting {a.meeting} placed twice")
        else:
            placed[a.meeting] = a
    for meeting in problem.meetings:
        if meeting.id not in placed:
            problems.append(f"meeting {meeting.id} not placed")
    by_slot: dict[str, list[Meeting]] = defaultdict(list)
    booked: dict[tuple[str, str], str] = {}
    for a in placed.values():
        meeting, room = meetings[a.meeting], rooms[a.room]
        by_slot[a.slot].append(meeting)
        if room.capacity < meeting.attendance:
            problems.append(
                f"meeting {meeting.id} needs {meeting.attendance} seats, room {room.id} has "
                f"{room.capacity}"
            )
        if meeting.needs_interpretation and not room.interpretation:
            problems.append(
                f"meeting {meeting.id} needs interpretation, room {room.id} has no booths"
            )
        if (a.slot, a.room) in booked:
            problems.append(
                f"room {room.id} booked twice at {a.slot}: {booked[a.slot, a.room]} and {meeting.id}"
            )
        booked[a.slot, a.room] = meeting.id
        position = problem.slot_index[a.slot]
        if position not in problem.window(meeting):
            problems.append(f"meeting {meeting.id} at {a.slot}, outside its window")
        if meeting.fixed is not None and a.slot != meeting.fixed:
            problems.append(f"meeting {meeting.id} fixed at {meeting.fixed}, placed at {a.slot}")
    apart = {frozenset(pair) for pair in problem.never_together}
    for slot_id, together in by_slot.items():
        interpreted = [m.id for m in together if m.needs_interpretation]
        if len(interpreted) > problem.interpretation_teams:
            problems.append(
                f"{len(interpreted)} interpreted meetings at {slot_id}, "
                f"{problem.interpretation_teams} interpretation teams"
            )
        chairs: dict[str, list[str]] = defaultdict(list)
        for meeting in together:
            if meeting.chair is not None:
                chairs[meeting.chair].append(meeting.id)
        for chair, chaired in chairs.items():
            if len(chaired) > 1:
                problems.append(f"chair {chair} in {', '.join(sorted(chaired))} at {slot_id}")
        bodies = {m.body for m in together}
        for pair in apart:
            if pair <= bodies:
                first, second = sorted(pair)
                problems.append(f"bodies {first} and {second} both meet at {slot_id}")
    return problems


def evening_and_weekend(problem: Problem, assignments: Iterable[Assignment]) -> tuple[int, int]:
    """How many meetings fall in an evening session, and how many on a weekend."""
    slots = {s.id: s for s in problem.slots}
    evening = weekend = 0
    for a in assignments:
        slot = slots[a.slot]
        evening += slot.evening
        weekend += slot.weekend
    return evening, weekend


def evening_and_weekend_cost(problem: Problem, assignments: Iterable[Assignment]) -> int:
    """The planner's second objective: evening sessions plus weekend sessions (a
    weekend evening counts twice)."""
    return sum(evening_and_weekend(problem, assignments))


def moved_meetings(
    current: Sequence[Assignment] | None, assignments: Iterable[Assignment]
) -> tuple[str, ...]:
    """Meetings of the current timetable whose slot or room changed."""
    if not current:
        return ()
    before = {a.meeting: (a.slot, a.room) for a in current}
    return tuple(
        sorted(
            a.meeting
            for a in assignments
            if a.meeting in before and before[a.meeting] != (a.slot, a.room)
        )
    )


def overload_lower_bounds(problem: Problem) -> dict[str, int]:
    """A lower bound on each delegation's overload that holds for every timetable.

    For any run of slots [a, b], the meetings a delegation wants whose window lies inside
    it must all happen there; with L slots and s people, at most s·L of them can be
    covered without overload, so the overload is at least their number minus s·L.
    """
    windows = [problem.window(m) for m in problem.meetings]
    wanted: dict[str, list[range]] = defaultdict(list)
    for meeting, window in zip(problem.meetings, windows, strict=True):
        for delegation in meeting.interested:
            wanted[delegation].append(window)
    bounds: dict[str, int] = {}
    for delegation in problem.delegations:
        spans = wanted.get(delegation.id, [])
        best = 0
        if len(spans) > delegation.size:
            for a, b, inside in _runs(spans):
                best = max(best, inside - delegation.size * (b - a + 1))
        if best:
            bounds[delegation.id] = best
    return bounds


def _runs(spans: Sequence[range]) -> Iterable[tuple[int, int, int]]:
    """Each run of slots [a, b] worth checking, with how many windows lie inside it.

    The tightest runs start where some window starts and end where some window ends.
    """
    ends = sorted({w.stop - 1 for w in spans})
    for a in sorted({w.start for w in spans}):
        inside_ends = sorted(w.stop - 1 for w in spans if w.start >= a)
        for b in ends:
            if b >= a:
                yield a, b, bisect_right(inside_ends, b)


def weighted_lower_bound(problem: Problem) -> int:
    """The weighted sum of `overload_lower_bounds`: a floor under the planner's objective."""
    weights = {d.id: d.effective_weight for d in problem.delegations}
    return sum(weights[d] * bound for d, bound in overload_lower_bounds(problem).items())


# --- infeasibility, before solving ----------------------------------------------------


def diagnose(problem: Problem) -> list[str]:
    """Conflicts that make the problem infeasible and are cheap to see; empty if none found.

    An empty list does not prove the problem feasible: the solver may still find a
    conflict, which it then names from its assumptions.
    """
    conflicts: list[str] = []
    conflicts += _room_conflicts(problem)
    if conflicts:
        return conflicts
    conflicts += _fixed_slot_conflicts(problem)
    if conflicts:
        return conflicts
    return _window_conflicts(problem)


def _room_conflicts(problem: Problem) -> list[str]:
    conflicts = []
    booth_rooms = [r for r in problem.rooms if r.interpretation]
    for meeting in problem.meetings:
        if problem.suitable_rooms(meeting):
            if meeting.needs_interpretation and problem.interpretation_teams < 1:
                conflicts.append(
                    f"interpretation teams: meeting {meeting.id} needs interpretation, "
                    "the conference has no interpretation team"
                )
            continue
        if meeting.needs_interpretation and not booth_rooms:
            conflicts.append(
                f"interpretation: meeting {meeting.id} needs interpretation, no room has booths"
            )
        elif meeting.needs_interpretation:
            largest = max(r.capacity for r in booth_rooms)
            conflicts.append(
                f"room capacity: meeting {meeting.id} needs {meeting.attendance} seats with "
                f"interpretation, largest room with booths {largest}"
            )
        else:
            largest = max((r.capacity for r in problem.rooms), default=0)
            conflicts.append(
                f"room capacity: meeting {meeting.id} needs {meeting.attendance} seats, "
                f"largest room {largest}"
            )
    return conflicts


def _fixed_slot_conflicts(problem: Problem) -> list[str]:
    conflicts = []
    fixed: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in problem.meetings:
        if meeting.fixed is not None:
            fixed[meeting.fixed].append(meeting)
    apart = [tuple(sorted(pair)) for pair in problem.never_together]
    for slot_id, together in fixed.items():
        names = ", ".join(m.id for m in together)
        chairs: dict[str, list[str]] = defaultdict(list)
        for meeting in together:
            if meeting.chair is not None:
                chairs[meeting.chair].append(meeting.id)
        for chair, chaired in chairs.items():
            if len(chaired) > 1:
                conflicts.append(
                    f"chair: {chair} chairs {' and '.join(chaired)}, all fixed at {slot_id}"
                )
        bodies = {m.body: m.id for m in together}
        for first, second in apart:
            if first in bodies and second in bodies:
                conflicts.append(
                    f"never together: {bodies[first]} ({first}) and {bodies[second]} ({second}) "
                    f"are both fixed at {slot_id}"
                )
        interpreted = [m for m in together if m.needs_interpretation]
        if len(interpreted) > problem.interpretation_teams:
            conflicts.append(
                f"interpretation teams: {len(interpreted)} interpreted meetings fixed at "
                f"{slot_id} ({', '.join(m.id for m in interpreted)}), "
                f"{problem.interpretation_teams} teams"
            )
        if not _rooms_can_seat(problem, together):
            conflicts.append(
                f"rooms: the meetings fixed at {slot_id} ({names}) do not fit in the rooms"
            )
    return conflicts


def _rooms_can_seat(problem: Problem, meetings: Sequence[Meeting]) -> bool:
    """Whether every meeting gets its own suitable room (bipartite matching)."""
    room_of: dict[int, int] = {}

    def place(m: int, seen: set[int]) -> bool:
        for r in problem.suitable_rooms(meetings[m]):
            if r in seen:
                continue
            seen.add(r)
            if r not in room_of or place(room_of[r], seen):
                room_of[r] = m
                return True
        return False

    return all(place(m, set()) for m in range(len(meetings)))


def _window_conflicts(problem: Problem) -> list[str]:
    """Pigeonhole over runs of slots: more meetings must fit in a run than it can hold."""
    if not problem.slots:
        if problem.meetings:
            return ["slots: the problem has no slots"]
        return []
    slots = problem.slots
    windows = {m.id: problem.window(m) for m in problem.meetings}
    booth_rooms = sum(1 for r in problem.rooms if r.interpretation)
    per_slot_interpreted = min(problem.interpretation_teams, booth_rooms)
    groups: list[tuple[str, list[Meeting], int]] = [
        ("rooms", list(problem.meetings), len(problem.rooms)),
        (
            "interpretation",
            [m for m in problem.meetings if m.needs_interpretation],
            per_slot_interpreted,
        ),
    ]
    # Meetings bigger than a room's capacity can only use the rooms bigger than it.
    for seats in sorted({r.capacity for r in problem.rooms}):
        big = [m for m in problem.meetings if m.attendance > seats]
        rooms = sum(1 for r in problem.rooms if r.capacity > seats)
        if big:
            groups.append((f"rooms of more than {seats} seats", big, rooms))
    chairs: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in problem.meetings:
        if meeting.chair is not None:
            chairs[meeting.chair].append(meeting)
    for chair, chaired in chairs.items():
        groups.append((f"chair {chair}", chaired, 1))

    conflicts = []
    for label, members, per_slot in groups:
        if not members:
            continue
        worst: tuple[int, int, int, int] | None = None
        for a, b, count in _runs([windows[m.id] for m in members]):
            room = per_slot * (b - a + 1)
            if count > room and (worst is None or count - room > worst[0]):
                worst = (count - room, a, b, room)
        if worst is not None:
            _, a, b, room = worst
            inside = [
                m.id for m in members if windows[m.id].start >= a and windows[m.id].stop - 1 <= b
            ]
            span = slots[a].id if a == b else f"between {slots[a].id} and {slots[b].id}"
            listed = ", ".join(inside[:8]) + (" …" if len(inside) > 8 else "")
            conflicts.append(
                f"windows and {label}: {len(inside)} meetings must take place {span} "
                f"({listed}), which leaves room for {room}"
            )
    return conflicts


__all__ = [
    "Overload",
    "OverloadReport",
    "check_plan",
    "diagnose",
    "evening_and_weekend",
    "evening_and_weekend_cost",
    "measure_overload",
    "moved_meetings",
    "overload_lower_bounds",
    "weighted_lower_bound",
]
