"""The `plenipot schedule` command: plan a conference's meetings from a JSON problem.

It uses the engine and the planning app's second search process
(`plenipot.planning.search_process`), no Django and no database. Exit codes: 0 a
timetable was found, 1 the problem is infeasible (the conflicting constraints are named
on stderr), 2 bad input (one line naming the field), 3 no timetable within the time
limit (the current timetable is kept; nothing is printed on stdout).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from plenipot.core.cli import CommandError

EXIT_INFEASIBLE = 1
EXIT_TIMEOUT = 3


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `schedule` command to the `plenipot` parser."""
    schedule = subparsers.add_parser(
        "schedule",
        help="plan the meetings: a timetable that avoids overloading small delegations",
        description="Read a meeting-planning problem (JSON, see docs/planner.md), place every "
        "meeting in a slot and a room, and print the timetable as JSON. With --current, "
        "re-plan moving as few meetings as possible.",
    )
    schedule.add_argument("problem", metavar="PROBLEM.json", help="the problem to plan")
    schedule.add_argument(
        "--time-limit",
        metavar="SECONDS",
        default="30",
        help="stop searching after this many seconds and print the best timetable (30)",
    )
    schedule.add_argument(
        "--current",
        metavar="SCHEDULE.json",
        help="the timetable in force (a previous output, or a list of {meeting, slot, room})",
    )
    schedule.add_argument("--workers", metavar="N", default="2", help="solver threads (2)")
    schedule.set_defaults(handler=handle_schedule)


def handle_schedule(args: argparse.Namespace) -> int:
    # The solver takes about a second to load: only this command needs it.
    from plenipot.engine.planner import (
        INFEASIBLE,
        TIMEOUT,
        ProblemError,
        assignments_from_dict,
        problem_from_dict,
        result_to_dict,
    )
    from plenipot.planning.search_process import plan_with_second_process

    time_limit = _positive_number(args.time_limit, "--time-limit", float)
    workers = _positive_number(args.workers, "--workers", int)
    problem_data = _read_json(args.problem)
    try:
        problem = problem_from_dict(problem_data)
    except ProblemError as exc:
        raise CommandError(f"{args.problem}: {exc}") from None
    current = None
    if args.current is not None:
        try:
            current = assignments_from_dict(_read_json(args.current))
            problem.validate_current(current)
        except ProblemError as exc:
            raise CommandError(f"{args.current}: {exc}") from None

    result = plan_with_second_process(
        problem, current=current, time_limit=time_limit, workers=workers
    )
    if result.status == INFEASIBLE:
        print("plenipot: infeasible: these constraints conflict:", file=sys.stderr)
        for conflict in result.conflicts:
            print(f"  {conflict}", file=sys.stderr)
        return EXIT_INFEASIBLE
    if result.status == TIMEOUT:
        for line in result.conflicts:
            print(f"plenipot: {line}", file=sys.stderr)
        return EXIT_TIMEOUT
    json.dump(result_to_dict(result), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    print(
        f"plenipot: {result.status}: overload {result.overload} "
        f"(weighted {result.weighted_overload}, lower bound {result.lower_bound}, "
        f"gap {result.gap:.1%}), {result.evening_sessions} evening and "
        f"{result.weekend_sessions} weekend sessions, {result.moved} moved, "
        f"{result.seconds:.1f} s",
        file=sys.stderr,
    )
    return 0


def _read_json(name: str) -> Any:
    try:
        text = Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{name}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"{name}: cannot read: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{name}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None


def _positive_number(text: str, option: str, kind: type) -> Any:
    try:
        value = kind(text)
    except ValueError:
        raise CommandError(f"{option}: {text!r} is not a number") from None
    if not value > 0 or value != value or value == float("inf"):
        raise CommandError(f"{option}: must be a positive number, not {text}")
    return value
