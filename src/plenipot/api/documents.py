"""Document endpoints: the list, with filters and full-text search, and one document;
issuing a document of a series and adding a language version's file.

Every answer passes through the access policy: the list is filtered in the database, a
document that does not exist and one the caller may not read both answer 404.
"""

import datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Path, Query, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from plenipot.accounts.roles import actor_for
from plenipot.api.api import api
from plenipot.api.endpoints import MAX_ID, Page, ShortName, _conference
from plenipot.api.schemas import ErrorOut
from plenipot.conference.models import Language
from plenipot.documents.actions import check_document_file_add, check_document_issue
from plenipot.documents.files import upload_limits
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


class LanguageVersionOut(Schema):
    language: str
    file: str | None = Field(description="Where to download this language's file, if any.")
    text: str = Field(description="The structured text of this language version, if any.")


class DocumentDetailOut(DocumentOut):
    text: str
    proposals: list[ProposalOut]
    languages: list[LanguageVersionOut]

    @staticmethod
    def resolve_languages(obj) -> list:
        return [
            {
                "language": version.language,
                "file": reverse("document-file", args=[obj.pk, version.language])
                if version.file
                else None,
                "text": version.text,
            }
            for version in obj.version_rows
        ]

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


# --- issuing -------------------------------------------------------------------------

WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut}
LANGUAGE_FILE = "A Word (.docx) or PDF file of this language version."


def _read(upload: UploadedFile | None) -> tuple[str, bytes] | None:
    if upload is None:
        return None
    # One byte over the cap is enough for the checks to refuse a file too large.
    return upload.name or "document", upload.read(upload_limits().max_file_bytes + 1)


@api.post(
    "/conferences/{short_name}/documents",
    response={201: DocumentDetailOut, **WRITE_ERRORS},
    tags=["documents"],
    summary="Issue the next document of a series (INF, ADM, DL, B, R), a file per language",
)
def document_issue(
    request: HttpRequest,
    short_name: ShortName,
    series: Annotated[str, Form(..., max_length=10, description="INF, ADM, DL, B or R.")],
    title: Annotated[str, Form(..., max_length=1000)],
    body: Annotated[str, Form("", max_length=40, description='A body\'s code, e.g. "COM5".')] = "",
    original_language: Annotated[str, Form("", max_length=5)] = "",
    file_ar: Annotated[UploadedFile | None, File(None, description=LANGUAGE_FILE)] = None,
    file_zh: Annotated[UploadedFile | None, File(None, description=LANGUAGE_FILE)] = None,
    file_en: Annotated[UploadedFile | None, File(None, description=LANGUAGE_FILE)] = None,
    file_fr: Annotated[UploadedFile | None, File(None, description=LANGUAGE_FILE)] = None,
    file_ru: Annotated[UploadedFile | None, File(None, description=LANGUAGE_FILE)] = None,
    file_es: Annotated[UploadedFile | None, File(None, description=LANGUAGE_FILE)] = None,
):
    """The secretariat issues any of these series; a delegation, its own information
    documents (they name it as their source). Each file is checked as on the page;
    nothing is stored when one is refused."""
    uploads = {"ar": file_ar, "zh": file_zh, "en": file_en, "fr": file_fr, "ru": file_ru, "es": file_es}
    files = {code: found for code, upload in uploads.items() if (found := _read(upload))}
    document = check_document_issue(
        actor_for(request.auth), conference=_conference(short_name), series=series.upper(),
        title=title, body_code=body, original_language=original_language, files=files,
    )  # fmt: skip
    return 201, detail(user=request.auth, document_id=document.pk)


@api.post(
    "/documents/{document_id}/files/{language}",
    response={200: DocumentDetailOut, **WRITE_ERRORS},
    tags=["documents"],
    summary="Add or replace the file of one language version",
)
def document_file_add(
    request: HttpRequest,
    document_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    language: Language,
    file: File[UploadedFile],
):
    filename, data = _read(file)
    check_document_file_add(
        actor_for(request.auth), document=Document.objects.filter(pk=document_id).first(),
        language=language, filename=filename, data=data,
    )  # fmt: skip
    return 200, detail(user=request.auth, document_id=document_id)
