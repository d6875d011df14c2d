"""A first timetable, built greedily, for CP-SAT and the search to start from."""

from __future__ import annotations

import time
from collections import defaultdict

from plenipot.engine.planner.problem import Problem, overload_of


class Placement:
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
        return overload_of(self.wanted, self.sizes, self.weights)

    def key(self, current: dict[int, tuple[int, int]]) -> tuple[int, int, int]:
        """The first objectives, in order: weighted overload, moves, evenings."""
        evening = sum(self.evening[t] for t, _ in self.at.values())
        moves = sum(1 for m, cell in current.items() if self.at.get(m) != cell)
        return self.weighted_overload()[0], moves, evening

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
