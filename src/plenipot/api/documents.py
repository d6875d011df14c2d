"""Document endpoints: the list, with filters and full-text search, and one document.

Every answer passes through the access policy: the list is filtered in the database, a
document that does not exist and one the caller may not read both answer 404.
"""

import datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Schema
from ninja.pagination import paginate

from plenipot.api.api import api
from plenipot.api.endpoints import MAX_ID, Page, ShortName, _conference
from plenipot.api.schemas import ErrorOut
from plenipot.conference.models import Language
from plenipot.documents.models import Document
from plenipot.portal import search
from plenipot.portal.documents import document_detail as detail
from plenipot.portal.documents import documents_matching

CODE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"


class DocumentOut(Schema):
    id: int
    symbol: str
    number: str
    addendum: int
    revision: int
    kind: str
    status: str
    title: str
    date: datetime.date
    original_language: str
    body: str | None
    sources: list[str]

    @staticmethod
    def resolve_symbol(obj) -> str:
        return str(obj.symbol)

    @staticmethod
    def resolve_body(obj) -> str | None:
        return obj.body.code if obj.body_id else None

    @staticmethod
    def resolve_sources(obj) -> list[str]:
        return [s.symbol or s.acronym or s.name for s in obj.sources.all()]


class ProposalOut(Schema):
    symbol: str
    mark: str
    instrument: str | None
    target: str
    text: str
    reasons: str

    @staticmethod
    def resolve_instrument(obj) -> str | None:
        return obj.instrument.number if obj.instrument_id else None


class DocumentDetailOut(DocumentOut):
    text: str
    proposals: list[ProposalOut]

    @staticmethod
    def resolve_proposals(obj) -> list:
        return obj.proposal_rows


class DocumentFilters(Schema):
    kind: Document.Kind | None = None
    body: Annotated[str, Field(pattern=CODE)] | None = None
    source: Annotated[str, Field(pattern=CODE)] | None = None
    language: Language | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    q: Annotated[str, Field(max_length=search.MAX_QUERY_LENGTH)] | None = None


@api.get(
    "/conferences/{short_name}/documents",
    response={200: list[DocumentOut], 400: ErrorOut, 404: ErrorOut},
    tags=["documents"],
)
@paginate(Page)
def document_list(request: HttpRequest, short_name: ShortName, filters: Query[DocumentFilters]):
    query = search.query_parse(filters.q) if filters.q else None
    if query is not None and query.message:
        # Ninja's paginator wraps lists only; an empty page says "nothing matched".
        return Document.objects.none()
    return documents_matching(
        user=request.user, conference=_conference(short_name), kind=filters.kind,
        body=filters.body, source=filters.source, language=filters.language,
        date_from=filters.date_from, date_to=filters.date_to, query=query,
    )  # fmt: skip


@api.get(
    "/documents/{document_id}",
    response={200: DocumentDetailOut, 404: ErrorOut},
    tags=["documents"],
)
def document_detail(
    request: HttpRequest, document_id: Annotated[int, Path(ge=1, le=MAX_ID)]
):
    try:
        return detail(user=request.user, document_id=document_id)
    except Http404:
        raise Http404 from None
