"""What the planner answers: a timetable with its figures, recomputed from the definitions
(`check`), and the JSON form that `plenipot schedule` prints."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from plenipot.engine.planner.check import (
    Overload,
    evening_and_weekend,
    measure_overload,
    moved_meetings,
)
from plenipot.engine.planner.problem import Assignment, Problem, assignments_to_list
from plenipot.engine.planner.secondary import (
    Move,
    badly_roomed,
    busiest_slot,
    explain_moves,
    parallel_pairs,
    room_fit,
)

OPTIMAL = "optimal"
FEASIBLE = "feasible"
INFEASIBLE = "infeasible"
TIMEOUT = "timeout"


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
    # The objectives after the overload (`secondary`): the room-fit cost and the meetings
    # not in their best room, the pairs of meetings at the same time and the most at once,
    # and each moved meeting with the reason.
    room_fit: int = 0
    badly_roomed: tuple[str, ...] = ()
    parallel_pairs: int = 0
    busiest_slot: int = 0
    moves: tuple[Move, ...] = ()

    @property
    def found(self) -> bool:
        """Whether this result carries a new timetable."""
        return self.status in (OPTIMAL, FEASIBLE)



def assignments_of(problem: Problem, chosen: dict[int, tuple[int, int]]) -> tuple[Assignment, ...]:
    """A placement by indices (meeting -> (slot, room)) as assignments, in time order."""
    ordered = sorted(chosen.items(), key=lambda item: (item[1], item[0]))
    return tuple(
        Assignment(problem.meetings[m].id, problem.slots[t].id, problem.rooms[r].id)
        for m, (t, r) in ordered
    )


def figures(
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
    """The result for a timetable, its figures recomputed from the definitions."""
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
        room_fit=room_fit(problem, assignments),
        badly_roomed=badly_roomed(problem, assignments),
        parallel_pairs=parallel_pairs(problem, assignments),
        busiest_slot=busiest_slot(assignments),
        moves=explain_moves(problem, current, assignments),
    )


def unchanged(
    problem: Problem,
    current: tuple[Assignment, ...],
    status: str,
    conflicts: Sequence[str],
    started: float,
) -> PlanResult:
    """A result that keeps the current timetable: infeasible, or nothing found in time."""
    return figures(
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
        "moves": [
            {
                "meeting": move.meeting,
                "from": {"slot": move.from_slot, "room": move.from_room},
                "to": {"slot": move.to_slot, "room": move.to_room},
                "reason": move.reason,
                "detail": move.detail,
            }
            for move in result.moves
        ],
        "room_fit": result.room_fit,
        "badly_roomed": list(result.badly_roomed),
        "parallel_pairs": result.parallel_pairs,
        "busiest_slot": result.busiest_slot,
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
