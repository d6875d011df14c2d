"""How well the meeting planner keeps small delegations out of clashing meetings.

Run from the repository root:

    python benchmarks/planner.py                  # the PP-sized instance, 60 s limit
    python benchmarks/planner.py --time-limit 20  # a shorter search
    python benchmarks/planner.py --seed 7         # another instance of the same size

The instance is generated from a fixed seed and has the size of a Plenipotentiary
Conference: 190 delegations of 1 to 40 people, 15 working days of three sessions, 10
rooms (6 with booths), 6 interpretation teams, and 150 meeting requests of the Plenary,
the committees, the Working Group of the Plenary and their ad hoc groups, with chairs,
windows, a few fixed meetings and the bodies that never meet together.

Two timetables are compared, in one run:

* greedy: the meetings in the order they were requested, each in the first slot (in
  time order) where it keeps every hard rule, in the smallest suitable free room. It is
  what a careful person does in a spreadsheet: correct, but blind to who wants to be where.
* planner: `plenipot.engine.planner.plan` with the time limit given, with two workers
  running its second search in a process of its own as `plenipot schedule` does
  (`plenipot.planning.search_process`).

Both overloads are recomputed from the definition by the same function. The planner's
bound is proven by CP-SAT (or by a counting argument, whichever is higher), so the gap
says how far from the best possible timetable the planner can be. The verdict lines say
plainly whether each target is met.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import datetime
import os
import platform
import random
import sys
import time
from collections import defaultdict
from collections.abc import Sequence

from plenipot.engine.planner import (
    Assignment,
    Delegation,
    Meeting,
    PlanResult,
    Problem,
    Room,
    Slot,
    check_plan,
    measure_overload,
)
from plenipot.engine.planner.bound import configuration_bound
from plenipot.engine.planner.greedy import Placement
from plenipot.engine.planner.local import LocalSearch
from plenipot.planning.search_process import plan_with_second_process

TARGET_SECONDS = 60.0
TARGET_RATIO = 1 / 3
TARGET_GAP = 0.05

SEED = 2014
FIRST_DAY = datetime.date(2014, 10, 20)  # a Monday


# --- the instance ----------------------------------------------------------------------


def working_days(count: int) -> list[datetime.date]:
    days, day = [], FIRST_DAY
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def generate_problem(
    seed: int = SEED,
    *,
    delegations: int = 190,
    days: int = 15,
    rooms: int = 10,
    teams: int = 6,
    meetings: int = 150,
    dense: bool = False,
) -> Problem:
    """A conference of the given size; the same seed gives the same problem.

    `dense`: the dense-interest family, where the committees are followed by most
    delegations and every ad hoc group is wanted by 60 to 170 of them, so that nearly
    every slot is crowded."""
    rng = random.Random(seed)
    slots = tuple(
        Slot(f"{day.isoformat()}-{session[0].upper()}", day.isoformat(), session)
        for day in working_days(days)
        for session in ("morning", "afternoon", "evening")
    )
    room_list = _rooms(rooms)

    # Many small delegations, a few large ones: about a third have one or two people.
    people = [1 + int(39 * rng.random() ** 3) for _ in range(delegations)]
    dels = tuple(Delegation(f"MS{i:03d}", size) for i, size in enumerate(people))
    everyone = [d.id for d in dels]

    def members(share_small: float, share_large: float) -> tuple[str, ...]:
        # The bigger the delegation, the likelier it follows a body.
        chosen = []
        for d in dels:
            p = share_small + (share_large - share_small) * min(1.0, (d.size - 1) / 12)
            if rng.random() < p:
                chosen.append(d.id)
        return tuple(chosen)

    # Standing bodies: (body, meetings, attendance, interpreted, members).
    wide = 0.4 if dense else 0.0  # how much more the small delegations follow in the dense family
    standing = [
        ("PL", 10, 1400, True, tuple(everyone)),
        ("COM5", 14, 700, True, members(0.45 + wide, 1.0)),
        ("COM6", 14, 600, True, members(0.4 + wide, 1.0)),
        ("WG-PL", 12, 500, True, members(0.35 + wide, 1.0)),
        ("COM3", 4, 250, True, members(0.1 + wide, 0.5 + wide)),
        ("COM4", 6, 80, True, tuple(rng.sample(everyone, 12))),
        ("COM2", 3, 60, True, tuple(rng.sample(everyone, 8))),
    ]
    requests: list[tuple[int, Meeting]] = []  # (arrival order key, meeting)
    last = len(slots) - 1
    scale = min(meetings / 150, len(slots) / 45)
    for body, full_count, seats, interpreted, body_members in standing:
        count = max(1, round(full_count * scale))
        chair = f"Chair of {body}"
        for k in range(count):
            # Committee work spreads over the conference; each meeting has a deadline
            # so that the Plenary can adopt the outcome.
            share = (k + 1) / count
            deadline = min(last, max(5, int(share * len(slots)) + len(slots) // 5))
            fixed = slots[0].id if body == "PL" and k == 0 else None
            if body == "PL" and k == count - 1:
                fixed = slots[last - 1].id
            requests.append(
                (
                    0,
                    Meeting(
                        id=f"{body}-{k + 1}",
                        body=body,
                        attendance=min(seats, 40 + 4 * len(body_members)),
                        needs_interpretation=interpreted,
                        chair=chair,
                        interested=body_members,
                        deadline=None if fixed else slots[deadline].id,
                        fixed=fixed,
                    ),
                )
            )

    # Ad hoc groups, created as the committees meet: each has a parent, a chair from a
    # Member State, members who proposed on the subject, and a deadline to report.
    parents = ["COM5", "COM6", "WG-PL"]
    group = 0
    weights = [d.size**0.7 for d in dels]
    while sum(1 for _ in requests) < meetings:
        group += 1
        parent = rng.choice(parents)
        body = f"{parent}-AHG{group}"
        size = min(len(dels) - 2, rng.randint(60, 170) if dense else rng.randint(8, 30))
        chosen: set[str] = set()
        while len(chosen) < size:
            chosen.add(rng.choices(everyone, weights)[0])
        # A few small delegations with a proposal on the subject join every group.
        chosen.update(rng.sample([d.id for d in dels if d.size <= 2], 2))
        count = min(rng.randint(2, 6), meetings - len(requests))
        created = rng.randint(0, max(0, len(slots) - 18))
        deadline = min(last, created + rng.randint(12, 24))
        chair = f"Chair of {body}"
        for k in range(count):
            requests.append(
                (
                    created,
                    Meeting(
                        id=f"{body}-{k + 1}",
                        body=body,
                        attendance=min(400, 20 + 3 * len(chosen)),
                        chair=chair,
                        interested=tuple(sorted(chosen)),
                        earliest=slots[created].id,
                        deadline=slots[deadline].id,
                    ),
                )
            )
    # Requests arrive as the bodies are created, the most urgent first; the order is
    # the greedy's order.
    index = {slot.id: i for i, slot in enumerate(slots)}

    def urgency(item: tuple[int, Meeting]) -> tuple[int, int]:
        meeting = item[1]
        due = meeting.fixed or meeting.deadline
        return item[0], index[due] if due else last

    requests.sort(key=urgency)
    ordered = tuple(meeting for _, meeting in requests)
    bodies = {m.body for m in ordered}
    never = [("COM5", "COM6"), ("PL", "COM5"), ("PL", "COM6"), ("PL", "WG-PL")]
    never += [(b.rsplit("-AHG", 1)[0], b) for b in sorted(bodies) if "-AHG" in b]
    return Problem(
        slots=slots,
        rooms=room_list,
        delegations=dels,
        meetings=ordered,
        interpretation_teams=teams,
        never_together=tuple(never),
    )


def _rooms(count: int) -> tuple[Room, ...]:
    base = [
        ("Plenary Hall", 2000, True),
        ("Committee Room 1", 900, True),
        ("Committee Room 2", 800, True),
        ("Room A", 600, True),
        ("Room B", 400, True),
        ("Room C", 300, True),
        ("Room D", 150, False),
        ("Room E", 120, False),
        ("Room F", 100, False),
        ("Room G", 80, False),
    ]
    while len(base) < count:
        base.append((f"Room {len(base)}", 60, False))
    return tuple(Room(name, seats, booths) for name, seats, booths in base[:count])


# --- the greedy baseline -----------------------------------------------------------------


def greedy_timetable(problem: Problem) -> tuple[list[Assignment], list[str]]:
    """First fit in request order; returns the timetable and the meetings it could not place.

    Fixed meetings are placed first (a spreadsheet starts from them), then every other
    meeting, in request order, in the first slot where every hard rule still holds.
    """
    taken: set[tuple[int, int]] = set()
    interpreted = defaultdict(int)
    chairs: set[tuple[str, int]] = set()
    bodies: dict[int, set[str]] = defaultdict(set)
    apart: dict[str, set[str]] = defaultdict(set)
    for first, second in problem.never_together:
        apart[first].add(second)
        apart[second].add(first)
    rooms_by_size = sorted(range(len(problem.rooms)), key=lambda r: problem.rooms[r].capacity)

    result: list[Assignment] = []
    unplaced: list[str] = []
    order = [m for m in problem.meetings if m.fixed] + [m for m in problem.meetings if not m.fixed]
    for meeting in order:
        suitable = set(problem.suitable_rooms(meeting))
        for t in problem.window(meeting):
            if meeting.needs_interpretation and interpreted[t] >= problem.interpretation_teams:
                continue
            if meeting.chair is not None and (meeting.chair, t) in chairs:
                continue
            if apart[meeting.body] & bodies[t]:
                continue
            room = next((r for r in rooms_by_size if r in suitable and (t, r) not in taken), None)
            if room is None:
                continue
            taken.add((t, room))
            interpreted[t] += meeting.needs_interpretation
            if meeting.chair is not None:
                chairs.add((meeting.chair, t))
            bodies[t].add(meeting.body)
            result.append(Assignment(meeting.id, problem.slots[t].id, problem.rooms[room].id))
            break
        else:
            unplaced.append(meeting.id)
    return result, unplaced


def cost_aware_greedy(problem: Problem) -> list[Assignment]:
    """The planner's own first timetable (`greedy.Placement`): the most constrained
    meetings first, each in the slot that adds the least weighted overload, then single
    moves while they help."""
    placement = Placement(problem)
    chosen = placement.build(time.monotonic() + 60.0)
    return [
        Assignment(problem.meetings[m].id, problem.slots[t].id, problem.rooms[r].id)
        for m, (t, r) in chosen.items()
    ]


def local_search_timetable(
    problem: Problem, seconds: float, seed: int
) -> tuple[list[Assignment], int]:
    """The simple local search alone (`local.LocalSearch`: move one meeting or swap two,
    keep it if no worse) from the cost-aware greedy, for `seconds` in all; with its steps."""
    started = time.monotonic()
    start = Placement(problem).build(started + seconds * 0.05)
    search = LocalSearch(problem, {m: t for m, (t, _) in start.items()}, {}, seed=seed)
    search.run(started + seconds)
    chosen = search.state.timetable() or start
    return [
        Assignment(problem.meetings[m].id, problem.slots[t].id, problem.rooms[r].id)
        for m, (t, r) in chosen.items()
    ], search.steps


def load_average() -> str:
    try:
        return " ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


# --- the run -------------------------------------------------------------------------------


def describe(problem: Problem) -> str:
    sizes = [d.size for d in problem.delegations]
    small = sum(1 for s in sizes if s <= 2)
    interpreted = sum(m.needs_interpretation for m in problem.meetings)
    wants = sum(len(m.interested) for m in problem.meetings)
    return (
        f"{len(problem.delegations)} delegations (sizes {min(sizes)}-{max(sizes)}, {small} of "
        f"one or two people), {len(problem.slots)} slots, {len(problem.rooms)} rooms "
        f"({sum(r.interpretation for r in problem.rooms)} with booths), "
        f"{problem.interpretation_teams} interpretation teams, {len(problem.meetings)} meetings "
        f"({interpreted} interpreted, {len(problem.bodies)} bodies), {wants} declared interests, "
        f"{len(problem.never_together)} never-together pairs"
    )


def verdict(ok: bool, text: str) -> str:
    return f"  {'MET    ' if ok else 'NOT MET'}  {text}"


def report(
    problem: Problem,
    greedy: Sequence[Assignment],
    unplaced: Sequence[str],
    greedy_seconds: float,
    result: PlanResult,
    time_limit: float,
) -> list[str]:
    g = measure_overload(problem, greedy)
    lines = [
        f"greedy   overload {g.total:5d}   weighted {g.weighted:6d}   "
        f"{len(greedy)}/{len(problem.meetings)} placed   {greedy_seconds:.2f} s",
        f"planner  overload {result.overload:5d}   weighted {result.weighted_overload:6d}   "
        f"{len(result.assignments)}/{len(problem.meetings)} placed   {result.seconds:.2f} s   "
        f"status {result.status}",
        f"bound    weighted {result.lower_bound:6d}   gap {result.gap:.1%}",
        f"evening sessions: greedy {sum(problem.slots[problem.slot_index[a.slot]].evening for a in greedy)}, "
        f"planner {result.evening_sessions}",
    ]
    for stage in result.stages:
        lines.append(
            f"  stage {stage.name}: {stage.status}, value {stage.value}, bound {stage.bound}, "
            f"{stage.seconds:.1f} s"
        )
    plain = result.overload / g.total if g.total else float("inf")
    weighted = result.weighted_overload / g.weighted if g.weighted else float("inf")
    lines.append(f"ratio planner/greedy: overload {plain:.3f}, weighted {weighted:.3f}")
    broken = check_plan(problem, result.assignments)
    lines.append("")
    lines.append("verdicts:")
    lines.append(
        verdict(not broken, f"planner timetable keeps every hard rule ({len(broken)} broken)")
    )
    lines.append(
        verdict(
            not unplaced and not check_plan(problem, greedy),
            f"greedy places every meeting ({len(unplaced)} left out)",
        )
    )
    lines.append(
        verdict(
            result.found and result.seconds <= TARGET_SECONDS,
            f"a solution within {TARGET_SECONDS:.0f} s (took {result.seconds:.1f} s, "
            f"limit given {time_limit:g} s)",
        )
    )
    lines.append(
        verdict(
            result.found and plain <= TARGET_RATIO,
            f"overload at most a third of the greedy's ({result.overload} vs {g.total}, "
            f"ratio {plain:.3f}; weighted ratio {weighted:.3f})",
        )
    )
    lines.append(
        verdict(
            result.found and result.gap <= TARGET_GAP,
            f"gap to the bound at most {TARGET_GAP:.0%} (gap {result.gap:.1%}: weighted "
            f"{result.weighted_overload}, bound {result.lower_bound})",
        )
    )
    return lines


def plain_bound(problem: Problem, result: PlanResult, seconds: float, seed: int) -> tuple[int, float]:
    """A proven floor under the plain (unweighted) overload of any timetable.

    The planner minimises the weighted overload, so its bound is on that; the target
    compares plain overloads. The same configuration bound with every weight 1, started
    from the planner's timetable, says how low the plain overload can possibly go.
    """
    started = time.monotonic()
    plain = dataclasses.replace(
        problem,
        delegations=tuple(dataclasses.replace(d, weight=1) for d in problem.delegations),
    )
    by_slot: dict[int, list[int]] = collections.defaultdict(list)
    for a in result.assignments:
        by_slot[problem.slot_index[a.slot]].append(problem.meeting_index[a.meeting])
    columns = [(t, tuple(sorted(ms))) for t, ms in by_slot.items()]
    found = configuration_bound(
        plain, columns, started + seconds, target=result.overload, seed=seed
    )
    return found.bound, time.monotonic() - started


def baselines(problem: Problem, result: PlanResult, seconds: float, seed: int) -> list[str]:
    """The cost-aware greedy and the local search alone, against the planner."""
    cost_aware = measure_overload(problem, cost_aware_greedy(problem))
    started = time.monotonic()
    timetable, steps = local_search_timetable(problem, seconds, seed)
    local = measure_overload(problem, timetable)
    local_seconds = time.monotonic() - started
    broken = check_plan(problem, timetable)
    lines = [
        f"cost-aware greedy  overload {cost_aware.total:5d}   weighted {cost_aware.weighted:6d}",
        f"local search       overload {local.total:5d}   weighted {local.weighted:6d}   "
        f"{steps} steps in {local_seconds:.1f} s   {len(broken)} rules broken",
        f"ratio planner/local search: overload "
        f"{result.overload / max(local.total, 1):.3f}, weighted "
        f"{result.weighted_overload / max(local.weighted, 1):.3f}",
        verdict(
            result.weighted_overload <= local.weighted,
            f"planner's weighted overload no worse than the local search's in the same time "
            f"({result.weighted_overload} vs {local.weighted})",
        ),
        verdict(
            result.overload <= local.total,
            f"planner's plain overload no worse than the local search's "
            f"({result.overload} vs {local.total})",
        ),
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--time-limit", type=float, default=TARGET_SECONDS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--family",
        choices=("sparse", "dense", "both"),
        default="both",
        help="sparse: groups of 8 to 30 delegations; dense: big bodies wanted by most "
        "delegations, groups of 60 to 170",
    )
    parser.add_argument(
        "--no-local-search",
        action="store_true",
        help="skip the local-search baseline (it runs as long as the planner)",
    )
    parser.add_argument(
        "--plain-bound",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="after the run, prove a floor under the plain overload for up to this long "
        "(0, the default: skip); it says whether the target of a third of the greedy is "
        "reachable at all",
    )
    args = parser.parse_args(argv)

    print(
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"{args.workers} solver workers"
    )
    families = ("sparse", "dense") if args.family == "both" else (args.family,)
    for family in families:
        problem = generate_problem(args.seed, dense=family == "dense")
        print("")
        print(f"== {family} family, load average {load_average()}")
        print(f"instance (seed {args.seed}): {describe(problem)}")
        started = time.perf_counter()
        greedy, unplaced = greedy_timetable(problem)
        greedy_seconds = time.perf_counter() - started
        result = plan_with_second_process(
            problem, time_limit=args.time_limit, workers=args.workers, seed=args.seed
        )
        for line in report(problem, greedy, unplaced, greedy_seconds, result, args.time_limit):
            print(line)
        print(
            f"after the objectives of overload: room fit {result.room_fit} "
            f"({len(result.badly_roomed)} meetings not in their best room), "
            f"{result.parallel_pairs} pairs of meetings at the same time (at most "
            f"{result.busiest_slot} at once)"
        )
        if not args.no_local_search:
            for line in baselines(problem, result, args.time_limit, args.seed):
                print(line)
        print(f"load average after the {family} family: {load_average()}")
        if args.plain_bound > 0 and result.found:
            floor, seconds = plain_bound(problem, result, args.plain_bound, args.seed)
            total = measure_overload(problem, greedy).total
            print(
                f"after the run: no timetable has a plain overload below {floor} "
                f"(configuration bound, every weight 1, {seconds:.1f} s); a third of the "
                f"greedy's is {total / 3:.1f}, so that target is "
                + ("reachable at most" if floor <= total / 3 else "out of reach on this instance")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
