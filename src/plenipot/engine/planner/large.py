"""Conference-sized problems: neighbourhood search, configuration bound, search again.

On such problems CP-SAT does not finish the whole model within a minute; its linear
relaxation spreads every meeting thinly over its window, so its bound stays weak. The
planner then improves the best timetable so far by a neighbourhood search over slots
(`search`) and proves a floor under the overload from the configuration LP (`bound`),
whose gap to the timetable is reported. Given a `SecondSearch` and two workers, a second
search from another seed runs beside the first the whole time, and the better timetable
is kept.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from plenipot.engine.planner.bound import ConfigurationBound, configuration_bound
from plenipot.engine.planner.check import weighted_lower_bound
from plenipot.engine.planner.greedy import Placement
from plenipot.engine.planner.local import LocalSearch
from plenipot.engine.planner.model import TimetableModel
from plenipot.engine.planner.problem import Assignment, Problem
from plenipot.engine.planner.result import FEASIBLE, OPTIMAL, TIMEOUT, Stage
from plenipot.engine.planner.search import SlotSearch
from plenipot.engine.planner.second_search import SearchRequest, SecondSearch

# The shares of the time left after the first stage: the neighbourhood search first,
# then the configuration bound (which stops early once it has converged), then the
# search again.
SEARCH_FIRST = 0.3
BOUND_SHARE = 0.45
# The share of the search's time that goes first to single moves and swaps (`local`).
LOCAL_SHARE = 0.4
# The configuration bound is skipped when the counting bound is this close already.
COUNTING_CLOSE = 0.9
# The share kept at the end for moves and swaps that spread the meetings.
POLISH_SHARE = 0.1


@dataclass(frozen=True)
class LargeOutcome:
    """The timetable the search ended on (meeting -> (slot, room)), its overload (plain
    and weighted), the proven floor under the weighted overload and the stages."""

    chosen: dict[int, tuple[int, int]]
    status: str
    lower_bound: int
    plain: int
    weighted: int
    stages: tuple[Stage, ...]


def improve_large(
    problem: Problem,
    model: TimetableModel | None,
    solver: cp_model.CpSolver | None,
    start: dict[int, tuple[int, int]] | None,
    keep: dict[int, tuple[int, int]],
    current: tuple[Assignment, ...],
    *,
    started: float,
    deadline: float,
    workers: int,
    seed: int,
    second_search: SecondSearch | None = None,
) -> LargeOutcome:
    """Improve the best timetable found so far by neighbourhood search until the deadline.

    With two workers and a `second_search`, a second search from another seed runs beside
    this one the whole time; the better of the two timetables is kept."""
    first_seconds = time.monotonic() - started
    candidates = []
    if solver is not None and model is not None:
        candidates.append(model.read(solver))
    if start is not None:
        candidates.append(start)
    best = None
    for candidate in candidates:
        placement = Placement(problem)
        for m, (t, r) in candidate.items():
            placement.put(m, t, r)
        if best is None or placement.key(keep) < best.key(keep):
            best = placement
    assert best is not None
    solver_bound = 0 if solver is None else math.ceil(solver.best_objective_bound - 1e-6)
    lower_bound = max(solver_bound, weighted_lower_bound(problem))
    stages = [
        Stage(
            "overload" if solver is not None or start is None else "overload (greedy start)",
            FEASIBLE if solver is not None or start is not None else TIMEOUT,
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
    end = deadline - 0.03 * (deadline - started)
    polish_from = end - POLISH_SHARE * (end - searching)
    # With two workers, a second search from another seed runs beside this one the whole
    # time, wherever the caller's `second_search` runs it.
    slots = {m: t for m, (t, _) in best.at.items()}
    elsewhere, where = None, ""
    if second_search is not None and workers >= 2:
        request = SearchRequest(problem, slots, keep, seed + 1, polish_from - time.monotonic())
        elsewhere, where = second_search.start(request), second_search.where
    # Moves and swaps first: cheap steps that take the greedy start down quickly, most of
    # all when big bodies crowd every slot.
    local = LocalSearch(problem, slots, keep, seed=seed)
    local.run(searching + LOCAL_SHARE * (end - searching))
    search = SlotSearch(problem, dict(local.at), keep, seed=seed)
    search.record = True
    search.configurations.update(configurations(search.at))
    handed_over = time.monotonic()
    search.run(handed_over + SEARCH_FIRST * (end - handed_over))
    search.record = False
    columns = sorted(search.configurations | set(configurations(search.at)))
    if lower_bound >= COUNTING_CLOSE * search.key()[0]:
        # With dense interest the counting bound is already close: the configuration LP
        # could add a few per cent at most, and its time goes to the search instead.
        found = ConfigurationBound(0, 0, 0, 0.0, False)
    else:
        found = configuration_bound(
            problem,
            columns,
            handed_over + (SEARCH_FIRST + BOUND_SHARE) * (end - handed_over),
            target=search.key()[0],
            seed=seed,
        )
    lower_bound = max(lower_bound, found.bound)
    search.guides = list(found.support)
    # On, unless nothing can be better: overload at the floor, no evening, no move.
    if search.key() > (lower_bound, 0, 0):
        search.run(polish_from)
    other_steps = 0
    if elsewhere is not None:
        other = elsewhere.answer(deadline)
        if other is not None:
            other_steps = other.steps
            if other.key < search.key():
                steps, improvements = search.steps, search.improvements
                search = SlotSearch(problem, other.slots, keep, seed=seed)
                search.steps, search.improvements = steps, improvements
    # Last, moves and swaps again, which also spread the meetings over the sessions.
    polish = LocalSearch(problem, dict(search.at), keep, seed=seed + 2)
    polish.spread = True
    polish.run(end)
    chosen = polish.state.timetable() or search.timetable() or best.at
    placement = Placement(problem)
    for m, (t, r) in chosen.items():
        placement.put(m, t, r)
    weighted, plain = placement.weighted_overload()
    status = OPTIMAL if weighted <= lower_bound else FEASIBLE
    stages.append(
        Stage(
            f"local and neighbourhood search ({local.steps + polish.steps} moves and swaps, "
            f"{search.steps} steps, {search.improvements} improvements"
            + (f"; {other_steps} steps in {where}" if other_steps else "")
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
    return LargeOutcome(chosen, status, lower_bound, plain, weighted, tuple(stages))


def configurations(at: dict[int, int]) -> list[tuple[int, tuple[int, ...]]]:
    """Each slot's meetings in a timetable of slots."""
    by_slot: dict[int, list[int]] = defaultdict(list)
    for m, t in at.items():
        by_slot[t].append(m)
    return [(t, tuple(sorted(meetings))) for t, meetings in by_slot.items()]
