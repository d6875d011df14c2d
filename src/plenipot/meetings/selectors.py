"""Reading meetings and agendas."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet

from plenipot.accounts.access import meeting_watchable, meetings_watchable
from plenipot.conference.models import Body, Conference
from plenipot.meetings.models import AgendaItem, Meeting


def meeting_list(
    *, conference: Conference, body: Body | None = None, day: datetime.date | None = None
) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(conference=conference).select_related("body")
    if body is not None:
        meetings = meetings.filter(body=body)
    if day is not None:
        meetings = meetings.filter(starts_at__date=day)
    return meetings


def meeting_get(*, conference: Conference, pk: int) -> Meeting:
    """A meeting with its agenda, the agenda's documents and the decisions taken."""
    items = AgendaItem.objects.select_related("document", "instrument").prefetch_related(
        "decisions__statements__delegation__organisation", "decisions__referred_to"
    )
    return (
        Meeting.objects.select_related("body", "body__chair")
        .prefetch_related(Prefetch("items", queryset=items))
        .get(conference=conference, pk=pk)
    )


def meetings_left(*, body: Body, now: datetime.datetime) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body=body, starts_at__gte=now).exclude(
        status=Meeting.Status.CANCELLED
    )


def meetings_visible(*, user, meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings of `meetings` the user may see (the access policy's answer)."""
    return meetings_watchable(user, meetings)


def meeting_visible(*, user, meeting: Meeting) -> bool:
    return meeting_watchable(user, meeting)
