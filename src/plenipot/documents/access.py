"""The access policy for documents: every read of a document asks here.

`plenipot.engine.access` decides; this module feeds it the facts from the database and
turns the same rules into one filter for lists, so that a list never shows what a detail
page would refuse. `tests/accounts/test_access_service.py` holds the two equal. Bodies,
meetings and their live channels are in `accounts.access`.

- `document_readable(user, document)`: may this user read this document?
- `documents_readable(user, queryset)`: the readable part of a queryset, one filter.
- `access_document(user, document_id)`: the document, or Http404 when it does not exist
  or is not readable (the two are indistinguishable); restricted reads are audited.
- `decisions_of(conference)`: the conference's decisions on what the public reads.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from plenipot.accounts.models import AccessDecisions, AuditEntry, DocumentRelease
from plenipot.accounts.roles import reader_for
from plenipot.conference.models import Conference
from plenipot.documents.models import Document
from plenipot.engine import access as policy

# Draft texts of limited distribution (DL/…) are limited whatever their release says.
LIMITED_SERIES = "DL"
DEFAULT_DECISIONS = policy.Decisions()


# --- facts ------------------------------------------------------------------------------


def decisions_of(conference: Conference | int) -> policy.Decisions:
    conference_id = conference if isinstance(conference, int) else conference.pk
    row = AccessDecisions.objects.filter(conference_id=conference_id).first()
    return _decisions(row)


def _decisions(row: AccessDecisions | None) -> policy.Decisions:
    if row is None:
        return DEFAULT_DECISIONS
    return policy.Decisions(
        public_kinds=frozenset(row.public_kinds or ()),
        source_may_publish=row.source_may_publish,
    )


UNREGISTERED = (Document.Status.SUBMITTED, Document.Status.RETURNED)


def document_facts(document: Document) -> policy.DocumentFacts:
    """The policy's view of a document. Loads sources, body and release if not loaded."""
    try:
        release = document.release
    except DocumentRelease.DoesNotExist:
        release = None
    body = document.body
    return policy.DocumentFacts(
        kind=document.kind,
        sources=frozenset(source.pk for source in document.sources.all()),
        body_id=document.body_id,
        body_openness=body.openness if body is not None else None,
        published_by_source=bool(release and release.published_by_source),
        limited=bool(release and release.limited) or document.series == LIMITED_SERIES,
        # A submission returned to its sources stays theirs, as before registration.
        registered=document.status not in UNREGISTERED,
    )


# --- single documents -------------------------------------------------------------------


def document_readable(user, document: Document) -> bool:
    return policy.may_read_document(
        reader_for(user), document_facts(document), decisions_of(document.conference_id)
    )


def document_restricted(document: Document) -> bool:
    """Whether the public may not read this document (the policy's own answer)."""
    return policy.is_restricted(document_facts(document), decisions_of(document.conference_id))


def access_document(user, document_id: int | str) -> Document:
    """The document if this user may read it; Http404 otherwise, absent or restricted.

    A read of a restricted document (one the public may not read) is recorded in the
    audit log.
    """
    try:
        pk = int(document_id)
    except (TypeError, ValueError):
        raise Http404("document") from None
    document = (
        Document.objects.select_related("body", "release", "conference")
        .prefetch_related("sources")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404("document")
    facts = document_facts(document)
    decisions = decisions_of(document.conference_id)
    if not policy.may_read_document(reader_for(user), facts, decisions):
        raise Http404("document")
    if policy.is_restricted(facts, decisions):
        AuditEntry.objects.create(
            user=user if user is not None and user.is_authenticated else None,
            action=AuditEntry.Action.RESTRICTED_READ,
            conference_id=document.conference_id,
            document=document,
            detail={"symbol": document.symbol},
        )
    return document


# --- lists ------------------------------------------------------------------------------

_NOTHING = Q(pk__in=[])
_REGISTERED = ~Q(status__in=UNREGISTERED)
_NOT_LIMITED = (
    (Q(release__isnull=True) | Q(release__limited=False)) & ~Q(series=LIMITED_SERIES) & _REGISTERED
)
_NOT_CLOSED = Q(body__isnull=True) | Q(
    body__openness__in=[policy.OPEN_PUBLIC, policy.OPEN_PARTICIPANTS]
)
_PUBLISHED = Q(release__published_by_source=True) & _REGISTERED


def _kinds_up_to(audience: policy.Audience) -> list[str]:
    return [kind for kind, level in policy.KIND_AUDIENCE.items() if level <= audience]


def _audience_q(decisions: policy.Decisions, level: policy.Audience) -> Q:
    """Documents whose audience includes readers of `level` (mirrors document_audience)."""
    q = _PUBLISHED if decisions.source_may_publish else _NOTHING
    public_kinds = sorted(decisions.public_kinds)
    if public_kinds:
        q |= _NOT_LIMITED & _NOT_CLOSED & Q(kind__in=public_kinds)
    if level >= policy.Audience.PARTICIPANTS:
        q |= _NOT_LIMITED & _NOT_CLOSED & Q(kind__in=_kinds_up_to(policy.Audience.PARTICIPANTS))
    if level >= policy.Audience.DELEGATIONS:
        q |= _NOT_LIMITED & Q(kind__in=_kinds_up_to(policy.Audience.DELEGATIONS))
    return q


def _reader_level(reader: policy.Reader) -> policy.Audience:
    for level in (policy.Audience.DELEGATIONS, policy.Audience.PARTICIPANTS):
        if policy.reader_in_audience(reader, level):
            return level
    return policy.Audience.PUBLIC


def documents_readable_q(user) -> Q | None:
    """The filter for documents this user may read; None when they may read all."""
    reader = reader_for(user)
    if reader.role == policy.SECRETARIAT:
        return None
    if reader.role in policy.STAFF_ROLES:
        return _REGISTERED
    level = _reader_level(reader)
    rows = list(AccessDecisions.objects.all())
    q = ~Q(conference_id__in=[row.conference_id for row in rows]) & _audience_q(
        DEFAULT_DECISIONS, level
    )
    for row in rows:
        q |= Q(conference_id=row.conference_id) & _audience_q(_decisions(row), level)
    if reader.organisations:
        through = Document.sources.through
        q |= Q(
            Exists(
                through.objects.filter(
                    document_id=OuterRef("pk"), organisation_id__in=sorted(reader.organisations)
                )
            )
        )
    if reader.chaired_bodies:
        q |= Q(body_id__in=sorted(reader.chaired_bodies)) & _REGISTERED
    return q


def documents_readable(user, queryset: QuerySet[Document]) -> QuerySet[Document]:
    """The documents of `queryset` this user may read, by one filter in the database."""
    q = documents_readable_q(user)
    return queryset if q is None else queryset.filter(q)
