"""Uploading a Word file of proposals, fixing what was read, and submitting it.

A file is read by :mod:`plenipot.formats.docx_in` before anything is stored: a file
refused by the checks leaves no trace. The submission itself goes through the
documents services, which own the deadline and who may submit for whom.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plenipot.accounts.roles import actor_for
from plenipot.conference.models import Conference
from plenipot.documents.models import Document
from plenipot.documents.permissions import may_submit_document
from plenipot.documents.services import document_submit, proposal_create
from plenipot.engine.instrument import Kind, ParseError, parse_instrument
from plenipot.engine.proposals import Mark, Proposal, ProposalError, apply_proposals
from plenipot.formats.docx_in import Paragraph, extract_proposals, read_paragraphs
from plenipot.formats.safety import FormatError, check_size, check_text
from plenipot.negotiation.models import Instrument
from plenipot.submissions.models import Upload
from plenipot.submissions.permissions import may_change_upload
from plenipot.submissions.uploads import upload_limits


def _source_of(user, conference: Conference) -> str:
    """The label of the user's delegation, or refuse a user who may not submit."""
    actor = actor_for(user)
    if not may_submit_document(actor, conference.pk):
        raise PermissionDenied(_("Only a delegation or the secretariat may submit documents."))
    if actor.is_secretariat:
        return "SG"
    organisation = user.person.delegation.organisation
    return organisation.symbol or organisation.iso3 or "SRC"


def _base(instrument: Instrument):
    try:
        return parse_instrument(instrument.text)
    except ParseError as exc:
        raise ValidationError(
            _("The text of %(instrument)s cannot be read: %(error)s")
            % {"instrument": instrument.number, "error": exc}
        ) from None


def _paragraph_rows(paragraphs: Sequence[Paragraph]) -> list[dict]:
    return [
        {"indent": p.indent, "pieces": [[x.text, x.op, x.author, x.date] for x in p.pieces]}
        for p in paragraphs
    ]


def proposal_to_row(proposal: Proposal) -> dict:
    return {
        "symbol": proposal.symbol,
        "mark": str(proposal.mark),
        "target": proposal.target,
        "text": proposal.text,
        "reasons": proposal.reasons,
        "kind": str(proposal.kind) if proposal.kind else "",
        "depth": proposal.depth,
        "eid": proposal.eid,
        "sources": list(proposal.sources),
    }


def row_to_proposal(row: dict) -> Proposal:
    try:
        mark = Mark(row["mark"])
    except ValueError:
        raise ValidationError(
            _("%(symbol)s: '%(mark)s' is not a mark")
            % {"symbol": row.get("symbol", ""), "mark": row.get("mark", "")}
        ) from None
    kind = Kind(row["kind"]) if row.get("kind") else None
    if mark.adds and kind is None:
        kind = Kind.OPERATIVE_ITEM
    return Proposal(
        tuple(row.get("sources") or [row["symbol"].split("/")[0]]),
        row["symbol"],
        mark,
        row["target"],
        text=row.get("text", ""),
        reasons=row.get("reasons", ""),
        kind=kind,
        depth=int(row.get("depth") or 0),
        eid=row.get("eid", "") or (f"{row['target']}_new" if mark.adds else ""),
    )


@transaction.atomic
def upload_create(
    *,
    conference: Conference,
    user,
    instrument: Instrument,
    filename: str,
    data: bytes,
    title: str = "",
) -> Upload:
    """Read a delegation's Word file against ``instrument`` and keep it for review.

    Raises ``ValidationError`` with the reason when the file is refused; nothing is
    stored then.
    """
    source = _source_of(user, conference)
    if instrument.conference_id != conference.pk:
        raise ValidationError(_("The instrument belongs to another conference."))
    base = _base(instrument)
    limits = upload_limits()
    try:
        check_size(len(data), limits)
        found = extract_proposals(data, base=base, source=source, limits=limits)
        paragraphs = read_paragraphs(data, limits)
        check_text(title, _("the title"))
    except FormatError as exc:
        raise ValidationError(str(exc)) from None
    upload = Upload(
        conference=conference,
        uploaded_by=user,
        instrument=instrument,
        title=title.strip() or filename,
        filename=filename[:255],
        size=len(data),
        kind=found.kind,
        paragraphs=_paragraph_rows(paragraphs),
        proposals=[
            proposal_to_row(p) | {"author": found.authors.get(p.symbol, ("", ""))[0]}
            for p in found.proposals
        ],
        problems=list(found.problems),
    )
    upload.full_clean()
    upload.save()
    return upload


def _check(upload: Upload, rows: list[dict]) -> list[Proposal]:
    base = _base(upload.instrument)
    proposals = []
    for row in rows:
        for field in ("text", "reasons", "target", "symbol"):
            try:
                check_text(row.get(field, ""), row.get("symbol", "") or field)
            except FormatError as exc:
                raise ValidationError(str(exc)) from None
        proposals.append(row_to_proposal(row))
    by_source: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        by_source.setdefault(proposal.label, []).append(proposal)
    for own in by_source.values():
        try:
            apply_proposals(base, own)
        except ProposalError as exc:
            raise ValidationError(exc.message) from None
    return proposals


def _own(upload: Upload, user) -> None:
    uploader = getattr(upload.uploaded_by, "person", None)
    if not may_change_upload(
        actor_for(user),
        uploader_id=upload.uploaded_by_id,
        uploader_delegation_id=getattr(uploader, "delegation_id", None),
    ):
        raise PermissionDenied(_("Only the delegation that uploaded the file may change it."))
    if upload.status != Upload.Status.REVIEW:
        raise ValidationError(_("This file has already been submitted."))


@transaction.atomic
def upload_update(*, upload: Upload, user, rows: list[dict]) -> Upload:
    """Replace the proposals with the reviewed ones, checked against the base text."""
    _own(upload, user)
    proposals = _check(upload, rows)
    authors = {row["symbol"]: row.get("author", "") for row in upload.proposals}
    upload.proposals = [
        proposal_to_row(p) | {"author": authors.get(p.symbol, "")} for p in proposals
    ]
    upload.problems = []
    upload.save(update_fields=["proposals", "problems"])
    return upload


@transaction.atomic
def upload_submit(*, upload: Upload, user) -> Document:
    """Submit the reviewed proposals as an input document of the delegation."""
    _own(upload, user)
    if upload.problems:
        raise ValidationError(_("Fix or remove what could not be matched before submitting."))
    proposals = _check(upload, upload.proposals)
    if not proposals:
        raise ValidationError(_("There is no proposal to submit."))
    document = document_submit(conference=upload.conference, submitted_by=user, title=upload.title)
    sources = list(document.sources.all())
    for sequence, proposal in enumerate(proposals, start=1):
        proposal_create(
            document=document,
            symbol=proposal.symbol,
            mark=str(proposal.mark),
            sources=sources,
            instrument=upload.instrument,
            target="" if proposal.mark.adds else proposal.target,
            anchor=proposal.target if proposal.mark.adds else "",
            text=proposal.text,
            reasons=proposal.reasons,
            sequence=sequence,
        )
    upload.status = Upload.Status.SUBMITTED
    upload.document = document
    upload.save(update_fields=["status", "document"])
    return document
