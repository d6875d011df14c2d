"""API of the six languages: where each language version of a text stands and what
keeps it from being issued in all six. Documents pass through the access policy."""

from __future__ import annotations

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema

from plenipot.translation import services
from plenipot.translation.models import SourceText

router = Router(tags=["six languages"])
SourceId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class VersionOut(Schema):
    language: str
    status: str
    provisions: int


class FailureOut(Schema):
    check: str
    language: str
    provision: str
    message: str


class LanguagesOut(Schema):
    id: int
    text: str
    original_language: str
    versions: list[VersionOut]
    ready: bool
    failures: list[FailureOut]


def _readable(request: HttpRequest, source: SourceText) -> bool:
    if source.document_id is None:
        return True
    from plenipot.documents.selectors import document_is_readable

    return document_is_readable(user=request.auth, document=source.document)


@router.get(
    "/translation/texts/{source_id}", response=LanguagesOut, summary="A text in six languages"
)
def text_languages(request: HttpRequest, source_id: SourceId) -> LanguagesOut:
    """Each language version's status, and the cross-language checks the Editorial
    Committee's gate applies (waived checks left out)."""
    source = (
        SourceText.objects.select_related("instrument", "document").filter(pk=source_id).first()
    )
    if source is None or not _readable(request, source):
        raise Http404
    failures = services.expressions_check(
        instrument_or_document=source.instrument or source.document
    )
    return LanguagesOut(
        id=source.pk,
        text=str(source),
        original_language=source.language,
        versions=[
            VersionOut(
                language=e.language,
                status=e.status,
                provisions=sum(1 for s in e.segments.values() if s.get("text")),
            )
            for e in source.expressions.all()
        ],
        ready=not failures,
        failures=[
            FailureOut(check=f.check, language=f.language, provision=f.eid, message=f.message)
            for f in failures
        ],
    )
