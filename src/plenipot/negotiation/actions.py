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

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from plenipot.accounts.access import body_watchable
from plenipot.conference.models import Body, Delegation
from plenipot.core.actor import Actor
from plenipot.core.errors import Conflict, Forbidden, Invalid, NotFound, NotSignedIn
from plenipot.core.input_errors import read
from plenipot.documents.files import upload_limits
from plenipot.formats.safety import FormatError, check_text
from plenipot.formats.texts_in_force import read_text_in_force
from plenipot.negotiation import selectors, services
from plenipot.negotiation.models import Draft, Instrument, Revision, Snapshot, Suggestion
from plenipot.negotiation.permissions import (
    may_hand_over_draft,
    may_hold_pen,
    may_import_instrument,
    may_open_draft,
    may_suggest,
)
from plenipot.negotiation.schemas import (
    AcceptIn,
    OperationIn,
    SnapshotIn,
    SuggestionIn,
    UndoIn,
)


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
    _open(draft)
    return draft


def _open(draft: Draft) -> None:
    if draft.closed_at is not None:
        raise Conflict(_("This drafting room is closed: its text can be read, not changed."))


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
    _open(draft)
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


# --- opening, closing and handing over a room ---------------------------------------------

MAX_DRAFT_TITLE = 500


def access_body_for_actor(actor: Actor, *, conference, body: Body | str | None) -> Body:
    """A body of the conference the actor may follow; absent and closed to the actor
    answer alike."""
    if isinstance(body, str):
        body = Body.objects.filter(conference=conference, code=body).first()
    if body is None or body.conference_id != conference.pk or not body_watchable(actor.user, body):
        raise NotFound(_("There is no such body."))
    return body


def check_draft_open(
    actor: Actor,
    *,
    conference,
    body: Body | str | None,
    instrument: Instrument | str | None,
    delegations: list[str] | tuple[str, ...] = (),
    title: str = "",
) -> Draft:
    """Open a drafting room in a body on an instrument: its text is the consolidation of
    every proposal on the instrument allocated to the body (or to the body that created
    it, for a group), with the sources named in the brackets. `delegations` (ISO 3166
    alpha-3 codes or ITU symbols) take part; none named: every delegation."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    body = access_body_for_actor(actor, conference=conference, body=body)
    if not may_open_draft(actor, body.pk):
        raise Forbidden(_("Only the chair of %(body)s or the secretariat opens its drafting rooms.") % {"body": body.code})
    if body.status != Body.Status.ACTIVE:
        raise Invalid(_("%(body)s is no longer active.") % {"body": body.code})
    if isinstance(instrument, str):
        instrument = selectors.instrument_find(conference=conference, label=instrument)
    if instrument is None or instrument.conference_id != conference.pk:
        raise Invalid(_("Choose the instrument, for example \"resolution 130\"."))
    if not instrument.text.strip():
        raise Invalid(_("%(instrument)s has no text to start from.") % {"instrument": selectors.instrument_name(instrument)})
    title = " ".join((title or "").split())
    try:
        check_text(title, _("the title"))
    except FormatError as exc:
        raise Invalid(str(exc)) from None
    if len(title) > MAX_DRAFT_TITLE:
        raise Invalid(_("The title is longer than %(n)d characters.") % {"n": MAX_DRAFT_TITLE})
    taking_part = []
    for code in delegations:
        code = (code or "").strip().upper()
        if not code:
            continue
        if not code.isalnum() or len(code) > 10:
            raise Invalid(_("%(code)s has no delegation at this conference.") % {"code": code[:10]})
        delegation = (
            Delegation.objects.filter(conference=conference)
            .filter(Q(organisation__iso3=code) | Q(organisation__symbol=code))
            .first()
        )
        if delegation is None:
            raise Invalid(_("%(code)s has no delegation at this conference.") % {"code": code})
        taking_part.append(delegation)
    if selectors.draft_open_in(body=body, instrument=instrument) is not None:
        raise Conflict(
            _("%(body)s already has an open drafting room on %(instrument)s.")
            % {"body": body.code, "instrument": selectors.instrument_name(instrument)}
        )
    try:
        return services.draft_create(
            body=body,
            instrument=instrument,
            title=title,
            rows=selectors.proposals_before(body=body, instrument=instrument),
            delegations=taking_part,
        )
    except ValueError as exc:  # the engine refused the text or a proposal
        raise Invalid(str(exc)) from None


def check_draft_close(actor: Actor, *, draft_id: int) -> Draft:
    """Close a drafting room; its text and history stay readable."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    draft = access_draft_for_actor(actor, draft_id)
    if not may_open_draft(actor, draft.body_id):
        raise Forbidden(_("Only the chair of %(body)s or the secretariat closes its drafting rooms.") % {"body": draft.body.code})
    _open(draft)
    return services.draft_close(draft=draft)


def check_draft_hand_over(actor: Actor, *, draft_id: int) -> Draft:
    """The group reports: its text goes on in a room of the body that created it."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    draft = access_draft_for_actor(actor, draft_id)
    parent_id = draft.body.parent_id
    if not may_hand_over_draft(actor, draft.body_id, parent_id):
        raise Forbidden(_("Only the chair of %(body)s or the secretariat hands its text over.") % {"body": draft.body.code})
    _open(draft)
    if parent_id is None:
        raise Invalid(_("%(body)s has no parent body to hand its text to.") % {"body": draft.body.code})
    if selectors.draft_open_in(body=draft.body.parent, instrument=draft.instrument) is not None:
        raise Conflict(
            _("%(body)s already has an open drafting room on %(instrument)s.")
            % {"body": draft.body.parent.code, "instrument": selectors.instrument_name(draft.instrument)}
        )
    return services.draft_hand_over(draft=draft)


# --- importing a text in force -------------------------------------------------------------

#: An instrument's number, as the API's paths take it: "130", "79/275", "COM5/2".
INSTRUMENT_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,19}$")
MAX_INSTRUMENT_TITLE = 500


@dataclass(frozen=True)
class InstrumentImport:
    """What an import did: the instrument, and whether it is new (else its text was
    replaced)."""

    instrument: Instrument
    created: bool


def _kind_label(kind: str) -> str:
    return str(Instrument.Kind(kind).label) if kind in Instrument.Kind.values else kind


def check_instrument_import(
    actor: Actor,
    *,
    conference,
    filename: str,
    data: bytes,
    kind: str = "",
    number: str = "",
    title: str = "",
    replace: bool = False,
) -> InstrumentImport:
    """The secretariat imports a text in force from a Word (.docx), Akoma Ntoso (.xml) or
    plain-text (.txt) file: a new instrument, or (``replace``) the text of the one with
    that kind and number in place of its own, as long as nothing depends on that text
    yet (no proposal, drafting room, document, submission, path or translation): once
    proposals are anchored on its provisions, changing it would move them. A draft's text
    comes from the negotiation and is never replaced.

    The kind and number are the file's (its first line, "Resolution 130 (Rev. Busan,
    2014)"), or those given, which must then agree with it; the title is the file's
    unless one is given. The file is checked as every upload is (size, package, entities,
    text) and must look like an instrument; a refusal says why in the reader's language."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    if not may_import_instrument(actor):
        raise Forbidden(_("Only the secretariat imports the texts in force."))
    if not data:
        raise Invalid(_("Choose a Word (.docx), Akoma Ntoso (.xml) or plain-text (.txt) file."))
    kind = (kind or "").strip().lower()
    if kind and kind not in Instrument.Kind.values:
        raise Invalid(
            _("%(value)s is not a kind of instrument; it is one of: %(known)s.")
            % {"value": kind[:30], "known": ", ".join(Instrument.Kind.values)}
        )
    number = (number or "").strip()
    if number and not INSTRUMENT_NUMBER.match(number):
        raise Invalid(
            _("%(number)s is not an instrument number, such as 130 or COM5/2.")
            % {"number": number[:30]}
        )
    title = " ".join((title or "").split())
    # The name the file came with is only repeated to its sender: printable, and short.
    filename = "".join(char for char in filename or "" if char.isprintable())[-100:]
    try:
        check_text(title, _("the title"))
        read_file = read_text_in_force(filename, data, limits=upload_limits())
    except FormatError as exc:
        raise Invalid(
            _("%(file)s cannot be imported: %(reason)s")
            % {"file": filename, "reason": exc.say(_)}
        ) from None
    named_kind, named_number = read_file.kind, read_file.number
    if (kind and named_kind and kind != named_kind) or (
        number and named_number and number != named_number
    ):
        raise Invalid(
            _("The file holds %(named)s, not %(given)s.")
            % {
                "named": read_file.instrument.number[:80],
                "given": f"{_kind_label(kind or named_kind)} {number or named_number}",
            }
        )
    kind = kind or named_kind or Instrument.Kind.RESOLUTION
    number = number or named_number
    if not number or not INSTRUMENT_NUMBER.match(number):
        raise Invalid(
            _("Give the instrument's number: the file's first line (%(line)s) names none.")
            % {"line": read_file.instrument.number[:80]}
        )
    title = title or " ".join(read_file.instrument.title.split())
    if len(title) > MAX_INSTRUMENT_TITLE:
        raise Invalid(
            _("The title is longer than %(n)d characters.") % {"n": MAX_INSTRUMENT_TITLE}
        )
    name = f"{_kind_label(kind)} {number}"
    existing = Instrument.objects.filter(conference=conference, kind=kind, number=number).first()
    if existing is not None:
        if not replace:
            raise Conflict(
                _("%(instrument)s is already on the site; choose to replace its text.")
                % {"instrument": name}
            )
        if existing.status != Instrument.Status.IN_FORCE:
            raise Conflict(
                _("%(instrument)s is a draft: its text comes from the negotiation, not from a file.")
                % {"instrument": name}
            )
        uses = selectors.instrument_uses(existing)
        if uses:
            raise _in_use(name, uses)
    try:
        instrument, created = services.instrument_import(
            conference=conference, kind=kind, number=number, title=title, text=read_file.text
        )
    except services.InstrumentInUse as exc:
        raise _in_use(name, exc.uses) from None
    except ValidationError as exc:  # imported by someone else in the same instant
        raise Conflict(" ".join(exc.messages)) from None
    return InstrumentImport(instrument, created)


def _in_use(name: str, uses: list[tuple[str, int]]) -> Conflict:
    return Conflict(
        _("The text of %(instrument)s can no longer be replaced: %(uses)s depend on it.")
        % {
            "instrument": name,
            "uses": ", ".join(f"{what} ({count})" for what, count in uses),
        }
    )
