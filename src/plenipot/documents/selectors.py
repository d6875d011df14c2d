"""Reading documents and proposals."""

from __future__ import annotations

from django.db.models import QuerySet

from plenipot.conference.models import Body, Conference
from plenipot.documents.models import Document, Proposal


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
