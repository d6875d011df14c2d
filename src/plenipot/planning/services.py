"""Starting the planner off the request path, recording its figures, publishing its timetable.

The run happens in a thread started by `planning_start`, with its own database connection:
the page that starts it returns at once and the secretariat's page polls the run. A run
that fails, finds nothing within its time limit or finds the problem infeasible changes no
meeting; only `planning_publish` writes the timetable, in one transaction.
"""

from __future__ import annotations

import datetime
import logging
import threading

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plenipot.accounts.roles import actor_for
from plenipot.conference import clock
from plenipot.conference.models import Body, Conference
from plenipot.engine.planner import (
    ProblemError,
    assignments_from_dict,
    check_plan,
    evening_and_weekend,
    measure_overload,
    problem_from_dict,
    result_to_dict,
)
from plenipot.engine.planner.secondary import parallel_pairs, room_fit
from plenipot.meetings import services as meeting_services
from plenipot.meetings.models import Meeting
from plenipot.planning.models import PlanningRun, Room
from plenipot.planning.permissions import may_plan
from plenipot.planning.problem import problem_build, slot_times
from plenipot.planning.search_process import plan_with_second_process

log = logging.getLogger(__name__)

MAX_TIME_LIMIT = 600.0


@transaction.atomic
def planning_prepare(
    *,
    conference: Conference,
    started_by,
    first_day: datetime.date | None = None,
    days: int = 5,
    time_limit: float = 30.0,
) -> PlanningRun:
    """Record a run with the problem built from the conference, ready to execute."""
    if not may_plan(actor_for(started_by)):
        raise PermissionDenied(_("Only the secretariat runs the planner."))
    if not (0 < time_limit <= MAX_TIME_LIMIT):
        raise ValidationError(_("The time limit must be between 1 and 600 seconds."))
    if not (1 <= days <= 31):
        raise ValidationError(_("Plan between 1 and 31 days."))
    first_day = first_day or max(clock.today(conference), conference.start)
    if first_day > conference.end:
        raise ValidationError(_("The conference is over: there is nothing to plan."))
    planning_expire(conference=conference)
    try:
        built = problem_build(conference=conference, first_day=first_day, days=days)
    except ProblemError as exc:
        raise ValidationError(_("The conference cannot be planned: %(error)s") % {"error": exc}) from exc
    return PlanningRun.objects.create(
        conference=conference,
        first_day=max(first_day, conference.start),
        days=days,
        time_limit=time_limit,
        problem=built.problem,
        current=built.current,
        origins=built.origins,
        started_by=started_by,
    )


STALE_AFTER = datetime.timedelta(minutes=2)


def planning_expire(*, conference: Conference) -> int:
    """Mark as failed the runs that should have ended long ago: their thread died with the
    process that ran it (a restart, a deployment)."""
    now = timezone.now()
    stale = [
        run.pk
        for run in PlanningRun.objects.filter(
            conference=conference,
            status__in=[PlanningRun.Status.QUEUED, PlanningRun.Status.RUNNING],
        ).only("pk", "created_at", "time_limit")
        if run.created_at + datetime.timedelta(seconds=run.time_limit) + STALE_AFTER < now
    ]
    return PlanningRun.objects.filter(pk__in=stale).update(
        status=PlanningRun.Status.FAILED,
        error=_("Interrupted: the process running the planner stopped."),
        finished_at=now,
    )


def planning_execute(*, run_id: int) -> PlanningRun:
    """Run the planner for a prepared run and store its result and figures.

    Never touches the meetings: a timeout, an infeasible problem or an error only marks
    the run."""
    updated = PlanningRun.objects.filter(pk=run_id, status=PlanningRun.Status.QUEUED).update(
        status=PlanningRun.Status.RUNNING
    )
    run = PlanningRun.objects.get(pk=run_id)
    if not updated:
        return run
    try:
        problem = problem_from_dict(run.problem)
        current = assignments_from_dict(run.current) if run.current else None
        result = plan_with_second_process(
            problem, current=current, time_limit=run.time_limit, workers=2
        )
        before = measure_overload(problem, current or ())
        evenings_before, _weekends = evening_and_weekend(problem, current or ())
        run.result = result_to_dict(result)
        if result.found:
            run.result["assignments"] = _held_rooms_kept(
                problem, run.result["assignments"], run.current, run.origins
            )
        run.figures = {
            "status": result.status,
            "overload_before": before.total,
            "weighted_before": before.weighted,
            "placed_before": len(current or ()),
            "overload_after": result.overload,
            "weighted_overload": result.weighted_overload,
            "lower_bound": result.lower_bound,
            "gap": result.gap,
            "evening_before": evenings_before,
            "evening_sessions": result.evening_sessions,
            "weekend_sessions": result.weekend_sessions,
            "moved": result.moved,
            "moves": run.result.get("moves", []),
            "room_fit_before": room_fit(problem, current or ()),
            "room_fit": result.room_fit,
            "badly_roomed": list(result.badly_roomed),
            "parallel_pairs_before": parallel_pairs(problem, current or ()),
            "parallel_pairs": result.parallel_pairs,
            "busiest_slot": result.busiest_slot,
            "meetings": len(problem.meetings),
            "delegations": len(problem.delegations),
            "slots": len(problem.slots),
            "rooms": len(problem.rooms),
            "seconds": result.seconds,
            "weights": [
                {"delegation": w.delegation, "size": w.size, "weight": w.weight}
                for w in result.weights
                if w.weight > 1
            ],
            "conflicts": list(result.conflicts),
        }
        if result.found:
            run.status = PlanningRun.Status.DONE
        elif result.status == "infeasible":
            run.status = PlanningRun.Status.INFEASIBLE
        else:
            run.status = PlanningRun.Status.TIMEOUT
    except Exception as exc:  # the run records any failure; the timetable stays as it is
        log.exception("planning run %s failed", run_id)
        run.status = PlanningRun.Status.FAILED
        run.error = f"{type(exc).__name__}: {exc}"
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "result", "figures", "error", "finished_at"])
    return run


def _held_rooms_kept(problem, assignments: list[dict], current: list[dict], origins) -> list[dict]:
    """Give each meeting already held its own room back.

    The planner keeps a held meeting in its session (the request is fixed) but may have
    swapped its room with another meeting's; rooms do not change the overload, so swap
    them back wherever every hard rule still holds."""
    rooms_held = {
        a["meeting"]: a["room"]
        for a in current
        if a["meeting"] not in origins
        and next((m.fixed for m in problem.meetings if m.id == a["meeting"]), None)
    }
    result = [dict(a) for a in assignments]
    at = {(a["slot"], a["room"]): a for a in result}
    for assignment in result:
        room = rooms_held.get(assignment["meeting"])
        if room is None or assignment["room"] == room:
            continue
        other = at.get((assignment["slot"], room))
        trial = [dict(a) for a in result]
        by_id = {a["meeting"]: a for a in trial}
        if other is not None:
            by_id[other["meeting"]]["room"] = assignment["room"]
        by_id[assignment["meeting"]]["room"] = room
        if not check_plan(problem, assignments_from_dict(trial)):
            if other is not None:
                other["room"] = assignment["room"]
                at[(other["slot"], other["room"])] = other
            assignment["room"] = room
            at[(assignment["slot"], room)] = assignment
    return result


def _execute_in_thread(run_id: int) -> None:
    close_old_connections()
    try:
        planning_execute(run_id=run_id)
    finally:
        connection.close()


def planning_start(
    *,
    conference: Conference,
    started_by,
    first_day: datetime.date | None = None,
    days: int = 5,
    time_limit: float = 30.0,
    background: bool = True,
) -> PlanningRun:
    """Prepare a run and execute it in a background thread (or here, when told not to)."""
    run = planning_prepare(
        conference=conference,
        started_by=started_by,
        first_day=first_day,
        days=days,
        time_limit=time_limit,
    )
    if background:
        thread = threading.Thread(
            target=_execute_in_thread, args=(run.pk,), name=f"planning-run-{run.pk}", daemon=True
        )
        transaction.on_commit(thread.start)
        run.thread = thread
    else:
        run = planning_execute(run_id=run.pk)
    return run


@transaction.atomic
def planning_publish(*, run: PlanningRun, published_by) -> list[Meeting]:
    """Put the run's timetable in force, all of it or nothing.

    The planned meetings the run re-planned move to their new slot and room (keeping
    their number, agenda and webcast link); the new requests are scheduled through the
    meetings service, which refuses a taken room. A clash with a meeting the run did not
    know of (one held or added meanwhile) undoes the whole publication."""
    if not may_plan(actor_for(published_by)):
        raise PermissionDenied(_("Only the secretariat publishes a timetable."))
    run = PlanningRun.objects.select_for_update().get(pk=run.pk)
    if run.status != PlanningRun.Status.DONE:
        raise ValidationError(_("Only a run that found a timetable can be published."))
    assignments = assignments_from_dict(run.result.get("assignments", []))
    requests = {m["id"]: m for m in run.problem["meetings"]}
    bodies = {
        b.code: b
        for b in Body.objects.filter(
            conference=run.conference, code__in={m["body"] for m in requests.values()}
        )
    }
    old = {
        m.pk: m
        for m in Meeting.objects.filter(
            pk__in=list(run.origins.values()), status=Meeting.Status.PLANNED
        )
    }
    if len(old) != len(run.origins):
        raise ValidationError(
            _("The timetable changed since this run started; run the planner again.")
        )
    published: list[Meeting] = []
    moved: list[Meeting] = []
    for assignment in assignments:
        origin = run.origins.get(assignment.meeting)
        if origin is None:
            continue
        meeting = old[origin]
        meeting.starts_at, meeting.ends_at = slot_times(assignment.slot)
        meeting.room = assignment.room
        moved.append(meeting)
    Meeting.objects.bulk_update(moved, ["starts_at", "ends_at", "room"])
    published.extend(moved)
    for assignment in assignments:
        if assignment.meeting in run.origins or requests[assignment.meeting].get("fixed"):
            continue  # re-planned above, or a meeting already held
        starts_at, ends_at = slot_times(assignment.slot)
        published.append(
            meeting_services.meeting_schedule(
                body=bodies[requests[assignment.meeting]["body"]],
                starts_at=starts_at,
                ends_at=ends_at,
                scheduled_by=published_by,
                room=assignment.room,
            )
        )
    for meeting in moved:
        clash = (
            Meeting.objects.filter(
                conference=run.conference,
                room=meeting.room,
                starts_at__lt=meeting.ends_at,
                ends_at__gt=meeting.starts_at,
            )
            .exclude(status=Meeting.Status.CANCELLED)
            .exclude(pk=meeting.pk)
            .select_related("body")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _("%(room)s is taken at that time by %(meeting)s.")
                % {"room": meeting.room, "meeting": str(clash)}
            )
    run.status = PlanningRun.Status.PUBLISHED
    run.published_at = timezone.now()
    run.published_by = published_by
    run.save(update_fields=["status", "published_at", "published_by"])
    return published


# --- rooms -------------------------------------------------------------------------------


def room_save(*, form, conference: Conference, user) -> Room:
    """Save a room from a valid RoomForm; only the secretariat edits the rooms."""
    if not may_plan(actor_for(user)):
        raise PermissionDenied(_("Only the secretariat edits the rooms."))
    room = form.save(commit=False)
    room.conference = conference
    room.full_clean()
    room.save()
    return room


def room_delete(*, room: Room, user) -> None:
    """Remove a room from the planner's list; meetings already held there keep its name."""
    if not may_plan(actor_for(user)):
        raise PermissionDenied(_("Only the secretariat edits the rooms."))
    room.delete()
