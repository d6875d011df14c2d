"""What the portal pages read, on top of the conference selectors.

Each function fetches everything its page shows in a fixed number of queries, whatever
the size of the conference."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from plenipot.conference import selectors as conference_selectors
from plenipot.conference.models import Body, Conference, Delegation, Organisation, Person
from plenipot.documents.access import documents_readable
from plenipot.documents.models import Document, Proposal
from plenipot.negotiation.models import Instrument


@dataclass(frozen=True)
class ConferenceCounts:
    member_states: int
    delegations: int
    bodies: int
    resolutions: int
    proposals: int


def conference_counts(*, conference: Conference, user=None) -> ConferenceCounts:
    """The home page's figures; proposals are counted only in documents `user` may read."""
    readable = documents_readable(user, Document.objects.filter(conference=conference))
    return ConferenceCounts(
        member_states=Organisation.objects.filter(kind=Organisation.Kind.MEMBER_STATE).count(),
        delegations=conference.delegations.count(),
        bodies=conference.bodies.count(),
        resolutions=Instrument.objects.filter(
            conference=conference, kind=Instrument.Kind.RESOLUTION
        ).count(),
        proposals=Proposal.objects.filter(document__in=readable.values("pk")).count(),
    )


def _bodies(conference: Conference) -> QuerySet[Body]:
    return conference.bodies.select_related("chair__delegation__organisation").order_by(
        "position", "code"
    )


def body_committees(*, conference: Conference) -> list[Body]:
    """The committees and working groups of the Plenary, with their chairs."""
    return list(_bodies(conference).filter(kind__in=[Body.Kind.COMMITTEE, Body.Kind.WORKING_GROUP]))


def body_next_deadlines(
    *, conference: Conference, today: datetime.date, limit: int = 6
) -> list[Body]:
    """Active bodies due to report, soonest first.

    Once a conference is over its deadlines are listed from its first day, so an
    archived conference still shows how its groups were paced.
    """
    since = today if today <= conference.end else conference.start
    return list(
        _bodies(conference)
        .filter(status=Body.Status.ACTIVE, deadline__isnull=False, deadline__gte=since)
        .order_by("deadline", "position", "code")[:limit]
    )


def body_page(*, conference: Conference, code: str, user=None) -> Body:
    """A body with its parent, chair, vice-chairs, children and the allocated documents
    that `user` may read."""
    bodies = conference_selectors.body_list(conference=conference).prefetch_related(
        Prefetch("children", queryset=_bodies(conference)),
        Prefetch(
            "documents",
            queryset=documents_readable(
                user, Document.objects.prefetch_related("sources")
            ).order_by("number", "addendum", "revision"),
        ),
    )
    try:
        return bodies.get(code=code)
    except Body.DoesNotExist as exc:
        raise Http404(code) from exc


def delegation_list(
    *, conference: Conference, region: str = "", sort: str = "name"
) -> list[Delegation]:
    """Delegations with their size (`member_count`), by ITU region, by name or size."""
    delegations = conference_selectors.delegation_list(conference=conference)
    if region:
        delegations = delegations.filter(organisation__itu_region=region)
    if sort == "size":
        delegations = delegations.order_by("-member_count", "organisation__name")
    return list(delegations)


def delegation_key(delegation: Delegation) -> str:
    """The last part of a delegation's address: ISO alpha-3, else ITU symbol, else id."""
    organisation = delegation.organisation
    return organisation.iso3 or organisation.symbol or str(delegation.pk)


def delegation_page(*, conference: Conference, key: str) -> Delegation:
    """A delegation by ISO alpha-3 code, ITU symbol or id, with its regional groups."""
    delegations = conference.delegations.select_related("organisation").prefetch_related(
        Prefetch(
            "organisation__regional_organisations",
            queryset=Organisation.objects.order_by("acronym", "name"),
        ),
    )
    for lookup in ("organisation__iso3__iexact", "organisation__symbol__iexact"):
        delegation = delegations.filter(**{lookup: key}).first()
        if delegation is not None:
            return delegation
    if key.isdigit():
        delegation = delegations.filter(pk=int(key)).first()
        if delegation is not None:
            return delegation
    raise Http404(key)


def bodies_chaired_by(*, conference: Conference, people: list[Person]) -> list[Body]:
    """Bodies that any of these people chairs or vice-chairs."""
    return list(
        _bodies(conference).filter(Q(chair__in=people) | Q(vice_chairs__in=people)).distinct()
    )
