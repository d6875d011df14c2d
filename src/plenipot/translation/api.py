"""API of the six languages: where each language version of a text stands and what
keeps it from being issued in all six. Documents pass through the access policy."""

import datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from plenipot.accounts.roles import actor_for
from plenipot.conference.models import Conference
from plenipot.core.api_errors import ErrorOut
from plenipot.translation import selectors
from plenipot.translation.actions import access_source_for_actor

router = Router(tags=["six languages"])
SourceId = Annotated[int, Path(ge=1, le=2**31 - 1)]
ShortName = Annotated[
    str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$", description='For example "PP-14".')
]


class VersionOut(Schema):
    language: str
    status: str
    provisions: int


class FailureOut(Schema):
    check: str
    language: str
    provision: str
    message: str


class WaiverOut(Schema):
    check: str
    language: str
    provision: str
    reason: str
    waived_by: str
    waived_at: datetime.datetime


class LanguagesOut(Schema):
    id: int
    text: str
    original_language: str
    versions: list[VersionOut]
    ready: bool
    failures: list[FailureOut]
    waivers: list[WaiverOut]


@router.get(
    "/translation/texts/{source_id}",
    response={200: LanguagesOut, 404: ErrorOut},
    summary="A text in six languages",
)
def text_languages(request: HttpRequest, source_id: SourceId) -> LanguagesOut:
    """Each language version's status, the cross-language checks the Editorial
    Committee's gate applies (waived checks left out), and the standing waivers with
    who decided them, when and why."""
    source = access_source_for_actor(actor_for(request.auth), source_id)
    target = source.instrument or source.document
    failures = selectors.expressions_check(instrument_or_document=target)
    current_text = selectors.gate_current_text(source)
    if current_text is not None:
        failures += selectors.expressions_stale(
            instrument_or_document=target, current_text=current_text
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
        waivers=[
            WaiverOut(
                check=w.check_name,
                language=w.language,
                provision=w.eid,
                reason=w.reason,
                waived_by=str(w.waived_by),
                waived_at=w.waived_at,
            )
            for w in source.waivers.filter(withdrawn_at__isnull=True).select_related("waived_by")
        ],
    )


class TermOut(Schema):
    id: int
    ar: list[str]
    zh: list[str]
    en: list[str]
    fr: list[str]
    ru: list[str]
    es: list[str]
    note: str


class GlossaryPage(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=2**31 - 1)


class GlossaryFilters(Schema):
    search: Annotated[str, Field(max_length=100, pattern=r"^[^\x00]*$")] | None = None


@router.get(
    "/conferences/{short_name}/glossary",
    response={200: list[TermOut], 404: ErrorOut},
    summary="The conference's glossary in six languages",
)
@paginate(GlossaryPage)
def glossary(
    request: HttpRequest, short_name: ShortName, filters: Query[GlossaryFilters]
):
    """Each term with its accepted forms per language, the first being the one shown, in
    English alphabetical order; `search` keeps the terms with a form or note containing
    it, in any language. Paginated with `limit` and `offset`."""
    conference = Conference.objects.filter(short_name=short_name).first()
    if conference is None:
        raise Http404
    return [
        TermOut(
            id=term.pk,
            note=term.note,
            **{code: list(term.forms.get(code) or []) for code in selectors.LANGUAGES},
        )
        for term in selectors.glossary_terms(conference, search=filters.search or "")
    ]
