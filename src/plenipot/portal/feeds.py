"""Atom feeds of new documents and iCalendar feeds of meetings.

Feeds are read by programs that rarely sign in, so they show what the caller may read
(usually the public's share); every item passes through the access policy like a page.
"""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from plenipot.conference.models import Conference, Delegation
from plenipot.meetings.calendar import ical_calendar
from plenipot.portal import documents as selectors
from plenipot.portal.views import _conference


def _atom(
    request: HttpRequest, *, conference: Conference, title: str, link: str, documents
) -> HttpResponse:
    """An Atom feed (RFC 4287) of documents: the feed names the conference as its author
    and its own address as its id; an entry names the document's sources, when it has
    any, as its authors."""
    feed = Atom1Feed(
        title=title,
        link=request.build_absolute_uri(link),
        description="",
        language=get_language(),
        feed_url=request.build_absolute_uri(),
        feed_guid=request.build_absolute_uri(request.path),
        author_name=conference.local_name,
    )
    for document in documents:
        url = request.build_absolute_uri(reverse("document-detail", args=[document.pk]))
        published = timezone.make_aware(datetime.datetime.combine(document.date, datetime.time()))
        sources = ", ".join(source.local_name() for source in document.sources.all())
        feed.add_item(
            title=f"{document.symbol}: {document.title}",
            link=url,
            description=document.title,
            unique_id=url,
            pubdate=published,
            updateddate=published,
            author_name=sources or None,
            categories=[document.get_kind_display()],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


@require_safe
def documents_feed(request: HttpRequest) -> HttpResponse:
    conference = _conference()
    return _atom(
        request,
        conference=conference,
        title=_("New documents, %(conference)s") % {"conference": conference.short_name},
        link=reverse("document-list"),
        documents=selectors.documents_for_feed(user=request.user, conference=conference),
    )


@require_safe
def body_documents_feed(request: HttpRequest, code: str) -> HttpResponse:
    conference = _conference()
    body = selectors.body_for_feed(user=request.user, conference=conference, code=code)
    return _atom(
        request,
        conference=conference,
        title=_("New documents of %(body)s") % {"body": body.code},
        link=reverse("body-detail", args=[body.code]),
        documents=selectors.documents_for_feed(
            user=request.user, conference=conference, body=body
        ),
    )


@require_safe
def instrument_documents_feed(request: HttpRequest, number: str) -> HttpResponse:
    conference = _conference()
    instrument = selectors.instrument_for_feed(conference=conference, number=number)
    return _atom(
        request,
        conference=conference,
        title=_("New documents on %(instrument)s %(number)s")
        % {"instrument": instrument.get_kind_display(), "number": instrument.number},
        link=reverse("document-list"),
        documents=selectors.documents_for_feed(
            user=request.user, conference=conference, instrument=instrument
        ),
    )


def _ics(request: HttpRequest, *, name: str, meetings) -> HttpResponse:
    return HttpResponse(
        ical_calendar(request, name=name, meetings=meetings),
        content_type="text/calendar; charset=utf-8",
    )


@require_safe
def meetings_ics(request: HttpRequest) -> HttpResponse:
    conference = _conference()
    return _ics(
        request,
        name=_("Meetings, %(conference)s") % {"conference": conference.short_name},
        meetings=selectors.meetings(user=request.user, conference=conference),
    )


@require_safe
def body_meetings_ics(request: HttpRequest, code: str) -> HttpResponse:
    conference = _conference()
    body = selectors.body_for_feed(user=request.user, conference=conference, code=code)
    return _ics(
        request,
        name=_("Meetings of %(body)s") % {"body": body.code},
        meetings=selectors.meetings(user=request.user, conference=conference, body=body),
    )


@require_safe
def delegation_meetings_ics(request: HttpRequest, key: str) -> HttpResponse:
    conference = _conference()
    delegations = Delegation.objects.filter(conference=conference).select_related("organisation")
    delegation = (
        delegations.filter(organisation__iso3__iexact=key).first()
        or delegations.filter(organisation__symbol__iexact=key).first()
    )
    if delegation is None:
        raise Http404(key)
    return _ics(
        request,
        name=_("Meetings for %(delegation)s") % {"delegation": delegation.organisation.local_name()},
        meetings=selectors.meetings(
            user=request.user, conference=conference, delegation=delegation
        ),
    )
