"""The objectives after the overload (room fit, evenings, spread, moves) and the local
search, against brute force on small problems and against their definitions."""

from __future__ import annotations

import dataclasses
import itertools
import math
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_planner_properties import PROPERTY, problems

from plenipot.engine.planner import (
    OPTIMAL,
    Assignment,
    Meeting,
    Problem,
    ProblemError,
    Room,
    Slot,
    check_plan,
    evening_and_weekend_cost,
    measure_overload,
    plan,
    problem_from_dict,
    problem_to_dict,
)
from plenipot.engine.planner.greedy import Placement
from plenipot.engine.planner.local import LocalSearch
from plenipot.engine.planner.secondary import (
    COMFORT,
    GONE,
    OVERLOAD,
    ROOM_MARGIN,
    TAKEN,
    explain_moves,
    parallel_pairs,
    room_fit,
    room_fit_costs,
)


def brute_force(problem: Problem, current=()) -> tuple[int, ...] | None:
    """The least (weighted overload, moves, evenings, room fit, pairs) of any timetable."""
    cells = [(s.id, r.id) for s in problem.slots for r in problem.rooms]
    before = {a.meeting: (a.slot, a.room) for a in current}
    best = None
    for choice in itertools.product(cells, repeat=len(problem.meetings)):
        assignments = [
            Assignment(m.id, slot, room)
            for m, (slot, room) in zip(problem.meetings, choice, strict=True)
        ]
        if check_plan(problem, assignments):
            continue
        key = (
            measure_overload(problem, assignments).weighted,
            sum(1 for a in assignments if a.meeting in before and before[a.meeting] != (a.slot, a.room)),
            evening_and_weekend_cost(problem, assignments),
            room_fit(problem, assignments),
            parallel_pairs(problem, assignments),
        )
        if best is None or key < best:
            best = key
    return best


def key_of(problem: Problem, result, current=()) -> tuple[int, ...]:
    before = {a.meeting: (a.slot, a.room) for a in current}
    return (
        result.weighted_overload,
        sum(
            1
            for a in result.assignments
            if a.meeting in before and before[a.meeting] != (a.slot, a.room)
        ),
        evening_and_weekend_cost(problem, result.assignments),
        room_fit(problem, result.assignments),
        parallel_pairs(problem, result.assignments),
    )


@PROPERTY
@given(problems())
def test_plan_reaches_the_true_optimum_of_every_objective_in_order(problem):
    truth = brute_force(problem)
    if truth is None:
        return
    result = plan(problem, time_limit=5.0, workers=1)
    assert result.status == OPTIMAL
    assert key_of(problem, result) == truth
    assert result.room_fit == truth[3]
    assert result.parallel_pairs == truth[4]


@PROPERTY
@given(problems(), st.data())
def test_replanning_after_a_new_meeting_moves_the_fewest_meetings(problem, data):
    """The timetable in force without the last request, then the request arrives: the
    re-plan keeps the least overload and moves no more meetings than it must."""
    if len(problem.meetings) < 2:
        return
    earlier = dataclasses.replace(problem, meetings=problem.meetings[:-1])
    earlier = dataclasses.replace(
        earlier,
        never_together=tuple(
            pair for pair in earlier.never_together if set(pair) <= earlier.bodies
        ),
    )
    first = plan(earlier, time_limit=5.0, workers=1)
    if not first.found:
        return
    truth = brute_force(problem, first.assignments)
    if truth is None:
        return
    result = plan(problem, current=first.assignments, time_limit=5.0, workers=1)
    assert key_of(problem, result, first.assignments) == truth
    moved = {
        a.meeting
        for a in result.assignments
        if (a.meeting, a.slot, a.room) not in {(b.meeting, b.slot, b.room) for b in first.assignments}
        and a.meeting != problem.meetings[-1].id
    }
    assert result.moved == truth[1] == len(moved) == len(result.moves)
    assert {move.meeting for move in result.moves} == moved
    assert all(move.reason in (GONE, OVERLOAD, TAKEN, COMFORT) for move in result.moves)


@st.composite
def rooms_and_meeting(draw):
    rooms = tuple(
        Room(f"R{i}", draw(st.integers(1, 400)), draw(st.booleans()))
        for i in range(draw(st.integers(1, 6)))
    )
    attendance = draw(st.integers(0, 400))
    interpreted = draw(st.booleans())
    meeting = Meeting("M", "B", attendance, needs_interpretation=interpreted)
    problem = Problem(slots=(Slot("S", "d", "morning"),), rooms=rooms, delegations=(), meetings=(meeting,))
    suitable = problem.suitable_rooms(meeting)
    if suitable and draw(st.booleans()):
        preferred = rooms[draw(st.sampled_from(suitable))].id
        problem = dataclasses.replace(
            problem, meetings=(dataclasses.replace(meeting, preferred_room=preferred),)
        )
    return problem


@PROPERTY
@given(rooms_and_meeting())
def test_room_fit_prefers_the_smallest_room_with_a_margin_and_the_preferred_room(problem):
    meeting = problem.meetings[0]
    costs = room_fit_costs(problem)[0]
    suitable = problem.suitable_rooms(meeting)
    assert set(costs) == set(suitable)
    assert all(cost >= 0 for cost in costs.values())
    if not suitable:
        return
    if meeting.preferred_room is not None:
        preferred = problem.room_index[meeting.preferred_room]
        assert costs[preferred] == 0
        assert all(cost > 0 for r, cost in costs.items() if r != preferred)
        return
    need = math.ceil(meeting.attendance * (1 + ROOM_MARGIN))
    roomy = [r for r in suitable if problem.rooms[r].capacity >= need]

    def booths_unneeded(r: int) -> bool:
        return problem.rooms[r].interpretation and not meeting.needs_interpretation

    for r in roomy:
        for other in roomy:
            # Among rooms with the margin and the same booths, a larger room costs more.
            if (
                booths_unneeded(r) == booths_unneeded(other)
                and problem.rooms[other].capacity > problem.rooms[r].capacity
            ):
                assert costs[other] > costs[r]
    smallest = [
        r for r in roomy if problem.rooms[r].capacity == min(problem.rooms[o].capacity for o in roomy)
    ]
    if any(not booths_unneeded(r) for r in smallest):
        assert min(costs.values()) == 0
    for r in suitable:
        if booths_unneeded(r):
            assert costs[r] >= 1
        if r not in roomy:  # it seats the meeting, but without the margin
            assert costs[r] >= 2


def test_the_plenary_takes_the_hall_and_a_small_group_the_small_room():
    problem = Problem(
        slots=(Slot("S1", "d1", "morning"),),
        rooms=(Room("Hall", 2000, True), Room("Room 401", 700, True), Room("Room 105", 60)),
        delegations=(),
        meetings=(
            Meeting("PL-1", "PL", 350, needs_interpretation=True, preferred_room="Hall"),
            Meeting("AHG-1", "AHG", 20),
        ),
        interpretation_teams=2,
    )
    result = plan(problem, time_limit=5.0, workers=1)
    rooms = {a.meeting: a.room for a in result.assignments}
    assert rooms == {"PL-1": "Hall", "AHG-1": "Room 105"}
    assert result.room_fit == 0 and result.badly_roomed == ()


def test_a_preferred_room_must_exist_and_hold_the_meeting():
    data = {
        "slots": [{"id": "S1", "day": "d", "session": "morning"}],
        "rooms": [
            {"id": "Hall", "capacity": 100, "interpretation": True},
            {"id": "Small", "capacity": 10},
        ],
        "delegations": [],
        "meetings": [{"id": "M", "body": "B", "attendance": 50, "preferred_room": "Hall"}],
    }
    problem = problem_from_dict(data)
    assert problem.meetings[0].preferred_room == "Hall"
    assert problem_from_dict(problem_to_dict(problem)) == problem
    data["meetings"][0]["preferred_room"] = "Nowhere"
    with pytest.raises(ProblemError, match=r"meetings\[0\]\.preferred_room: unknown room 'Nowhere'"):
        problem_from_dict(data)
    data["meetings"][0]["preferred_room"] = "Small"
    with pytest.raises(ProblemError, match=r"meetings\[0\]\.preferred_room: room 'Small' cannot hold"):
        problem_from_dict(data)


def test_meetings_spread_over_the_sessions_and_stay_out_of_the_evening():
    """Six meetings nobody shares, two mornings and two evenings: three a morning, none
    in the evening, rather than six on the first morning."""
    slots = tuple(
        Slot(f"{day}-{session[0]}", day, session)
        for day in ("d1", "d2")
        for session in ("morning", "evening")
    )
    problem = Problem(
        slots=slots,
        rooms=tuple(Room(f"R{i}", 100) for i in range(6)),
        delegations=(),
        meetings=tuple(Meeting(f"M{i}", f"B{i}", 50) for i in range(6)),
    )
    result = plan(problem, time_limit=5.0, workers=1)
    assert result.evening_sessions == 0
    assert result.parallel_pairs == 3 + 3
    assert result.busiest_slot == 3


def test_a_move_names_why():
    slots = (Slot("S1", "d1", "morning"), Slot("S2", "d1", "afternoon"))
    rooms = (Room("R1", 100),)
    problem = Problem(
        slots=slots,
        rooms=rooms,
        delegations=(),
        meetings=(Meeting("A", "A", 10, fixed="S1"), Meeting("B", "B", 10)),
    )
    current = (Assignment("B", "S1", "R1"),)
    result = plan(problem, current=current, time_limit=5.0, workers=1)
    assert [(m.meeting, m.to_slot, m.reason, m.detail) for m in result.moves] == [
        ("B", "S2", TAKEN, "A")
    ]
    # Put back alone, B would clash with A for its one delegate: OVERLOAD, by how much.
    from plenipot.engine.planner import Delegation

    two = dataclasses.replace(
        problem,
        rooms=(Room("R1", 100), Room("R2", 100)),
        delegations=(Delegation("TUV", 1),),
        meetings=(
            Meeting("A", "A", 10, fixed="S1", interested=("TUV",)),
            Meeting("B", "B", 10, interested=("TUV",)),
        ),
    )
    moves = explain_moves(two, (Assignment("B", "S1", "R2"),), (Assignment("A", "S1", "R1"), Assignment("B", "S2", "R2")))
    assert [(m.reason, m.detail) for m in moves] == [(OVERLOAD, "6")]


@PROPERTY
@given(seed=st.integers(0, 10_000))
def test_the_local_search_never_worsens_and_keeps_every_rule(planner_bench, seed):
    problem = planner_bench.generate_problem(
        seed, delegations=30, days=4, rooms=6, teams=3, meetings=24, dense=seed % 2 == 0
    )
    start = Placement(problem).build(time.monotonic() + 1.0)
    if len(start) < len(problem.meetings):
        return
    search = LocalSearch(problem, {m: t for m, (t, _) in start.items()}, {}, seed=seed)
    before = search.key()
    keys = [before]
    for _ in range(3):
        search.run(time.monotonic())  # one round of 200 steps
        keys.append(search.key())
    assert keys == sorted(keys, reverse=True)
    timetable = search.state.timetable()
    assert timetable is not None
    assignments = [
        Assignment(problem.meetings[m].id, problem.slots[t].id, problem.rooms[r].id)
        for m, (t, r) in timetable.items()
    ]
    assert check_plan(problem, assignments) == []
    assert measure_overload(problem, assignments).weighted == search.key()[0]
