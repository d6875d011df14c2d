"""The meeting planner: hard constraints, objectives, re-planning, infeasibility, bad input.

Each hard constraint is tested on an instance built to tempt the planner into breaking
it: without the constraint, a better timetable exists (no evening session, or a lower
overload). A control case checks that the temptation is real.
"""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from plenipot.engine.planner import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    TIMEOUT,
    Assignment,
    Delegation,
    Meeting,
    Problem,
    ProblemError,
    Room,
    Slot,
    check_plan,
    default_weight,
    diagnose,
    greedy,
    measure_overload,
    plan,
    problem_from_dict,
    problem_to_dict,
    result_to_dict,
    solve,
)

FAST = {"time_limit": 5.0, "workers": 1}


def day_slots(days: int, *, weekend_from: int | None = None) -> tuple[Slot, ...]:
    return tuple(
        Slot(
            f"D{d}-{session[0].upper()}",
            f"2014-10-{20 + d}",
            session,
            weekend=weekend_from is not None and d >= weekend_from,
        )
        for d in range(1, days + 1)
        for session in ("morning", "afternoon", "evening")
    )


MORNING_AND_EVENING = (
    Slot("D1-M", "2014-10-21", "morning"),
    Slot("D1-E", "2014-10-21", "evening"),
)


def problem(**kwargs) -> Problem:
    fields = {
        "slots": MORNING_AND_EVENING,
        "rooms": (Room("A", 300, True), Room("B", 300, True)),
        "delegations": (Delegation("SEN", 1), Delegation("FRA", 20)),
        "meetings": (Meeting("M1", "COM5", 100), Meeting("M2", "COM6", 100)),
        "interpretation_teams": 2,
    }
    fields.update(kwargs)
    return Problem(**fields)


def placed(result, meeting_id: str) -> Assignment:
    (found,) = [a for a in result.assignments if a.meeting == meeting_id]
    return found


# --- hard constraints -------------------------------------------------------------------


def test_control_both_meetings_go_in_the_morning_when_nothing_stops_them():
    result = plan(problem(), **FAST)
    assert result.status == OPTIMAL
    assert {placed(result, "M1").slot, placed(result, "M2").slot} == {"D1-M"}
    assert result.evening_sessions == 0


def test_each_meeting_in_exactly_one_slot_and_room():
    instance = problem(slots=day_slots(2))
    result = plan(instance, **FAST)
    assert sorted(a.meeting for a in result.assignments) == ["M1", "M2"]
    assert check_plan(instance, result.assignments) == []
    assert "meeting M2 not placed" in check_plan(instance, result.assignments[:1])


def test_room_capacity_sends_the_second_big_meeting_to_the_evening():
    instance = problem(
        rooms=(Room("Big", 300, True), Room("Small", 50, True)),
        meetings=(Meeting("M1", "COM5", 250), Meeting("M2", "COM6", 250)),
    )
    result = plan(instance, **FAST)
    assert result.status == OPTIMAL
    assert {placed(result, "M1").room, placed(result, "M2").room} == {"Big"}
    assert result.evening_sessions == 1
    assert check_plan(instance, result.assignments) == []


def test_interpreted_meeting_only_in_a_room_with_booths():
    instance = problem(
        rooms=(Room("Booths", 300, True), Room("Plain", 300, False)),
        meetings=(
            Meeting("M1", "COM5", 100, needs_interpretation=True),
            Meeting("M2", "COM6", 100, needs_interpretation=True),
        ),
    )
    result = plan(instance, **FAST)
    assert {placed(result, "M1").room, placed(result, "M2").room} == {"Booths"}
    assert result.evening_sessions == 1


def test_no_more_interpreted_meetings_at_once_than_teams():
    instance = problem(
        meetings=(
            Meeting("M1", "COM5", 100, needs_interpretation=True),
            Meeting("M2", "COM6", 100, needs_interpretation=True),
        ),
        interpretation_teams=1,
    )
    result = plan(instance, **FAST)
    assert placed(result, "M1").slot != placed(result, "M2").slot
    assert check_plan(instance, result.assignments) == []
    # Control: with two teams both meet in the morning.
    assert plan(replace(instance, interpretation_teams=2), **FAST).evening_sessions == 0


def test_no_room_booked_twice():
    instance = problem(rooms=(Room("Only", 300, True),))
    result = plan(instance, **FAST)
    assert placed(result, "M1").slot != placed(result, "M2").slot


def test_no_chair_in_two_meetings_at_once():
    instance = problem(
        meetings=(
            Meeting("M1", "COM5", 100, chair="Ms Chair"),
            Meeting("M2", "COM6", 100, chair="Ms Chair"),
        )
    )
    result = plan(instance, **FAST)
    assert placed(result, "M1").slot != placed(result, "M2").slot
    assert check_plan(instance, result.assignments) == []


def test_bodies_that_must_never_meet_together():
    instance = problem(never_together=(("COM5", "COM6"),))
    result = plan(instance, **FAST)
    assert placed(result, "M1").slot != placed(result, "M2").slot
    assert check_plan(instance, result.assignments) == []


def test_never_together_covers_every_meeting_of_each_body():
    slots = day_slots(1)
    meetings = (
        Meeting("COM5-1", "COM5", 100),
        Meeting("COM5-2", "COM5", 100),
        Meeting("AHG-1", "COM5-AHG1", 30),
    )
    instance = problem(slots=slots, meetings=meetings, never_together=(("COM5", "COM5-AHG1"),))
    result = plan(instance, **FAST)
    parent = {placed(result, "COM5-1").slot, placed(result, "COM5-2").slot}
    assert placed(result, "AHG-1").slot not in parent
    assert check_plan(instance, result.assignments) == []


def test_earliest_slot_respected():
    instance = problem(
        meetings=(Meeting("M1", "COM5", 100, earliest="D1-E"), Meeting("M2", "COM6", 100))
    )
    result = plan(instance, **FAST)
    assert placed(result, "M1").slot == "D1-E"


def test_deadline_respected():
    slots = (Slot("D1-E", "2014-10-21", "evening"), Slot("D2-M", "2014-10-22", "morning"))
    instance = problem(
        slots=slots,
        meetings=(Meeting("M1", "COM5", 100, deadline="D1-E"), Meeting("M2", "COM6", 100)),
    )
    result = plan(instance, **FAST)
    assert placed(result, "M1").slot == "D1-E"
    assert placed(result, "M2").slot == "D2-M"


def test_fixed_slot_respected():
    instance = problem(
        meetings=(Meeting("M1", "COM5", 100, fixed="D1-E"), Meeting("M2", "COM6", 100))
    )
    result = plan(instance, **FAST)
    assert placed(result, "M1").slot == "D1-E"
    assert check_plan(instance, result.assignments) == []


def test_check_plan_names_each_broken_rule():
    instance = problem(
        rooms=(Room("A", 300, True), Room("Small", 50, False)),
        meetings=(
            Meeting("M1", "COM5", 100, needs_interpretation=True, chair="X", fixed="D1-E"),
            Meeting("M2", "COM6", 100, needs_interpretation=True, chair="X"),
            Meeting("M3", "COM4", 10),
        ),
        interpretation_teams=1,
        never_together=(("COM5", "COM6"),),
    )
    broken = check_plan(
        instance,
        [
            Assignment("M1", "D1-M", "A"),
            Assignment("M2", "D1-M", "Small"),
            Assignment("M3", "D1-M", "A"),
            Assignment("M3", "D1-E", "A"),
        ],
    )
    text = "\n".join(broken)
    for expected in (
        "placed twice",
        "needs 100 seats, room Small has 50",
        "room Small has no booths",
        "room A booked twice",
        "interpreted meetings at D1-M",
        "chair X",
        "COM5 and COM6",
        "outside its window",
        "fixed at D1-E",
    ):
        assert expected in text


# --- objectives ---------------------------------------------------------------------------


def test_small_delegation_kept_out_of_clashing_meetings():
    # Three meetings, two slots: one pair must clash. SEN (one person) wants M1 and M2,
    # FRA (twenty) wants everything; the clash goes to the pair SEN does not want.
    instance = problem(
        slots=(Slot("D1-M", "d1", "morning"), Slot("D1-A", "d1", "afternoon")),
        delegations=(Delegation("SEN", 1), Delegation("TUV", 2)),
        meetings=(
            Meeting("M1", "COM5", 50, interested=("SEN", "TUV")),
            Meeting("M2", "COM6", 50, interested=("SEN", "TUV")),
            Meeting("M3", "AHG", 50, interested=("TUV",)),
        ),
    )
    result = plan(instance, **FAST)
    assert placed(result, "M1").slot != placed(result, "M2").slot
    assert result.overload == 0
    assert result.status == OPTIMAL


def test_weight_makes_small_delegations_count_first():
    # M2 must meet either with M1 (fixed at S2), which SEN (one person) also wants, or
    # with M3-M5 (fixed at S1), which C1 and C2 (three people each) want with M2.
    # Counted plainly, SEN's one clash is cheaper than the two of C1 and C2; weighted,
    # SEN is spared.
    slots = (Slot("S1", "d1", "morning"), Slot("S2", "d1", "afternoon"))
    delegations = (Delegation("SEN", 1), Delegation("C1", 3), Delegation("C2", 3))
    both = ("C1", "C2")
    meetings = (
        Meeting("M1", "A", 10, interested=("SEN",), fixed="S2"),
        Meeting("M2", "B", 10, interested=("SEN", *both)),
        *(Meeting(f"M{i}", f"X{i}", 10, interested=both, fixed="S1") for i in (3, 4, 5)),
    )
    rooms = tuple(Room(f"R{i}", 50) for i in range(5))
    weighted = problem(slots=slots, rooms=rooms, delegations=delegations, meetings=meetings)
    assert default_weight(1) > default_weight(3) > 1
    result = plan(weighted, **FAST)
    assert placed(result, "M2").slot == "S1"
    assert {case.delegation for case in result.overloads} == {"C1", "C2"}
    assert result.overload == 2
    assert result.weighted_overload == 2 * default_weight(3)
    assert {w.delegation: w.weight for w in result.weights}["SEN"] == default_weight(1)
    # The secretariat can set the weights: all equal, SEN takes the one clash.
    flat = replace(weighted, delegations=tuple(replace(d, weight=1) for d in delegations))
    result = plan(flat, **FAST)
    assert placed(result, "M2").slot == "S2"
    assert result.overload == 1
    assert [case.delegation for case in result.overloads] == ["SEN"]


def test_overload_equals_recomputation_and_solver_figure():
    slots = day_slots(2)
    delegations = tuple(Delegation(f"D{i}", 1 + i % 3) for i in range(6))
    meetings = tuple(
        Meeting(
            f"M{i}",
            f"B{i % 4}",
            20,
            interested=tuple(d.id for j, d in enumerate(delegations) if (i + j) % 3 != 0),
        )
        for i in range(14)
    )
    instance = problem(
        slots=slots,
        rooms=tuple(Room(f"R{i}", 50) for i in range(3)),
        delegations=delegations,
        meetings=meetings,
    )
    result = plan(instance, **FAST)
    report = measure_overload(instance, result.assignments)
    assert result.overload > 0
    assert result.overload == report.total == result.solver_overload
    assert result.weighted_overload == report.weighted == result.solver_weighted_overload
    assert result.weighted_overload >= result.lower_bound
    assert sum(case.excess for case in result.overloads) == result.overload


def test_measure_overload_follows_the_definition():
    instance = problem(
        slots=MORNING_AND_EVENING,
        rooms=tuple(Room(f"R{i}", 50) for i in range(4)),
        delegations=(Delegation("SEN", 1), Delegation("TUV", 2)),
        meetings=tuple(Meeting(f"M{i}", "X", 10, interested=("SEN", "TUV")) for i in range(4)),
    )
    assignments = [Assignment(f"M{i}", "D1-M", f"R{i}") for i in range(4)]
    report = measure_overload(instance, assignments)
    # At D1-M both want 4 meetings: SEN is 3 short, TUV 2 short.
    assert report.total == 5
    assert report.weighted == 3 * default_weight(1) + 2 * default_weight(2)
    assert {(c.delegation, c.excess) for c in report.cases} == {("SEN", 3), ("TUV", 2)}


def test_evening_and_weekend_sessions_come_after_overload():
    slots = day_slots(2, weekend_from=2)
    instance = problem(
        slots=slots,
        meetings=tuple(Meeting(f"M{i}", "COM5", 50, interested=("SEN",)) for i in range(2)),
    )
    result = plan(instance, **FAST)
    assert result.overload == 0
    assert result.evening_sessions == 0 and result.weekend_sessions == 0
    # Four meetings SEN wants: two weekday daytime slots cannot hold them without
    # overload, so the evening is used before a clash is accepted.
    crowded = replace(
        instance,
        meetings=tuple(Meeting(f"M{i}", "COM5", 50, interested=("SEN",)) for i in range(4)),
    )
    busy = plan(crowded, **FAST)
    assert busy.overload == 0
    assert busy.evening_sessions + busy.weekend_sessions == 2
    assert [s.name for s in busy.stages] == [
        "overload",
        "evening and weekend",
        "room fit",
        "spread",
    ]


# --- re-planning --------------------------------------------------------------------------


def test_replan_with_a_new_ad_hoc_group_moves_nothing_when_a_room_is_free():
    slots = day_slots(3)
    delegations = (Delegation("SEN", 1), Delegation("TUV", 2), Delegation("FRA", 12))
    meetings = tuple(
        Meeting(f"M{i}", f"B{i % 3}", 40, interested=("SEN", "FRA") if i % 2 else ("TUV",))
        for i in range(8)
    )
    instance = problem(
        slots=slots,
        rooms=(Room("A", 300, True), Room("B", 80), Room("C", 80)),
        delegations=delegations,
        meetings=meetings,
    )
    first = plan(instance, **FAST)
    assert first.found
    late = replace(
        instance, meetings=(*meetings, Meeting("AHG-NEW", "AHG", 20, interested=("FRA",)))
    )
    second = plan(late, current=first.assignments, **FAST)
    assert second.found
    assert second.moved == 0 and second.moved_meetings == ()
    kept = {a.meeting: a for a in second.assignments}
    for a in first.assignments:
        assert kept[a.meeting] == a
    # Moves come right after the overload, before evenings, room fit and spread.
    assert [s.name for s in second.stages][1] == "moves"


def test_replan_moves_only_what_a_new_fixed_meeting_displaces():
    instance = problem(rooms=(Room("A", 300, True),))
    current = (Assignment("M1", "D1-M", "A"), Assignment("M2", "D1-E", "A"))
    forced = replace(
        instance,
        meetings=(Meeting("M1", "COM5", 100, fixed="D1-E"), Meeting("M2", "COM6", 100)),
    )
    result = plan(forced, current=current, **FAST)
    assert result.moved == 2
    assert set(result.moved_meetings) == {"M1", "M2"}


def test_timeout_keeps_the_current_timetable(monkeypatch):
    instance = problem(slots=day_slots(2))
    current = (Assignment("M1", "D1-M", "A"), Assignment("M2", "D1-M", "B"))
    original = solve.new_solver

    def no_time(seconds, workers, seed):
        solver = original(seconds, workers, seed)
        solver.parameters.max_time_in_seconds = 0.0
        return solver

    monkeypatch.setattr(solve, "new_solver", no_time)
    # Nor does the greedy first timetable place anything.
    monkeypatch.setattr(greedy.Placement, "build", lambda self, deadline, keep=None: {})
    result = plan(instance, current=current, **FAST)
    assert result.status == TIMEOUT
    assert result.assignments == current
    assert "current timetable is kept" in result.conflicts[0]


# --- infeasible problems -------------------------------------------------------------------


def test_room_capacity_conflict_named():
    instance = problem(
        rooms=(Room("A", 300, True), Room("B", 200)),
        meetings=(Meeting("COM5-3", "COM5", 400),),
    )
    result = plan(instance, **FAST)
    assert result.status == INFEASIBLE
    assert result.conflicts == ("room capacity: meeting COM5-3 needs 400 seats, largest room 300",)
    assert result.assignments == ()


def test_interpretation_conflicts_named():
    no_booths = problem(
        rooms=(Room("A", 300, False),),
        meetings=(Meeting("COM5-1", "COM5", 100, needs_interpretation=True),),
    )
    assert diagnose(no_booths) == [
        "interpretation: meeting COM5-1 needs interpretation, no room has booths"
    ]
    no_teams = replace(no_booths, rooms=(Room("A", 300, True),), interpretation_teams=0)
    assert "no interpretation team" in diagnose(no_teams)[0]
    too_big = replace(
        no_booths,
        rooms=(Room("A", 300, True), Room("Hall", 2000, False)),
        meetings=(Meeting("PL-1", "PL", 1000, needs_interpretation=True),),
    )
    assert diagnose(too_big) == [
        "room capacity: meeting PL-1 needs 1000 seats with interpretation, "
        "largest room with booths 300"
    ]


def test_window_conflict_named_before_solving():
    slots = day_slots(1)
    meetings = tuple(Meeting(f"M{i}", "COM5", 50, deadline="D1-A") for i in range(5))
    instance = problem(slots=slots, meetings=meetings)
    conflicts = diagnose(instance)
    assert len(conflicts) == 1
    assert conflicts[0].startswith(
        "windows and rooms: 5 meetings must take place between D1-M and D1-A"
    )
    assert conflicts[0].endswith("which leaves room for 4")
    assert plan(instance, **FAST).status == INFEASIBLE


def test_fixed_slot_clashes_named():
    instance = problem(
        meetings=(
            Meeting("COM5-1", "COM5", 100, chair="Mr Chair", fixed="D1-M"),
            Meeting("COM6-1", "COM6", 100, chair="Mr Chair", fixed="D1-M"),
        ),
        never_together=(("COM5", "COM6"),),
    )
    conflicts = plan(instance, **FAST).conflicts
    assert "chair: Mr Chair chairs COM5-1 and COM6-1, all fixed at D1-M" in conflicts
    assert "never together: COM5-1 (COM5) and COM6-1 (COM6) are both fixed at D1-M" in conflicts


def test_conflict_only_the_solver_sees_is_named_from_its_assumptions():
    # Two slots. COM5 and COM6 never meet together, so they take one slot each; the
    # ad hoc group shares a chair with COM5 and may not meet with COM6: no slot is left.
    instance = problem(
        slots=(Slot("D1-M", "d1", "morning"), Slot("D1-A", "d1", "afternoon")),
        rooms=(Room("A", 300, True), Room("B", 300, True), Room("C", 300, True)),
        meetings=(
            Meeting("COM5-1", "COM5", 100, chair="X"),
            Meeting("COM6-1", "COM6", 100, chair="Y"),
            Meeting("AHG-1", "AHG", 30, chair="X"),
        ),
        never_together=(("COM5", "COM6"), ("AHG", "COM6")),
    )
    assert diagnose(instance) == []
    result = plan(instance, **FAST)
    assert result.status == INFEASIBLE
    assert set(result.conflicts) == {
        "never together: COM5 and COM6",
        "never together: AHG and COM6",
        "chair: X chairs COM5-1, AHG-1, one at a time",
    }


# --- bad input ----------------------------------------------------------------------------


def valid_data() -> dict:
    return problem_to_dict(
        problem(
            meetings=(
                Meeting("M1", "COM5", 100, chair="X", interested=("SEN",), deadline="D1-E"),
                Meeting("M2", "COM6", 100),
            ),
            never_together=(("COM5", "COM6"),),
        )
    )


def test_json_round_trip():
    data = valid_data()
    assert problem_to_dict(problem_from_dict(data)) == data


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d["delegations"][0].update(size=-2), "delegations[0].size", "at least 1"),
        (lambda d: d["rooms"][1].update(capacity=-5), "rooms[1].capacity", "at least 1"),
        (lambda d: d["meetings"][1].update(attendance=-1), "meetings[1].attendance", "negative"),
        (lambda d: d.update(interpretation_teams=-1), "interpretation_teams", "negative"),
        (
            lambda d: d["meetings"][0].update(interested=["XYZ"]),
            "meetings[0].interested[0]",
            "unknown delegation 'XYZ'",
        ),
        (
            lambda d: d["meetings"][0].update(deadline="D9-M"),
            "meetings[0].deadline",
            "unknown slot 'D9-M'",
        ),
        (
            lambda d: d["meetings"][0].update(earliest="D1-E", deadline="D1-M"),
            "meetings[0].deadline",
            "comes before the earliest slot",
        ),
        (
            lambda d: d["meetings"][0].update(fixed="D1-E", deadline="D1-M"),
            "meetings[0].fixed",
            "after the deadline",
        ),
        (
            lambda d: d["never_together"].append(["COM5", "COM9"]),
            "never_together[1][1]",
            "no meeting of body 'COM9'",
        ),
        (lambda d: d["meetings"][1].update(id="M1"), "meetings[1].id", "duplicate id 'M1'"),
        (
            lambda d: d["meetings"][0].update(attendance="many"),
            "meetings[0].attendance",
            "whole number",
        ),
        (
            lambda d: d["meetings"][0].update(attendance=True),
            "meetings[0].attendance",
            "whole number",
        ),
        (
            lambda d: d["meetings"][0].update(needs_interpretation="yes"),
            "meetings[0].needs_interpretation",
            "true or false",
        ),
        (lambda d: d["meetings"][0].update(deadine="D1-M"), "meetings[0].deadine", "unknown field"),
        (lambda d: d["slots"][0].update(session="night"), "slots[0].session", "not one of"),
        (lambda d: d["slots"][0].pop("id"), "slots[0].id", "is required"),
        (lambda d: d.update(rooms={}), "rooms", "must be a list"),
        (lambda d: d["never_together"].append("COM5"), "never_together[1]", "pair of body ids"),
    ],
)
def test_bad_input_names_the_field(change, field, words):
    data = copy.deepcopy(valid_data())
    change(data)
    with pytest.raises(ProblemError) as caught:
        problem_from_dict(data)
    assert caught.value.field == field
    assert words in str(caught.value)


def test_problem_must_be_an_object():
    with pytest.raises(ProblemError, match="problem: must be an object"):
        problem_from_dict([1, 2])


def test_current_timetable_with_unknown_ids_is_refused():
    instance = problem()
    with pytest.raises(ProblemError) as caught:
        plan(instance, current=(Assignment("M1", "D7-M", "A"),), **FAST)
    assert caught.value.field == "current.assignments[0].slot"
    with pytest.raises(ProblemError) as caught:
        plan(instance, current=(Assignment("GONE", "D1-M", "A"),), **FAST)
    assert caught.value.field == "current.assignments[0].meeting"


def test_result_json_has_the_contract_fields():
    result = plan(problem(), **FAST)
    data = result_to_dict(result)
    for key in (
        "assignments",
        "overload",
        "lower_bound",
        "status",
        "moved",
        "overloads",
        "weights",
    ):
        assert key in data
    assert data["status"] in (OPTIMAL, FEASIBLE)
    assert data["assignments"][0].keys() == {"meeting", "slot", "room"}
