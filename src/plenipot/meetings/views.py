"""Meeting pages: the timetable and each meeting with its summary record."""

from __future__ import annotations

from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from plenipot.conference import selectors as conference_selectors
from plenipot.conference.models import Body, Conference
from plenipot.documents.selectors import document_is_readable
from plenipot.meetings import selectors
from plenipot.meetings.models import Meeting


def _conference() -> Conference:
    conference = conference_selectors.conference_current()
    if conference is None:
        raise Http404(_("No conference has been set up yet."))
    return conference


@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    conference = _conference()
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
        {"conference": conference, "days": days, "body": body},
    )


@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference()
    try:
        meeting: Meeting = selectors.meeting_get(conference=conference, pk=pk)
    except Meeting.DoesNotExist:
        raise Http404(_("No such meeting.")) from None
    if not selectors.meeting_visible(user=request.user, meeting=meeting):
        raise Http404(_("No such meeting."))
    items = []
    for item in meeting.items.all():
        document = item.document
        readable = document is not None and document_is_readable(
            user=request.user, document=document
        )
        items.append(
            {
                "item": item,
                "document": document if readable else None,
                "decisions": list(item.decisions.all()),
            }
        )
    return render(
        request,
        "meetings/meeting_detail.html",
        {"conference": conference, "meeting": meeting, "items": items},
    )
