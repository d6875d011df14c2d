"""The planner on a generated conference too large to solve whole: the neighbourhood
search path, and the benchmark's greedy baseline."""

from __future__ import annotations

import pytest

from plenipot.engine.planner import FEASIBLE, OPTIMAL, check_plan, measure_overload, plan


@pytest.fixture(scope="module")
def conference(planner_bench):
    return planner_bench.generate_problem(7, delegations=60, days=6, rooms=6, teams=3, meetings=50)


def test_generator_is_deterministic(planner_bench):
    first = planner_bench.generate_problem(3, delegations=30, days=4, rooms=5, teams=2, meetings=30)
    again = planner_bench.generate_problem(3, delegations=30, days=4, rooms=5, teams=2, meetings=30)
    assert first == again
    assert len(first.meetings) == 30 and len(first.slots) == 12
    first.validate()


def test_greedy_baseline_keeps_the_hard_rules(planner_bench, conference):
    greedy, unplaced = planner_bench.greedy_timetable(conference)
    placed = {a.meeting for a in greedy}
    broken = [line for line in check_plan(conference, greedy) if "not placed" not in line]
    assert broken == []
    assert placed.isdisjoint(unplaced)
    assert len(placed) + len(unplaced) == len(conference.meetings)


def test_search_path_returns_a_valid_timetable_better_than_greedy(planner_bench, conference):
    result = plan(conference, time_limit=6.0, workers=1, seed=1)
    assert result.status in (OPTIMAL, FEASIBLE)
    assert check_plan(conference, result.assignments) == []
    report = measure_overload(conference, result.assignments)
    assert result.overload == report.total == result.solver_overload
    assert result.weighted_overload == report.weighted == result.solver_weighted_overload
    assert result.lower_bound <= result.weighted_overload
    greedy, unplaced = planner_bench.greedy_timetable(conference)
    if not unplaced:
        assert result.weighted_overload <= measure_overload(conference, greedy).weighted
    assert result.seconds < 6.0 + 2.0
