"""A second neighbourhood search beside the planner's own, described as plain data.

Searches from different seeds end on different timetables, so on a large problem with
two workers the planner runs a second search from another seed and keeps the better
timetable. Where that search runs is not the engine's business: the planner hands a
`SearchRequest` to a `SecondSearch` it is given and later asks the `PendingSearch` for
its `SearchAnswer`. The planning app runs the search in a process of its own
(`plenipot.planning.search_process`); a thread would share the interpreter with the
planner's own search, which spends most of its time in Python.

Requests and answers have a plain dict form (string keys, lists, numbers) so that they
can cross into another process as JSON; reading one back checks its shape.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from plenipot.engine.planner.problem import Problem, problem_from_dict, problem_to_dict
from plenipot.engine.planner.search import SlotSearch


@dataclass(frozen=True)
class SearchRequest:
    """A search to run: from the timetable of slots `slots` (meeting -> slot index), with
    `current` the timetable in force (meeting -> (slot, room) indices), for `seconds`."""

    problem: Problem
    slots: Mapping[int, int]
    current: Mapping[int, tuple[int, int]]
    seed: int
    seconds: float


@dataclass(frozen=True)
class SearchAnswer:
    """What a search found: its objectives (weighted overload, moves, evening and weekend
    sessions), its timetable of slots and how many steps it took."""

    key: tuple[int, int, int]
    slots: dict[int, int]
    steps: int


class PendingSearch(Protocol):
    """A second search under way."""

    def answer(self, deadline: float) -> SearchAnswer | None:
        """Its answer, waiting at most until `deadline` (`time.monotonic()`); None if it
        failed or is late, in which case it is stopped."""
        ...


class SecondSearch(Protocol):
    """Something that runs a second search beside the planner's own."""

    #: Where the search runs, as the planner's stage names it ("a second process").
    where: str

    def start(self, request: SearchRequest) -> PendingSearch | None:
        """Start the search; None when it cannot start, or not with time enough left."""
        ...


def run_search(request: SearchRequest) -> SearchAnswer:
    """Run the requested search for its seconds and answer with where it ended."""
    search = SlotSearch(
        request.problem, dict(request.slots), dict(request.current), seed=request.seed
    )
    search.run(time.monotonic() + request.seconds)
    return SearchAnswer(search.key(), dict(search.at), search.steps)


def search_request_to_dict(request: SearchRequest) -> dict[str, Any]:
    return {
        "problem": problem_to_dict(request.problem),
        "slots": {str(m): t for m, t in request.slots.items()},
        "current": {str(m): [t, r] for m, (t, r) in request.current.items()},
        "seed": request.seed,
        "seconds": request.seconds,
    }


def search_request_from_dict(data: Mapping[str, Any]) -> SearchRequest:
    """Read a request back; raises ValueError, KeyError or TypeError on a wrong shape."""
    return SearchRequest(
        problem=problem_from_dict(data["problem"]),
        slots={int(m): int(t) for m, t in data["slots"].items()},
        current={int(m): (int(t), int(r)) for m, (t, r) in data["current"].items()},
        seed=int(data["seed"]),
        seconds=float(data["seconds"]),
    )


def search_answer_to_dict(answer: SearchAnswer) -> dict[str, Any]:
    return {
        "key": list(answer.key),
        "slots": {str(m): t for m, t in answer.slots.items()},
        "steps": answer.steps,
    }


def search_answer_from_dict(data: Mapping[str, Any]) -> SearchAnswer:
    """Read an answer back; raises ValueError, KeyError or TypeError on a wrong shape."""
    overload, moves, evenings = (int(value) for value in data["key"])
    return SearchAnswer(
        key=(overload, moves, evenings),
        slots={int(m): int(t) for m, t in data["slots"].items()},
        steps=int(data["steps"]),
    )
