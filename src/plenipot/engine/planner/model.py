"""The CP-SAT model of a planning problem: every hard rule, and the three objectives as
expressions the stages minimise one after the other."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ortools.sat.python import cp_model

from plenipot.engine.planner.check import overload_lower_bounds
from plenipot.engine.planner.problem import Assignment, Meeting, Problem
from plenipot.engine.planner.secondary import room_fit_costs


class TimetableModel:
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
                literal = self._assume(window_words(p, meeting))
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

    def room_fit_cost(self) -> cp_model.LinearExpr:
        """The room-fit cost (`secondary.room_fit_costs`) of the timetable."""
        costs = room_fit_costs(self.problem)
        return sum(costs[m][r] * x for (m, _, r), x in self.x.items() if costs[m].get(r))

    def parallel_pairs(self) -> cp_model.LinearExpr:
        """Pairs of meetings at the same time, Σ_t n_t(n_t − 1)/2, through a table per slot."""
        model = self.model
        by_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for (_, t), y in self.y.items():
            by_slot[t].append(y)
        terms = []
        for t, ys in by_slot.items():
            most = min(len(ys), len(self.problem.rooms))
            if most < 2:
                continue
            n = model.new_int_var(0, most, f"n_{t}")
            model.add(n == sum(ys))
            pairs = model.new_int_var(0, most * (most - 1) // 2, f"pairs_{t}")
            model.add_element(n, [k * (k - 1) // 2 for k in range(most + 1)], pairs)
            terms.append(pairs)
        return sum(terms)

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


def window_words(problem: Problem, meeting: Meeting) -> str:
    if meeting.fixed is not None:
        return f"fixed slot: meeting {meeting.id} at {meeting.fixed}"
    if meeting.earliest is not None and meeting.deadline is not None:
        return f"window: meeting {meeting.id} between {meeting.earliest} and {meeting.deadline}"
    if meeting.deadline is not None:
        return f"deadline: meeting {meeting.id} by {meeting.deadline}"
    return f"earliest slot: meeting {meeting.id} from {meeting.earliest}"


def new_solver(seconds: float, workers: int, seed: int) -> cp_model.CpSolver:
    """A CP-SAT solver with a time limit, a number of threads and a seed."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    return solver
