"""Planning in stages with CP-SAT: `plan`, the planner's entry point.

The objectives are solved one after the other on the whole model: each stage
keeps the previous stage's figure as a constraint and starts from its solution. A
problem too large to solve whole within its share of the time goes on to the
neighbourhood search and the configuration bound (`large`). An infeasible problem is
explained by a core of the constraints that cannot hold together.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

from ortools.sat.python import cp_model

from plenipot.engine.planner.check import diagnose, weighted_lower_bound
from plenipot.engine.planner.greedy import Placement
from plenipot.engine.planner.large import improve_large
from plenipot.engine.planner.model import TimetableModel, new_solver
from plenipot.engine.planner.problem import Assignment, Problem
from plenipot.engine.planner.result import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    TIMEOUT,
    PlanResult,
    Stage,
    assignments_of,
    figures,
    unchanged,
)
from plenipot.engine.planner.second_search import SecondSearch

DEFAULT_TIME_LIMIT = 30.0
# Problems with more meetings than this are "large": the whole model gets less time.
LARGE = 80
# On a large problem, the share of the time kept for the objectives after the overload.
SECONDARY_SHARE = 0.12


def plan(
    problem: Problem,
    *,
    current: Sequence[Assignment] | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = 2,
    seed: int = 0,
    second_search: SecondSearch | None = None,
) -> PlanResult:
    """Plan the meetings of `problem`; with `current`, re-plan moving as few as possible.

    Raises ProblemError for bad input (the message names the field). An infeasible
    problem, or one with no timetable found within `time_limit` seconds, returns a
    result whose `assignments` are `current` unchanged.

    `workers` is the number of CP-SAT threads. On a large problem with two workers or
    more, `second_search` (when given) runs a second neighbourhood search from another
    seed beside the planner's own, and the better timetable is kept; the planning app
    gives one that runs in a process of its own.
    """
    started = time.monotonic()
    deadline = started + time_limit
    problem.validate()
    current = tuple(current or ())
    problem.validate_current(current)

    conflicts = diagnose(problem)
    if conflicts:
        return unchanged(problem, current, INFEASIBLE, conflicts, started)

    # A first timetable: the current one where it still fits, the rest placed greedily.
    keep = {
        problem.meeting_index[a.meeting]: (problem.slot_index[a.slot], problem.room_index[a.room])
        for a in current
    }
    start = Placement(problem).build(started + time_limit * 0.1, keep)
    stages: list[Stage] = []
    if len(problem.meetings) > LARGE and len(start) == len(problem.meetings):
        # Conference-sized, with a complete start: the searches take it from here. The
        # whole model is not even built: with dense interest that alone takes seconds,
        # its bound is the counting bound, and the searches do better with the time.
        outcome = improve_large(
            problem,
            None,
            None,
            start,
            keep,
            current,
            started=started,
            deadline=deadline,
            workers=workers,
            seed=seed,
            second_search=second_search,
        )
        return figures(
            problem,
            assignments_of(problem, outcome.chosen),
            current,
            status=outcome.status,
            lower_bound=outcome.lower_bound,
            stages=outcome.stages,
            started=started,
            solver_overload=outcome.plain,
            solver_weighted_overload=outcome.weighted,
        )

    model = TimetableModel(problem)
    weighted, plain = model.add_overload()
    secondary = secondary_objectives(model, current)
    stages_after_first = len(secondary)

    # Stage 1: weighted overload, on the whole model. Small problems are solved to
    # optimality here; on large ones this gives a bound and the search below does the rest.
    model.model.minimize(weighted)
    model.hint(start)
    whole = len(start) == len(problem.meetings)
    large = len(problem.meetings) > LARGE
    # On a conference-sized problem with a complete start, it is not tried at all: its
    # bound is the counting bound, and the searches below do better with the time.
    solver, status = None, None
    if not (large and whole):
        share = 0.1 if whole else (0.6 if stages_after_first else 1.0)
        budget = (deadline - time.monotonic()) * share
        solver = new_solver(budget, workers, seed)
        status = solver.solve(model.model)
        if status == cp_model.INFEASIBLE:
            remaining = max(1.0, deadline - time.monotonic())
            return unchanged(
                problem, current, INFEASIBLE, explain(problem, remaining, seed), started
            )
        if status == cp_model.MODEL_INVALID:
            raise RuntimeError(f"planner model invalid: {solver.status_name(status)}")
    if status is None or (status != cp_model.OPTIMAL and (whole or status == cp_model.FEASIBLE)):
        # The searches and the bound. On a large problem the searches also settle the
        # objectives after the overload (the whole model would not, in the time left);
        # on a smaller one those keep a share of the time for the stages below.
        if large:
            secondary, stages_after_first = [], 0
        reserve = SECONDARY_SHARE * time_limit if stages_after_first else 0.0
        outcome = improve_large(
            problem,
            model,
            solver if status == cp_model.FEASIBLE else None,
            start if whole else None,
            keep,
            current,
            started=started,
            deadline=deadline - reserve,
            workers=workers,
            seed=seed,
            second_search=second_search,
        )
        chosen, first_status, lower_bound = outcome.chosen, outcome.status, outcome.lower_bound
        stages.extend(outcome.stages)
        best = outcome.weighted
        solver_plain, solver_weighted = outcome.plain, outcome.weighted
    elif status != cp_model.OPTIMAL:
        return unchanged(
            problem,
            current,
            TIMEOUT,
            [f"no timetable found within {time_limit:g} s; the current timetable is kept"],
            started,
        )
    else:
        chosen = model.read(solver)
        best = round(solver.objective_value)
        solver_bound = math.ceil(solver.best_objective_bound - 1e-6)
        lower_bound = max(solver_bound, weighted_lower_bound(problem))
        proven = status == cp_model.OPTIMAL or best <= lower_bound
        first_status = OPTIMAL if proven else FEASIBLE
        stages.append(Stage("overload", first_status, best, lower_bound, solver.wall_time))
        solver_plain = value_of(solver, plain)
        solver_weighted = best

    # Then the objectives after the overload, one after the other, each keeping the
    # figures before it: moves (when re-planning), evenings and weekends, room fit, spread.
    model.model.add(weighted <= best)
    for number, (name, expression) in enumerate(secondary):
        chosen, stage, values = next_stage(
            model,
            chosen,
            name,
            deadline,
            stages_after_first - number,
            workers,
            seed,
            (plain, weighted),
            expression,
        )
        stages.append(stage)
        if values is None:
            break  # no timetable within its time: the later objectives keep theirs
        solver_plain, solver_weighted = values
        model.model.add(expression <= stage.value)

    return figures(
        problem,
        assignments_of(problem, chosen),
        current,
        status=first_status,
        lower_bound=lower_bound,
        stages=tuple(stages),
        started=started,
        solver_overload=solver_plain,
        solver_weighted_overload=solver_weighted,
    )


def secondary_objectives(
    model: TimetableModel, current: Sequence[Assignment]
) -> list[tuple[str, Any]]:
    """The objectives after the overload, most important first; constant ones left out."""
    objectives: list[tuple[str, Any]] = []
    if current:
        objectives.append(("moves", model.moves(current)))
    objectives.append(("evening and weekend", model.evening_weekend_cost()))
    objectives.append(("room fit", model.room_fit_cost()))
    objectives.append(("spread", model.parallel_pairs()))
    return [(name, e) for name, e in objectives if not isinstance(e, int)]


def next_stage(
    model: TimetableModel,
    chosen: dict[int, tuple[int, int]],
    name: str,
    deadline: float,
    stages_left: int,
    workers: int,
    seed: int,
    objectives: tuple[Any, Any],
    expression: Any,
) -> tuple[dict[int, tuple[int, int]], Stage, tuple[int, int] | None]:
    """Solve the next objective from the previous solution; keep it if nothing better."""
    model.model.minimize(expression)
    model.hint(chosen)
    budget = max(0.5, (deadline - time.monotonic()) / max(stages_left, 1))
    solver = new_solver(budget, workers, seed)
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
    plain, weighted = objectives
    return model.read(solver), stage, (value_of(solver, plain), value_of(solver, weighted))


def value_of(solver: cp_model.CpSolver, expression: Any) -> int:
    return expression if isinstance(expression, int) else round(solver.value(expression))


def explain(problem: Problem, seconds: float, seed: int) -> list[str]:
    """Name the constraints that conflict, from a CP-SAT core over assumption literals.

    The core is shrunk by dropping one assumption at a time while the rest stays
    infeasible, within the time given.
    """
    started = time.monotonic()
    relaxed = TimetableModel(problem, relax=True)
    core = list(relaxed.assumptions)

    def infeasible_with(literals: list[int], budget: float) -> list[int] | None:
        relaxed.model.clear_assumptions()
        relaxed.model.add_assumptions([relaxed.literals[c] for c in literals])
        solver = new_solver(budget, 1, seed)
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
