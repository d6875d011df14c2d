"""Changing instruments and drafts: the drafting room's services."""

from __future__ import annotations

import json

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plenipot.conference import clock
from plenipot.conference.models import Body, Conference, Delegation
from plenipot.documents.services import document_create_temporary
from plenipot.engine import drafting
from plenipot.engine.consolidation import consolidate
from plenipot.engine.draftformat import print_draft
from plenipot.engine.instrument import parse_instrument
from plenipot.engine.proposals import Proposal
from plenipot.negotiation.labels import ProvisionLabels
from plenipot.negotiation.models import Draft, Instrument, Revision, Snapshot, Suggestion
from plenipot.negotiation.selectors import (
    CHECKPOINT_EVERY,
    delegation_label,
    draft_labels,
    draft_marked_text,
    draft_numbers,
    draft_text,
    engine_proposals,
    instrument_uses,
    provision_event,
    revision_text,
    suggestion_event,
)


@transaction.atomic
def instrument_create(
    *,
    conference: Conference,
    number: str,
    title: str,
    text: str = "",
    kind: str = Instrument.Kind.RESOLUTION,
    status: str = Instrument.Status.IN_FORCE,
) -> Instrument:
    instrument = Instrument(
        conference=conference, kind=kind, number=number, title=title, text=text, status=status
    )
    instrument.full_clean()
    instrument.save()
    return instrument


# --- the drafting room ------------------------------------------------------------------


class DraftConflict(Exception):
    """An operation made against a revision after which its provision changed.

    Carries the current head and the current text of the provisions in question, so
    the pen sees what changed and can redo the edit."""

    def __init__(
        self,
        *,
        head: int,
        eids: tuple[str, ...],
        provisions: dict,
        by: list[int],
        labels: ProvisionLabels | None = None,
    ):
        self.head = head
        self.eids = eids
        self.provisions = provisions
        self.by = by
        named = (labels or ProvisionLabels()).names(eids)
        super().__init__(
            _("Changed in revision %(by)s, after the revision you edited: %(provisions)s.")
            % {"provisions": named, "by": ", ".join(str(n) for n in by)}
        )


def draft_group(draft_id: int) -> str:
    """The channel-layer group of a draft's watchers."""
    return f"draft.{draft_id}"


@transaction.atomic
def draft_create(
    *,
    body: Body,
    instrument: Instrument,
    title: str = "",
    proposals: list[Proposal] | None = None,
    rows=None,
    delegations=(),
) -> Draft:
    """A draft consolidated from the proposals on `instrument` (or those given, or the
    recorded ones in `rows`), the sources named in its brackets; `delegations` take part
    (none named: every delegation of the conference)."""
    base = parse_instrument(instrument.text)
    if proposals is None:
        proposals = engine_proposals(instrument, base, rows)
    text = drafting.NegotiatingText(consolidate(base, proposals))
    data = drafting.text_to_dict(text)
    draft = Draft(
        body=body,
        instrument=instrument,
        title=title or f"{instrument.get_kind_display()} {instrument.number}",
        initial=data,
        state=data,
        provenance=drafting.initial_provenance(text.draft),
    )
    draft.full_clean()
    draft.save()
    delegations = list(delegations)
    if delegations:
        draft.delegations.set(delegations)
    return draft


@transaction.atomic
def draft_close(*, draft: Draft) -> Draft:
    """Close a drafting room: its text and history stay, nobody edits it any more."""
    draft = _locked(draft.pk)
    if draft.closed_at is None:
        draft.closed_at = clock.now(draft.body.conference)
        draft.save(update_fields=["closed_at"])
    return draft


@transaction.atomic
def draft_hand_over(*, draft: Draft) -> Draft:
    """A group reports: its text, with the origin of every word, opens as a drafting room
    of the body that created the group, and the group's room closes."""
    parent = draft.body.parent
    new = draft_take_over(draft=draft, body=parent)
    new.delegations.set(draft.delegations.all())
    draft_close(draft=draft)
    return new


@transaction.atomic
def draft_take_over(*, draft: Draft, body: Body, title: str = "") -> Draft:
    """A new draft in `body` starting from the current text of `draft`, for example when
    an ad hoc group's text goes back to its committee. Provenance goes with it."""
    new = Draft(
        body=body,
        instrument=draft.instrument,
        title=title or draft.title,
        parent=draft,
        initial=draft.state,
        state=draft.state,
        provenance=draft.provenance,
    )
    new.full_clean()
    new.save()
    return new


def _broadcast(draft_id: int, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    payload = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    async_to_sync(layer.group_send)(draft_group(draft_id), {"type": "draft.event", "text": payload})


def _conflicts(draft: Draft, base: int, eids: tuple[str, ...]) -> list[int]:
    later = Revision.objects.filter(draft=draft, number__gt=base).values_list("number", "eids")
    return [number for number, touched in later if set(touched) & set(eids)]


def _record(
    *,
    draft: Draft,
    user,
    operation: drafting.Operation,
    base: int,
    description: str,
    meeting=None,
    credit: str | None = None,
    undoes: int | None = None,
) -> Revision:
    """Apply an operation to a locked draft and append its revision."""
    if meeting is not None and meeting.body_id != draft.body_id:
        raise ValidationError(_("There is no such meeting of this body."))
    text = drafting.text_from_dict(draft.state)
    after = drafting.apply(text, operation)
    number = draft.head + 1
    credit = credit or operation.credit()
    origin = f"{credit}/r{number}"
    provenance = drafting.carry_provenance(text, after, draft.provenance, operation.eids(), origin)
    draft.state = drafting.text_to_dict(after)
    draft.provenance = provenance
    draft.head = number
    author_name = str(user)
    event = {
        "type": "revision",
        "draft": draft.pk,
        "number": number,
        "base": base,
        "author": author_name,
        "credit": credit,
        "description": description,
        "undoes": undoes,
        "eids": list(operation.eids()),
        "provisions": {eid: provision_event(after, provenance, eid) for eid in operation.eids()},
        "order": [p.eid for p in after.draft.provisions],
        "numbers": draft_numbers(after),
    }
    labels = draft_labels(after)
    if labels != draft_labels(text):
        # Only when a label changed (a provision added, moved or deleted, a heading
        # reworded): the watchers keep the labels they have otherwise.
        event["labels"] = labels
    revision = Revision.objects.create(
        draft=draft,
        number=number,
        base=base,
        operation=drafting.operation_to_dict(operation),
        inverse=drafting.operation_to_dict(drafting.inverse(text, operation)),
        eids=list(operation.eids()),
        credit=credit,
        undoes=undoes,
        author=user,
        meeting=meeting,
        description=description[:500],
        event=event,
        checkpoint=draft.state if number % CHECKPOINT_EVERY == 0 else None,
    )
    draft.save(update_fields=["state", "provenance", "head"])
    revision.created_at = clock.now(draft.body.conference)
    event["time"] = revision.created_at.isoformat()
    Revision.objects.filter(pk=revision.pk).update(event=event, created_at=revision.created_at)
    revision.event = event
    transaction.on_commit(lambda: _broadcast(draft.pk, event))
    return revision


def _eid_used(draft: Draft, eid: str) -> bool:
    """Whether a provision with this id was ever in the draft."""
    if any(p.get("eid") == eid for p in draft.initial.get("provisions", ())):
        return True
    touched = Revision.objects.filter(draft=draft).values_list("eids", flat=True)
    return any(eid in eids for eids in touched)


def _locked(draft_id: int) -> Draft:
    try:
        return (
            Draft.objects.select_for_update(of=("self",))
            .select_related("body__conference")
            .get(pk=draft_id)
        )
    except Draft.DoesNotExist:
        raise ValidationError(_("There is no such draft.")) from None


def _check_base(draft: Draft, base: int, eids: tuple[str, ...]) -> None:
    if base < 0 or base > draft.head:
        raise ValidationError(
            _("Revision %(base)s does not exist yet; the draft is at revision %(head)s.")
            % {"base": base, "head": draft.head}
        )
    by = _conflicts(draft, base, eids)
    if by:
        text = drafting.text_from_dict(draft.state)
        provisions = {
            eid: provision_event(text, draft.provenance, eid)
            for eid in eids
            if any(p.eid == eid for p in text.draft.provisions)
        }
        raise DraftConflict(
            head=draft.head, eids=eids, provisions=provisions, by=by,
            labels=ProvisionLabels.of(text.draft),
        )  # fmt: skip


@transaction.atomic
def operation_apply(
    *,
    draft_id: int,
    user,
    operation: dict,
    base: int,
    description: str = "",
    meeting=None,
) -> Revision:
    """Apply one editing operation made against revision `base`.

    The caller has checked that the user holds the pen (`actions.check_draft_apply`).
    Raises ValidationError for a malformed or impossible operation, DraftConflict if a provision it touches changed
    after `base`. In every case the draft is left as it was."""
    draft = _locked(draft_id)
    try:
        parsed = drafting.operation_from_dict(operation)
    except drafting.DraftingError as exc:
        raise ValidationError(str(exc)) from None
    if isinstance(parsed, drafting.Restore):
        raise ValidationError(_("Restoring is done by undoing a revision."))
    if (
        isinstance(parsed, drafting.AddProvision)
        and not any(p.get("eid") == parsed.eid for p in draft.state.get("provisions", ()))
        and _eid_used(draft, parsed.eid)
    ):
        # Undoing the deletion of the earlier provision would put it back over this one.
        raise ValidationError(
            _("A provision of this draft had the id '%(eid)s' before; choose another id.")
            % {"eid": parsed.eid}
        )
    _check_base(draft, base, parsed.eids())
    try:
        return _record(
            draft=draft,
            user=user,
            operation=parsed,
            base=base,
            description=description,
            meeting=meeting,
        )
    except drafting.DraftingError as exc:
        raise ValidationError(str(exc)) from None


@transaction.atomic
def revision_undo(
    *, draft_id: int, user, number: int, description: str = "", meeting=None
) -> Revision:
    """Undo revision `number` with a new revision that restores its provision. Refused
    (DraftConflict) if that provision changed after it."""
    draft = _locked(draft_id)
    try:
        revision = Revision.objects.get(draft=draft, number=number)
    except Revision.DoesNotExist:
        raise ValidationError(_("There is no revision %(n)s.") % {"n": number}) from None
    inverse = drafting.operation_from_dict(revision.inverse)
    _check_base(draft, number, inverse.eids())
    try:
        return _record(
            draft=draft,
            user=user,
            operation=inverse,
            base=draft.head,
            description=description or _("Undo revision %(n)s") % {"n": number},
            credit=revision.credit,
            undoes=number,
            meeting=meeting,
        )
    except drafting.DraftingError as exc:
        raise ValidationError(str(exc)) from None


@transaction.atomic
def suggestion_submit(
    *,
    draft: Draft,
    user,
    eid: str,
    text: str,
    segment: int | None = None,
    start: int | None = None,
    end: int | None = None,
) -> Suggestion:
    """A delegate's wording for a span (segment, start, end), a bracket (segment) or a
    whole provision. The caller has checked that the user is a delegate of a delegation
    taking part (`actions.check_suggestion_submit`)."""
    delegation: Delegation = user.person.delegation
    current = draft_text(draft)
    try:
        provision = current.provision(eid)
    except drafting.DraftingError as exc:
        raise ValidationError(str(exc)) from None
    if segment is not None and not 0 <= segment < len(provision.segments):
        raise ValidationError(_("There is no such piece of text in that provision."))
    if start is not None or end is not None:
        if segment is None or start is None or end is None:
            raise ValidationError(_("A span needs its piece of text, its start and its end."))
        piece = provision.segments[segment]
        if not isinstance(piece, str):
            raise ValidationError(
                _("That piece is already in brackets; suggest a wording for the bracket instead.")
            )
        if not 0 <= start < end:
            raise ValidationError(
                _("The span %(start)s–%(end)s is empty or reversed.") % {"start": start, "end": end}
            )
        if end > len(piece):
            raise ValidationError(
                _("The span %(start)s–%(end)s is outside the text, which has %(n)s characters.")
                % {"start": start, "end": end, "n": len(piece)}
            )
        if piece[start:end] == text:
            raise ValidationError(_("The wording is the same as the words it would replace."))
    suggestion = Suggestion(
        draft=draft, eid=eid, segment=segment, start=start, end=end, text=text,
        delegation=delegation, author=user,
    )  # fmt: skip
    suggestion.full_clean()
    suggestion.save()
    _announce(suggestion)
    return suggestion


def _announce(suggestion: Suggestion) -> None:
    event = suggestion_event(suggestion)
    transaction.on_commit(lambda: _broadcast(suggestion.draft_id, event))


def _suggested_operation(
    suggestion: Suggestion, text: drafting.NegotiatingText
) -> drafting.Operation:
    label = delegation_label(suggestion.delegation)
    provision = text.provision(suggestion.eid)
    segment = suggestion.segment
    if segment is None:
        # A wording for the whole provision: an alternative to the words it changes.
        if len(provision.segments) == 1 and isinstance(provision.segments[0], str):
            return _bracket_difference(suggestion, 0, provision.segments[0], 0, label)
        raise drafting.DraftingError(
            _("The provision already has brackets; suggest a wording for one of them.")
        )
    piece = provision.segments[segment] if segment < len(provision.segments) else None
    if isinstance(piece, str):
        start = suggestion.start or 0
        end = suggestion.end if suggestion.end is not None else len(piece)
        return _bracket_difference(suggestion, segment, piece[start:end], start, label)
    return drafting.AddAlternative(suggestion.eid, segment, label, suggestion.text)


def _bracket_difference(
    suggestion: Suggestion, segment: int, words: str, offset: int, label: str
) -> drafting.BracketSpan:
    """The bracket that takes a suggestion for `words` (which start at `offset` in the
    piece of text): only on the words that differ, the common ones left agreed."""
    difference = drafting.smallest_difference(words, suggestion.text)
    if difference is None:
        raise drafting.DraftingError(_("The wording is the same as the words it would replace."))
    return drafting.BracketSpan(
        suggestion.eid, segment, offset + difference.start, offset + difference.end, label,
        difference.new,
    )  # fmt: skip


@transaction.atomic
def suggestion_accept(
    *, suggestion_id: int, user, base: int | None = None, meeting=None
) -> Revision:
    """The pen takes a suggestion into the text, credited to its delegation."""
    suggestion = (
        Suggestion.objects.select_for_update()
        .select_related("delegation__organisation", "draft")
        .get(pk=suggestion_id)
    )
    if suggestion.status != Suggestion.Status.PENDING:
        raise ValidationError(_("This suggestion was already dealt with."))
    draft = _locked(suggestion.draft_id)
    text = drafting.text_from_dict(draft.state)
    try:
        operation = _suggested_operation(suggestion, text)
    except drafting.DraftingError as exc:
        raise ValidationError(str(exc)) from None
    _check_base(draft, draft.head if base is None else base, operation.eids())
    try:
        revision = _record(
            draft=draft,
            user=user,
            operation=operation,
            base=draft.head if base is None else base,
            description=_("Suggestion of %(d)s") % {"d": delegation_label(suggestion.delegation)},
            meeting=meeting,
        )
    except drafting.DraftingError as exc:
        raise ValidationError(str(exc)) from None
    suggestion.status = Suggestion.Status.ACCEPTED
    suggestion.revision = revision.number
    suggestion.save(update_fields=["status", "revision"])
    _announce(suggestion)
    return revision


@transaction.atomic
def suggestion_decline(*, suggestion_id: int, user) -> Suggestion:
    suggestion = (
        Suggestion.objects.select_for_update().select_related("draft__body").get(pk=suggestion_id)
    )
    if suggestion.status != Suggestion.Status.PENDING:
        raise ValidationError(_("This suggestion was already dealt with."))
    suggestion.status = Suggestion.Status.DECLINED
    suggestion.save(update_fields=["status"])
    _announce(suggestion)
    return suggestion


@transaction.atomic
def snapshot_save(*, draft_id: int, user, name: str) -> Snapshot:
    """Save the current text under a name and issue it as the body's temporary
    document: DT/n for the first snapshot of a draft, then DT/n(Rev.k)."""
    draft = _locked(draft_id)
    text = revision_text(draft, draft.head)
    clean = print_draft(text.draft)
    marked = draft_marked_text(draft, text)
    previous = (
        Snapshot.objects.filter(draft=draft, document__isnull=False)
        .select_related("document")
        .order_by("-revision", "-pk")
        .first()
    )
    parent = None
    if previous is not None:
        parent = previous.document
        while parent.parent_id is not None and parent.revision:
            parent = parent.parent
    document = document_create_temporary(
        body=draft.body,
        title=f"{draft.title}: {name}",
        author_user=user,
        text=clean,
        parent=parent,
        instrument=draft.instrument,
    )
    return Snapshot.objects.create(
        draft=draft, name=name, revision=draft.head, document=document, clean_text=clean,
        marked_text=marked, created_by=user, provenance=draft.provenance,
    )  # fmt: skip


# --- importing a text in force ------------------------------------------------------------


class InstrumentInUse(Exception):
    """The text of an instrument that something depends on (proposals, drafting rooms …)
    is not replaced: `uses` says what, as `instrument_uses` does."""

    def __init__(self, uses: list[tuple[str, int]]):
        super().__init__(", ".join(f"{what} ({count})" for what, count in uses))
        self.uses = uses


@transaction.atomic
def instrument_import(
    *, conference: Conference, kind: str, number: str, title: str, text: str
) -> tuple[Instrument, bool]:
    """A text in force as a new instrument, or in place of the text of the one with
    that kind and number, which nothing may depend on yet: checked again under the row's
    lock, so that a proposal recorded meanwhile is never left on a text that changed.
    Answers the instrument and whether it was created."""
    instrument = (
        Instrument.objects.select_for_update()
        .filter(conference=conference, kind=kind, number=number)
        .first()
    )
    if instrument is None:
        created = instrument_create(
            conference=conference, kind=kind, number=number, title=title, text=text
        )
        return created, True
    uses = instrument_uses(instrument)
    if uses:
        raise InstrumentInUse(uses)
    instrument.title = title
    instrument.text = text
    instrument.status = Instrument.Status.IN_FORCE
    instrument.full_clean()
    instrument.save(update_fields=["title", "text", "status"])
    return instrument, False
