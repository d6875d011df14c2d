"""The drafting room's use cases, one entry point each for the API, the WebSocket and
the command line.

Each action finds the draft through the access policy (a draft the actor may not watch
answers like one that does not exist), authorizes with ``permissions``, validates with
the schemas in ``schemas.py`` (the API has already done so; a socket's frame is checked
here) and calls the service, which only writes: it takes the draft's row lock and
trusts the check made here (a pen withdrawn in the instant between the two has its
edit go through, and its open socket is then checked again and told). A stale edit
is a ``Conflict`` carrying what the pen needs to redo it: the head revision, the
provisions that changed and who changed them.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from pydantic import BaseModel
from pydantic import ValidationError as SchemaError

from plenipot.core.actor import Actor
from plenipot.core.errors import Conflict, Forbidden, Invalid, InvalidInput, NotFound, NotSignedIn
from plenipot.core.input_errors import describe
from plenipot.negotiation import selectors, services
from plenipot.negotiation.models import Draft, Revision, Snapshot, Suggestion
from plenipot.negotiation.permissions import may_hold_pen, may_suggest
from plenipot.negotiation.schemas import (
    AcceptIn,
    OperationIn,
    SnapshotIn,
    SuggestionIn,
    UndoIn,
)


def read(schema: type[BaseModel], data: Any) -> Any:
    """A frame's fields checked by the schema the API uses; ``InvalidInput`` (the API's
    422, in the same words) naming the fields that are wrong."""
    if isinstance(data, schema):
        return data
    try:
        return schema.model_validate(data)
    except SchemaError as exc:
        raise InvalidInput(describe(exc.errors())) from None


def access_draft_for_actor(actor: Actor, draft_id: int) -> Draft:
    try:
        return selectors.access_draft(actor.user, draft_id)
    except Http404:
        raise NotFound(_("There is no such draft.")) from None


def _pen(actor: Actor, draft_id: int, refusal: str) -> Draft:
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    draft = access_draft_for_actor(actor, draft_id)
    if not may_hold_pen(actor, draft.body_id):
        raise Forbidden(refusal)
    return draft


def _conflict(exc: services.DraftConflict) -> Conflict:
    return Conflict(
        str(exc), head=exc.head, eids=list(exc.eids), by=exc.by, provisions=exc.provisions
    )


def check_draft_apply(actor: Actor, *, draft_id: int, data: OperationIn | dict) -> Revision:
    """The pen applies an operation made against a revision."""
    draft = _pen(actor, draft_id, _("Only the pen (the body's chair and secretariat) edits the draft."))
    data = read(OperationIn, data)
    try:
        return services.operation_apply(
            draft_id=draft.pk,
            user=actor.user,
            operation=data.op,
            base=data.base,
            description=data.description,
            meeting=selectors.draft_meeting(draft, data.meeting),
        )
    except services.DraftConflict as exc:
        raise _conflict(exc) from None


def check_draft_undo(actor: Actor, *, draft_id: int, data: UndoIn | dict) -> Revision:
    """The pen undoes a revision with a new one."""
    draft = _pen(actor, draft_id, _("Only the pen (the body's chair and secretariat) edits the draft."))
    data = read(UndoIn, data)
    try:
        return services.revision_undo(
            draft_id=draft.pk,
            user=actor.user,
            number=data.number,
            meeting=selectors.draft_meeting(draft, data.meeting),
        )
    except services.DraftConflict as exc:
        raise _conflict(exc) from None


def check_suggestion_submit(
    actor: Actor, *, draft_id: int, data: SuggestionIn | dict
) -> Suggestion:
    """A delegate of a delegation taking part suggests a wording."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    draft = access_draft_for_actor(actor, draft_id)
    taking_part = selectors.draft_taking_part(draft)
    if not may_suggest(actor, draft.body.conference_id, taking_part):
        raise Forbidden(_("Only delegations taking part in this body may suggest wording."))
    data = read(SuggestionIn, data)
    if not data.text.strip():
        raise Invalid(_("A suggestion needs its wording."))
    return services.suggestion_submit(
        draft=draft, user=actor.user, eid=data.eid, text=data.text,
        segment=data.segment, start=data.start, end=data.end,
    )  # fmt: skip


def _suggestion(actor: Actor, draft: Draft, suggestion_id: int) -> Suggestion:
    suggestion = Suggestion.objects.filter(pk=suggestion_id, draft=draft).first()
    if suggestion is None:
        raise NotFound(_("There is no such suggestion."))
    return suggestion


def check_suggestion_accept(
    actor: Actor, *, draft_id: int, suggestion_id: int, data: AcceptIn | dict | None = None
) -> Revision:
    """The pen takes a suggestion into the text, credited to its delegation."""
    draft = _pen(actor, draft_id, _("Only the pen (the body's chair and secretariat) edits the draft."))
    suggestion = _suggestion(actor, draft, suggestion_id)
    data = read(AcceptIn, data or {})
    try:
        return services.suggestion_accept(
            suggestion_id=suggestion.pk, user=actor.user, base=data.base,
            meeting=selectors.draft_meeting(draft, data.meeting),
        )  # fmt: skip
    except services.DraftConflict as exc:
        raise _conflict(exc) from None


def check_suggestion_decline(actor: Actor, *, draft_id: int, suggestion_id: int) -> Suggestion:
    """The pen declines a suggestion."""
    draft = _pen(actor, draft_id, _("Only the pen (the body's chair and secretariat) edits the draft."))
    suggestion = _suggestion(actor, draft, suggestion_id)
    return services.suggestion_decline(suggestion_id=suggestion.pk, user=actor.user)


def check_snapshot_save(actor: Actor, *, draft_id: int, data: SnapshotIn | dict) -> Snapshot:
    """The pen saves the current text under a name; it is issued as the body's DT."""
    draft = _pen(actor, draft_id, _("Only the pen (the body's chair and secretariat) saves snapshots."))
    data = read(SnapshotIn, data)
    name = data.name.strip()
    if not name:
        raise Invalid(_("A snapshot needs a name."))
    return services.snapshot_save(draft_id=draft.pk, user=actor.user, name=name)
