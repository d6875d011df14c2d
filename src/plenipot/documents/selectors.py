"""Reading documents and proposals."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from plenipot.conference.models import Body, Conference
from plenipot.documents.access import document_readable, documents_readable
from plenipot.documents.models import Allocation, Document, Proposal, SubmissionDeadline
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


def body_agenda(*, body: Body) -> QuerySet:
    """The documents and proposals allocated to a body, in the order they came."""
    return Allocation.objects.filter(body=body).select_related("document", "proposal")


def document_readable_list(*, user, documents: QuerySet[Document]) -> QuerySet[Document]:
    """The documents of `documents` that `user` may read (the access policy's answer)."""
    return documents_readable(user, documents)


def document_is_readable(*, user, document: Document) -> bool:
    """Whether `user` may read one document (the access policy's answer)."""
    return document_readable(user, document)


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
        raise ValidationError(str(exc)) from None
    document = document_find(conference=conference, symbol=symbol)
    if document is None:
        raise ValidationError(f"{symbol.with_language(None)} is not registered.")
    return document
