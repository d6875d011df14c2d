"""The planning service on the demo conference: the problem, a run, publishing, failures."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plenipot.conference.models import Body, Conference
from plenipot.engine.planner import assignments_from_dict, check_plan, problem_from_dict
from plenipot.meetings.models import AgendaItem, Meeting
from plenipot.planning import services
from plenipot.planning.models import PlanningRun
from plenipot.planning.problem import problem_build


@pytest.fixture
def conference(demo):
    return Conference.objects.get()


def _run(conference, user, **kwargs):
    kwargs.setdefault("first_day", conference.start)
    kwargs.setdefault("days", 3)
    kwargs.setdefault("time_limit", 5.0)
    return services.planning_start(
        conference=conference, started_by=user, background=False, **kwargs
    )


def _timetable(conference):
    return sorted(
        Meeting.objects.filter(conference=conference).values_list(
            "pk", "body__code", "number", "starts_at", "room"
        )
    )


def test_the_problem_built_from_the_demo_is_valid(conference):
    built = problem_build(conference=conference, first_day=conference.start, days=5)
    problem = problem_from_dict(built.problem)  # raises on any fault
    assert len(problem.slots) == 15
    assert {s.session for s in problem.slots} == {"morning", "afternoon", "evening"}
    sizes = {d.id: d.size for d in problem.delegations}
    assert sizes["TUV"] == 1  # the demo's one-person delegation
    active = Body.objects.filter(conference=conference, status=Body.Status.ACTIVE)
    assert {m.body for m in problem.meetings} == set(active.values_list("code", flat=True))
    pairs = {tuple(p) for p in problem.never_together}
    assert ("COM5", "COM6") in pairs
    for body in active.exclude(parent=None).select_related("parent"):
        assert (body.parent.code, body.code) in pairs
    plenary = next(m for m in problem.meetings if m.body == "PL")
    assert len(plenary.interested) == len(problem.delegations)
    com5 = next(m for m in problem.meetings if m.body == "COM5")
    assert 0 < len(com5.interested) < len(problem.delegations)


def test_interest_follows_regional_membership(conference):
    """A proposal of a regional organisation makes its members interested in the body."""
    from plenipot.conference.models import Organisation
    from plenipot.documents.models import Allocation, Document

    document = (
        Document.objects.filter(
            conference=conference, sources__kind="regional", body__status="active"
        )
        .select_related("body")
        .first()
    )
    allocation = Allocation.objects.filter(
        body__conference=conference, body__status="active", document__sources__kind="regional"
    ).select_related("body", "document").first()
    if document is None and allocation is None:
        pytest.skip("the demo gives no body a document of a regional organisation")
    document, body = (
        (document, document.body) if document is not None
        else (allocation.document, allocation.body)
    )
    regional = document.sources.filter(kind="regional").first()
    members = set(
        Organisation.objects.filter(regional_organisations=regional)
        .exclude(iso3="")
        .values_list("iso3", flat=True)
    )
    built = problem_build(conference=conference, first_day=conference.start, days=3)
    request = next(m for m in built.problem["meetings"] if m["body"] == body.code)
    delegations = {d["id"] for d in built.problem["delegations"]}
    assert members & delegations <= set(request["interested"])


def test_a_run_with_a_small_time_limit_finds_a_valid_timetable(conference, users):
    before = _timetable(conference)
    run = _run(conference, users["secretariat"], time_limit=5.0)
    assert run.status == PlanningRun.Status.DONE, run.error
    problem = problem_from_dict(run.problem)
    assignments = assignments_from_dict(run.result["assignments"])
    assert check_plan(problem, assignments) == []
    assert len(assignments) == len(problem.meetings)
    for key in ("overload_before", "overload_after", "evening_sessions", "moved", "weights",
                "lower_bound", "gap", "status"):
        assert key in run.figures
    assert run.figures["weights"] and all(w["weight"] > 1 for w in run.figures["weights"])
    assert _timetable(conference) == before  # a run alone changes no meeting


def test_only_the_secretariat_runs_and_publishes(conference, users):
    with pytest.raises(PermissionDenied):
        _run(conference, users["delegate1"])
    run = _run(conference, users["secretariat"])
    with pytest.raises(PermissionDenied):
        services.planning_publish(run=run, published_by=users["chair"])


def test_publish_puts_the_timetable_in_force_and_a_second_run_replaces_it(conference, users):
    secretariat = users["secretariat"]
    run = _run(conference, secretariat)
    meetings = Meeting.objects.filter(conference=conference)
    count = meetings.count()
    published = services.planning_publish(run=run, published_by=secretariat)
    new = [m for m in run.problem["meetings"] if not m.get("fixed")]
    assert len(published) == len(new)
    assert meetings.count() == count + len(published)
    window_end = conference.start + datetime.timedelta(days=3)
    for meeting in published:
        assert conference.start <= meeting.starts_at.date() < window_end
        assert meeting.room
    first = published[0]
    AgendaItem.objects.create(meeting=first, position=1, title="Opening")
    run.refresh_from_db()
    assert run.status == PlanningRun.Status.PUBLISHED

    again = _run(conference, secretariat)
    assert len(again.current) == len(published)  # the timetable in force is the start
    assert again.figures["overload_before"] == run.figures["overload_after"]
    services.planning_publish(run=again, published_by=secretariat)
    assert meetings.count() == count + len(published)  # replaced, not added to
    assert AgendaItem.objects.get(title="Opening").meeting_id == first.pk


def test_publish_is_all_or_nothing(conference, users, monkeypatch):
    secretariat = users["secretariat"]
    run = _run(conference, secretariat)
    before = _timetable(conference)
    real = services.meeting_services.meeting_schedule
    calls = []

    def failing(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise ValidationError("room taken")
        return real(**kwargs)

    monkeypatch.setattr(services.meeting_services, "meeting_schedule", failing)
    with pytest.raises(ValidationError):
        services.planning_publish(run=run, published_by=secretariat)
    assert len(calls) == 3
    assert _timetable(conference) == before
    run.refresh_from_db()
    assert run.status == PlanningRun.Status.DONE


def test_a_failed_run_keeps_the_timetable(conference, users, monkeypatch):
    secretariat = users["secretariat"]
    services.planning_publish(run=_run(conference, secretariat), published_by=secretariat)
    before = _timetable(conference)

    def broken(*args, **kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(services, "plan_with_second_process", broken)
    run = _run(conference, secretariat)
    assert run.status == PlanningRun.Status.FAILED
    assert "solver crashed" in run.error
    assert _timetable(conference) == before
    with pytest.raises(ValidationError):
        services.planning_publish(run=run, published_by=secretariat)
    assert _timetable(conference) == before


def test_a_run_that_times_out_keeps_the_timetable(conference, users, monkeypatch):
    secretariat = users["secretariat"]
    services.planning_publish(run=_run(conference, secretariat), published_by=secretariat)
    before = _timetable(conference)
    real = services.plan_with_second_process

    def timing_out(problem, **kwargs):
        result = real(problem, **kwargs)
        return dataclasses.replace(result, status="timeout")

    monkeypatch.setattr(services, "plan_with_second_process", timing_out)
    run = _run(conference, secretariat)
    assert run.status == PlanningRun.Status.TIMEOUT
    with pytest.raises(ValidationError):
        services.planning_publish(run=run, published_by=secretariat)
    assert _timetable(conference) == before


def test_a_bad_time_limit_is_refused(conference, users):
    with pytest.raises(ValidationError):
        _run(conference, users["secretariat"], time_limit=0)
    with pytest.raises(ValidationError):
        _run(conference, users["secretariat"], days=0)


@pytest.mark.django_db(transaction=True)
def test_the_run_happens_in_a_background_thread(users, conference):
    run = services.planning_start(
        conference=conference,
        started_by=users["secretariat"],
        first_day=conference.start,
        days=3,
        time_limit=5.0,
    )
    assert run.status == PlanningRun.Status.QUEUED  # the caller returned before the run
    run.thread.join(timeout=60)
    run.refresh_from_db()
    assert run.status == PlanningRun.Status.DONE, run.error


def test_a_run_interrupted_by_a_restart_is_marked_failed(conference, users):
    from django.utils import timezone

    run = services.planning_prepare(
        conference=conference, started_by=users["secretariat"], first_day=conference.start,
        days=3, time_limit=5.0,
    )
    PlanningRun.objects.filter(pk=run.pk).update(
        status=PlanningRun.Status.RUNNING,
        created_at=timezone.now() - datetime.timedelta(minutes=10),
    )
    fresh = services.planning_prepare(
        conference=conference, started_by=users["secretariat"], first_day=conference.start,
        days=3, time_limit=5.0,
    )
    run.refresh_from_db()
    assert run.status == PlanningRun.Status.FAILED and "Interrupted" in run.error
    assert fresh.status == PlanningRun.Status.QUEUED


def test_a_held_meeting_in_the_window_stays_and_takes_its_session(conference, users):
    from plenipot.planning.problem import slot_times

    secretariat = users["secretariat"]
    com4 = Body.objects.get(conference=conference, code="COM4")
    starts_at, ends_at = slot_times(f"{conference.start.isoformat()}-A")
    held = Meeting.objects.create(
        conference=conference, body=com4, number=99, starts_at=starts_at, ends_at=ends_at,
        room="Room D", openness=com4.openness, status=Meeting.Status.HELD,
    )
    run = _run(conference, secretariat)
    request = next(m for m in run.problem["meetings"] if m["id"] == "COM4-99")
    assert request["fixed"] == f"{conference.start.isoformat()}-A"
    placed = {a["meeting"]: a["slot"] for a in run.result["assignments"]}
    others = [m["id"] for m in run.problem["meetings"]
              if m["body"] == "COM4" and m["id"] != "COM4-99"]
    assert all(placed[o] != request["fixed"] for o in others)  # one chair, one meeting
    count = Meeting.objects.count()
    published = services.planning_publish(run=run, published_by=secretariat)
    assert held.pk not in {m.pk for m in published}
    assert Meeting.objects.count() == count + len(published)
    held.refresh_from_db()
    assert (held.starts_at, held.room, held.status) == (starts_at, "Room D", "held")
