"""Moving a text along its path: one entry point for the page, the API and the command
line. The action looks up the body and the document it is given (a document the actor
may not read is answered like one that does not exist), authorizes, validates, and calls
the service."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from plenipot.conference.models import Body, Conference, Delegation
from plenipot.core.actor import Actor
from plenipot.core.errors import Forbidden, Invalid, NotFound, NotSignedIn
from plenipot.documents.actions import access_document_by_symbol, check_document_allocate
from plenipot.documents.models import Allocation, Document
from plenipot.engine.path import Stage
from plenipot.meetings.models import AgendaItem
from plenipot.meetings.selectors import meeting_visible
from plenipot.tracker import selectors, services
from plenipot.tracker.models import Decision, Declaration, TextPath
from plenipot.tracker.permissions import (
    may_move_text,
    may_record_decision,
    may_record_declaration,
)

MAX_NOTE = 2000
STAGES = frozenset(stage.value for stage in Stage)


def check_text_move(
    actor: Actor,
    *,
    path: TextPath,
    to_stage: str,
    body_code: str | None = None,
    document_symbol: str | None = None,
    note: str = "",
) -> TextPath:
    """Move a text to its next stage, as its body's chair or the secretariat."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    body = None
    if body_code:
        body = Body.objects.filter(conference=path.conference_id, code=body_code).first()
        if body is None:
            raise Invalid(_("There is no body %(code)s.") % {"code": body_code})
    if not may_move_text(
        actor, selectors.path_bodies(path), body.pk if body is not None else None
    ):
        raise Forbidden(
            _("Only the secretariat or the chair of the body handling the text moves it.")
        )
    document = None
    if document_symbol:
        document = access_document_by_symbol(
            actor, conference=path.conference, symbol=document_symbol
        )
    if to_stage not in STAGES:
        raise Invalid(_("Unknown stage %(stage)r.") % {"stage": to_stage})
    note = note or ""
    if len(note) > MAX_NOTE:
        raise Invalid(_("The note is longer than %(n)d characters.") % {"n": MAX_NOTE})
    return services.path_advance(
        path=path,
        to_stage=to_stage,
        moved_by=actor.user,
        note=note,
        body=body,
        document=document,
    )


def check_allocation_on_path(
    actor: Actor,
    *,
    conference: Conference,
    body_code: str,
    symbol: str = "",
    proposal_symbol: str = "",
    document: Document | None = None,
) -> Allocation:
    """Allocate a registered document, or one of its proposals, to a body (the
    documents app's action, with its checks), and put each text its proposals change on
    its path, allocated to that body: what the registry page and the API do."""
    allocation = check_document_allocate(
        actor,
        conference=conference,
        symbol=symbol,
        body_code=body_code,
        proposal_symbol=proposal_symbol,
        document=document,
    )
    services.paths_follow_allocation(allocation=allocation)
    return allocation


MAX_STATEMENTS = 200
MAX_STATEMENT = 4000


def check_decision_take(actor: Actor, *, item: AgendaItem, statements=(), **fields) -> Decision:
    """The chair (or a vice-chair) of the meeting's body declares a decision on an agenda
    item. A meeting the actor may not see is answered like one that does not exist."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    meeting = item.meeting
    if not meeting_visible(user=actor.user, meeting=meeting):
        raise NotFound(_("There is no such meeting."))
    if not may_record_decision(actor, meeting.body_id):
        raise Forbidden(
            _("Only the chair of %(body)s declares its decisions.") % {"body": meeting.body.code}
        )
    statements = list(statements)
    if len(statements) > MAX_STATEMENTS:
        raise Invalid(_("At most %(n)d statements.") % {"n": MAX_STATEMENTS})
    if any(len(text or "") > MAX_STATEMENT for _delegation, _kind, text in statements):
        raise Invalid(
            _("A statement is longer than %(n)d characters.") % {"n": MAX_STATEMENT}
        )
    return services.decision_take(
        agenda_item=item, decided_by=actor.user, statements=statements, **fields
    )


def check_declaration_record(
    actor: Actor, *, conference: Conference, delegation_codes: Iterable[str], text: str
) -> Declaration:
    """Record a declaration or reservation that delegations (by their ISO codes) make for
    the Final Acts; it is numbered in order."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    if not may_record_declaration(actor):
        raise Forbidden(_("The secretariat records declarations for the Final Acts."))
    delegations = []
    for code in delegation_codes:
        delegation = (
            Delegation.objects.filter(conference=conference, organisation__iso3=code.upper())
            .select_related("organisation")
            .first()
        )
        if delegation is None:
            raise Invalid(
                _("%(code)s has no delegation at this conference.") % {"code": code.upper()}
            )
        delegations.append(delegation)
    return services.declaration_make(
        conference=conference, delegations=delegations, text=text, made_by=actor.user
    )
