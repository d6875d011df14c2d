"""A plain local search over slots: move one meeting, or swap two, keep it if no worse.

When big bodies are wanted by most delegations, nearly every slot is crowded and the
neighbourhood search (`search`) spends its steps re-solving parts where little can
change. Single moves and swaps cost microseconds each, walk along plateaus of equal
overload, and reach a good timetable quickly; the planner uses them as the start of its
neighbourhood search on large problems, and the benchmark runs them alone as a baseline.

The state (counts per slot, room rules by Hall's theorem) is that of `SlotSearch`; a
step never breaks a hard rule, and a step that would make the objectives (weighted
overload, moves, evening and weekend sessions) worse is undone, so the search never
worsens its timetable.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping

from plenipot.engine.planner.problem import Problem
from plenipot.engine.planner.search import SlotSearch


class LocalSearch:
    """Moves and swaps of meetings between slots, each kept if the objectives are no worse."""

    def __init__(
        self,
        problem: Problem,
        slots: Mapping[int, int],
        current: Mapping[int, tuple[int, int]],
        *,
        seed: int = 0,
    ) -> None:
        self.state = SlotSearch(problem, dict(slots), dict(current), seed=seed)
        self.rng = random.Random(seed)
        self.steps = 0
        self.improvements = 0
        # With `spread`, a step that keeps the objectives must not crowd the sessions
        # more (pairs of meetings at the same time), and is an improvement if it crowds
        # them less.
        self.spread = False

    @property
    def at(self) -> dict[int, int]:
        return self.state.at

    def key(self) -> tuple[int, int, int]:
        return self.state.key()

    def fits(self, m: int, t: int) -> bool:
        """Whether meeting m (not placed) can go to slot t under every hard rule."""
        s = self.state
        meeting = s.problem.meetings[m]
        if t not in s.windows[m]:
            return False
        if meeting.chair is not None and s.chairs[t].get(meeting.chair):
            return False
        if meeting.needs_interpretation and s.interpreted[t] >= s.problem.interpretation_teams:
            return False
        if any(s.bodies[t].get(other) for other in s.apart.get(meeting.body, ())):
            return False
        return all(s.held[t][h] < s.rules[h][0] for h in s.rules_of[m])

    def _cost(self, delegations: set[int], slots: tuple[int, ...]) -> int:
        s = self.state
        total = 0
        for d in delegations:
            size, counts = s.sizes[d], s.wanted[d]
            total += s.weights[d] * sum(max(0, counts[t] - size) for t in slots)
        return total

    def _pairs(self, slots: tuple[int, ...]) -> int:
        if not self.spread:
            return 0
        counts = [sum(self.state.bodies[t].values()) for t in slots]
        return sum(n * (n - 1) // 2 for n in counts)

    def _side(self, placed: Mapping[int, int]) -> tuple[int, int]:
        """Moves and evenings of some meetings where `placed` puts them."""
        s = self.state
        moves = sum(1 for m, t in placed.items() if m in s.current_slot and s.current_slot[m] != t)
        return moves, sum(s.evening[t] for t in placed.values())

    def _try(self, placed: dict[int, int], wanted: dict[int, int]) -> bool:
        """Move the meetings of `placed` (meeting -> slot now) to `wanted`; keep if no worse."""
        s = self.state
        delegations = {d for m in placed for d in s.wanted_by[m]}
        slots = tuple(set(placed.values()) | set(wanted.values()))
        before = (self._cost(delegations, slots), *self._side(placed), self._pairs(slots))
        for m in placed:
            s.take(m)
        if not all(self._fits_in_turn(wanted)):
            for m in wanted:
                if m in s.at:
                    s.take(m)
            for m, t in placed.items():
                s.put(m, t)
            return False
        after = (self._cost(delegations, slots), *self._side(wanted), self._pairs(slots))
        if after > before:
            for m in wanted:
                s.take(m)
            for m, t in placed.items():
                s.put(m, t)
            return False
        if after < before:
            self.improvements += 1
        return True

    def _fits_in_turn(self, wanted: Mapping[int, int]):
        """Place each meeting in turn while it fits (yields whether each did)."""
        for m, t in wanted.items():
            ok = self.fits(m, t)
            if ok:
                self.state.put(m, t)
            yield ok

    def run(self, deadline: float, *, patience: float | None = None) -> None:
        """Step until `deadline`, or until `patience` seconds pass without an improvement."""
        s, rng = self.state, self.rng
        movable = s.movable
        if not movable:
            return
        last, improvements = time.monotonic(), self.improvements
        while True:
            for _ in range(200):
                self.steps += 1
                m = rng.choice(movable)
                here = s.at[m]
                if rng.random() < 0.6:
                    t = rng.choice(s.windows[m])
                    if t != here:
                        self._try({m: here}, {m: t})
                    continue
                other = rng.choice(movable)
                there = s.at[other]
                if there == here or there not in s.windows[m] or here not in s.windows[other]:
                    continue
                self._try({m: here, other: there}, {m: there, other: here})
            now = time.monotonic()
            if now >= deadline:
                return
            if self.improvements > improvements:
                last, improvements = now, self.improvements
            elif patience is not None and now - last > patience:
                return
