"""The configuration bound and the slot search: a floor that never exceeds the true
optimum, room counts that say exactly when a slot's meetings fit the rooms, a search
whose timetables keep every hard rule, and a second search whose better timetable is kept.

The second search in a process of its own is the planning app's, tested in
tests/planning/test_search_process.py."""

from __future__ import annotations

import itertools
import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_planner_properties import brute_force, problems

from plenipot.engine.planner import (
    Delegation,
    Meeting,
    Problem,
    Room,
    SearchAnswer,
    SearchRequest,
    Slot,
    check_plan,
    plan,
    run_search,
    search_answer_from_dict,
    search_answer_to_dict,
    search_request_from_dict,
    search_request_to_dict,
)
from plenipot.engine.planner.bound import configuration_bound, configuration_cost
from plenipot.engine.planner.search import SlotSearch, hall_sets, rooms_for_slot

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def room_sets(draw):
    rooms = tuple(
        Room(f"R{i}", draw(st.sampled_from((40, 80, 150, 400))), draw(st.booleans()))
        for i in range(draw(st.integers(1, 4)))
    )
    meetings = tuple(
        Meeting(
            f"M{i}",
            f"B{i}",
            draw(st.sampled_from((10, 60, 100, 300))),
            needs_interpretation=draw(st.booleans()),
        )
        for i in range(draw(st.integers(1, 5)))
    )
    return Problem(
        slots=(Slot("S", "d", "morning"),), rooms=rooms, delegations=(), meetings=meetings
    )


def fits_by_brute_force(problem: Problem, meetings: list[int]) -> bool:
    suitable = [set(problem.suitable_rooms(problem.meetings[m])) for m in meetings]
    return any(
        all(r in s for r, s in zip(choice, suitable, strict=True))
        for choice in itertools.permutations(range(len(problem.rooms)), len(meetings))
    )


@PROPERTY
@given(room_sets(), st.data())
def test_room_counts_say_exactly_when_meetings_fit(problem, data):
    everyone = range(len(problem.meetings))
    chosen = data.draw(st.lists(st.sampled_from(everyone), unique=True, min_size=1))
    if not all(problem.suitable_rooms(problem.meetings[m]) for m in chosen):
        return  # a meeting no room can hold is refused before any search
    within = all(len(inside & set(chosen)) <= rooms for rooms, inside in hall_sets(problem))
    assert within == fits_by_brute_force(problem, chosen)
    matched = rooms_for_slot(problem, chosen, {})
    assert (matched is not None) == within
    if matched is not None:
        assert len(set(matched.values())) == len(chosen)
        for m, r in matched.items():
            assert r in problem.suitable_rooms(problem.meetings[m])


@PROPERTY
@given(problems())
def test_configuration_bound_never_exceeds_the_optimum(problem):
    truth = brute_force(problem)
    if truth is None:
        return
    result = plan(problem, time_limit=5.0, workers=1)
    start = {problem.meeting_index[a.meeting]: problem.slot_index[a.slot] for a in result.assignments}
    columns = [
        (t, tuple(m for m, s in start.items() if s == t)) for t in set(start.values())
    ]
    found = configuration_bound(problem, columns, time.monotonic() + 5.0)
    assert 0 <= found.bound <= truth[0]


def test_configuration_cost_counts_each_delegation_beyond_its_size():
    problem = Problem(
        slots=(Slot("S", "d", "morning"),),
        rooms=(Room("R", 100),),
        delegations=(Delegation("ONE", 1), Delegation("TWO", 2), Delegation("ZERO", 1, 0)),
        meetings=tuple(Meeting(f"M{i}", f"B{i}", 10, interested=("ONE", "TWO", "ZERO")) for i in range(3)),
    )
    # ONE: 2 too many, weight 6; TWO: 1 too many, weight 3; ZERO counts nothing.
    assert configuration_cost(problem, [0, 1, 2]) == 2 * 6 + 3
    assert configuration_cost(problem, [0]) == 0


def test_bound_on_a_generated_conference_is_proven_and_the_search_keeps_the_rules(planner_bench):
    problem = planner_bench.generate_problem(5, delegations=40, days=3, rooms=5, teams=2, meetings=24)
    result = plan(problem, time_limit=3.0, workers=1, seed=2)
    assert check_plan(problem, result.assignments) == []
    slots = {problem.meeting_index[a.meeting]: problem.slot_index[a.slot] for a in result.assignments}
    search = SlotSearch(problem, slots, {}, seed=3)
    before = search.key()
    search.record = True
    search.run(time.monotonic() + 2.0)
    assert search.key() <= before
    timetable = search.timetable()
    assert timetable is not None
    assert check_plan(problem, [
        planner_bench.Assignment(problem.meetings[m].id, problem.slots[t].id, problem.rooms[r].id)
        for m, (t, r) in timetable.items()
    ]) == []
    found = configuration_bound(
        problem, sorted(search.configurations), time.monotonic() + 3.0, target=search.key()[0]
    )
    assert found.bound <= search.key()[0]
    assert found.bound >= 0


class Beside:
    """A second search run in this process, when the planner asks for its answer."""

    where = "a search beside"

    def __init__(self, seconds: float, better: bool = False):
        self.seconds = seconds
        self.better = better
        self.requests: list[SearchRequest] = []
        self.found: dict[int, int] = {}

    def start(self, request):
        self.requests.append(request)
        return self

    def answer(self, deadline):
        request = self.requests[-1]
        # Through the plain dict forms, as across a process.
        request = search_request_from_dict(search_request_to_dict(request))
        found = run_search(SearchRequest(
            request.problem, request.slots, request.current, request.seed, self.seconds
        ))
        self.found = found.slots
        if self.better:  # claims to beat any timetable: the planner must take its slots
            found = SearchAnswer((-1, 0, 0), found.slots, found.steps)
        return search_answer_from_dict(search_answer_to_dict(found))


def test_the_second_search_runs_from_another_seed_and_its_better_timetable_is_kept(planner_bench):
    problem = planner_bench.generate_problem(11, delegations=80, days=8, rooms=8, teams=4, meetings=90)
    beside = Beside(1.0, better=True)
    result = plan(problem, time_limit=6.0, workers=2, seed=4, second_search=beside)
    assert check_plan(problem, result.assignments) == []
    assert len(beside.requests) == 1
    request = beside.requests[0]
    assert request.seed == 5
    assert sorted(request.slots) == list(range(len(problem.meetings)))
    assert 0 < request.seconds < 6.0
    search = next(stage for stage in result.stages if "neighbourhood search" in stage.name)
    assert "steps in a search beside" in search.name
    # The better answer is kept; the last moves and swaps start from it and only keep
    # what is no worse.
    found = {problem.meeting_index[a.meeting]: problem.slot_index[a.slot] for a in result.assignments}
    kept = SlotSearch(problem, beside.found, {}, seed=0)
    assert SlotSearch(problem, found, {}, seed=0).key() <= kept.key()
    # One worker runs no second search, even when given one.
    alone = Beside(1.0)
    plan(problem, time_limit=4.0, workers=1, seed=4, second_search=alone)
    assert alone.requests == []


def test_a_search_request_and_answer_keep_their_content_as_plain_data(planner_bench):
    problem = planner_bench.generate_problem(5, delegations=40, days=3, rooms=5, teams=2, meetings=24)
    result = plan(problem, time_limit=2.0, workers=1)
    slots = {problem.meeting_index[a.meeting]: problem.slot_index[a.slot] for a in result.assignments}
    keep = {
        problem.meeting_index[a.meeting]: (problem.slot_index[a.slot], problem.room_index[a.room])
        for a in result.assignments
    }
    request = SearchRequest(problem, slots, keep, 7, 0.5)
    data = search_request_to_dict(request)
    assert json.loads(json.dumps(data)) == data
    assert search_request_from_dict(data) == request
    answer = run_search(request)
    assert sorted(answer.slots) == sorted(slots)
    assert search_answer_from_dict(json.loads(json.dumps(search_answer_to_dict(answer)))) == answer
    with pytest.raises((KeyError, TypeError, ValueError)):
        search_answer_from_dict({"key": [1, 2], "slots": {}, "steps": 0})
