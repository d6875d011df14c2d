"""Reading documents and proposals."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from plenipot.conference.models import Body, Conference
from plenipot.documents.access import document_readable, documents_readable
from plenipot.documents.models import Allocation, Document, Proposal, SubmissionDeadline
from plenipot.documents.symbol_errors import symbol_error_text
from plenipot.engine.symbols import Symbol, SymbolError, parse_symbol


def document_list(
    *, conference: Conference, kind: str | None = None, body: Body | None = None
) -> QuerySet[Document]:
    documents = Document.objects.filter(conference=conference).prefetch_related("sources")
    if kind:
        documents = documents.filter(kind=kind)
    if body is not None:
        documents = documents.filter(body=body)
    return documents


def proposal_list(
    *, conference: Conference, instrument_number: str | None = None
) -> QuerySet[Proposal]:
    proposals = (
        Proposal.objects.filter(document__conference=conference)
        .select_related("document", "instrument")
        .prefetch_related("sources")
    )
    if instrument_number:
        proposals = proposals.filter(instrument__number=instrument_number)
    return proposals


def submission_deadline(*, conference: Conference) -> datetime.datetime:
    """When submissions close: the conference's own deadline, else 28 days before it opens."""
    found = SubmissionDeadline.objects.filter(conference=conference).first()
    if found is not None:
        return found.closes_at
    opening = datetime.datetime.combine(conference.start, datetime.time(), tzinfo=datetime.UTC)
    return opening - datetime.timedelta(days=28)


def document_is_late(document: Document, deadline: datetime.datetime) -> bool:
    """Received after the submission deadline (`deadline`: `submission_deadline` of its
    conference, read once for a list)."""
    return bool(document.submitted_at and document.submitted_at > deadline)


def submission_queue(*, conference: Conference, status: str = Document.Status.SUBMITTED) -> list:
    """The secretariat's intake: submissions in `status`, newest first, each with
    `late` (after the deadline), `instruments` (what its proposals change) and its
    sources. Four queries whatever the number of submissions."""
    deadline = submission_deadline(conference=conference)
    documents = list(
        Document.objects.filter(conference=conference, status=status)
        .select_related("submitted_by", "returned")
        .prefetch_related("sources", "proposals__instrument")
        .order_by("-submitted_at", "-pk")
    )
    for document in documents:
        document.late = document_is_late(document, deadline)
        seen = {}
        for proposal in document.proposals.all():
            if proposal.instrument_id and proposal.instrument_id not in seen:
                seen[proposal.instrument_id] = proposal.instrument
        document.instrument_list = list(seen.values())
    return documents


def documents_to_allocate(*, conference: Conference, limit: int = 200) -> QuerySet[Document]:
    """Registered input documents not yet allocated to any body, newest first."""
    return (
        Document.objects.filter(
            conference=conference,
            kind=Document.Kind.INPUT,
            status=Document.Status.REGISTERED,
            body__isnull=True,
            allocations__isnull=True,
        )
        .prefetch_related("sources")
        .order_by("-date", "-sequence", "-addendum", "-pk")[:limit]
    )


def body_agenda(*, body: Body) -> QuerySet:
    """The documents and proposals allocated to a body, in the order they came."""
    return Allocation.objects.filter(body=body).select_related("document", "proposal")


def document_readable_list(*, user, documents: QuerySet[Document]) -> QuerySet[Document]:
    """The documents of `documents` that `user` may read (the access policy's answer)."""
    return documents_readable(user, documents)


def document_is_readable(*, user, document: Document) -> bool:
    """Whether `user` may read one document (the access policy's answer)."""
    return document_readable(user, document)


def documents_readable_ids(*, user, documents: Iterable[Document | None]) -> set[int]:
    """The ids of those of `documents` that `user` may read: the policy's filter, in one
    query for them all, where a list asking `document_is_readable` of each of its rows
    would run a few queries per row."""
    ids = {document.pk for document in documents if document is not None}
    if not ids:
        return set()
    readable = documents_readable(user, Document.objects.filter(pk__in=ids))
    return set(readable.values_list("pk", flat=True))


def document_find(*, conference: Conference, symbol: Symbol) -> Document | None:
    """The document a parsed symbol names, or None."""
    return Document.objects.filter(
        conference=conference,
        number=symbol.key,
        revision=symbol.revision,
        addendum=symbol.addendum,
        corrigendum=symbol.corrigendum,
    ).first()


def document_by_symbol(*, conference: Conference, text: str) -> Document:
    """The registered document a symbol names; ValidationError when malformed or absent."""
    try:
        symbol = parse_symbol(text)
    except SymbolError as exc:
        raise ValidationError(symbol_error_text(exc)) from None
    document = document_find(conference=conference, symbol=symbol)
    if document is None:
        raise ValidationError(
            _("%(symbol)s is not registered.") % {"symbol": symbol.with_language(None)}
        )
    return document
