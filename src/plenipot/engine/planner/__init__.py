"""The meeting planner: a timetable that keeps small delegations out of clashing meetings.

General Rules No. 67 asks the Steering Committee to avoid overlapping meetings "in view
of the limited number of members of some delegations". The planner places every meeting
request in one slot and one room, keeps every hard rule (room size and booths, the
interpretation teams, chairs, bodies that never meet together, windows and fixed slots),
and then, in this order of importance:

1. minimises the weighted overload: for every delegation and slot, the number of
   meetings it wants at that slot beyond the number of its people, times its weight
   (small delegations weigh more; see `default_weight`);
2. when re-planning, minimises the meetings moved from the current timetable;
3. minimises the evening and weekend sessions;
4. fits the rooms to the meetings (`secondary.room_fit_costs`);
5. spreads the meetings over the sessions (pairs of meetings at the same time).

The objectives are solved in stages with CP-SAT: each stage keeps the previous
stage's figure as a constraint and starts from its solution. Stages rather than one sum
with large weights, because the overload's bound and gap then mean what they say (a
weighted sum's bound mixes the objectives), and because the solver's numbers stay small.

On conference-sized problems the whole model is not solved within a minute; the
planner then improves a greedy start by a neighbourhood search over slots and proves a
floor under the overload from the configuration LP, whose gap to the timetable is
reported.

`plan` is a pure function of its arguments with no I/O, so a Django service can run it
from a background task and store the frozen `PlanResult`. The overload it reports is
recomputed from the definition by `check.measure_overload`, not read from the model; the
model's own figure is kept beside it so the two can be compared. A second search beside
the planner's own is run by whatever `SecondSearch` the caller gives (the planning app
runs it in another process); the engine starts no process and touches no file.

The modules, in the order the planner uses them:

- `problem`: the input (slots, rooms, delegations, meeting requests) and its JSON form;
- `check`: the rules and the overload restated in plain Python, and cheap diagnoses;
- `greedy`: a first timetable;
- `model`: the CP-SAT model;
- `solve`: `plan`, the stages, and the explanation of an infeasible problem;
- `secondary`: room fit, spread, and why a re-plan moved a meeting;
- `large`: conference-sized problems, with `local` (moves and swaps), `search` (the
  neighbourhood search over slots), `bound` (the configuration bound) and `second_search` (a second search as
  plain data, to run elsewhere);
- `result`: the `PlanResult` and its JSON form.
"""

from plenipot.engine.planner.check import (
    Overload,
    check_plan,
    diagnose,
    evening_and_weekend,
    evening_and_weekend_cost,
    measure_overload,
)
from plenipot.engine.planner.problem import (
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
from plenipot.engine.planner.result import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    TIMEOUT,
    DelegationWeight,
    PlanResult,
    Stage,
    result_to_dict,
)
from plenipot.engine.planner.second_search import (
    PendingSearch,
    SearchAnswer,
    SearchRequest,
    SecondSearch,
    run_search,
    search_answer_from_dict,
    search_answer_to_dict,
    search_request_from_dict,
    search_request_to_dict,
)
from plenipot.engine.planner.solve import DEFAULT_TIME_LIMIT, plan

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
    "PendingSearch",
    "PlanResult",
    "Problem",
    "ProblemError",
    "Room",
    "SearchAnswer",
    "SearchRequest",
    "SecondSearch",
    "Slot",
    "Stage",
    "assignments_from_dict",
    "assignments_to_list",
    "check_plan",
    "default_weight",
    "diagnose",
    "evening_and_weekend",
    "evening_and_weekend_cost",
    "measure_overload",
    "plan",
    "problem_from_dict",
    "problem_to_dict",
    "result_to_dict",
    "run_search",
    "search_answer_from_dict",
    "search_answer_to_dict",
    "search_request_from_dict",
    "search_request_to_dict",
]
