"""`plenipot schedule`, run as a user runs it: in a fresh process, on files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from plenipot.engine.planner import (
    Assignment,
    Delegation,
    Meeting,
    Problem,
    Room,
    Slot,
    check_plan,
    measure_overload,
    problem_from_dict,
    problem_to_dict,
)


def run(*args, timeout=120):
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from plenipot.cli import main; sys.exit(main())",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def small_problem() -> dict:
    slots = tuple(
        Slot(f"D{d}-{s[0].upper()}", f"2014-10-2{d}", s)
        for d in (1, 2)
        for s in ("morning", "afternoon", "evening")
    )
    delegations = (Delegation("SEN", 1), Delegation("TUV", 2), Delegation("FRA", 15))
    meetings = (
        Meeting("COM5-1", "COM5", 200, True, "Chair5", ("SEN", "TUV", "FRA")),
        Meeting("COM5-2", "COM5", 200, True, "Chair5", ("SEN", "TUV", "FRA")),
        Meeting("COM6-1", "COM6", 200, True, "Chair6", ("SEN", "FRA")),
        Meeting("AHG-1", "COM5-AHG1", 30, False, "ChairA", ("SEN", "TUV"), deadline="D1-E"),
        Meeting("AHG-2", "COM5-AHG1", 30, False, "ChairA", ("TUV", "FRA")),
    )
    problem = Problem(
        slots=slots,
        rooms=(Room("Hall", 400, True), Room("Room B", 60)),
        delegations=delegations,
        meetings=meetings,
        interpretation_teams=1,
        never_together=(("COM5", "COM6"), ("COM5", "COM5-AHG1")),
    )
    return problem_to_dict(problem)


@pytest.fixture
def problem_file(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(small_problem()), encoding="utf-8")
    return path


def test_schedule_prints_a_valid_timetable(problem_file):
    result = run("schedule", str(problem_file), "--time-limit", "5")
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    problem = problem_from_dict(small_problem())
    assignments = [Assignment(**a) for a in output["assignments"]]
    assert check_plan(problem, assignments) == []
    assert output["overload"] == measure_overload(problem, assignments).total
    assert output["status"] == "optimal"
    assert output["lower_bound"] <= output["weighted_overload"]
    assert output["moved"] == 0
    assert {w["delegation"]: w["weight"] for w in output["weights"]}["SEN"] == 6
    assert "optimal: overload" in result.stderr


def test_replan_from_the_previous_output(problem_file, tmp_path):
    first = run("schedule", str(problem_file), "--time-limit", "5")
    current = tmp_path / "current.json"
    current.write_text(first.stdout, encoding="utf-8")
    data = small_problem()
    data["meetings"].append(
        {"id": "AHG-LATE", "body": "COM6-AHG2", "attendance": 20, "interested": ["FRA"]}
    )
    problem_file.write_text(json.dumps(data), encoding="utf-8")
    second = run("schedule", str(problem_file), "--current", str(current), "--time-limit", "5")
    assert second.returncode == 0, second.stderr
    output = json.loads(second.stdout)
    assert output["moved"] == 0
    assert len(output["assignments"]) == 6


def test_infeasible_problem_names_the_conflict(problem_file):
    data = small_problem()
    data["meetings"][0]["attendance"] = 500
    problem_file.write_text(json.dumps(data), encoding="utf-8")
    result = run("schedule", str(problem_file), "--time-limit", "5")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "room capacity: meeting COM5-1 needs 500 seats with interpretation" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (
            "{not json",
            "not valid JSON: Expecting property name enclosed in double quotes at line 1",
        ),
        ('{"slots": 3}', "slots: must be a list"),
    ],
)
def test_malformed_files_get_one_line(problem_file, content, words):
    problem_file.write_text(content, encoding="utf-8")
    result = run("schedule", str(problem_file))
    assert result.returncode == 2
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d["delegations"][0].update(size=-1), "delegations[0].size: must be at least 1"),
        (
            lambda d: d["meetings"][0].update(interested=["SEN", "ATLANTIS"]),
            "meetings[0].interested[1]: unknown delegation 'ATLANTIS'",
        ),
        (
            lambda d: d["meetings"][3].update(earliest="D2-M"),
            "meetings[3].deadline: slot 'D1-E' comes before the earliest slot 'D2-M'",
        ),
    ],
)
def test_bad_values_name_the_field(problem_file, change, words):
    data = small_problem()
    change(data)
    problem_file.write_text(json.dumps(data), encoding="utf-8")
    result = run("schedule", str(problem_file))
    assert result.returncode == 2
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_current_and_options(problem_file, tmp_path):
    current = tmp_path / "current.json"
    current.write_text('{"assignments": [{"meeting": "COM5-1", "slot": "D9-M", "room": "Hall"}]}')
    result = run("schedule", str(problem_file), "--current", str(current))
    assert result.returncode == 2
    assert "current.assignments[0].slot: unknown slot 'D9-M'" in result.stderr
    missing = run("schedule", str(tmp_path / "nowhere.json"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    negative = run("schedule", str(problem_file), "--time-limit", "-3")
    assert negative.returncode == 2 and "--time-limit: must be a positive number" in negative.stderr


def test_help_lists_schedule():
    result = run("--help")
    assert "schedule" in result.stdout
