"""Neighbourhood search over slots, with rooms counted instead of assigned.

Rooms matter to the overload only through how many meetings a slot can hold: a set of
meetings fits the rooms of one slot exactly when, for every set S of rooms that is the
union of some meetings' suitable rooms, the meetings whose suitable rooms all lie in S
number at most |S| (Hall's theorem). Every meeting's suitable rooms are "the rooms with
at least its seats", with or without booths, so those unions are few. The search below
places meetings in slots only, keeps those counts, and gives rooms at the end by a
matching per slot, which then always exists. Without room variables a part of the
timetable solves several times faster, so the search frees more meetings per step and
takes more steps; and a freed meeting can take a room that a held meeting gives up,
because held meetings are not tied to their rooms until the end.

Each step frees the meetings of a few slots, of an overloaded delegation or of a body,
asks CP-SAT for their best re-placement with the rest held, and keeps it when it is no
worse. Within such a part the three objectives (weighted overload, evening and weekend
moves from the current timetable, evening and weekend sessions) are exact through large
weights.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Sequence

from ortools.sat.python import cp_model

from plenipot.engine.planner.problem import Problem, overload_of
from plenipot.engine.planner.secondary import room_fit_costs


def hall_sets(problem: Problem) -> list[tuple[int, frozenset[int]]]:
    """The room-count rules of one slot: (number of rooms, meetings that need them).

    For every union S of two meetings' suitable room sets, the meetings whose suitable
    rooms lie inside S can be at most |S| at once. Only rules that some slot could break
    (more such meetings than rooms) are returned; with suitable sets of the form "booth
    rooms of at least c seats" or "rooms of at least c seats", unions of two cover every
    union, so these rules are exactly the rooms' capacity.
    """
    suitable = [frozenset(problem.suitable_rooms(m)) for m in problem.meetings]
    kinds = set(suitable)
    unions = set(kinds)
    for a in kinds:
        for b in kinds:
            unions.add(a | b)
    rules = []
    for rooms in unions:
        inside = frozenset(m for m, s in enumerate(suitable) if s <= rooms)
        if len(inside) > len(rooms):
            rules.append((len(rooms), inside))
    rules.sort(key=lambda rule: (rule[0], len(rule[1])))
    return rules


def rooms_for_slot(
    problem: Problem,
    meetings: Sequence[int],
    prefer: dict[int, int],
) -> dict[int, int] | None:
    """Rooms for meetings that share a slot: a matching that keeps each meeting's room
    in `prefer` (the room it has now) where it can and otherwise gives the rooms that fit
    best (`secondary.room_fit_costs`); None if none exists."""
    if not meetings:
        return {}
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    by_room: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    terms = []
    fit = room_fit_costs(problem)
    big = len(meetings) * (max((max(c.values(), default=0) for c in fit), default=0) + 1) + 1
    for m in meetings:
        cells = []
        for r in problem.suitable_rooms(problem.meetings[m]):
            var = model.new_bool_var("")
            x[m, r] = var
            cells.append(var)
            by_room[r].append(var)
            cost = fit[m][r]
            if m in prefer and prefer[m] != r:
                cost += big
            terms.append(cost * var)
        if not cells:
            return None
        model.add_exactly_one(cells)
    for cells in by_room.values():
        if len(cells) > 1:
            model.add_at_most_one(cells)
    model.minimize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 5.0
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {m: r for (m, r), var in x.items() if solver.boolean_value(var)}


class SlotSearch:
    """Large-neighbourhood search on a timetable of slots (see the module's text)."""

    def __init__(
        self,
        problem: Problem,
        slots: dict[int, int],
        current: dict[int, tuple[int, int]],
        *,
        seed: int = 0,
    ) -> None:
        p = self.problem = problem
        self.current = current
        self.rng = random.Random(seed)
        self.seed = seed
        self.steps = 0
        self.improvements = 0
        count = len(p.slots)
        self.windows = [p.window(m) for m in p.meetings]
        self.sizes = [d.size for d in p.delegations]
        self.weights = [d.effective_weight for d in p.delegations]
        self.wanted_by = [
            [p.delegation_index[d] for d in meeting.interested] for meeting in p.meetings
        ]
        self.wants: list[list[int]] = [[] for _ in p.delegations]
        for m, ds in enumerate(self.wanted_by):
            for d in ds:
                self.wants[d].append(m)
        self.evening = [int(s.evening) + int(s.weekend) for s in p.slots]
        self.apart: dict[str, set[str]] = defaultdict(set)
        for first, second in p.never_together:
            self.apart[first].add(second)
            self.apart[second].add(first)
        self.rules = hall_sets(p)
        self.rules_of: list[list[int]] = [[] for _ in p.meetings]
        for h, (_, inside) in enumerate(self.rules):
            for m in inside:
                self.rules_of[m].append(h)
        of_body: dict[str, list[int]] = defaultdict(list)
        for m, meeting in enumerate(p.meetings):
            of_body[meeting.body].append(m)
        self.of_body = list(of_body.values())
        self.movable = [m for m in range(len(p.meetings)) if len(self.windows[m]) > 1]
        self.current_slot = {m: t for m, (t, _) in current.items()}
        # Counts of what is placed.
        self.at: dict[int, int] = {}
        self.wanted = [[0] * count for _ in p.delegations]
        self.interpreted = [0] * count
        self.chairs: list[dict[str, int]] = [defaultdict(int) for _ in range(count)]
        self.bodies: list[dict[str, int]] = [defaultdict(int) for _ in range(count)]
        self.held = [[0] * len(self.rules) for _ in range(count)]
        for m, t in slots.items():
            self.put(m, t)
        self.size = 12
        # Every slot's set of meetings met along the way: the configuration bound
        # (`bound`) starts from them.
        self.configurations: set[tuple[int, tuple[int, ...]]] = set()
        self.record = False
        # Configurations the configuration LP uses: (slots, meetings) to try together.
        self.guides: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
        self.max_size = 24

    # --- the counts ---------------------------------------------------------------------

    def put(self, m: int, t: int) -> None:
        meeting = self.problem.meetings[m]
        self.at[m] = t
        self.interpreted[t] += meeting.needs_interpretation
        if meeting.chair is not None:
            self.chairs[t][meeting.chair] += 1
        self.bodies[t][meeting.body] += 1
        for h in self.rules_of[m]:
            self.held[t][h] += 1
        for d in self.wanted_by[m]:
            self.wanted[d][t] += 1

    def take(self, m: int) -> None:
        meeting = self.problem.meetings[m]
        t = self.at.pop(m)
        self.interpreted[t] -= meeting.needs_interpretation
        if meeting.chair is not None:
            self.chairs[t][meeting.chair] -= 1
        self.bodies[t][meeting.body] -= 1
        for h in self.rules_of[m]:
            self.held[t][h] -= 1
        for d in self.wanted_by[m]:
            self.wanted[d][t] -= 1

    def weighted_overload(self) -> tuple[int, int]:
        """The weighted and the plain overload of the placement, from its counts."""
        return overload_of(self.wanted, self.sizes, self.weights)

    def key(self) -> tuple[int, int, int]:
        """The objectives in order: weighted overload, moves, evening and weekend sessions."""
        evening = sum(self.evening[t] for t in self.at.values())
        moves = sum(1 for m, t in self.current_slot.items() if self.at.get(m) != t)
        return self.weighted_overload()[0], moves, evening

    # --- the search ---------------------------------------------------------------------

    def run(self, deadline: float) -> None:
        if not self.movable:
            return
        best = self.key()
        while time.monotonic() < deadline - 0.05:
            free = self._neighbourhood()
            if not free:
                continue
            before = {m: self.at[m] for m in free}
            for m in free:
                self.take(m)
            after, optimal = self._solve_part(free, before, deadline)
            for m, t in (after or before).items():
                self.put(m, t)
            self.steps += 1
            if self.record and after is not None:
                for t in set(after.values()) | set(before.values()):
                    self.configurations.add(
                        (t, tuple(sorted(m for m, s in self.at.items() if s == t)))
                    )
            # Adapt the part's size: grow while parts are solved to optimality, shrink
            # when they are not.
            if after is not None and optimal:
                self.size = min(self.max_size, self.size + 1)
            else:
                self.size = max(8, self.size - 2)
            if after is None:
                continue
            key = self.key()
            if key > best:  # an unproven part can be worse than its hint only by error
                for m in free:
                    self.take(m)
                for m, t in before.items():
                    self.put(m, t)
            elif key < best:
                best = key
                self.improvements += 1

    def _neighbourhood(self) -> list[int]:
        p, at, rng = self.problem, self.at, self.rng
        limit = rng.randint(max(6, self.size // 2), self.size)
        kind = rng.random()
        chosen: set[int] = set()
        if self.guides and rng.random() < 0.3:
            # Free the meetings the relaxation would put together in a slot, and those
            # that are in that slot now: the part may then gather them there.
            slots, meetings = rng.choice(self.guides)
            t = rng.choice(slots)
            chosen = set(meetings)
            chosen.update(m for m, s in at.items() if s == t)
            movable = [m for m in chosen if len(self.windows[m]) > 1]
            return movable if len(movable) <= self.max_size else rng.sample(movable, self.max_size)
        if kind < 0.4:
            slots = set(rng.sample(range(len(p.slots)), min(len(p.slots), rng.randint(2, 5))))
            chosen = {m for m, t in at.items() if t in slots}
        elif kind < 0.8:
            crowded = [
                (d, t)
                for d, counts in enumerate(self.wanted)
                for t, c in enumerate(counts)
                if c > self.sizes[d] and self.weights[d]
            ]
            if crowded:
                d, t = rng.choice(crowded)
                mine = [m for m in self.wants[d] if len(self.windows[m]) > 1]
                chosen = {m for m in mine if at[m] == t}
                rng.shuffle(mine)
                chosen.update(mine[: limit // 2])
                for other in rng.sample(range(len(p.slots)), min(2, len(p.slots))):
                    chosen.update(m for m, s in at.items() if s == other)
        else:
            body = rng.choice(self.of_body)
            chosen = set(body[:limit])
            other = rng.randrange(len(p.slots))
            chosen.update(m for m, s in at.items() if s == other)
        movable = [m for m in chosen if len(self.windows[m]) > 1]
        rng.shuffle(movable)
        return movable[:limit]

    def _solve_part(
        self, free: list[int], before: dict[int, int], deadline: float
    ) -> tuple[dict[int, int] | None, bool]:
        p = self.problem
        teams = p.interpretation_teams
        model = cp_model.CpModel()
        y: dict[tuple[int, int], cp_model.IntVar] = {}
        for m in free:
            meeting = p.meetings[m]
            options = []
            for t in self.windows[m]:
                if meeting.chair is not None and self.chairs[t].get(meeting.chair):
                    continue
                if meeting.needs_interpretation and self.interpreted[t] >= teams:
                    continue
                if any(self.bodies[t].get(other) for other in self.apart.get(meeting.body, ())):
                    continue
                if any(self.held[t][h] >= self.rules[h][0] for h in self.rules_of[m]):
                    continue
                y[m, t] = model.new_bool_var("")
                options.append(y[m, t])
            if not options:
                return None, False
            model.add_exactly_one(options)
        by_slot: dict[int, list[int]] = defaultdict(list)
        for m, t in y:
            by_slot[t].append(m)
        for t, here in by_slot.items():
            interpreted = [y[m, t] for m in here if p.meetings[m].needs_interpretation]
            if len(interpreted) > teams - self.interpreted[t]:
                model.add(sum(interpreted) <= teams - self.interpreted[t])
            chairs: dict[str, list[cp_model.IntVar]] = defaultdict(list)
            for m in here:
                if p.meetings[m].chair is not None:
                    chairs[p.meetings[m].chair].append(y[m, t])
            for same in chairs.values():
                if len(same) > 1:
                    model.add_at_most_one(same)
            for i, a in enumerate(here):
                apart = self.apart.get(p.meetings[a].body, ())
                for b in here[i + 1 :]:
                    if p.meetings[b].body in apart:
                        model.add(y[a, t] + y[b, t] <= 1)
            rules: dict[int, list[cp_model.IntVar]] = defaultdict(list)
            for m in here:
                for h in self.rules_of[m]:
                    rules[h].append(y[m, t])
            for h, ys in rules.items():
                room_left = self.rules[h][0] - self.held[t][h]
                if len(ys) > room_left:
                    model.add(sum(ys) <= room_left)
        # Objective: overload first, moves second, evenings third, exact by weights (a
        # meeting's evening cost is at most 2).
        moves_weight = 2 * len(free) + 1
        evening_weight = moves_weight * (len(free) + 1)
        coefficient: dict[tuple[int, int], int] = defaultdict(int)
        terms = []
        options: dict[int, list[int]] = defaultdict(list)
        for m, t in y:
            options[m].append(t)
        per_delegation: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        for m in free:
            for d in self.wanted_by[m]:
                if self.weights[d]:
                    here = per_delegation[d]
                    for t in options[m]:
                        here[t].append(m)
        for d, by_t in per_delegation.items():
            weight = self.weights[d] * evening_weight
            size, counts = self.sizes[d], self.wanted[d]
            for t, ys in by_t.items():
                base = counts[t]
                if base + len(ys) <= size:
                    continue
                if base >= size:
                    for m in ys:
                        coefficient[m, t] += weight
                    continue
                o = model.new_int_var(0, base + len(ys) - size, "")
                model.add(o >= sum(y[m, t] for m in ys) + base - size)
                terms.append(weight * o)
        for (m, t) in y:
            coefficient[m, t] += self.evening[t]
            if m in self.current_slot and self.current_slot[m] != t:
                coefficient[m, t] += moves_weight
        terms += [c * y[cell] for cell, c in coefficient.items() if c]
        model.minimize(sum(terms))
        for (m, t), var in y.items():
            model.add_hint(var, before[m] == t)
        left = deadline - time.monotonic()
        if left < 0.1:
            return None, False
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = min(0.5, left)
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.seed + self.steps
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, False
        chosen = {m: t for (m, t), var in y.items() if solver.boolean_value(var)}
        return chosen, status == cp_model.OPTIMAL

    # --- rooms --------------------------------------------------------------------------

    def timetable(self) -> dict[int, tuple[int, int]] | None:
        """Slots and rooms: each slot's meetings matched to rooms, keeping current rooms
        where the slot is unchanged."""
        by_slot: dict[int, list[int]] = defaultdict(list)
        for m, t in self.at.items():
            by_slot[t].append(m)
        chosen: dict[int, tuple[int, int]] = {}
        for t, here in by_slot.items():
            prefer = {m: self.current[m][1] for m in here if self.current_slot.get(m) == t}
            rooms = rooms_for_slot(self.problem, here, prefer)
            if rooms is None:
                return None
            chosen.update({m: (t, r) for m, r in rooms.items()})
        return chosen
