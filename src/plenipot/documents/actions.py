"""Document use cases, one entry point each, for every transport.

An action looks up what it is given with the access policy (``NotFound`` when it is
absent or not readable, the two alike), authorizes with ``permissions``, validates,
and calls the service, which only writes.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from plenipot.accounts.access import document_readable
from plenipot.core.actor import Actor
from plenipot.core.errors import Forbidden, Invalid, NotFound, NotSignedIn
from plenipot.documents import permissions
from plenipot.documents.models import Document
from plenipot.documents.selectors import document_find
from plenipot.documents.services import document_create_child
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
    date: datetime.date | None = None,
) -> Document:
    """Register a revision, an addendum or a corrigendum of a readable document, given
    as a document or by its symbol."""
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
    return document_create_child(parent=parent, relation=relation, title=title, date=date)
