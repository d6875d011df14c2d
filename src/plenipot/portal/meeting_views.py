"""Meeting pages: the timetable and each meeting with its agenda, summary record and the
chair's decision form."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from plenipot.accounts.roles import actor_for
from plenipot.conference import selectors as conference_selectors
from plenipot.conference.models import Body, Conference
from plenipot.documents.models import Document
from plenipot.documents.selectors import document_by_symbol, documents_readable_ids
from plenipot.meetings import selectors, services
from plenipot.meetings.forms import AgendaItemForm, MeetingForm
from plenipot.meetings.models import Meeting
from plenipot.meetings.permissions import may_schedule_meeting
from plenipot.negotiation.models import Instrument
from plenipot.planning import selectors as planning_selectors
from plenipot.tracker.forms import DecisionForm
from plenipot.tracker.permissions import may_record_decision


def _conference() -> Conference:
    conference = conference_selectors.conference_current()
    if conference is None:
        raise Http404(_("No conference has been set up yet."))
    return conference


def _schedulable_bodies(user, conference: Conference):
    """The bodies whose meetings this user may schedule: all for the secretariat, the
    bodies they preside over for a chair."""
    bodies = Body.objects.filter(conference=conference, status=Body.Status.ACTIVE)
    if not user.is_authenticated:
        return bodies.none()
    actor = actor_for(user)
    return bodies.filter(
        pk__in=[body.pk for body in bodies if may_schedule_meeting(actor, body.pk)]
    )


def _flash(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_http_methods(["GET", "HEAD", "POST"])
def meeting_list(request: HttpRequest) -> HttpResponse:
    conference = _conference()
    bodies = _schedulable_bodies(request.user, conference)
    form = None
    if bodies.exists():
        form = MeetingForm(request.POST or None, bodies=bodies)
        if request.method == "POST":
            if form.is_valid():
                starts_at, ends_at = form.moments()
                try:
                    meeting = services.meeting_schedule(
                        body=form.cleaned_data["body"],
                        starts_at=starts_at,
                        ends_at=ends_at,
                        scheduled_by=request.user,
                        room=form.cleaned_data["room"],
                        webcast_url=form.cleaned_data["webcast_url"],
                    )
                except ValidationError as exc:
                    _flash(request, exc)
                else:
                    messages.success(request, _("Scheduled: %(meeting)s") % {"meeting": meeting})
                    return redirect("meeting-detail", meeting.pk)
    elif request.method == "POST":
        raise Http404(_("Only the secretariat or a chair schedules meetings."))
    body = None
    code = request.GET.get("body")
    if code:
        body = Body.objects.filter(conference=conference, code=code).first()
    meetings = selectors.meetings_visible(
        user=request.user, meetings=selectors.meeting_list(conference=conference, body=body)
    )
    days = [
        (day, list(group))
        for day, group in groupby(meetings, key=lambda m: timezone.localtime(m.starts_at).date())
    ]
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "conference": conference,
            "days": days,
            "body": body,
            "form": form,
            "room_labels": planning_selectors.room_labels(conference),
        },
    )


@require_http_methods(["GET", "HEAD"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference()
    meeting = _meeting(conference, request, pk)
    actor = actor_for(request.user)
    presides = may_schedule_meeting(actor, meeting.body_id)
    chairs = may_record_decision(actor, meeting.body_id)
    decision_form = decision_fields = None
    if chairs:
        decision_form = DecisionForm(body=meeting.body)
        # The same fields under every item: rendered once, not once per item (a
        # committee can take dozens of texts in one meeting, each select long).
        decision_fields = render_to_string(
            "meetings/decision_fields.html", {"form": decision_form}, request=request
        )
    agenda = list(meeting.items.all())
    # One query for the whole agenda: a committee takes dozens of texts in a meeting.
    readable = documents_readable_ids(
        user=request.user, documents=[item.document for item in agenda]
    )
    items = [
        {
            "item": item,
            "document": item.document if item.document_id in readable else None,
            "decisions": list(item.decisions.all()),
        }
        for item in agenda
    ]
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "conference": conference,
            "meeting": meeting,
            "room_labels": planning_selectors.room_labels(conference),
            "items": items,
            "presides": presides,
            "agenda_form": AgendaItemForm() if presides else None,
            "decision_form": decision_form,
            "decision_fields": decision_fields,
        },
    )


def _meeting(conference: Conference, request: HttpRequest, pk: int) -> Meeting:
    try:
        meeting = selectors.meeting_get(conference=conference, pk=pk)
    except Meeting.DoesNotExist:
        raise Http404(_("No such meeting.")) from None
    if not selectors.meeting_visible(user=request.user, meeting=meeting):
        raise Http404(_("No such meeting."))
    return meeting


@require_POST
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference()
    meeting = _meeting(conference, request, pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            document = _document(conference, form.cleaned_data["document"])
            instrument = None
            if form.cleaned_data["instrument"]:
                instrument = Instrument.objects.filter(
                    conference=conference, number=form.cleaned_data["instrument"]
                ).first()
                if instrument is None:
                    raise ValidationError(_("No such resolution."))
            services.agenda_item_add(
                meeting=meeting,
                title=form.cleaned_data["title"],
                added_by=request.user,
                document=document,
                instrument=instrument,
            )
        except ValidationError as exc:
            _flash(request, exc)
    return redirect(reverse("meeting-detail", args=[meeting.pk]))


def _document(conference: Conference, text: str) -> Document | None:
    if not text.strip():
        return None
    return document_by_symbol(conference=conference, text=text)


@require_POST
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference()
    meeting = _meeting(conference, request, pk)
    try:
        services.meeting_close(
            meeting=meeting, closed_by=request.user, summary=request.POST.get("summary", "")[:20000]
        )
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(reverse("meeting-detail", args=[meeting.pk]))
