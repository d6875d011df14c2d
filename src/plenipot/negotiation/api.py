"""API of the drafting room: read a draft, its history, a diff and the provenance of its
words; apply an operation against a named revision (409 with the current text when the
provision changed since) and undo a revision.

Mounted on the site's API by `plenipot.api.api`. Reads pass through the access policy
(watching a draft is following its body); writes need the pen.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, File, Form, Path, Query, Router, Schema
from ninja.files import UploadedFile

from plenipot.accounts.roles import actor_for
from plenipot.conference.models import Conference
from plenipot.core.api_errors import ErrorOut
from plenipot.core.errors import Invalid, sign_in_first
from plenipot.documents.files import upload_limits
from plenipot.negotiation import selectors
from plenipot.negotiation.actions import (
    check_draft_apply,
    check_draft_close,
    check_draft_hand_over,
    check_draft_open,
    check_draft_undo,
    check_instrument_import,
    check_snapshot_save,
    check_suggestion_accept,
    check_suggestion_decline,
    check_suggestion_submit,
)
from plenipot.negotiation.models import Instrument
from plenipot.negotiation.schemas import AcceptIn, OperationIn, SnapshotIn, SuggestionIn, UndoIn

router = Router(tags=["drafting room"])
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
#: At most this many revisions in one page of a draft's history through the API.
HISTORY_LIMIT = 1000

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


class HistoryQuery(Schema):
    after: int = Field(0, ge=0, le=2**31 - 1, description="Only revisions numbered above this.")
    limit: int = Field(
        HISTORY_LIMIT, ge=1, le=HISTORY_LIMIT, description="At most this many revisions."
    )


@router.get(
    "/drafts/{draft_id}/revisions",
    response=list[RevisionOut],
    summary="A draft's history",
    description=(
        "Oldest first, a page at a time: the revisions numbered above `after`, at most "
        "`limit` of them. The next page starts after the last number received; an empty "
        "page means the history is read to its end."
    ),
)
def draft_revisions(request: HttpRequest, draft_id: DraftId, query: Query[HistoryQuery]):
    draft = selectors.access_draft(request.auth, draft_id)
    revisions = selectors.revision_history(draft).filter(number__gt=query.after)
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
        for r in revisions[: query.limit]
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


class SnapshotOut(Schema):
    name: str
    revision: int
    document: str = Field("", description="The DT the snapshot was issued as, e.g. DT/4(Rev.1).")


@router.post(
    "/drafts/{draft_id}/snapshots",
    response={201: SnapshotOut, **WRITE_ERRORS},
    summary="Save the current text under a name, issued as the body's DT (the pen)",
)
def draft_snapshot(request: HttpRequest, draft_id: DraftId, payload: SnapshotIn):
    """The same action as the drafting room's snapshot form."""
    user = _signed_in(request)
    with transaction.atomic():
        snapshot = check_snapshot_save(actor_for(user), draft_id=draft_id, data=payload)
    return 201, {
        "name": snapshot.name,
        "revision": snapshot.revision,
        "document": snapshot.document.symbol if snapshot.document_id else "",
    }


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


# --- opening, closing and handing over rooms -----------------------------------------

CODE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
ShortName = Annotated[str, Path(pattern=CODE, description='For example "PP-14".')]


class DraftOpenIn(Schema):
    body: str = Field(pattern=CODE, description='For example "COM5-AHG-130".')
    instrument: str = Field(
        min_length=1, max_length=60, pattern=r"^[^\x00]*$", description='e.g. "resolution 130"'
    )
    delegations: list[Annotated[str, Field(max_length=10, pattern=r"^[A-Za-z0-9]*$")]] = Field(
        default_factory=list,
        max_length=200,
        description="ISO 3166 alpha-3 codes or ITU symbols of the delegations taking part; "
        "none: every delegation.",
    )
    title: str = Field("", max_length=500)


class DraftOut(Schema):
    id: int
    body: str
    instrument: str
    title: str
    head: int
    closed: bool


def _draft_out(draft) -> dict:
    return {
        "id": draft.pk,
        "body": draft.body.code,
        "instrument": selectors.instrument_label(draft.instrument),
        "title": draft.title,
        "head": draft.head,
        "closed": draft.closed_at is not None,
    }


def _signed_in(request: HttpRequest):
    if request.auth is None or not request.auth.is_authenticated:
        raise sign_in_first()
    return request.auth


@router.post(
    "/conferences/{short_name}/drafts",
    response={201: DraftOut, **WRITE_ERRORS, 409: ErrorOut},
    summary="Open a drafting room in a body on an instrument",
)
def draft_open(request: HttpRequest, short_name: ShortName, payload: DraftOpenIn):
    """The body's chair or vice-chairs, or the secretariat. The room starts from the
    consolidation of every proposal on the instrument allocated to the body (or to its
    parent, for a group), the sources named in the brackets."""
    conference = Conference.objects.filter(short_name=short_name).first()
    if conference is None:
        raise Http404("No such conference.")
    user = _signed_in(request)
    with transaction.atomic():
        draft = check_draft_open(
            actor_for(user),
            conference=conference,
            body=payload.body,
            instrument=payload.instrument,
            delegations=payload.delegations,
            title=payload.title,
        )
    return 201, _draft_out(draft)


@router.post(
    "/drafts/{draft_id}/close",
    response={200: DraftOut, **WRITE_ERRORS, 409: ErrorOut},
    summary="Close a drafting room (its text and history stay readable)",
)
def draft_close(request: HttpRequest, draft_id: DraftId):
    draft = check_draft_close(actor_for(_signed_in(request)), draft_id=draft_id)
    return 200, _draft_out(draft)


@router.post(
    "/drafts/{draft_id}/hand-over",
    response={201: DraftOut, **WRITE_ERRORS, 409: ErrorOut},
    summary="Hand a group's text to the body that created it",
)
def draft_hand_over(request: HttpRequest, draft_id: DraftId):
    """The text, with the origin of every word, opens as a room of the parent body; the
    group's room closes. Answers the new room."""
    with transaction.atomic():
        draft = check_draft_hand_over(actor_for(_signed_in(request)), draft_id=draft_id)
    return 201, _draft_out(draft)


# --- the compilation -------------------------------------------------------------------

KindPath = Annotated[str, Path(pattern=r"^(resolution|decision|recommendation)$")]
NumberPath = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,19}$")]


class EntryOut(Schema):
    source: str
    symbol: str
    mark: str
    text: str
    reasons: str


class CompilationRowOut(Schema):
    eid: str
    kind: str
    depth: int
    number: str
    base: str | None = Field(description="The text in force; null for a provision proposed.")
    anchor: str = Field(description="For a provision proposed: the provision it follows.")
    entries: list[EntryOut]


class CompilationOut(Schema):
    instrument: str
    title: str
    rows: list[CompilationRowOut]


@router.get(
    "/conferences/{short_name}/instruments/{kind}/{number}/compilation",
    response={200: CompilationOut, 400: ErrorOut, 404: ErrorOut},
    summary="The compilation of the proposals on an instrument",
)
def instrument_compilation(request: HttpRequest, short_name: ShortName, kind: KindPath, number: NumberPath):
    """The text in force, provision by provision, with every proposal on it (from the
    registered documents the caller may read) and its source: the synoptic table that
    committees start from."""
    conference = Conference.objects.filter(short_name=short_name).first()
    instrument = (
        Instrument.objects.filter(conference=conference, kind=kind, number=number).first()
        if conference is not None
        else None
    )
    user = request.auth
    if instrument is None or (
        instrument.status != Instrument.Status.IN_FORCE
        and (user is None or not user.is_authenticated)
    ):
        raise Http404("There is no such text.")
    try:
        synopsis = selectors.instrument_compilation(instrument=instrument, user=user)
    except ValueError as exc:
        raise Invalid(str(exc)) from None
    return 200, {
        "instrument": selectors.instrument_label(instrument),
        "title": instrument.title,
        "rows": [
            {
                "eid": row.eid,
                "kind": str(row.kind.value),
                "depth": row.depth,
                "number": row.number,
                "base": row.base,
                "anchor": row.anchor,
                "entries": [
                    {
                        "source": e.source,
                        "symbol": e.symbol,
                        "mark": e.mark.value,
                        "text": e.text,
                        "reasons": e.reasons,
                    }
                    for e in row.entries
                ],
            }
            for row in synopsis.rows
        ],
    }


# --- the instruments and the import of a text in force ------------------------------------


class InstrumentOut(Schema):
    id: int
    kind: str = Field(description="resolution, decision or recommendation.")
    number: str
    title: str
    status: str = Field(description="in_force or draft.")


class InstrumentImportOut(InstrumentOut):
    created: bool = Field(description="True for a new instrument, false for a text replaced.")


def _instrument_out(instrument: Instrument) -> dict:
    return {
        "id": instrument.pk,
        "kind": instrument.kind,
        "number": instrument.number,
        "title": instrument.title,
        "status": instrument.status,
    }


@router.get(
    "/conferences/{short_name}/instruments",
    response={200: list[InstrumentOut], 404: ErrorOut},
    summary="The instruments of a conference",
    tags=["instruments"],
)
def instrument_list(request: HttpRequest, short_name: ShortName):
    """The texts in force, for everyone; the drafts too, for those signed in."""
    conference = Conference.objects.filter(short_name=short_name).first()
    if conference is None:
        raise Http404("No such conference.")
    return 200, [
        _instrument_out(i)
        for i in selectors.instruments_readable(conference=conference, user=request.auth)
    ]


ImportKind = Annotated[
    str,
    Form("", pattern=r"^(|resolution|decision|recommendation)$",
         description="Default: what the file's first line names."),
]  # fmt: skip
ImportNumber = Annotated[
    str,
    Form("", max_length=20, pattern=r"^([A-Za-z0-9][A-Za-z0-9._/-]{0,19})?$",
         description="For example 130. Default: the number the file's first line names."),
]  # fmt: skip
ImportTitle = Annotated[str, Form("", max_length=500, description="Default: the file's title.")]
ImportReplace = Annotated[
    bool,
    Form(False, description="Replace the text of the instrument with this kind and number, "
         "which nothing may depend on yet (proposals, drafting rooms, documents …)."),
]  # fmt: skip


@router.post(
    "/conferences/{short_name}/instruments/import",
    response={201: InstrumentImportOut, 200: InstrumentImportOut, **WRITE_ERRORS, 409: ErrorOut,
              413: ErrorOut},
    summary="Import a text in force from a Word, Akoma Ntoso or plain-text file",
    tags=["instruments"],
)  # fmt: skip
def instrument_import(
    request: HttpRequest,
    short_name: ShortName,
    file: File[UploadedFile],
    kind: ImportKind = "",
    number: ImportNumber = "",
    title: ImportTitle = "",
    replace: ImportReplace = False,
):
    """The secretariat. The file (.docx without tracked changes, Akoma Ntoso .xml, or
    plain-text .txt) is checked as every upload is and must hold a resolution, decision
    or recommendation. Answers 201 with a new instrument, 200 with one whose text was
    replaced, 409 when the instrument exists and `replace` is not set, or when something
    already depends on its text."""
    conference = Conference.objects.filter(short_name=short_name).first()
    if conference is None:
        raise Http404("No such conference.")
    user = _signed_in(request)
    limits = upload_limits()
    if file.size is not None and file.size > limits.max_file_bytes:
        return 413, {
            "code": "too_large",
            "detail": gettext("The file is larger than %(cap).0f MB, the most that is accepted.")
            % {"cap": limits.max_file_bytes / 1024 / 1024},
        }
    with transaction.atomic():
        done = check_instrument_import(
            actor_for(user),
            conference=conference,
            filename=file.name or "",
            data=file.read(limits.max_file_bytes + 1),
            kind=kind,
            number=number,
            title=title,
            replace=replace,
        )
    return (201 if done.created else 200), {
        **_instrument_out(done.instrument),
        "created": done.created,
    }
