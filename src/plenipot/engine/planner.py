"""The meeting planner: a timetable that keeps small delegations out of clashing meetings.

General Rules No. 67 asks the Steering Committee to avoid overlapping meetings "in view
of the limited number of members of some delegations". The planner places every meeting
request in one slot and one room, keeps every hard rule (room size and booths, the
interpretation teams, chairs, bodies that never meet together, windows and fixed slots),
and then, in this order of importance:

1. minimises the weighted overload: for every delegation and slot, the number of
   meetings it wants at that slot beyond the number of its people, times its weight
   (small delegations weigh more; see `default_weight`);
2. minimises the evening and weekend sessions;
3. when re-planning, minimises the meetings moved from the current timetable.

The three objectives are solved in stages with CP-SAT: each stage keeps the previous
stage's figure as a constraint and starts from its solution. Stages rather than one sum
with large weights, because the overload's bound and gap then mean what they say (a
weighted sum's bound mixes the objectives), and because the solver's numbers stay small.

On conference-sized problems the whole model is not solved within a minute; the
planner then improves a greedy start by a neighbourhood search over slots
(`planner_search`) and proves a floor under the overload from the configuration LP
(`planner_bound`), whose gap to the timetable is reported.

`plan` is a pure function of its arguments with no I/O, so a Django service can run it
from a background task and store the frozen `PlanResult`. The overload it reports is
recomputed from the definition by `planner_check.measure_overload`, not read from the
model; the model's own figure is kept beside it so the two can be compared.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from plenipot.engine.planner_bound import configuration_bound
from plenipot.engine.planner_check import (
    Overload,
    check_plan,
    diagnose,
    evening_and_weekend,
    evening_and_weekend_cost,
    measure_overload,
    moved_meetings,
    overload_lower_bounds,
    weighted_lower_bound,
)
from plenipot.engine.planner_problem import (
    SESSIONS,
    Assignment,
    Delegation,
    Meeting,
    Problem,
    ProblemError,
    Room,
    Slot,
    assignments_from_dict,
    assignments_to_list,
    default_weight,
    problem_from_dict,
    problem_to_dict,
)
from plenipot.engine.planner_search import SlotSearch

OPTIMAL = "optimal"
FEASIBLE = "feasible"
INFEASIBLE = "infeasible"
TIMEOUT = "timeout"

DEFAULT_TIME_LIMIT = 30.0
# On large problems, the shares of the time left after the first stage: the neighbourhood
# search first, then the configuration bound (which stops early once it has converged),
# then the search again.
SEARCH_FIRST = 0.3
# Problems with more meetings than this are "large": the whole model gets less time.
LARGE = 80
# Seconds a new process takes to start and read the problem, set aside for it.
ELSEWHERE_START = 3.0
BOUND_SHARE = 0.55


@dataclass(frozen=True)
class Stage:
    """One solver stage: which objective, how it ended, its value and best bound."""

    name: str
    status: str
    value: int | None
    bound: int | None
    seconds: float


@dataclass(frozen=True)
class DelegationWeight:
    """What one unit of a delegation's overload counts, shown so the secretariat sees it."""

    delegation: str
    size: int
    weight: int


@dataclass(frozen=True)
class PlanResult:
    """A timetable and its figures, or the conflicts that prevent one.

    `status` is that of the overload stage: "optimal" when its optimum is proven,
    "feasible" when the time limit stopped the search first, "infeasible" with
    `conflicts`, or "timeout" when no timetable was found in time. In the last two cases
    `assignments` is the current timetable, untouched (empty if there was none).

    `overload` is the plain total from the definition; `weighted_overload` is what the
    planner minimised and `lower_bound` is a proven floor under it, so `gap` is
    (weighted_overload - lower_bound) / weighted_overload.
    """

    status: str
    assignments: tuple[Assignment, ...]
    overload: int
    weighted_overload: int
    lower_bound: int
    gap: float
    evening_sessions: int
    weekend_sessions: int
    moved: int
    moved_meetings: tuple[str, ...]
    overloads: tuple[Overload, ...]
    weights: tuple[DelegationWeight, ...]
    conflicts: tuple[str, ...] = ()
    stages: tuple[Stage, ...] = ()
    seconds: float = 0.0
    solver_overload: int | None = None
    solver_weighted_overload: int | None = None

    @property
    def found(self) -> bool:
        """Whether this result carries a new timetable."""
        return self.status in (OPTIMAL, FEASIBLE)


# --- the model -------------------------------------------------------------------------


class _Model:
    """The CP-SAT model of one problem.

    x[m, t, r] says meeting m is at slot t in room r, and only exists where the room is
    suitable (and, unless relaxed, the slot is in the meeting's window); y[m, t] is the
    sum over rooms. With `relax`, windows, chairs, never-together pairs and the
    interpretation teams are enforced by assumption literals, so that an infeasible core
    names them; rooms stay hard.
    """

    def __init__(self, problem: Problem, *, relax: bool = False) -> None:
        self.problem = problem
        self.model = cp_model.CpModel()
        self.x: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self.y: dict[tuple[int, int], cp_model.IntVar] = {}
        self.assumptions: dict[int, str] = {}
        self.literals: dict[int, cp_model.IntVar] = {}
        self.overload_terms: list[tuple[int, cp_model.IntVar]] = []
        self._place(relax)
        self._rooms_and_teams(relax)
        self._chairs(relax)
        self._never_together(relax)

    def _assume(self, description: str) -> cp_model.IntVar:
        literal = self.model.new_bool_var(description)
        self.assumptions[literal.index] = description
        self.literals[literal.index] = literal
        return literal

    def _place(self, relax: bool) -> None:
        p, model = self.problem, self.model
        every_slot = range(len(p.slots))
        for m, meeting in enumerate(p.meetings):
            rooms = p.suitable_rooms(meeting)
            window = p.window(meeting)
            slots = every_slot if relax else window
            for t in slots:
                y = model.new_bool_var(f"y_{m}_{t}")
                self.y[m, t] = y
                cells = []
                for r in rooms:
                    x = model.new_bool_var(f"x_{m}_{t}_{r}")
                    self.x[m, t, r] = x
                    cells.append(x)
                model.add(sum(cells) == y)
            model.add_exactly_one(self.y[m, t] for t in slots)
            if relax and len(window) < len(p.slots):
                literal = self._assume(_window_words(p, meeting))
                for t in every_slot:
                    if t not in window:
                        model.add_implication(literal, self.y[m, t].Not())

    def _rooms_and_teams(self, relax: bool) -> None:
        p, model = self.problem, self.model
        in_room: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        for (_, t, r), x in self.x.items():
            in_room[t, r].append(x)
        for cells in in_room.values():
            if len(cells) > 1:
                model.add_at_most_one(cells)
        interpreted: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for (m, t), y in self.y.items():
            if p.meetings[m].needs_interpretation:
                interpreted[t].append(y)
        literal = None
        if relax and interpreted:
            literal = self._assume(
                f"interpretation teams: at most {p.interpretation_teams} interpreted "
                "meetings at once"
            )
        for ys in interpreted.values():
            if len(ys) > p.interpretation_teams:
                constraint = model.add(sum(ys) <= p.interpretation_teams)
                if literal is not None:
                    constraint.only_enforce_if(literal)

    def _chairs(self, relax: bool) -> None:
        p, model = self.problem, self.model
        chaired: dict[str, list[int]] = defaultdict(list)
        for m, meeting in enumerate(p.meetings):
            if meeting.chair is not None:
                chaired[meeting.chair].append(m)
        for chair, meetings in chaired.items():
            if len(meetings) < 2:
                continue
            literal = None
            if relax:
                names = ", ".join(p.meetings[m].id for m in meetings)
                literal = self._assume(f"chair: {chair} chairs {names}, one at a time")
            for t in range(len(p.slots)):
                ys = [self.y[m, t] for m in meetings if (m, t) in self.y]
                if len(ys) > 1:
                    constraint = model.add(sum(ys) <= 1)
                    if literal is not None:
                        constraint.only_enforce_if(literal)

    def _never_together(self, relax: bool) -> None:
        p, model = self.problem, self.model
        if not p.never_together:
            return
        of_body: dict[str, list[int]] = defaultdict(list)
        for m, meeting in enumerate(p.meetings):
            of_body[meeting.body].append(m)
        busy: dict[tuple[str, int], cp_model.IntVar] = {}

        def body_busy(body: str, t: int) -> cp_model.IntVar | None:
            if (body, t) not in busy:
                ys = [self.y[m, t] for m in of_body[body] if (m, t) in self.y]
                if not ys:
                    return None
                flag = model.new_bool_var(f"busy_{body}_{t}")
                for y in ys:
                    model.add_implication(y, flag)
                busy[body, t] = flag
            return busy[body, t]

        for first, second in p.never_together:
            literal = self._assume(f"never together: {first} and {second}") if relax else None
            for t in range(len(p.slots)):
                a, b = body_busy(first, t), body_busy(second, t)
                if a is None or b is None:
                    continue
                constraint = model.add(a + b <= 1)
                if literal is not None:
                    constraint.only_enforce_if(literal)

    def add_overload(self) -> tuple[cp_model.LinearExpr, cp_model.LinearExpr]:
        """Overload variables o[d, t] = max(0, wanted meetings at t - size); returns the
        weighted and the plain sums."""
        p, model = self.problem, self.model
        wanted: dict[str, list[int]] = defaultdict(list)
        for m, meeting in enumerate(p.meetings):
            for delegation in meeting.interested:
                wanted[delegation].append(m)
        floors = overload_lower_bounds(p)
        weighted, plain = [], []
        for delegation in p.delegations:
            meetings = wanted.get(delegation.id, [])
            if len(meetings) <= delegation.size:
                continue
            mine = []
            for t in range(len(p.slots)):
                ys = [self.y[m, t] for m in meetings if (m, t) in self.y]
                most = min(len(ys), len(p.rooms))
                if most <= delegation.size:
                    continue
                o = model.new_int_var(0, most - delegation.size, f"o_{delegation.id}_{t}")
                model.add_max_equality(o, [sum(ys) - delegation.size, 0])
                mine.append(o)
                self.overload_terms.append((delegation.effective_weight, o))
            if mine and floors.get(delegation.id):
                # Redundant, but it gives the solver a bound it would not find alone.
                model.add(sum(mine) >= floors[delegation.id])
            weighted += [delegation.effective_weight * o for o in mine]
            plain += mine
        return sum(weighted), sum(plain)

    def evening_weekend_cost(self) -> cp_model.LinearExpr:
        slots = self.problem.slots
        return sum(
            (int(slots[t].evening) + int(slots[t].weekend)) * y
            for (_, t), y in self.y.items()
            if slots[t].evening or slots[t].weekend
        )

    def moves(self, current: Sequence[Assignment]) -> cp_model.LinearExpr:
        p = self.problem
        terms = []
        for assignment in current:
            m = p.meeting_index[assignment.meeting]
            cell = (m, p.slot_index[assignment.slot], p.room_index[assignment.room])
            terms.append(1 - self.x[cell] if cell in self.x else 1)
        return sum(terms)

    def hint(self, chosen: dict[int, tuple[int, int]]) -> None:
        """Hint a placement (meeting -> (slot, room)); cells not in the model are skipped."""
        self.model.clear_hints()
        for (m, t, r), x in self.x.items():
            self.model.add_hint(x, chosen.get(m) == (t, r))
        for (m, t), y in self.y.items():
            self.model.add_hint(y, m in chosen and chosen[m][0] == t)

    def read(self, solver: cp_model.CpSolver) -> dict[int, tuple[int, int]]:
        return {m: (t, r) for (m, t, r), x in self.x.items() if solver.boolean_value(x)}


def _window_words(problem: Problem, meeting: Meeting) -> str:
    if meeting.fixed is not None:
        return f"fixed slot: meeting {meeting.id} at {meeting.fixed}"
    if meeting.earliest is not None and meeting.deadline is not None:
        return f"window: meeting {meeting.id} between {meeting.earliest} and {meeting.deadline}"
    if meeting.deadline is not None:
        return f"deadline: meeting {meeting.id} by {meeting.deadline}"
    return f"earliest slot: meeting {meeting.id} from {meeting.earliest}"


def _solver(seconds: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    return solver


# --- a first timetable -------------------------------------------------------------------


class _Placement:
    """A timetable under construction that knows what each meeting adds to the overload.

    It gives CP-SAT a good first solution: the meetings, most constrained first, each
    in the slot that adds least weighted overload, then moved one at a time while that
    lowers it. CP-SAT alone starts from a poor timetable on conference-sized problems
    and spends its time climbing out of it.
    """

    def __init__(self, problem: Problem) -> None:
        p = self.problem = problem
        self.windows = [p.window(m) for m in p.meetings]
        self.rooms = [
            sorted(p.suitable_rooms(m), key=lambda r: p.rooms[r].capacity) for m in p.meetings
        ]
        self.sizes = [d.size for d in p.delegations]
        self.weights = [d.effective_weight for d in p.delegations]
        self.wanted_by = [
            [p.delegation_index[d] for d in meeting.interested] for meeting in p.meetings
        ]
        self.apart: dict[str, set[str]] = defaultdict(set)
        for first, second in p.never_together:
            self.apart[first].add(second)
            self.apart[second].add(first)
        self.evening = [int(s.evening) + int(s.weekend) for s in p.slots]
        slots = len(p.slots)
        self.wanted = [[0] * slots for _ in p.delegations]
        self.room_used: set[tuple[int, int]] = set()
        self.interpreted = [0] * slots
        self.chairs: set[tuple[str, int]] = set()
        self.bodies: list[dict[str, int]] = [defaultdict(int) for _ in range(slots)]
        self.at: dict[int, tuple[int, int]] = {}

    def fits(self, m: int, t: int) -> int | None:
        """The smallest free suitable room if meeting m can go at slot t, else None."""
        meeting, p = self.problem.meetings[m], self.problem
        if meeting.needs_interpretation and self.interpreted[t] >= p.interpretation_teams:
            return None
        if meeting.chair is not None and (meeting.chair, t) in self.chairs:
            return None
        bodies = self.bodies[t]
        if any(bodies.get(other) for other in self.apart.get(meeting.body, ())):
            return None
        return next((r for r in self.rooms[m] if (t, r) not in self.room_used), None)

    def added_cost(self, m: int, t: int) -> int:
        return sum(self.weights[d] for d in self.wanted_by[m] if self.wanted[d][t] >= self.sizes[d])

    def put(self, m: int, t: int, r: int) -> None:
        meeting = self.problem.meetings[m]
        self.at[m] = (t, r)
        self.room_used.add((t, r))
        self.interpreted[t] += meeting.needs_interpretation
        if meeting.chair is not None:
            self.chairs.add((meeting.chair, t))
        self.bodies[t][meeting.body] += 1
        for d in self.wanted_by[m]:
            self.wanted[d][t] += 1

    def take(self, m: int) -> None:
        meeting = self.problem.meetings[m]
        t, r = self.at.pop(m)
        self.room_used.discard((t, r))
        self.interpreted[t] -= meeting.needs_interpretation
        if meeting.chair is not None:
            self.chairs.discard((meeting.chair, t))
        self.bodies[t][meeting.body] -= 1
        for d in self.wanted_by[m]:
            self.wanted[d][t] -= 1

    def best_slot(self, m: int) -> tuple[tuple[int, int, int], int, int] | None:
        best = None
        for t in self.windows[m]:
            r = self.fits(m, t)
            if r is None:
                continue
            key = (self.added_cost(m, t), self.evening[t], t)
            if best is None or key < best[0]:
                best = (key, t, r)
        return best

    def weighted_overload(self) -> tuple[int, int]:
        """The weighted and the plain overload of the placement, from its counts."""
        weighted = plain = 0
        for d, counts in enumerate(self.wanted):
            size = self.sizes[d]
            excess = sum(c - size for c in counts if c > size)
            plain += excess
            weighted += excess * self.weights[d]
        return weighted, plain

    def key(self, current: dict[int, tuple[int, int]]) -> tuple[int, int, int]:
        """The three objectives, in order: weighted overload, evenings, moves."""
        evening = sum(self.evening[t] for t, _ in self.at.values())
        moves = sum(1 for m, cell in current.items() if self.at.get(m) != cell)
        return self.weighted_overload()[0], evening, moves

    def build(
        self, deadline: float, keep: dict[int, tuple[int, int]] | None = None
    ) -> dict[int, tuple[int, int]]:
        """Place every meeting it can; with `keep`, first leave those meetings where they are."""
        p = self.problem
        for m, (t, r) in (keep or {}).items():
            if t in self.windows[m] and r in self.rooms[m] and self.fits(m, t) is not None:
                if (t, r) not in self.room_used:
                    self.put(m, t, r)
        order = sorted(
            range(len(p.meetings)),
            # Fixed meetings first, then the big bodies (they exclude the most), then
            # the shortest windows.
            key=lambda m: (
                len(self.windows[m]) > 1,
                -len(self.wanted_by[m]),
                len(self.windows[m]),
            ),
        )
        for m in order:
            if m in self.at:
                continue
            best = self.best_slot(m)
            if best is not None:  # else left to CP-SAT, which completes a partial hint
                self.put(m, best[1], best[2])
        order = [m for m in order if m in self.at]
        # Move one meeting at a time while that lowers the overload or the evenings
        # (not when re-planning: the search weighs those against the moves).
        improved = not keep
        while improved and time.monotonic() < deadline:
            improved = False
            for m in order:
                t, r = self.at[m]
                self.take(m)
                here = (self.added_cost(m, t), self.evening[t])
                best = self.best_slot(m)
                if best is not None and best[0][:2] < here:
                    self.put(m, best[1], best[2])
                    improved = True
                else:
                    self.put(m, t, r)
        return dict(self.at)


# --- planning --------------------------------------------------------------------------


def plan(
    problem: Problem,
    *,
    current: Sequence[Assignment] | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = 2,
    seed: int = 0,
) -> PlanResult:
    """Plan the meetings of `problem`; with `current`, re-plan moving as few as possible.

    Raises ProblemError for bad input (the message names the field). An infeasible
    problem, or one with no timetable found within `time_limit` seconds, returns a
    result whose `assignments` are `current` unchanged.
    """
    started = time.monotonic()
    deadline = started + time_limit
    problem.validate()
    current = tuple(current or ())
    problem.validate_current(current)

    conflicts = diagnose(problem)
    if conflicts:
        return _unchanged(problem, current, INFEASIBLE, conflicts, started)

    model = _Model(problem)
    weighted, plain = model.add_overload()
    stages: list[Stage] = []
    has_evening_stage = any(slot.evening or slot.weekend for slot in problem.slots)
    stages_after_first = int(has_evening_stage) + int(bool(current))

    # A first timetable: the current one where it still fits, the rest placed greedily.
    keep = {
        problem.meeting_index[a.meeting]: (problem.slot_index[a.slot], problem.room_index[a.room])
        for a in current
    }
    start = _Placement(problem).build(started + time_limit * 0.1, keep)

    # Stage 1: weighted overload, on the whole model. Small problems are solved to
    # optimality here; on large ones this gives a bound and the search below does the rest.
    model.model.minimize(weighted)
    model.hint(start)
    whole = len(start) == len(problem.meetings)
    # On a conference-sized problem the whole model rarely improves on the start within
    # its share, and the search below does better with the time.
    first_share = 0.1 if len(problem.meetings) <= LARGE else 0.03
    share = first_share if whole else (0.6 if stages_after_first else 1.0)
    budget = (deadline - time.monotonic()) * share
    solver = _solver(budget, workers, seed)
    status = solver.solve(model.model)
    if status == cp_model.INFEASIBLE:
        remaining = max(1.0, deadline - time.monotonic())
        return _unchanged(problem, current, INFEASIBLE, _explain(problem, remaining, seed), started)
    if status == cp_model.MODEL_INVALID:
        raise RuntimeError(f"planner model invalid: {solver.status_name(status)}")
    if status != cp_model.OPTIMAL and (whole or status == cp_model.FEASIBLE):
        return _search(
            problem,
            model,
            solver if status == cp_model.FEASIBLE else None,
            start if whole else None,
            keep,
            current,
            started=started,
            deadline=deadline,
            workers=workers,
            seed=seed,
        )
    if status != cp_model.OPTIMAL:
        return _unchanged(
            problem,
            current,
            TIMEOUT,
            [f"no timetable found within {time_limit:g} s; the current timetable is kept"],
            started,
        )
    chosen = model.read(solver)
    best = round(solver.objective_value)
    solver_bound = math.ceil(solver.best_objective_bound - 1e-6)
    lower_bound = max(solver_bound, weighted_lower_bound(problem))
    proven = status == cp_model.OPTIMAL or best <= lower_bound
    first_status = OPTIMAL if proven else FEASIBLE
    stages.append(Stage("overload", first_status, best, lower_bound, solver.wall_time))
    solver_plain = _value(solver, plain)
    solver_weighted = best

    # Stage 2: evening and weekend sessions, overload kept at its best.
    cost = model.evening_weekend_cost()
    if not isinstance(cost, int):
        model.model.add(weighted <= best)
        model.model.minimize(cost)
        chosen, stage, values = _next_stage(
            model,
            chosen,
            "evening and weekend",
            deadline,
            stages_after_first,
            workers,
            seed,
            (plain, weighted),
        )
        stages.append(stage)
        if values is not None:
            solver_plain, solver_weighted = values
            model.model.add(cost <= stage.value)

    # Stage 3: meetings moved from the current timetable.
    if current:
        moves = model.moves(current)
        if not isinstance(moves, int):
            if isinstance(cost, int):
                model.model.add(weighted <= best)
            model.model.minimize(moves)
            chosen, stage, values = _next_stage(
                model, chosen, "moves", deadline, 1, workers, seed, (plain, weighted)
            )
            stages.append(stage)
            if values is not None:
                solver_plain, solver_weighted = values

    return _figures(
        problem,
        _assignments(problem, chosen),
        current,
        status=first_status,
        lower_bound=lower_bound,
        stages=tuple(stages),
        started=started,
        solver_overload=solver_plain,
        solver_weighted_overload=solver_weighted,
    )


def _search(
    problem: Problem,
    model: _Model,
    solver: cp_model.CpSolver | None,
    start: dict[int, tuple[int, int]] | None,
    keep: dict[int, tuple[int, int]],
    current: tuple[Assignment, ...],
    *,
    started: float,
    deadline: float,
    workers: int,
    seed: int,
) -> PlanResult:
    """Improve the best timetable found so far by neighbourhood search until the deadline."""
    first_seconds = time.monotonic() - started
    candidates = []
    if solver is not None:
        candidates.append(model.read(solver))
    if start is not None:
        candidates.append(start)
    best = None
    for candidate in candidates:
        placement = _Placement(problem)
        for m, (t, r) in candidate.items():
            placement.put(m, t, r)
        if best is None or placement.key(keep) < best.key(keep):
            best = placement
    assert best is not None
    solver_bound = 0 if solver is None else math.ceil(solver.best_objective_bound - 1e-6)
    lower_bound = max(solver_bound, weighted_lower_bound(problem))
    stages = [
        Stage(
            "overload",
            FEASIBLE if solver is not None else TIMEOUT,
            None if solver is None else round(solver.objective_value),
            lower_bound,
            first_seconds,
        )
    ]
    # The search first (its timetables are the bound's first configurations), then the
    # configuration bound, then the search again for the time the bound leaves. One after
    # the other rather than side by side: both spend much of their time in Python, so
    # threads would only take turns.
    searching = time.monotonic()
    search = SlotSearch(problem, {m: t for m, (t, _) in best.at.items()}, keep, seed=seed)
    search.record = True
    search.configurations.update(_configurations(search.at))
    end = deadline - 0.03 * (deadline - started)
    # With two workers, a second search from another seed runs in a process of its own
    # the whole time (a thread would share the interpreter with this one).
    elsewhere = _start_elsewhere(problem, dict(search.at), keep, seed + 1, end, workers)
    search.run(searching + SEARCH_FIRST * (end - searching))
    search.record = False
    columns = sorted(search.configurations | set(_configurations(search.at)))
    found = configuration_bound(
        problem,
        columns,
        searching + (SEARCH_FIRST + BOUND_SHARE) * (end - searching),
        target=search.key()[0],
        seed=seed,
    )
    lower_bound = max(lower_bound, found.bound)
    search.guides = list(found.support)
    if search.key()[0] > lower_bound:
        search.run(end)
    other_steps = 0
    if elsewhere is not None:
        other = _finish_elsewhere(elsewhere, deadline)
        if other is not None:
            other_key, other_at, other_steps = other
            if other_key < search.key():
                steps, improvements = search.steps, search.improvements
                search = SlotSearch(problem, other_at, keep, seed=seed)
                search.steps, search.improvements = steps, improvements
    chosen = search.timetable() or best.at
    placement = _Placement(problem)
    for m, (t, r) in chosen.items():
        placement.put(m, t, r)
    weighted, plain = placement.weighted_overload()
    status = OPTIMAL if weighted <= lower_bound else FEASIBLE
    stages.append(
        Stage(
            f"neighbourhood search ({search.steps} steps, {search.improvements} improvements"
            + (f"; {other_steps} steps in a second process" if other_steps else "")
            + ")",
            status,
            weighted,
            lower_bound,
            time.monotonic() - searching,
        )
    )
    stages.append(
        Stage(
            f"configuration bound ({found.rounds} rounds, {found.columns} configurations)",
            OPTIMAL if found.converged else FEASIBLE,
            None,
            found.bound,
            found.seconds,
        )
    )
    return _figures(
        problem,
        _assignments(problem, chosen),
        current,
        status=status,
        lower_bound=lower_bound,
        stages=tuple(stages),
        started=started,
        solver_overload=plain,
        solver_weighted_overload=weighted,
    )


def _start_elsewhere(
    problem: Problem,
    slots: dict[int, int],
    keep: dict[int, tuple[int, int]],
    seed: int,
    end: float,
    workers: int,
) -> subprocess.Popen | None:
    """Start a second search in a new Python process when there is a second worker and
    time enough to pay for starting it; None otherwise or if it cannot start.

    A plain child process that reads the problem from a JSON file, rather than
    multiprocessing, which would import the caller's main script again in the child."""
    seconds = end - time.monotonic() - ELSEWHERE_START
    if workers < 2 or seconds < 2 * ELSEWHERE_START:
        return None
    payload = json.dumps(
        {
            "problem": problem_to_dict(problem),
            "slots": slots,
            "current": keep,
            "seed": seed,
            "seconds": seconds,
        }
    )
    try:
        with tempfile.NamedTemporaryFile(
            "w", suffix=".json", prefix="plenipot-search-", delete=False
        ) as handle:
            handle.write(payload)
        child = subprocess.Popen(
            [sys.executable, "-m", "plenipot.engine.planner_search", handle.name],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
    except OSError:
        return None
    child.payload_path = handle.name  # removed by _finish_elsewhere
    return child


def _finish_elsewhere(
    child: subprocess.Popen, deadline: float
) -> tuple[tuple[int, int, int], dict[int, int], int] | None:
    """The second search's (key, slots, steps), or None if it failed or is late."""
    try:
        output, _ = child.communicate(timeout=max(0.5, deadline - time.monotonic()))
        os.unlink(child.payload_path)
        if child.returncode != 0:
            return None
        data = json.loads(output)
        key = tuple(data["key"])
        return (key[0], key[1], key[2]), {int(m): t for m, t in data["slots"].items()}, data["steps"]
    except (subprocess.TimeoutExpired, ValueError, KeyError, TypeError, OSError):
        child.kill()
        child.communicate()
        with contextlib.suppress(OSError):
            os.unlink(child.payload_path)
        return None


def _configurations(at: dict[int, int]) -> list[tuple[int, tuple[int, ...]]]:
    """Each slot's meetings in a timetable of slots."""
    by_slot: dict[int, list[int]] = defaultdict(list)
    for m, t in at.items():
        by_slot[t].append(m)
    return [(t, tuple(sorted(meetings))) for t, meetings in by_slot.items()]


def _next_stage(
    model: _Model,
    chosen: dict[int, tuple[int, int]],
    name: str,
    deadline: float,
    stages_left: int,
    workers: int,
    seed: int,
    figures: tuple[Any, Any],
) -> tuple[dict[int, tuple[int, int]], Stage, tuple[int, int] | None]:
    """Solve the next objective from the previous solution; keep it if nothing better."""
    model.hint(chosen)
    budget = max(0.5, (deadline - time.monotonic()) / max(stages_left, 1))
    solver = _solver(budget, workers, seed)
    status = solver.solve(model.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return chosen, Stage(name, TIMEOUT, None, None, solver.wall_time), None
    stage = Stage(
        name,
        OPTIMAL if status == cp_model.OPTIMAL else FEASIBLE,
        round(solver.objective_value),
        math.ceil(solver.best_objective_bound - 1e-6),
        solver.wall_time,
    )
    plain, weighted = figures
    return model.read(solver), stage, (_value(solver, plain), _value(solver, weighted))


def _value(solver: cp_model.CpSolver, expression: Any) -> int:
    return expression if isinstance(expression, int) else round(solver.value(expression))


def _explain(problem: Problem, seconds: float, seed: int) -> list[str]:
    """Name the constraints that conflict, from a CP-SAT core over assumption literals.

    The core is shrunk by dropping one assumption at a time while the rest stays
    infeasible, within the time given.
    """
    started = time.monotonic()
    relaxed = _Model(problem, relax=True)
    core = list(relaxed.assumptions)

    def infeasible_with(literals: list[int], budget: float) -> list[int] | None:
        relaxed.model.clear_assumptions()
        relaxed.model.add_assumptions([relaxed.literals[c] for c in literals])
        solver = _solver(budget, 1, seed)
        if solver.solve(relaxed.model) == cp_model.INFEASIBLE:
            return list(solver.sufficient_assumptions_for_infeasibility())
        return None

    found = infeasible_with(core, seconds)
    if found is None:
        return ["the solver could not name the conflicting constraints within the time limit"]
    core = found
    for literal in list(core):
        left = seconds - (time.monotonic() - started)
        if left <= 0.2 or literal not in core:
            break
        smaller = infeasible_with([c for c in core if c != literal], min(left, 2.0))
        if smaller is not None:
            core = smaller
    if not core:
        return [
            "rooms: the meetings need more room sessions than the rooms and slots offer "
            f"({len(problem.meetings)} meetings, {len(problem.rooms)} rooms, "
            f"{len(problem.slots)} slots)"
        ]
    return [relaxed.assumptions[c] for c in core]


def _assignments(problem: Problem, chosen: dict[int, tuple[int, int]]) -> tuple[Assignment, ...]:
    ordered = sorted(chosen.items(), key=lambda item: (item[1], item[0]))
    return tuple(
        Assignment(problem.meetings[m].id, problem.slots[t].id, problem.rooms[r].id)
        for m, (t, r) in ordered
    )


def _figures(
    problem: Problem,
    assignments: tuple[Assignment, ...],
    current: tuple[Assignment, ...],
    *,
    status: str,
    lower_bound: int,
    stages: tuple[Stage, ...] = (),
    started: float,
    conflicts: Sequence[str] = (),
    solver_overload: int | None = None,
    solver_weighted_overload: int | None = None,
) -> PlanResult:
    report = measure_overload(problem, assignments)
    evening, weekend = evening_and_weekend(problem, assignments)
    moved = moved_meetings(current, assignments)
    gap = 0.0 if report.weighted <= 0 else max(0.0, report.weighted - lower_bound) / report.weighted
    return PlanResult(
        status=status,
        assignments=assignments,
        overload=report.total,
        weighted_overload=report.weighted,
        lower_bound=lower_bound,
        gap=gap,
        evening_sessions=evening,
        weekend_sessions=weekend,
        moved=len(moved),
        moved_meetings=moved,
        overloads=report.cases,
        weights=tuple(
            DelegationWeight(d.id, d.size, d.effective_weight) for d in problem.delegations
        ),
        conflicts=tuple(conflicts),
        stages=stages,
        seconds=time.monotonic() - started,
        solver_overload=solver_overload,
        solver_weighted_overload=solver_weighted_overload,
    )


def _unchanged(
    problem: Problem,
    current: tuple[Assignment, ...],
    status: str,
    conflicts: Sequence[str],
    started: float,
) -> PlanResult:
    return _figures(
        problem,
        current,
        current,
        status=status,
        lower_bound=0,
        started=started,
        conflicts=conflicts,
    )


# --- JSON ------------------------------------------------------------------------------


def result_to_dict(result: PlanResult) -> dict[str, Any]:
    """The JSON form printed by `plenipot schedule` (see docs/planner.md)."""
    return {
        "status": result.status,
        "overload": result.overload,
        "weighted_overload": result.weighted_overload,
        "lower_bound": result.lower_bound,
        "gap": round(result.gap, 4),
        "evening_sessions": result.evening_sessions,
        "weekend_sessions": result.weekend_sessions,
        "moved": result.moved,
        "moved_meetings": list(result.moved_meetings),
        "assignments": assignments_to_list(result.assignments),
        "overloads": [
            {
                "delegation": case.delegation,
                "slot": case.slot,
                "meetings": list(case.meetings),
                "size": case.size,
                "weight": case.weight,
            }
            for case in result.overloads
        ],
        "weights": [
            {"delegation": w.delegation, "size": w.size, "weight": w.weight} for w in result.weights
        ],
        "conflicts": list(result.conflicts),
        "stages": [
            {
                "name": s.name,
                "status": s.status,
                "value": s.value,
                "bound": s.bound,
                "seconds": round(s.seconds, 3),
            }
            for s in result.stages
        ],
        "seconds": round(result.seconds, 3),
    }


__all__ = [
    "DEFAULT_TIME_LIMIT",
    "FEASIBLE",
    "INFEASIBLE",
    "OPTIMAL",
    "SESSIONS",
    "TIMEOUT",
    "Assignment",
    "Delegation",
    "DelegationWeight",
    "Meeting",
    "Overload",
    "PlanResult",
    "Problem",
    "ProblemError",
    "Room",
    "Slot",
    "Stage",
    "assignments_from_dict",
    "assignments_to_list",
    "check_plan",
    "default_weight",
    "diagnose",
    "evening_and_weekend_cost",
    "measure_overload",
    "plan",
    "problem_from_dict",
    "problem_to_dict",
    "result_to_dict",
]
