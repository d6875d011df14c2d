"""Planning pages: the timetable grid, a delegation's clashes and calendar, and the
secretariat's page that runs the planner and publishes its timetable."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plenipot.accounts.roles import actor_for
from plenipot.accounts.services import token_user
from plenipot.conference import clock
from plenipot.conference import selectors as conference_selectors
from plenipot.conference.models import Conference, Delegation
from plenipot.core.errors import ActionError
from plenipot.core.pages import page_refusal
from plenipot.formats import pdf
from plenipot.meetings.calendar import ical_calendar
from plenipot.planning import selectors
from plenipot.planning.actions import (
    check_planning_publish,
    check_planning_start,
    check_room_delete,
    check_room_save,
)
from plenipot.planning.forms import PlanningForm, RoomForm
from plenipot.planning.models import PlanningRun, Room
from plenipot.planning.permissions import may_plan, may_see_clashes
from plenipot.planning.problem import delegation_code
from plenipot.planning.problem import rooms as rooms_in_use

DEFAULT_DAYS = 5


def _conference() -> Conference:
    conference = conference_selectors.conference_current()
    if conference is None:
        raise Http404(_("No conference has been set up yet."))
    return conference


def _window(request: HttpRequest, conference: Conference) -> tuple[datetime.date, int]:
    default = min(max(clock.today(conference), conference.start), conference.end)
    try:
        first_day = datetime.date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        first_day = default
    try:
        days = min(31, max(1, int(request.GET.get("days", DEFAULT_DAYS))))
    except ValueError:
        days = DEFAULT_DAYS
    return first_day, days


def _secretariat_only(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_plan(actor_for(request.user)):
        raise PermissionDenied(_("Only the secretariat runs the planner."))
    return None


def _own_delegation(user) -> Delegation | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None or person.delegation_id is None:
        return None
    return Delegation.objects.select_related("organisation").get(pk=person.delegation_id)


@require_safe
def timetable(request: HttpRequest) -> HttpResponse:
    conference = _conference()
    first_day, days = _window(request, conference)
    columns, rows = selectors.timetable_grid(
        user=request.user, conference=conference, first_day=first_day, days=days
    )
    return render(
        request,
        "planning/timetable.html",
        {
            "conference": conference,
            "columns": columns,
            "room_labels": selectors.room_labels(conference),
            "rows": rows,
            "first_day": first_day,
            "days": days,
            "previous": first_day - datetime.timedelta(days=days),
            "next": first_day + datetime.timedelta(days=days),
            "plans": may_plan(actor_for(request.user)),
            "own": _own_delegation(request.user),
        },
    )


@require_safe
def clashes(request: HttpRequest, key: str) -> HttpResponse:
    """A delegation's clashes: only the secretariat, or a member of that delegation."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    conference = _conference()
    delegation = (
        Delegation.objects.filter(conference=conference, organisation__iso3__iexact=key)
        .select_related("organisation")
        .first()
    )
    own = _own_delegation(request.user)
    allowed = delegation is not None and may_see_clashes(actor_for(request.user), delegation.pk)
    if delegation is None or not allowed:
        raise Http404(_("No such delegation, or not yours to see."))
    first_day, days = _window(request, conference)
    size, rows = selectors.delegation_clashes(
        conference=conference, delegation=delegation, first_day=first_day, days=days
    )
    return render(
        request,
        "planning/clashes.html",
        {
            "conference": conference,
            "delegation": delegation,
            "code": delegation_code(delegation),
            "size": size,
            "rows": rows,
            "total": sum(row.overload for row in rows),
            "first_day": first_day,
            "days": days,
            "previous": first_day - datetime.timedelta(days=days),
            "next": first_day + datetime.timedelta(days=days),
            "own": own is not None and own.pk == delegation.pk,
        },
    )


@require_safe
def my_clashes(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    own = _own_delegation(request.user)
    if own is None:
        raise Http404(_("You are not a member of a delegation."))
    # The window asked for (?from=…&days=…) goes along, so the week shown is the one asked.
    target = reverse("planning-clashes", args=[delegation_code(own)])
    query = request.GET.urlencode()
    return redirect(f"{target}?{query}" if query else target)


@require_safe
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The meetings of the bodies the user's delegation is taken to follow, as iCalendar.

    A calendar program cannot sign in: it may give the user's API token as `?token=`."""
    user = request.user
    if not user.is_authenticated and request.GET.get("token"):
        user = token_user(key=request.GET["token"]) or user
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to read your delegation's calendar."))
    own = _own_delegation(user)
    if own is None:
        raise Http404(_("You are not a member of a delegation."))
    conference = _conference()
    meetings = selectors.delegation_meetings(user=user, conference=conference, delegation=own)
    return HttpResponse(
        ical_calendar(
            request,
            name=str(_("Meetings for %(delegation)s") % {"delegation": own.organisation.local_name()}),
            meetings=meetings,
        ),
        content_type="text/calendar; charset=utf-8",
    )


def _journal_context(request: HttpRequest, day: str) -> dict:
    conference = _conference()
    try:
        date = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404(_("No such day.")) from None
    days = selectors.journal_days(conference)
    return {
        "conference": conference,
        "day": date,
        "times": selectors.journal_day(user=request.user, conference=conference, day=date),
        "previous": max((d for d in days if d < date), default=None),
        "next": min((d for d in days if d > date), default=None),
        "in_conference": date in days,
    }


@require_safe
def journal_today(request: HttpRequest) -> HttpResponse:
    """The Journal of the conference's today (or of its first or last day)."""
    conference = _conference()
    today = min(max(clock.today(conference), conference.start), conference.end)
    return redirect("planning-journal", today.isoformat())


@require_safe
def journal(request: HttpRequest, day: str) -> HttpResponse:
    """The Journal: the day's meetings by time and room, with their agendas."""
    return render(request, "planning/journal.html", _journal_context(request, day))


@require_safe
def journal_pdf(request: HttpRequest, day: str) -> HttpResponse:
    """The Journal of a day as PDF, to print or to hand out."""
    context = _journal_context(request, day)
    page = render_to_string("planning/journal_print.html", context, request=request)
    response = HttpResponse(pdf.html_pdf(page), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="journal-{context["day"].isoformat()}.pdf"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    refused = _secretariat_only(request)
    if refused is not None:
        return refused
    conference = _conference()
    first_day, days = _window(request, conference)
    form = PlanningForm(
        request.POST or None,
        initial={"first_day": first_day, "days": days, "time_limit": 30},
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = check_planning_start(
                actor_for(request.user),
                conference=conference,
                first_day=form.cleaned_data["first_day"],
                days=form.cleaned_data["days"],
                time_limit=form.cleaned_data["time_limit"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            return redirect("planning-run", run.pk)
    return render(
        request,
        "planning/runs.html",
        {"conference": conference, "form": form, "runs": selectors.runs(conference=conference)},
    )


@require_safe
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    refused = _secretariat_only(request)
    if refused is not None:
        return refused
    run = get_object_or_404(
        PlanningRun.objects.select_related("started_by", "published_by", "conference"), pk=pk
    )
    moves = [
        {**move, "why": _move_reason(move)} for move in (run.figures or {}).get("moves", [])
    ]
    return render(
        request, "planning/run_detail.html", {"run": run, "figures": run.figures, "moves": moves}
    )


def _move_reason(move: dict) -> str:
    """Why the planner moved a meeting of the timetable in force, in words."""
    reason, detail = move.get("reason"), move.get("detail", "")
    if reason == "gone":
        return _("Its session or room is no longer possible (its window, a fixed session or the room).")
    if reason == "overload":
        return _("Where it was, it would add %(count)s to the weighted overload.") % {
            "count": detail
        }
    if reason == "taken":
        return _("Its room at that session went to %(meeting)s, which has nowhere better.") % {
            "meeting": detail
        }
    return _("Fewer evening sessions, a room that fits better or a less crowded session.")


@require_POST
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    refused = _secretariat_only(request)
    if refused is not None:
        return refused
    run = PlanningRun.objects.filter(pk=pk).first()
    try:
        published = check_planning_publish(actor_for(request.user), run=run)
    except ActionError as exc:
        return page_refusal(request, exc, reverse("planning-runs"))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("planning-run", run.pk)
    messages.success(
        request, _("Published: %(count)s meetings in the timetable.") % {"count": len(published)}
    )
    return redirect(f"{reverse('planning-timetable')}?from={run.first_day.isoformat()}&days={run.days}")


@require_http_methods(["GET", "HEAD", "POST"])
def room_list(request: HttpRequest) -> HttpResponse:
    """The venue's rooms as the planner uses them, and a form to add one."""
    refused = _secretariat_only(request)
    if refused is not None:
        return refused
    conference = _conference()
    form = RoomForm(request.POST or None, instance=Room(conference=conference))
    if request.method == "POST" and form.is_valid():
        try:
            room = check_room_save(actor_for(request.user), form=form, conference=conference)
        except ActionError as exc:
            return page_refusal(request, exc, reverse("planning-rooms"))
        messages.success(request, _("%(name)s added to the rooms.") % {"name": room.name})
        return redirect("planning-rooms")
    return render(
        request,
        "planning/rooms.html",
        {
            "conference": conference,
            "form": form,
            "rooms": Room.objects.filter(conference=conference),
            "defaults": rooms_in_use(conference),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def room_edit(request: HttpRequest, pk: int) -> HttpResponse:
    refused = _secretariat_only(request)
    if refused is not None:
        return refused
    conference = _conference()
    room = get_object_or_404(Room, pk=pk, conference=conference)
    if request.method == "POST" and "delete" in request.POST:
        try:
            check_room_delete(actor_for(request.user), room=room)
        except ActionError as exc:
            return page_refusal(request, exc, reverse("planning-rooms"))
        messages.success(request, _("%(name)s removed from the rooms.") % {"name": room.name})
        return redirect("planning-rooms")
    form = RoomForm(request.POST or None, instance=room)
    if request.method == "POST" and form.is_valid():
        try:
            check_room_save(actor_for(request.user), form=form, conference=conference)
        except ActionError as exc:
            return page_refusal(request, exc, reverse("planning-rooms"))
        messages.success(request, _("%(name)s saved.") % {"name": room.name})
        return redirect("planning-rooms")
    return render(
        request, "planning/room_edit.html", {"conference": conference, "form": form, "room": room}
    )
