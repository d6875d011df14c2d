"""Reading uploads and the texts that can be exported."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.safestring import mark_safe

from plenipot.accounts.roles import actor_for
from plenipot.documents.access import access_document
from plenipot.documents.models import Document
from plenipot.documents.selectors import document_is_late, submission_deadline
from plenipot.engine.diff import diff_provision, ops_to_html
from plenipot.engine.instrument import ParseError, parse_instrument
from plenipot.negotiation.models import Instrument
from plenipot.submissions.models import Upload
from plenipot.submissions.permissions import may_change_upload


def upload_list(*, user) -> QuerySet[Upload]:
    """The uploads of the user's delegation (the user's own, outside a delegation),
    newest first."""
    if not user.is_authenticated:
        return Upload.objects.none()
    actor = actor_for(user)
    mine = Q(uploaded_by=user)
    if actor.delegation_id is not None:
        mine |= Q(uploaded_by__person__delegation_id=actor.delegation_id)
    return Upload.objects.filter(mine).select_related("instrument", "document")


def upload_get(*, user, pk: int) -> Upload:
    """One of the delegation's uploads; anyone else's is absent (404), but for the
    secretariat, who reads every submitted one."""
    try:
        return upload_list(user=user).get(pk=pk)
    except Upload.DoesNotExist:
        pass
    if user.is_authenticated and actor_for(user).is_secretariat:
        found = Upload.objects.filter(pk=pk, document__isnull=False).first()
        if found is not None:
            return found
    raise Http404


def upload_may_change(*, user, upload: Upload) -> bool:
    """Whether the user may correct and submit this upload: a member of its delegation
    while it is under review."""
    if upload.status != Upload.Status.REVIEW or not user.is_authenticated:
        return False
    uploader = getattr(upload.uploaded_by, "person", None)
    return may_change_upload(
        actor_for(user),
        uploader_id=upload.uploaded_by_id,
        uploader_delegation_id=getattr(uploader, "delegation_id", None),
    )


def instrument_exportable(*, user, pk: int) -> Instrument:
    """An instrument in force is a public text; a draft needs a signed-in user."""
    instrument = Instrument.objects.filter(pk=pk).first()
    if instrument is None:
        raise Http404
    if instrument.status != Instrument.Status.IN_FORCE and not user.is_authenticated:
        raise Http404
    return instrument


_DRAFT_LINE = re.compile(r"\{[^{}]+\}\s*$", re.MULTILINE)


def text_kind(text: str) -> str:
    """``draft`` for a bracketed draft (lines ending with ``{id}``), else ``instrument``."""
    return "draft" if len(_DRAFT_LINE.findall(text)) >= 3 else "instrument"


def document_exportable(*, user, pk: int) -> tuple[Document, str]:
    """A document the user may read, with the text to export: its own or its instrument's."""
    document = access_document(user, pk)
    text = document.text or (document.instrument.text if document.instrument_id else "")
    if not text.strip():
        raise Http404
    return document, text


def rows_with_changes(*, upload: Upload, rows: list[dict]) -> list[dict]:
    """Each proposal row with ``current`` (the provision's text in force) and
    ``change`` (HTML, escaped: the word diff a MOD makes, or the text an ADD adds)."""
    try:
        base = parse_instrument(upload.instrument.text)
    except ParseError:
        return rows
    out = []
    for row in rows:
        current = base.text_of(row.get("target", "")) or ""
        if row.get("mark") in ("MOD", "(MOD)") and current:
            change = ops_to_html(diff_provision(current, row.get("text", "")))
        elif row.get("mark") in ("ADD", "ADD*"):
            change = ops_to_html(diff_provision("", row.get("text", "")))
        elif row.get("mark") in ("SUP", "SUP*") and current:
            change = ops_to_html(diff_provision(current, ""))
        else:
            change = ops_to_html(diff_provision(current, current))
        out.append(row | {"current": current, "change": mark_safe(change)})  # noqa: S308 - escaped
    return out


def upload_state(upload: Upload) -> str:
    """Where a submission stands: review, submitted, registered or returned."""
    if upload.document is None:
        return "review"
    status = upload.document.status
    return status if status in ("submitted", "registered", "returned") else "submitted"


def submission_rows(*, user, conference, everyone: bool, status: str | None = None) -> list[Upload]:
    """Uploads of the conference, newest first, with `state`, `late`, `allocations` and
    the reason of a return: the user's delegation's, and with `everyone` (the
    secretariat) every submitted one too; a delegation's files under review stay its
    own. Four queries whatever their number."""
    own = upload_list(user=user).filter(conference=conference)
    uploads = (
        Upload.objects.filter(conference=conference).filter(
            Q(document__isnull=False) | Q(pk__in=own.values("pk"))
        )
        if everyone
        else own
    )
    uploads = uploads.select_related(
        "instrument", "document__returned", "uploaded_by"
    ).prefetch_related("document__sources", "document__allocations__body")
    if status == "review":
        uploads = uploads.filter(document__isnull=True)
    elif status:
        uploads = uploads.filter(document__status=status)
    deadline = submission_deadline(conference=conference)
    rows = list(uploads.order_by("-created_at", "-pk"))
    for upload in rows:
        upload.state = upload_state(upload)
        upload.late = bool(upload.document and document_is_late(upload.document, deadline))
    return rows


def upload_steps(upload: Upload) -> list[dict]:
    """What happened to a submission, for its page: each step with its time when known,
    as the delegation follows it."""
    document = upload.document
    steps = [{"step": "uploaded", "at": upload.created_at}]
    if document is None:
        return steps
    deadline = submission_deadline(conference=upload.conference)
    steps.append(
        {
            "step": "submitted",
            "at": document.submitted_at,
            "late": document_is_late(document, deadline),
        }
    )
    if document.status == Document.Status.RETURNED:
        returned = getattr(document, "returned", None)
        steps.append(
            {
                "step": "returned",
                "at": returned.returned_at if returned else None,
                "reason": returned.reason if returned else "",
            }
        )
        return steps
    if document.number:
        steps.append({"step": "registered", "symbol": document.symbol, "document": document})
    for allocation in document.allocations.select_related("body", "proposal").order_by("allocated_at", "pk"):
        steps.append(
            {
                "step": "allocated",
                "at": allocation.allocated_at,
                "body": allocation.body,
                "proposal": allocation.proposal.symbol if allocation.proposal_id else "",
            }
        )
    return steps
