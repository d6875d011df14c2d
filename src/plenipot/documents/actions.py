"""Document use cases, one entry point each, for every transport.

An action looks up what it is given with the access policy (``NotFound`` when it is
absent or not readable, the two alike), authorizes with ``permissions``, validates,
and calls the service, which only writes.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
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
    document_file_save,
    document_issue_with_files,
    document_publish,
    document_register,
    document_return,
)
from plenipot.documents.symbol_errors import symbol_error_text
from plenipot.engine.symbols import SymbolError, parse_symbol
from plenipot.formats.safety import FormatError, check_text

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
        raise Invalid(symbol_error_text(exc)) from None
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


MAX_REASON = 2000


def check_document_return(actor: Actor, *, document: Document | None, reason: str) -> Document:
    """Return a submission to its sources with the reason, instead of registering it."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    document = access_document_for_actor(actor, document)
    if not permissions.may_return_document(actor):
        raise Forbidden(_("Only the secretariat returns submissions."))
    reason = " ".join((reason or "").split())
    try:
        check_text(reason, _("the reason"))
    except FormatError as exc:
        raise Invalid(str(exc)) from None
    if not reason:
        raise Invalid(_("Say why the submission is returned: its sources will read it."))
    if len(reason) > MAX_REASON:
        raise Invalid(_("The reason is longer than %(n)d characters.") % {"n": MAX_REASON})
    return document_return(document=document, returned_by=actor.user, reason=reason)


def check_document_allocate(
    actor: Actor,
    *,
    conference,
    symbol: str = "",
    body_code: str,
    proposal_symbol: str = "",
    document: Document | None = None,
) -> Allocation:
    """Allocate a registered document (given, or named by its symbol), or one of its
    proposals, to a body of the conference: the Steering Committee's work."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    if not permissions.may_allocate_document(actor, conference.pk):
        raise Forbidden(
            _("Only the Steering Committee's chair or the secretariat allocates documents.")
        )
    if symbol:
        document = access_document_by_symbol(actor, conference=conference, symbol=symbol)
    else:
        document = access_document_for_actor(actor, document)
        if document.conference_id != conference.pk:
            raise NotFound(_("There is no such document."))
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


# --- documents of any series, and their language files ---------------------------------

ISSUED_SERIES = ("INF", "ADM", "DL", "B", "R")


def check_document_issue(
    actor: Actor,
    *,
    conference,
    series: str,
    title: str,
    body_code: str = "",
    original_language: str = "",
    files: dict[str, tuple[str, bytes]] | None = None,
) -> Document:
    """Issue the next document of a series (INF, ADM, DL, B or R) with a file per
    language (`files`: language → (file name, bytes)). The secretariat; a delegation
    issues its own information documents, which name it as their source."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    if series not in ISSUED_SERIES:
        raise Invalid(
            _("Choose the series: %(series)s.") % {"series": ", ".join(ISSUED_SERIES)}
        )
    if not permissions.may_issue_document(actor, conference.pk, series):
        raise Forbidden(
            _("The secretariat issues documents; a delegation issues its own information documents.")
        )
    title = " ".join((title or "").split())
    try:
        check_text(title, _("the title"))
    except FormatError as exc:
        raise Invalid(str(exc)) from None
    if not title:
        raise Invalid(_("A document needs a title."))
    if len(title) > MAX_TITLE:
        raise Invalid(_("The title is longer than %(n)d characters.") % {"n": MAX_TITLE})
    languages = conference.language_codes
    original_language = original_language or languages[0]
    if original_language not in languages:
        raise Invalid(
            _("%(language)s is not a language of this conference.")
            % {"language": original_language}
        )
    body = None
    if body_code:
        body = Body.objects.filter(conference=conference, code=body_code).first()
        if body is None:
            raise Invalid(_("There is no body %(code)s.") % {"code": body_code})
    files = {language: file for language, file in (files or {}).items() if file}
    unknown = sorted(set(files) - set(languages))
    if unknown:
        raise Invalid(
            _("%(language)s is not a language of this conference.")
            % {"language": ", ".join(unknown)}
        )
    sources = []
    if not actor.is_secretariat:
        sources = [actor.user.person.delegation.organisation]
    try:
        return document_issue_with_files(
            conference=conference,
            series=series,
            title=title,
            body=body,
            sources=sources,
            original_language=original_language,
            files=files,
        )
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages)) from None


def check_document_file_add(
    actor: Actor, *, document: Document | None, language: str, filename: str, data: bytes
):
    """Add or replace the file of one language version of a readable document."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    document = access_document_for_actor(actor, document)
    facts = document_facts(document)
    if not permissions.may_add_language_file(actor, series=document.series, sources=facts.sources):
        raise Forbidden(
            _("The secretariat adds language files; a delegation, to its own information documents.")
        )
    try:
        return document_file_save(
            document=document, language=language, filename=filename, data=data
        )
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages)) from None
