"""API of the conference's languages: where each language version of a text stands and
what keeps it from being issued in all of them; sending a document for translation,
saving provisions and moving a version on, through the same actions as the pages.
Documents pass through the access policy."""

import datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from plenipot.accounts.roles import actor_for
from plenipot.conference.models import Conference
from plenipot.core.api_errors import ErrorOut
from plenipot.core.errors import sign_in_first
from plenipot.translation import selectors
from plenipot.translation.actions import (
    access_expression_for_actor,
    access_source_for_actor,
    check_document_translation_start,
    check_expression_advance,
    check_segment_save,
)
from plenipot.translation.failures import failure_text, source_labels

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
    """A failed cross-language check: ``code`` and ``params`` for programs, ``detail``
    for people (in the language asked for), ``message`` in English."""

    check: str
    language: str
    provision: str
    code: str
    params: dict
    message: str
    detail: str


def _failures_out(failures, source) -> list[dict]:
    labels = source_labels(source)
    return [
        {
            "check": f.check,
            "language": f.language,
            "provision": f.eid,
            "code": f.code,
            "params": {
                key: list(value) if isinstance(value, tuple) else value
                for key, value in f.params.items()
            },
            "message": f.message,
            "detail": failure_text(f, labels),
        }
        for f in failures
    ]


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
        failures=_failures_out(failures, source),
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


# --- writing: sending a text for translation, saving provisions, moving a version on ---

ExpressionId = Annotated[int, Path(ge=1, le=2**31 - 1)]
DocumentId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Eid = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_]+$")]
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ExpressionOut(Schema):
    id: int
    language: str
    status: str
    provisions: dict[str, str] = Field(description="The text of each provision, by its id.")
    revisions: dict[str, int] = Field(description="How many times each provision was saved.")


class SourceOut(Schema):
    id: int
    original_language: str
    provisions: list[str] = Field(description="The source's provision ids, in reading order.")
    versions: list[ExpressionOut]


class SegmentIn(Schema):
    text: str = Field(..., max_length=20_000)
    revision: int = Field(..., ge=0, le=2**31 - 1, description="The provision's revision read.")


class SegmentOut(Schema):
    revision: int
    failures: list[FailureOut]


def _expression_out(expression) -> dict:
    return {
        "id": expression.pk,
        "language": expression.language,
        "status": expression.status,
        "provisions": {eid: s.get("text", "") for eid, s in expression.segments.items()},
        "revisions": {eid: int(s.get("revision", 0)) for eid, s in expression.segments.items()},
    }


def _caller(request: HttpRequest):
    if request.auth is None or not request.auth.is_authenticated:
        raise sign_in_first()
    return actor_for(request.auth)


@router.post(
    "/documents/{document_id}/translation",
    response={201: SourceOut, **WRITE_ERRORS},
    summary="Send a document's text for translation (the secretariat)",
)
def document_translation_start(request: HttpRequest, document_id: DocumentId):
    """A language version per language of the conference, pre-translated from the text in
    force and the memory, as the document page's **Send for translation** does; a second
    call returns the same versions."""
    source = check_document_translation_start(_caller(request), document_id=document_id)
    return 201, {
        "id": source.pk,
        "original_language": source.language,
        "provisions": [eid for eid, _text in selectors.source_units(source)],
        "versions": [
            _expression_out(e)
            for e in source.expressions.exclude(language=source.language).order_by("pk")
        ],
    }


@router.put(
    "/translation/versions/{expression_id}/provisions/{eid}",
    response={200: SegmentOut, **WRITE_ERRORS, 409: ErrorOut},
    summary="Save one provision of a language version, made against its revision",
)
def segment_save(request: HttpRequest, expression_id: ExpressionId, eid: Eid, payload: SegmentIn):
    """As the translation workspace saves it: a stale save answers 409 with the current
    text and revision, and writes nothing."""
    actor = _caller(request)
    result = check_segment_save(
        actor,
        expression_id=expression_id,
        eid=eid,
        text=payload.text,
        revision=payload.revision,
    )
    return 200, {
        "revision": result.revision,
        "failures": _failures_out(
            result.failures, access_expression_for_actor(actor, expression_id).source
        ),
    }


@router.post(
    "/translation/versions/{expression_id}/advance",
    response={200: ExpressionOut, **WRITE_ERRORS},
    summary="Move a language version one step on (to final: every check passed)",
)
def expression_advance(request: HttpRequest, expression_id: ExpressionId):
    expression = check_expression_advance(_caller(request), expression_id=expression_id)
    return 200, _expression_out(expression)
