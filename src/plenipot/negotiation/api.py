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
from plenipot.negotiation.services import DraftConflict, operation_apply, revision_undo

router = Router(tags=["drafting room"])

DraftId = Annotated[int, Path(ge=1, le=2**31 - 1)]
RevisionNumber = Annotated[int, Path(ge=1, le=2**31 - 1)]


class RevisionOut(Schema):
    number: int
    base: int
    author: str
    credit: str
    description: str
    undoes: int | None
    eids: list[str]
    operation: dict[str, Any]
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
