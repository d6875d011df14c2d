"""Property tests of the planner on small random problems, against brute force.

Each problem is small enough to try every placement of every meeting, so the tests
know the true answer: whether a timetable exists, the least weighted overload, and the
fewest evening and weekend sessions among the timetables with that overload.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plenipot.engine.planner import (
    INFEASIBLE,
    OPTIMAL,
    Assignment,
    Delegation,
    Meeting,
    Problem,
    Room,
    Slot,
    check_plan,
    diagnose,
    evening_and_weekend_cost,
    measure_overload,
    plan,
)

BODIES = ("COM5", "COM6", "AHG")
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def problems(draw) -> Problem:
    slot_count = draw(st.sampled_from((3, 2, 1)))
    slots = tuple(
        Slot(
            f"S{i}",
            f"d{i // 2}",
            draw(st.sampled_from(("morning", "afternoon", "evening"))),
            weekend=draw(st.booleans()),
        )
        for i in range(slot_count)
    )
    rooms = tuple(
        # The first room always has booths and room for every meeting.
        Room(
            f"R{i}",
            100 if i == 0 else draw(st.sampled_from((50, 100))),
            i == 0 or draw(st.booleans()),
        )
        for i in range(draw(st.sampled_from((2, 1))))
    )
    delegations = tuple(
        Delegation(f"D{i}", draw(st.sampled_from((1, 2, 3))), draw(st.none() | st.integers(0, 4)))
        for i in range(draw(st.integers(1, 3)))
    )
    meetings = []
    for i in range(draw(st.sampled_from((4, 3, 2, 1)))):
        first = draw(st.integers(0, slot_count - 1))
        last = draw(st.integers(first, slot_count - 1))
        window = draw(
            st.sampled_from(("none", "none", "none", "earliest", "deadline", "both", "fixed"))
        )
        meetings.append(
            Meeting(
                id=f"M{i}",
                body=draw(st.sampled_from(BODIES)),
                attendance=draw(st.sampled_from((10, 10, 40, 80))),
                needs_interpretation=draw(st.integers(0, 3)) == 0,
                chair=draw(st.sampled_from((None, None, "X", "Y"))),
                interested=tuple(d.id for d in delegations if draw(st.integers(0, 3)) > 0),
                earliest=slots[first].id if window in ("earliest", "both") else None,
                deadline=slots[last].id if window in ("deadline", "both") else None,
                fixed=slots[first].id if window == "fixed" else None,
            )
        )
    used = sorted({m.body for m in meetings})
    pairs = tuple(pair for pair in itertools.combinations(used, 2) if draw(st.integers(0, 3)) == 0)
    return Problem(
        slots=slots,
        rooms=rooms,
        delegations=delegations,
        meetings=tuple(meetings),
        interpretation_teams=draw(st.sampled_from((1, 2, 0))),
        never_together=pairs,
    )


def brute_force(problem: Problem) -> tuple[int, int] | None:
    """The least (weighted overload, evening and weekend cost) of any valid timetable."""
    cells = [(s.id, r.id) for s in problem.slots for r in problem.rooms]
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
            evening_and_weekend_cost(problem, assignments),
        )
        if best is None or key < best:
            best = key
    return best


@PROPERTY
@given(problems())
def test_plan_keeps_every_hard_rule_and_reaches_the_true_optimum(problem):
    truth = brute_force(problem)
    result = plan(problem, time_limit=5.0, workers=1)
    if truth is None:
        assert result.status == INFEASIBLE
        assert result.conflicts
        assert result.assignments == ()
        return
    # The cheap diagnosis never refuses a problem that has a timetable.
    assert diagnose(problem) == []
    assert result.status == OPTIMAL
    assert check_plan(problem, result.assignments) == []
    report = measure_overload(problem, result.assignments)
    assert result.overload == report.total == result.solver_overload
    assert result.weighted_overload == report.weighted == result.solver_weighted_overload
    assert result.lower_bound <= truth[0] <= result.weighted_overload
    assert result.weighted_overload == truth[0]
    assert evening_and_weekend_cost(problem, result.assignments) == truth[1]


@PROPERTY
@given(problems())
def test_replanning_an_unchanged_problem_moves_nothing(problem):
    first = plan(problem, time_limit=5.0, workers=1)
    if not first.found:
        return
    second = plan(problem, current=first.assignments, time_limit=5.0, workers=1)
    assert second.found
    assert second.moved == 0
    assert second.weighted_overload == first.weighted_overload
    assert check_plan(problem, second.assignments) == []
