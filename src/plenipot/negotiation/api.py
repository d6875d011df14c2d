"""API of the drafting room: read a draft, its history, a diff and the provenance of its
words; apply an operation against a named revision (409 with the current text when the
provision changed since) and undo a revision.

Mounted on the site's API by `plenipot.api.api`. Reads pass through the access policy
(watching a draft is following its body); writes need the pen.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from plenipot.negotiation import selectors
from plenipot.negotiation.services import (
    DraftConflict,
    operation_apply,
    revision_undo,
    suggestion_accept,
    suggestion_decline,
    suggestion_submit,
)

router = Router(tags=["drafting room"])

DraftId = Annotated[int, Path(ge=1, le=2**31 - 1)]
RevisionNumber = Annotated[int, Path(ge=1, le=2**31 - 1)]
SuggestionId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class RevisionOut(Schema):
    number: int
    base: int
    author: str
    credit: str
    description: str
    undoes: int | None
    eids: list[str]
    operation: dict[str, Any]
    meeting: int | None = Field(None, description="The number of the body's meeting, if any.")
    time: str


class DiffOut(Schema):
    eid: str
    change: str
    before: str
    after: str
    status_before: str
    status_after: str
    text: str
    html: str


class OperationIn(Schema):
    base: int = Field(
        ..., ge=0, le=2**31 - 1, description="The revision the edit was made against."
    )
    op: dict[str, Any] = Field(..., description="The operation; see docs/drafting-room.md.")
    description: str = Field("", max_length=500)
    meeting: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The meeting of the body in which the edit was made."
    )


class AppliedOut(Schema):
    number: int


class ErrorOut(Schema):
    message: str


class ConflictOut(Schema):
    message: str
    head: int
    eids: list[str]
    by: list[int]
    provisions: dict[str, Any]


@router.get("/drafts/{draft_id}", response=dict[str, Any], summary="A draft as it stands")
def draft_detail(request: HttpRequest, draft_id: DraftId):
    draft = selectors.access_draft(request.auth, draft_id)
    return selectors.draft_snapshot(draft)


@router.get("/drafts/{draft_id}/revisions", response=list[RevisionOut], summary="A draft's history")
def draft_revisions(request: HttpRequest, draft_id: DraftId):
    draft = selectors.access_draft(request.auth, draft_id)
    return [
        {
            "number": r.number,
            "base": r.base,
            "author": str(r.author),
            "credit": r.credit,
            "description": r.description,
            "undoes": r.undoes,
            "eids": r.eids,
            "operation": r.operation,
            "meeting": r.meeting.number if r.meeting else None,
            "time": r.created_at.isoformat(),
        }
        for r in selectors.revision_history(draft)
    ]


class DiffQuery(Schema):
    old: int = Field(0, ge=0, le=2**31 - 1, alias="from")
    new: int | None = Field(None, ge=0, le=2**31 - 1, alias="to")


@router.get(
    "/drafts/{draft_id}/diff", response=list[DiffOut], summary="What changed between revisions"
)
def draft_diff(request: HttpRequest, draft_id: DraftId, query: Query[DiffQuery]):
    draft = selectors.access_draft(request.auth, draft_id)
    new = draft.head if query.new is None else query.new
    return selectors.revision_diff(draft, query.old, new)


@router.get(
    "/drafts/{draft_id}/provenance",
    response=list[dict[str, Any]],
    summary="Who put each word of the current text there",
)
def draft_provenance(request: HttpRequest, draft_id: DraftId):
    draft = selectors.access_draft(request.auth, draft_id)
    return selectors.draft_provenance(draft)


def _write(request: HttpRequest, draft_id: int, call):
    selectors.access_draft(request.auth, draft_id)
    try:
        revision = call()
    except DraftConflict as exc:
        return 409, {
            "message": str(exc),
            "head": exc.head,
            "eids": list(exc.eids),
            "by": exc.by,
            "provisions": exc.provisions,
        }
    except PermissionDenied as exc:
        return 403, {"message": str(exc) or "forbidden"}
    except ValidationError as exc:
        return 400, {"message": " ".join(exc.messages)}
    return 200, {"number": revision.number}


@router.post(
    "/drafts/{draft_id}/operations",
    response={200: AppliedOut, 400: ErrorOut, 403: ErrorOut, 409: ConflictOut},
    summary="Apply an operation made against a revision",
)
def draft_apply(request: HttpRequest, draft_id: DraftId, payload: OperationIn):
    def call():
        meeting = None
        if payload.meeting is not None:
            from plenipot.meetings.models import Meeting

            draft = selectors.access_draft(request.auth, draft_id)
            meeting = Meeting.objects.filter(pk=payload.meeting, body_id=draft.body_id).first()
            if meeting is None:
                raise ValidationError("there is no such meeting of this body")
        return operation_apply(
            draft_id=draft_id,
            user=request.auth,
            operation=payload.op,
            base=payload.base,
            description=payload.description,
            meeting=meeting,
        )

    return _write(request, draft_id, call)


@router.post(
    "/drafts/{draft_id}/revisions/{number}/undo",
    response={200: AppliedOut, 400: ErrorOut, 403: ErrorOut, 409: ConflictOut},
    summary="Undo a revision with a new one",
)
def draft_undo(request: HttpRequest, draft_id: DraftId, number: RevisionNumber):
    return _write(
        request,
        draft_id,
        lambda: revision_undo(draft_id=draft_id, user=request.auth, number=number),
    )


# --- suggestions ---------------------------------------------------------------------


class SuggestionOut(Schema):
    id: int
    eid: str
    segment: int | None
    start: int | None
    end: int | None
    text: str
    delegation: str
    author: str
    status: str
    revision: int | None


class SuggestionIn(Schema):
    eid: str = Field(..., min_length=1, max_length=200, description="The provision.")
    text: str = Field(..., min_length=1, max_length=5000, description="The wording.")
    segment: int | None = Field(
        None, ge=0, le=10_000, description="A piece of the provision (a bracket, or agreed text)."
    )
    start: int | None = Field(
        None, ge=0, le=2**31 - 1, description="With `end`: a span of that agreed text."
    )
    end: int | None = Field(None, ge=0, le=2**31 - 1)


class AcceptIn(Schema):
    base: int | None = Field(
        None, ge=0, le=2**31 - 1, description="The revision the pen saw (default: the latest)."
    )
    meeting: int | None = Field(None, ge=1, le=2**31 - 1)


class SuggestionQuery(Schema):
    status: str | None = Field(None, pattern="^(pending|accepted|declined)$")


@router.get(
    "/drafts/{draft_id}/suggestions",
    response=list[SuggestionOut],
    summary="Wordings suggested by delegations",
)
def draft_suggestions(request: HttpRequest, draft_id: DraftId, query: Query[SuggestionQuery]):
    draft = selectors.access_draft(request.auth, draft_id)
    return selectors.suggestion_list(draft, status=query.status)


@router.post(
    "/drafts/{draft_id}/suggestions",
    response={200: SuggestionOut, 400: ErrorOut, 403: ErrorOut},
    summary="Suggest a wording (delegates of participating delegations)",
)
def draft_suggest(request: HttpRequest, draft_id: DraftId, payload: SuggestionIn):
    draft = selectors.access_draft(request.auth, draft_id)
    try:
        suggestion = suggestion_submit(
            draft=draft, user=request.auth, eid=payload.eid, text=payload.text,
            segment=payload.segment, start=payload.start, end=payload.end,
        )  # fmt: skip
    except PermissionDenied as exc:
        return 403, {"message": str(exc) or "forbidden"}
    except ValidationError as exc:
        return 400, {"message": " ".join(exc.messages)}
    return 200, selectors.suggestion_event(suggestion)


def _suggestion_of(request: HttpRequest, draft_id: int, suggestion_id: int):
    from django.http import Http404

    from plenipot.negotiation.models import Suggestion

    draft = selectors.access_draft(request.auth, draft_id)
    if not Suggestion.objects.filter(pk=suggestion_id, draft=draft).exists():
        raise Http404("no such suggestion")
    return draft


@router.post(
    "/drafts/{draft_id}/suggestions/{suggestion_id}/accept",
    response={200: AppliedOut, 400: ErrorOut, 403: ErrorOut, 409: ConflictOut},
    summary="Take a suggestion into the text, credited to its delegation (the pen)",
)
def draft_accept(
    request: HttpRequest, draft_id: DraftId, suggestion_id: SuggestionId, payload: AcceptIn
):
    draft = _suggestion_of(request, draft_id, suggestion_id)
    return _write(
        request,
        draft_id,
        lambda: suggestion_accept(
            suggestion_id=suggestion_id, user=request.auth, base=payload.base,
            meeting=selectors.draft_meeting(draft, payload.meeting),
        ),  # fmt: skip
    )


@router.post(
    "/drafts/{draft_id}/suggestions/{suggestion_id}/decline",
    response={200: SuggestionOut, 400: ErrorOut, 403: ErrorOut},
    summary="Decline a suggestion (the pen)",
)
def draft_decline(request: HttpRequest, draft_id: DraftId, suggestion_id: SuggestionId):
    _suggestion_of(request, draft_id, suggestion_id)
    try:
        suggestion = suggestion_decline(suggestion_id=suggestion_id, user=request.auth)
    except PermissionDenied as exc:
        return 403, {"message": str(exc) or "forbidden"}
    except ValidationError as exc:
        return 400, {"message": " ".join(exc.messages)}
    return 200, selectors.suggestion_event(suggestion)
