"""Submissions, one entry point each for the pages, the API and the command line: a
delegation uploads a Word file, corrects what was read and submits it; the secretariat
registers the submission (its number and symbol) or returns it with a reason.

A submission is named by its upload's id. A delegation's uploads are visible to every
member of that delegation and to nobody else (`NotFound` for anyone else, as for an id
that does not exist); once submitted, the document is read through the access policy.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from plenipot.core.actor import Actor
from plenipot.core.errors import Forbidden, Invalid, NotFound, NotSignedIn
from plenipot.documents.actions import check_document_register, check_document_return
from plenipot.documents.models import Document
from plenipot.documents.permissions import may_register_document, may_submit_document
from plenipot.negotiation.models import Instrument
from plenipot.negotiation.selectors import instrument_find
from plenipot.submissions import selectors, services
from plenipot.submissions.models import Upload


def _signed_in(actor: Actor) -> None:
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))


def _invalid(exc: ValidationError | PermissionDenied):
    if isinstance(exc, PermissionDenied):
        return Forbidden(str(exc) or _("You may not do this."))
    return Invalid(" ".join(exc.messages))


def access_upload(actor: Actor, upload_id: int | None) -> Upload:
    """One of the actor's delegation's uploads (the actor's own, outside a delegation)."""
    _signed_in(actor)
    upload = None
    if upload_id:
        upload = selectors.upload_list(user=actor.user).filter(pk=upload_id).first()
    if upload is None:
        raise NotFound(_("There is no such submission."))
    return upload


def check_upload_create(
    actor: Actor,
    *,
    conference,
    instrument: Instrument | str | None,
    filename: str,
    data: bytes,
    title: str = "",
) -> Upload:
    """Read a Word file of proposals on an instrument and keep it for review."""
    _signed_in(actor)
    if not may_submit_document(actor, conference.pk):
        raise Forbidden(_("Only a delegation or the secretariat may submit documents."))
    if isinstance(instrument, str):
        instrument = instrument_find(conference=conference, label=instrument)
    if instrument is None or instrument.conference_id != conference.pk:
        raise Invalid(_("Choose the instrument the proposals change."))
    try:
        return services.upload_create(
            conference=conference,
            user=actor.user,
            instrument=instrument,
            filename=filename,
            data=data,
            title=title,
        )
    except (ValidationError, PermissionDenied) as exc:
        raise _invalid(exc) from None


def check_upload_update(actor: Actor, *, upload_id: int, rows: list[dict]) -> Upload:
    """Replace what was read with the delegation's corrections."""
    upload = access_upload(actor, upload_id)
    try:
        return services.upload_update(upload=upload, user=actor.user, rows=rows)
    except (ValidationError, PermissionDenied) as exc:
        raise _invalid(exc) from None


def check_upload_submit(actor: Actor, *, upload_id: int) -> Document:
    """Submit the reviewed proposals as the delegation's input document; after the
    deadline it is received as late."""
    upload = access_upload(actor, upload_id)
    try:
        return services.upload_submit(upload=upload, user=actor.user)
    except (ValidationError, PermissionDenied) as exc:
        raise _invalid(exc) from None


def _submitted(actor: Actor, *, conference, upload_id: int) -> Document:
    """The document of a submitted upload of the conference, as the documents' access
    policy lets the actor read it."""
    _signed_in(actor)
    upload = (
        Upload.objects.filter(pk=upload_id, conference=conference).select_related("document").first()
        if upload_id
        else None
    )
    if upload is None:
        raise NotFound(_("There is no such submission."))
    if upload.document is None:
        if not selectors.upload_list(user=actor.user).filter(pk=upload.pk).exists():
            raise NotFound(_("There is no such submission."))
        raise Invalid(_("This file has not been submitted yet."))
    return upload.document


def check_submission_register(
    actor: Actor, *, conference, upload_id: int, number: str | None = None
) -> Document:
    """The secretariat registers a submission (a late one too: that accepts it)."""
    document = _submitted(actor, conference=conference, upload_id=upload_id)
    return check_document_register(actor, document=document, number=number or None)


def check_submission_return(actor: Actor, *, conference, upload_id: int, reason: str) -> Document:
    """The secretariat returns a submission to its sources with the reason."""
    document = _submitted(actor, conference=conference, upload_id=upload_id)
    return check_document_return(actor, document=document, reason=reason)


STATUSES = ("review", "submitted", "registered", "returned")


def submission_list(actor: Actor, *, conference, status: str | None = None) -> list[Upload]:
    """The secretariat's queue (every submission of the conference), or a delegation's
    own uploads; newest first, each with `state` and `late`."""
    _signed_in(actor)
    if status and status not in STATUSES:
        raise Invalid(
            _("Unknown status %(status)s: review, submitted, registered or returned.")
            % {"status": status}
        )
    everyone = may_register_document(actor)
    return selectors.submission_rows(
        user=actor.user, conference=conference, everyone=everyone, status=status
    )
