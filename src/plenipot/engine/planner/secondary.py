"""The objectives after the overload: room fit and meetings spread over the sessions,
and why a re-plan moved a meeting.

Once no delegation can be spared another clash, a timetable people trust still puts the
Plenary in the Plenary Hall, a group of fifteen in a room for sixty rather than in a hall
for seven hundred, keeps the booths for the meetings that need interpretation, and does
not run seven meetings on Monday morning and two on Tuesday. These are counted here, in
plain Python, so that the planner's model, its search and the tests share one definition.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from plenipot.engine.planner.check import measure_overload
from plenipot.engine.planner.problem import Assignment, Problem

# A room "holds a meeting with a margin" when it has this share more seats than the
# attendance: people come late, with advisers, and a full room is a bad room.
ROOM_MARGIN = 0.1
# A room that seats the meeting but without the margin costs as much as two steps up.
TIGHT = 2
# A room with booths for a meeting that needs no interpretation: booth rooms are few.
BOOTHS = 1


def room_fit_costs(problem: Problem) -> list[dict[int, int]]:
    """For each meeting, the cost of each suitable room (room index -> cost).

    The smallest suitable room that holds the meeting with the margin costs 0, each
    larger room size one more; a room that holds it without the margin costs `TIGHT`;
    a booth room for a meeting without interpretation `BOOTHS` more. A meeting with a
    preferred room pays 0 there and more than any other cost anywhere else.
    """
    missed = len(problem.rooms) + TIGHT + BOOTHS + 1
    costs: list[dict[int, int]] = []
    for meeting in problem.meetings:
        suitable = problem.suitable_rooms(meeting)
        if meeting.preferred_room is not None:
            preferred = problem.room_index[meeting.preferred_room]
            costs.append({r: 0 if r == preferred else missed for r in suitable})
            continue
        need = math.ceil(meeting.attendance * (1 + ROOM_MARGIN))
        roomy = sorted({problem.rooms[r].capacity for r in suitable if problem.rooms[r].capacity >= need})
        mine = {}
        for r in suitable:
            room = problem.rooms[r]
            cost = roomy.index(room.capacity) if room.capacity >= need else TIGHT
            if room.interpretation and not meeting.needs_interpretation:
                cost += BOOTHS
            mine[r] = cost
        costs.append(mine)
    return costs


def room_fit(problem: Problem, assignments: Iterable[Assignment]) -> int:
    """The room-fit cost of a timetable: the sum of its meetings' room costs."""
    costs = room_fit_costs(problem)
    return sum(
        costs[problem.meeting_index[a.meeting]].get(problem.room_index[a.room], 0)
        for a in assignments
    )


def badly_roomed(problem: Problem, assignments: Iterable[Assignment]) -> tuple[str, ...]:
    """Meetings not in their best room (cost above 0), by id."""
    costs = room_fit_costs(problem)
    return tuple(
        sorted(
            a.meeting
            for a in assignments
            if costs[problem.meeting_index[a.meeting]].get(problem.room_index[a.room], 0) > 0
        )
    )


def parallel_pairs(problem: Problem, assignments: Iterable[Assignment]) -> int:
    """Pairs of meetings that run at the same time: Σ over slots of n(n−1)/2.

    It grows with the square of a slot's meetings, so seven in one morning and two the
    next (21 + 1) costs more than four and five (6 + 10)."""
    counts = Counter(a.slot for a in assignments)
    return sum(n * (n - 1) // 2 for n in counts.values())


def busiest_slot(assignments: Iterable[Assignment]) -> int:
    """The most meetings running at once."""
    counts = Counter(a.slot for a in assignments)
    return max(counts.values(), default=0)


# --- why a re-plan moved a meeting ---------------------------------------------------------

# Reasons, most telling first.
GONE = "gone"  # its session or room is no longer possible (window, fixed slot, room)
OVERLOAD = "overload"  # where it was, it would add overload now
TAKEN = "taken"  # its room at that session went to another meeting
COMFORT = "comfort"  # fewer evenings, a better room or a less crowded session


@dataclass(frozen=True)
class Move:
    """A meeting of the timetable in force that the re-plan put elsewhere, and why."""

    meeting: str
    from_slot: str
    from_room: str
    to_slot: str
    to_room: str
    reason: str
    # For OVERLOAD: the weighted overload it would add where it was; for TAKEN: the
    # meeting that has its room.
    detail: str = ""


def explain_moves(
    problem: Problem, current: Sequence[Assignment], assignments: Sequence[Assignment]
) -> tuple[Move, ...]:
    """Each meeting of `current` whose slot or room changed, with the reason.

    The reason is found by putting the meeting back alone, the rest of the new timetable
    unchanged: if its old place breaks a rule now, it is GONE; if it would raise the
    overload there, OVERLOAD (with by how much); if another meeting has its room,
    TAKEN; otherwise the move bought comfort (evenings, room fit, spread)."""
    if not current:
        return ()
    before = {a.meeting: a for a in current if a.meeting in problem.meeting_index}
    now = {a.meeting: a for a in assignments}
    weighted = measure_overload(problem, assignments).weighted
    at: dict[tuple[str, str], str] = {(a.slot, a.room): a.meeting for a in assignments}
    by_slot: dict[str, list[str]] = defaultdict(list)
    for a in assignments:
        by_slot[a.slot].append(a.meeting)
    moves = []
    for meeting_id in sorted(before):
        old, new = before[meeting_id], now.get(meeting_id)
        if new is None or (old.slot, old.room) == (new.slot, new.room):
            continue
        meeting = problem.meetings[problem.meeting_index[meeting_id]]
        t = problem.slot_index[old.slot]
        room_ok = problem.room_index[old.room] in problem.suitable_rooms(meeting)
        reason, detail = COMFORT, ""
        if t not in problem.window(meeting) or not room_ok:
            reason = GONE
        else:
            back = [a for a in assignments if a.meeting != meeting_id]
            back.append(Assignment(meeting_id, old.slot, old.room))
            added = measure_overload(problem, back).weighted - weighted
            holder = at.get((old.slot, old.room))
            if added > 0:
                reason, detail = OVERLOAD, str(added)
            elif holder is not None and holder != meeting_id:
                reason, detail = TAKEN, holder
        moves.append(
            Move(meeting_id, old.slot, old.room, new.slot, new.room, reason, detail)
        )
    return tuple(moves)
