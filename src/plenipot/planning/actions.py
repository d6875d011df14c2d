"""The planner's use cases, one entry point each for the page and the API."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from plenipot.conference.models import Conference
from plenipot.core.actor import Actor
from plenipot.core.errors import Forbidden, NotFound, NotSignedIn
from plenipot.planning import services
from plenipot.planning.models import PlanningRun, Room
from plenipot.planning.permissions import may_plan


def check_planner_open(actor: Actor) -> None:
    """The planner's pages and runs are the secretariat's."""
    _planner(actor)


def _planner(actor: Actor) -> None:
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    if not may_plan(actor):
        raise Forbidden(_("Only the secretariat runs the planner."))


def check_planning_start(
    actor: Actor,
    *,
    conference: Conference | None,
    first_day: datetime.date | None = None,
    days: int | None = None,
    time_limit: float | None = None,
) -> PlanningRun:
    """Start a planner run on the conference as it stands; it runs in the background."""
    _planner(actor)
    if conference is None:
        raise NotFound(_("No conference has been set up yet."))
    options = {"first_day": first_day, "days": days, "time_limit": time_limit}
    return services.planning_start(
        conference=conference,
        started_by=actor.user,
        **{name: value for name, value in options.items() if value is not None},
    )


def check_planning_publish(actor: Actor, *, run: PlanningRun | None) -> list:
    """Put a run's timetable in force, all of it or nothing."""
    _planner(actor)
    if run is None:
        raise NotFound(_("There is no such planner run."))
    return services.planning_publish(run=run, published_by=actor.user)


def check_room_save(actor: Actor, *, form, conference: Conference) -> Room:
    """Add a room to the planner's list, or change one, from a valid `RoomForm`."""
    _planner(actor)
    return services.room_save(form=form, conference=conference, user=actor.user)


def check_room_delete(actor: Actor, *, room: Room) -> None:
    """Take a room off the planner's list; meetings already held there keep its name."""
    _planner(actor)
    services.room_delete(room=room, user=actor.user)
