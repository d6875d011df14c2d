"""Document use cases, one entry point each, for every transport.

An action looks up what it is given with the access policy (``NotFound`` when it is
absent or not readable, the two alike), authorizes with ``permissions``, validates,
and calls the service, which only writes.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from plenipot.conference.models import Body
from plenipot.core.actor import Actor
from plenipot.core.errors import Forbidden, Invalid, NotFound, NotSignedIn
from plenipot.documents import permissions
from plenipot.documents.access import document_facts, document_readable
from plenipot.documents.models import Allocation, Document
from plenipot.documents.selectors import document_find
from plenipot.documents.services import (
    document_allocate,
    document_create_child,
    document_publish,
    document_register,
)
from plenipot.engine.symbols import SymbolError, parse_symbol

RELATIONS = ("revision", "addendum", "corrigendum")
MAX_TITLE = 500


def access_document_for_actor(actor: Actor, document: Document | None) -> Document:
    """The document if the actor may read it; absent and unreadable answer alike."""
    if document is None or not document_readable(actor.user, document):
        raise NotFound(_("There is no such document."))
    return document


def access_document_by_symbol(actor: Actor, *, conference, symbol: str) -> Document:
    """The document a symbol names ("Addendum 1 to Document 27", "DT/12"), if the actor
    may read it. A malformed symbol is ``Invalid``; a document that does not exist or
    that the actor may not read is ``NotFound``, with the same words."""
    try:
        parsed = parse_symbol(symbol)
    except SymbolError as exc:
        raise Invalid(str(exc)) from None
    document = document_find(conference=conference, symbol=parsed)
    if document is None or not document_readable(actor.user, document):
        raise NotFound(
            _("There is no document %(symbol)s.") % {"symbol": parsed.with_language(None)}
        )
    return document


def check_document_child_register(
    actor: Actor,
    *,
    parent: Document | str | None,
    conference=None,
    relation: str,
    title: str = "",
    date: datetime.date | str | None = None,
) -> Document:
    """Register a revision, an addendum or a corrigendum of a readable document, given
    as a document or by its symbol; `date` as a date or as a form sends it (YYYY-MM-DD,
    or empty for today), read once the actor is known to be allowed."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    if isinstance(parent, str):
        parent = access_document_by_symbol(actor, conference=conference, symbol=parent)
    else:
        parent = access_document_for_actor(actor, parent)
    if not permissions.may_register_child(actor):
        raise Forbidden(_("The secretariat registers revisions, addenda and corrigenda."))
    if relation not in RELATIONS:
        raise Invalid(
            _("Unknown relation %(relation)r: revision, addendum or corrigendum.")
            % {"relation": relation}
        )
    title = (title or "").strip()
    if len(title) > MAX_TITLE:
        raise Invalid(_("The title is longer than %(n)d characters.") % {"n": MAX_TITLE})
    if isinstance(date, str):
        try:
            date = datetime.date.fromisoformat(date.strip()) if date.strip() else None
        except ValueError:
            raise Invalid(_("The date is not a date (YYYY-MM-DD).")) from None
    return document_create_child(parent=parent, relation=relation, title=title, date=date)


def check_document_publish(actor: Actor, *, document: Document | None, published: bool):
    """A source publishes its own document for anyone to read, or takes the publication
    back; the secretariat may do it for them."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    document = access_document_for_actor(actor, document)
    if not permissions.may_publish_document(actor, document_facts(document).sources):
        raise Forbidden(_("Only a source of the document may publish it."))
    return document_publish(actor=actor.user, document=document, published=published)


def check_document_register(
    actor: Actor, *, document: Document | None, number: str | None = None
) -> Document:
    """Register a submission: the next free number, or the one given (e.g. "27")."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    document = access_document_for_actor(actor, document)
    if not permissions.may_register_document(actor):
        raise Forbidden(_("Only the secretariat registers documents."))
    return document_register(document=document, registered_by=actor.user, number=number)


def check_document_allocate(
    actor: Actor, *, conference, symbol: str, body_code: str, proposal_symbol: str = ""
) -> Allocation:
    """Allocate a registered document, or one of its proposals, to a body of the
    conference: the Steering Committee's work."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    if not permissions.may_allocate_document(actor, conference.pk):
        raise Forbidden(
            _("Only the Steering Committee's chair or the secretariat allocates documents.")
        )
    document = access_document_by_symbol(actor, conference=conference, symbol=symbol)
    body = Body.objects.filter(conference=conference, code=body_code).first()
    if body is None:
        raise Invalid(_("Choose the body."))
    proposal = None
    if proposal_symbol:
        proposal = document.proposals.filter(symbol=proposal_symbol).first()
        if proposal is None:
            raise Invalid(_("That proposal is not in the document."))
    return document_allocate(
        document=document, body=body, allocated_by=actor.user, proposal=proposal
    )
