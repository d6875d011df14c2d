"""API of the drafting room: read a draft, its history, a diff and the provenance of its
words; apply an operation against a named revision (409 with the current text when the
provision changed since) and undo a revision.

Mounted on the site's API by `plenipot.api.api`. Reads pass through the access policy
(watching a draft is following its body); writes need the pen.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from plenipot.accounts.roles import actor_for
from plenipot.core.api_errors import ErrorOut
from plenipot.negotiation import selectors
from plenipot.negotiation.actions import (
    check_draft_apply,
    check_draft_undo,
    check_suggestion_accept,
    check_suggestion_decline,
    check_suggestion_submit,
)
from plenipot.negotiation.schemas import AcceptIn, OperationIn, SuggestionIn, UndoIn

router = Router(tags=["drafting room"])
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}

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


class AppliedOut(Schema):
    number: int


class ConflictOut(Schema):
    code: str
    detail: str
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


@router.post(
    "/drafts/{draft_id}/operations",
    response={200: AppliedOut, **WRITE_ERRORS, 409: ConflictOut},
    summary="Apply an operation made against a revision",
)
def draft_apply(request: HttpRequest, draft_id: DraftId, payload: OperationIn):
    revision = check_draft_apply(actor_for(request.auth), draft_id=draft_id, data=payload)
    return 200, {"number": revision.number}


@router.post(
    "/drafts/{draft_id}/revisions/{number}/undo",
    response={200: AppliedOut, **WRITE_ERRORS, 409: ConflictOut},
    summary="Undo a revision with a new one",
)
def draft_undo(request: HttpRequest, draft_id: DraftId, number: RevisionNumber):
    revision = check_draft_undo(
        actor_for(request.auth), draft_id=draft_id, data=UndoIn(number=number)
    )
    return 200, {"number": revision.number}


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
    response={200: SuggestionOut, **WRITE_ERRORS},
    summary="Suggest a wording (delegates of participating delegations)",
)
def draft_suggest(request: HttpRequest, draft_id: DraftId, payload: SuggestionIn):
    suggestion = check_suggestion_submit(
        actor_for(request.auth), draft_id=draft_id, data=payload
    )
    return 200, selectors.suggestion_event(suggestion)


@router.post(
    "/drafts/{draft_id}/suggestions/{suggestion_id}/accept",
    response={200: AppliedOut, **WRITE_ERRORS, 409: ConflictOut},
    summary="Take a suggestion into the text, credited to its delegation (the pen)",
)
def draft_accept(
    request: HttpRequest, draft_id: DraftId, suggestion_id: SuggestionId, payload: AcceptIn
):
    revision = check_suggestion_accept(
        actor_for(request.auth), draft_id=draft_id, suggestion_id=suggestion_id, data=payload
    )
    return 200, {"number": revision.number}


@router.post(
    "/drafts/{draft_id}/suggestions/{suggestion_id}/decline",
    response={200: SuggestionOut, **WRITE_ERRORS},
    summary="Decline a suggestion (the pen)",
)
def draft_decline(request: HttpRequest, draft_id: DraftId, suggestion_id: SuggestionId):
    suggestion = check_suggestion_decline(
        actor_for(request.auth), draft_id=draft_id, suggestion_id=suggestion_id
    )
    return 200, selectors.suggestion_event(suggestion)
