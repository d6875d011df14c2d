"""A lower bound on the weighted overload from the meetings each slot can hold together.

CP-SAT's own bound on a conference-sized problem is weak: its linear relaxation spreads
every meeting thinly over its window, so no slot looks crowded, and the counting bound
(`check.overload_lower_bounds`) sees one delegation at a time. The overload,
however, comes from delegations competing for the same few slots.

This bound looks at whole slots instead. A *configuration* of a slot is a set of
meetings that can run together there (rooms, interpretation teams, chairs, bodies that
never meet together); it costs the weighted overload it causes in that slot alone. A
timetable picks one configuration per slot so that every meeting is in one of them. The
linear relaxation of that choice (the configuration LP) is much stronger than the
model's. It is solved by column generation: a linear program over the configurations
found so far (GLOP) gives a price to each meeting, and CP-SAT finds, for each slot, the
configuration with the lowest cost minus prices.

Whatever the prices π, Lagrangian duality gives a proven floor:

    overload ≥ Σ_m π_m + Σ_t min(0, min over configurations C of slot t of cost(C) − π(C))

with π ≥ 0 (a meeting covered twice only costs more, so covering "at least once" is a
relaxation). The inner minimum is replaced by CP-SAT's proven bound on it, so the floor
holds even when a pricing problem is not solved to the end. Prices are smoothed towards
the best prices so far (Wentges' rule), which is what makes the method converge in
tens of rounds rather than hundreds. Prices are integers (scaled by 1000) so that the
floor is computed exactly.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from plenipot.engine.planner.problem import Problem
from plenipot.engine.planner.search import hall_sets

SCALE = 1000
SMOOTHING = 0.7


@dataclass(frozen=True)
class ConfigurationBound:
    """The proven floor under the weighted overload, and how it was reached."""

    bound: int
    rounds: int
    columns: int
    seconds: float
    converged: bool
    # The configurations the last LP uses, as (the slots each may take, its meetings):
    # where the relaxation would put meetings together, a hint for the search.
    support: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] = ()


def configuration_cost(problem: Problem, meetings: Iterable[int]) -> int:
    """The weighted overload that a set of meetings causes in one slot."""
    wanted: dict[int, int] = defaultdict(int)
    for m in meetings:
        for d in problem.meetings[m].interested:
            wanted[problem.delegation_index[d]] += 1
    cost = 0
    for d, count in wanted.items():
        delegation = problem.delegations[d]
        if count > delegation.size:
            cost += (count - delegation.size) * delegation.effective_weight
    return cost


class _Pricing:
    """The best configuration of a slot for given meeting prices (a small CP-SAT model)."""

    def __init__(self, problem: Problem, meetings: Sequence[int], rules) -> None:
        self.meetings = list(meetings)
        p = problem
        model = self.model = cp_model.CpModel()
        u = self.u = {m: model.new_bool_var(f"u{m}") for m in meetings}
        chairs: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        bodies: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for m in meetings:
            meeting = p.meetings[m]
            if meeting.chair is not None:
                chairs[meeting.chair].append(u[m])
            bodies[meeting.body].append(u[m])
        for same in chairs.values():
            if len(same) > 1:
                model.add_at_most_one(same)
        interpreted = [u[m] for m in meetings if p.meetings[m].needs_interpretation]
        if len(interpreted) > p.interpretation_teams:
            model.add(sum(interpreted) <= p.interpretation_teams)
        for rooms, inside in rules:
            ys = [u[m] for m in meetings if m in inside]
            if len(ys) > rooms:
                model.add(sum(ys) <= rooms)
        for first, second in p.never_together:
            if first in bodies and second in bodies:
                busy = model.new_bool_var("")
                for var in bodies[first]:
                    model.add_implication(var, busy)
                for var in bodies[second]:
                    model.add_implication(var, busy.Not())
        # Delegations that want the same meetings and have the same size cost the same:
        # one overload variable each, with their weights added.
        groups: dict[tuple[int, tuple[int, ...]], int] = defaultdict(int)
        for d in p.delegations:
            if not d.effective_weight:
                continue
            mine = tuple(m for m in meetings if d.id in p.meetings[m].interested)
            if len(mine) > d.size:
                groups[d.size, mine] += d.effective_weight
        self.cost = []
        for (size, mine), weight in groups.items():
            o = model.new_int_var(0, len(mine) - size, "")
            model.add(o >= sum(u[m] for m in mine) - size)
            self.cost.append(weight * SCALE * o)

    def solve(
        self, prices: Sequence[int], seconds: float, seed: int
    ) -> tuple[tuple[int, ...], int, int]:
        """(configuration, its scaled reduced value, a proven floor under that value)."""
        self.model.minimize(sum(self.cost) - sum(prices[m] * self.u[m] for m in self.meetings))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(seconds, 0.05)
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        status = solver.solve(self.model)
        # The empty configuration is always possible: its value is 0.
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            floor = math.ceil(solver.best_objective_bound - 1e-6)
            return (), 0, min(0, floor)
        chosen = tuple(m for m in self.meetings if solver.boolean_value(self.u[m]))
        value = round(solver.objective_value)
        floor = math.ceil(solver.best_objective_bound - 1e-6)
        return chosen, value, min(value, floor)


def configuration_bound(
    problem: Problem,
    columns: Iterable[tuple[int, Sequence[int]]],
    deadline: float,
    *,
    target: int | None = None,
    seed: int = 0,
    stop: threading.Event | None = None,
) -> ConfigurationBound:
    """A proven floor under the weighted overload, by column generation until `deadline`.

    `columns` (slot, meetings) are the first configurations, for example the slots of the
    timetables met by a search. The search stops early
    when the floor reaches `target` (a timetable's weighted overload: nothing better can
    be proven) or when the configuration LP is solved, or when `stop` is set.
    """
    started = time.monotonic()
    p = problem
    count = len(p.meetings)
    rules = hall_sets(p)
    windows = [p.window(m) for m in p.meetings]
    # Slots with the same meetings in their windows share a pricing problem.
    slots_of: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for t in range(len(p.slots)):
        slots_of[tuple(m for m in range(count) if t in windows[m])].append(t)
    pricing = {key: _Pricing(p, key, rules) for key in slots_of if key}

    lp = pywraplp.Solver.CreateSolver("GLOP")
    cover = [lp.Constraint(1, lp.infinity()) for _ in range(count)]
    one_per_slot = {
        key: lp.Constraint(-lp.infinity(), len(ts)) for key, ts in slots_of.items() if key
    }
    objective = lp.Objective()
    objective.SetMinimization()
    seen: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()

    def add_column(key: tuple[int, ...], meetings: Sequence[int]) -> bool:
        column = (key, tuple(sorted(meetings)))
        if not meetings or column in seen:
            return False
        seen.add(column)
        var = lp.NumVar(0, lp.infinity(), "")
        variables.append((var, tuple(slots_of[key]), column[1]))
        objective.SetCoefficient(var, configuration_cost(p, meetings))
        one_per_slot[key].SetCoefficient(var, 1)
        for m in meetings:
            cover[m].SetCoefficient(var, 1)
        return True

    variables: list[tuple[Any, tuple[int, ...], tuple[int, ...]]] = []
    support: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    key_of = {t: key for key, ts in slots_of.items() for t in ts}
    for t, meetings in columns:
        add_column(key_of[t], meetings)

    best_floor, centre = 0, [0] * count  # prices 0 prove 0
    rounds, converged, smoothing = 0, False, SMOOTHING
    while time.monotonic() < deadline and not (stop is not None and stop.is_set()):
        if lp.Solve() != pywraplp.Solver.OPTIMAL:
            break  # the first timetables do not cover every meeting
        lp_value = objective.Value()
        support = [(slots, meetings) for var, slots, meetings in variables if var.solution_value() > 1e-6]
        duals = [max(0.0, c.dual_value()) * SCALE for c in cover]
        prices = [
            max(0, math.floor(smoothing * a + (1 - smoothing) * b)) for a, b in zip(centre, duals, strict=True)
        ]
        floor = sum(prices)
        added = 0
        for key, ts in slots_of.items():
            if not key:
                continue
            left = deadline - time.monotonic()
            if left <= 0 or (stop is not None and stop.is_set()):
                floor = None
                break
            chosen, value, value_floor = pricing[key].solve(prices, min(1.0, left), seed + rounds)
            floor += len(ts) * value_floor
            if value < 0 and add_column(key, chosen):
                added += 1
        rounds += 1
        if floor is None:
            break
        if floor > best_floor:
            best_floor, centre = floor, prices
        proven = -(-best_floor // SCALE)
        if target is not None and proven >= target:
            break
        # The LP's value only falls as configurations are added and the floor never
        # passes it, so once the floor rounds up to the LP's value rounded up, no more
        # can be proven.
        if proven >= math.ceil(lp_value - 1e-6):
            converged = True
            break
        if not added and smoothing == 0.0:
            converged = True  # no configuration prices below the LP's own duals
            break
        # A round that finds nothing at smoothed prices prices at the LP's duals next.
        smoothing = SMOOTHING if added else 0.0
    return ConfigurationBound(
        bound=-(-best_floor // SCALE),
        rounds=rounds,
        columns=len(seen),
        seconds=time.monotonic() - started,
        converged=converged,
        support=tuple(support),
    )

