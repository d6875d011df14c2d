"""API of the meeting planner: the secretariat starts a run, reads how it stands and what
it found, and publishes its timetable. Everyone else is told no (403) when starting a run
or listing them, and finds no run (404) when asking for one."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from plenipot.accounts.roles import actor_for
from plenipot.conference import selectors as conference_selectors
from plenipot.core.api_errors import ErrorOut
from plenipot.core.errors import NotFound
from plenipot.planning.actions import (
    check_planner_open,
    check_planning_publish,
    check_planning_start,
)
from plenipot.planning.models import PlanningRun

router = Router(tags=["planner"])
RunId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class RunIn(Schema):
    first_day: datetime.date | None = Field(
        None, description="The first conference day to plan; today (or the first day) if left out."
    )
    days: int = Field(5, ge=1, le=31, description="How many conference days to plan.")
    time_limit: float = Field(30.0, ge=1, le=600, description="Seconds the planner may search.")


class AssignmentOut(Schema):
    meeting: str
    slot: str
    room: str


class RunOut(Schema):
    id: int
    status: str = Field(
        description="queued, running, done (a timetable found), infeasible, timeout, failed "
        "or published"
    )
    first_day: datetime.date
    days: int
    time_limit: float
    started_by: str | None
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    published_at: datetime.datetime | None
    error: str
    figures: dict[str, Any] = Field(
        description="Overload before and after, weighted overload, lower bound, gap, "
        "evening and weekend sessions, meetings moved, conflicts, weights"
    )


class RunDetailOut(RunOut):
    assignments: list[AssignmentOut]
    conflicts: list[str]


class PublishedOut(Schema):
    id: int
    status: str
    meetings: int


def _run_out(run: PlanningRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "status": run.status,
        "first_day": run.first_day,
        "days": run.days,
        "time_limit": run.time_limit,
        "started_by": run.started_by.username if run.started_by else None,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "published_at": run.published_at,
        "error": run.error,
        "figures": run.figures or {},
    }


def _run_for(request: HttpRequest, run_id: int) -> PlanningRun:
    """The run, for the secretariat only (403 for anyone else, as on the page)."""
    check_planner_open(actor_for(request.auth))
    run = PlanningRun.objects.select_related("started_by").filter(pk=run_id).first()
    if run is None:
        raise NotFound(_("There is no such planner run."))
    return run


@router.get(
    "/planning/runs",
    response={200: list[RunOut], 401: ErrorOut, 403: ErrorOut},
    summary="The planner's runs, newest first",
)
def runs(request: HttpRequest):
    """Secretariat only. The figures of each run; its timetable is in the run itself."""
    check_planner_open(actor_for(request.auth))
    conference = conference_selectors.conference_current()
    if conference is None:
        return 200, []
    found = PlanningRun.objects.filter(conference=conference).select_related("started_by")
    return 200, [_run_out(run) for run in found[:50]]


@router.post(
    "/planning/runs",
    response={202: RunOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Start a planner run",
)
def run_start(request: HttpRequest, payload: RunIn):
    """Secretariat only. Builds the problem from the conference as it stands and runs the
    planner in the background; the answer comes at once with status "queued". Read the
    run until its status is no longer queued or running. Nothing in the timetable changes
    until the run is published."""
    run = check_planning_start(
        actor_for(request.auth),
        conference=conference_selectors.conference_current(),
        first_day=payload.first_day,
        days=payload.days,
        time_limit=payload.time_limit,
    )
    return 202, _run_out(run)


@router.get(
    "/planning/runs/{run_id}",
    response={200: RunDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A planner run: its status, figures and timetable",
)
def run_detail(request: HttpRequest, run_id: RunId):
    """Secretariat only (404 for anyone else). `assignments` is the timetable the run
    found, empty until it is done; `conflicts` names the constraints that made the
    problem infeasible."""
    run = _run_for(request, run_id)
    result = run.result or {}
    return 200, {
        **_run_out(run),
        "assignments": result.get("assignments", []) if run.status in (
            PlanningRun.Status.DONE, PlanningRun.Status.PUBLISHED
        ) else [],
        "conflicts": result.get("conflicts", []),
    }


@router.post(
    "/planning/runs/{run_id}/publish",
    response={200: PublishedOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Put a run's timetable in force",
)
def run_publish(request: HttpRequest, run_id: RunId):
    """Secretariat only (403 for anyone else). All of it or nothing: when a meeting
    cannot take its new place, nothing changes and the answer (400) says why."""
    published = check_planning_publish(
        actor_for(request.auth), run=PlanningRun.objects.filter(pk=run_id).first()
    )
    run = PlanningRun.objects.get(pk=run_id)
    return 200, {"id": run.pk, "status": run.status, "meetings": len(published)}
