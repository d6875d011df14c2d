"""API of submissions: a delegation uploads a Word file of proposals and submits it; the
secretariat lists the queue, registers a submission (its number and symbol) or returns
it, and allocates documents to bodies. Every operation calls its action, under the same
rules as the pages and the command line."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Field, File, Form, Path, Query, Router, Schema
from ninja.files import UploadedFile

from plenipot.accounts.roles import actor_for
from plenipot.conference.models import Conference
from plenipot.core.api_errors import ErrorOut
from plenipot.core.errors import sign_in_first
from plenipot.documents.models import Document
from plenipot.negotiation.selectors import instrument_label
from plenipot.submissions import actions
from plenipot.submissions.models import Upload
from plenipot.submissions.selectors import submission_rows, upload_state
from plenipot.submissions.uploads import upload_limits
from plenipot.tracker.actions import check_allocation_on_path

router = Router(tags=["submissions"])

CODE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
ShortName = Annotated[str, Path(pattern=CODE, description='For example "PP-14".')]
SubmissionId = Annotated[int, Path(ge=1, le=2**31 - 1)]
DocumentId = Annotated[int, Path(ge=1, le=2**31 - 1)]
InstrumentField = Annotated[
    str,
    Form(
        ..., min_length=1, max_length=60, pattern=r"^[^\x00]*$",
        description='For example "resolution 130".',
    ),
]
TitleField = Annotated[str, Form("", max_length=500, description="The document's title.")]
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class SubmissionOut(Schema):
    id: int = Field(description="The submission's number, in the paths below.")
    title: str
    filename: str
    instrument: str = Field(description='For example "resolution 130".')
    status: str = Field(description="review, submitted, registered or returned.")
    late: bool = Field(description="Submitted after the submission deadline.")
    proposals: int
    submitted_at: datetime.datetime | None
    document: int | None = Field(description="The document's id once submitted.")
    symbol: str | None = Field(description='Once registered, for example "Document 12".')
    sources: list[str]
    allocated_to: list[str]
    returned_reason: str | None


class StatusQuery(Schema):
    status: str | None = Field(None, pattern="^(review|submitted|registered|returned)$")


class RegisterIn(Schema):
    number: str | None = Field(
        None,
        max_length=20,
        pattern=r"^[^\x00]*$",
        description="The number to give; default: the next free one.",
    )


class RegisteredOut(Schema):
    document: int
    symbol: str


class ReturnIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


class AllocationIn(Schema):
    body: str = Field(pattern=CODE, description='For example "COM5".')
    proposal: str = Field(
        "", max_length=40, pattern=r"^[^\x00]*$", description='Only this proposal, e.g. "EUR/27A1/5".'
    )


class AllocationOut(Schema):
    document: int
    symbol: str
    body: str
    proposal: str


def _conference(short_name: str) -> Conference:
    conference = Conference.objects.filter(short_name=short_name).first()
    if conference is None:
        raise Http404("No such conference.")
    return conference


def _user(request: HttpRequest):
    user = request.auth
    if user is None or not user.is_authenticated:
        raise sign_in_first()
    return user


def _out(upload: Upload) -> dict:
    document = upload.document
    state = getattr(upload, "state", None) or upload_state(upload)
    returned = getattr(document, "returned", None) if document is not None else None
    return {
        "id": upload.pk,
        "title": upload.title,
        "filename": upload.filename,
        "instrument": instrument_label(upload.instrument),
        "status": state,
        "late": bool(getattr(upload, "late", False)),
        "proposals": len(upload.proposals),
        "submitted_at": document.submitted_at if document else None,
        "document": document.pk if document else None,
        "symbol": document.symbol if document and document.number else None,
        "sources": [s.symbol or s.name for s in document.sources.all()] if document else [],
        "allocated_to": sorted({a.body.code for a in document.allocations.all()})
        if document
        else [],
        "returned_reason": returned.reason if returned is not None else None,
    }


def _row(request: HttpRequest, conference: Conference, upload_id: int) -> dict:
    rows = submission_rows(
        user=request.auth,
        conference=conference,
        everyone=actor_for(request.auth).is_secretariat,
    )
    row = next((r for r in rows if r.pk == upload_id), None)
    return _out(row) if row is not None else {}


@router.get(
    "/conferences/{short_name}/submissions",
    response={200: list[SubmissionOut], 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    summary="Submissions: the secretariat's queue, or your delegation's files",
)
def submission_list(request: HttpRequest, short_name: ShortName, query: Query[StatusQuery]):
    """For the secretariat every submission of the conference, newest first (with
    `status=submitted`: the queue waiting to be registered, each marked `late` or not);
    for a delegate, the files of their own delegation."""
    conference = _conference(short_name)
    rows = actions.submission_list(
        actor_for(_user(request)), conference=conference, status=query.status
    )
    return 200, [_out(row) for row in rows]


@router.post(
    "/conferences/{short_name}/submissions",
    response={201: SubmissionOut, **WRITE_ERRORS, 413: ErrorOut},
    summary="Upload a Word file of proposals on an instrument",
)
def submission_create(
    request: HttpRequest,
    short_name: ShortName,
    file: File[UploadedFile],
    instrument: InstrumentField,
    title: TitleField = "",
):
    """The file is read and checked as on the upload page; what was read is kept for
    review (`status` "review") until submitted. Nothing is stored for a refused file."""
    conference = _conference(short_name)
    user = _user(request)
    limits = upload_limits()
    if file.size is not None and file.size > limits.max_file_bytes:
        return 413, {
            "code": "too_large",
            "detail": f"The file is larger than {limits.max_file_bytes} bytes.",
        }
    with transaction.atomic():
        upload = actions.check_upload_create(
            actor_for(user),
            conference=conference,
            instrument=instrument,
            filename=file.name or "proposals.docx",
            data=file.read(limits.max_file_bytes + 1),
            title=title,
        )
    return 201, _out(upload)


@router.post(
    "/conferences/{short_name}/submissions/{submission_id}/submit",
    response={200: SubmissionOut, **WRITE_ERRORS},
    summary="Submit a reviewed file to the secretariat",
)
def submission_submit(request: HttpRequest, short_name: ShortName, submission_id: SubmissionId):
    """After the deadline the submission is received as late (`late`: true)."""
    conference = _conference(short_name)
    user = _user(request)
    with transaction.atomic():
        actions.check_upload_submit(actor_for(user), upload_id=submission_id)
    return 200, _row(request, conference, submission_id)


@router.post(
    "/conferences/{short_name}/submissions/{submission_id}/register",
    response={200: RegisteredOut, **WRITE_ERRORS},
    summary="Register a submission: its number and symbol (the secretariat)",
)
def submission_register(
    request: HttpRequest, short_name: ShortName, submission_id: SubmissionId, payload: RegisterIn
):
    """Registering a late submission accepts it."""
    conference = _conference(short_name)
    user = _user(request)
    with transaction.atomic():
        document = actions.check_submission_register(
            actor_for(user), conference=conference, upload_id=submission_id, number=payload.number
        )
    return 200, {"document": document.pk, "symbol": document.symbol}


@router.post(
    "/conferences/{short_name}/submissions/{submission_id}/return",
    response={200: SubmissionOut, **WRITE_ERRORS},
    summary="Return a submission to its sources with the reason (the secretariat)",
)
def submission_return(
    request: HttpRequest, short_name: ShortName, submission_id: SubmissionId, payload: ReturnIn
):
    conference = _conference(short_name)
    user = _user(request)
    with transaction.atomic():
        actions.check_submission_return(
            actor_for(user), conference=conference, upload_id=submission_id, reason=payload.reason
        )
    return 200, _row(request, conference, submission_id)


@router.post(
    "/conferences/{short_name}/documents/{document_id}/allocations",
    response={201: AllocationOut, **WRITE_ERRORS},
    summary="Allocate a registered document, or one of its proposals, to a body",
)
def document_allocate(
    request: HttpRequest, short_name: ShortName, document_id: DocumentId, payload: AllocationIn
):
    """The Steering Committee's chair or the secretariat, as on the registry page."""
    conference = _conference(short_name)
    user = _user(request)
    document = Document.objects.filter(pk=document_id).first()
    with transaction.atomic():
        allocation = check_allocation_on_path(
            actor_for(user),
            conference=conference,
            document=document,
            body_code=payload.body,
            proposal_symbol=payload.proposal,
        )
    return 201, {
        "document": allocation.document_id,
        "symbol": allocation.document.symbol,
        "body": allocation.body.code,
        "proposal": allocation.proposal.symbol if allocation.proposal_id else "",
    }

