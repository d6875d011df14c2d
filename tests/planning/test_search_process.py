"""The planner's second search in a process of its own: started, answered, cleaned up.

The engine's side (a second search's request and answer, and the planner keeping the
better timetable) is tested in tests/engine/test_planner_bound.py."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plenipot.engine.planner import (
    SearchRequest,
    check_plan,
    plan,
    search_answer_from_dict,
    search_request_to_dict,
)
from plenipot.planning import search_process
from plenipot.planning.search_process import STARTUP, SearchProcess, plan_with_second_process


@pytest.fixture(scope="module")
def problem(planner_bench):
    return planner_bench.generate_problem(11, delegations=80, days=8, rooms=8, teams=4, meetings=90)


def slots_of(problem, assignments):
    return {problem.meeting_index[a.meeting]: problem.slot_index[a.slot] for a in assignments}


def test_a_second_search_process_with_two_workers(problem):
    result = plan_with_second_process(problem, time_limit=10.0, workers=2, seed=4)
    assert check_plan(problem, result.assignments) == []
    assert result.lower_bound <= result.weighted_overload
    assert result.seconds < 10.0 + 3.0
    # Whether the second search finishes within a loaded machine's ten seconds is a
    # matter of timing; that it runs and answers with a whole timetable of slots is not.
    first = slots_of(problem, result.assignments)
    running = SearchProcess().start(SearchRequest(problem, first, {}, 5, 3 * STARTUP + 2.0))
    assert running is not None
    assert Path(running.path).exists()
    answer = running.answer(time.monotonic() + 120.0)
    assert answer is not None
    assert not Path(running.path).exists()
    assert sorted(answer.slots) == sorted(first)
    assert all(0 <= t < len(problem.slots) for t in answer.slots.values())
    assert answer.steps > 0
    assert answer.key[0] >= result.lower_bound
    # One process alone names no second one.
    alone = plan_with_second_process(problem, time_limit=4.0, workers=1, seed=4)
    search = next(stage for stage in alone.stages if "neighbourhood search" in stage.name)
    assert "second process" not in search.name


def test_no_process_when_the_time_left_would_not_pay_for_starting_it(problem):
    slots = slots_of(problem, plan(problem, time_limit=2.0, workers=1).assignments)
    assert SearchProcess().start(SearchRequest(problem, slots, {}, 5, 3 * STARTUP - 0.1)) is None


def test_a_child_that_fails_or_is_late_answers_nothing_and_leaves_no_file(problem, tmp_path):
    slots = slots_of(problem, plan(problem, time_limit=2.0, workers=1).assignments)
    running = SearchProcess().start(SearchRequest(problem, slots, {}, 5, 60.0))
    assert running is not None
    assert running.answer(time.monotonic()) is None  # late: stopped at once
    assert running.child.returncode is not None
    assert not Path(running.path).exists()

    broken = tmp_path / "broken.json"
    broken.write_text('{"problem": {}}', encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-m", "plenipot.planning.search_process", str(broken)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert search_process.RunningSearch(child, str(broken)).answer(time.monotonic() + 60) is None
    assert child.returncode != 0
    assert not broken.exists()


def test_the_child_reads_a_request_and_prints_its_answer(problem, tmp_path, capsys, monkeypatch):
    slots = slots_of(problem, plan(problem, time_limit=2.0, workers=1).assignments)
    request = tmp_path / "request.json"
    request.write_text(
        json.dumps(search_request_to_dict(SearchRequest(problem, slots, {}, 3, 0.5))),
        encoding="utf-8",
    )
    monkeypatch.setattr(search_process.os, "nice", lambda increment: 0)
    assert search_process.main([str(request)]) == 0
    answer = search_answer_from_dict(json.loads(capsys.readouterr().out))
    assert sorted(answer.slots) == sorted(slots)
