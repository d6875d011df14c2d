"""Reading instruments and drafts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from plenipot.accounts.access import bodies_watchable, body_watchable, reader_for
from plenipot.accounts.roles import actor_for
from plenipot.conference import clock
from plenipot.conference.models import Body, Conference, Delegation, Person
from plenipot.documents.access import documents_readable
from plenipot.documents.models import Allocation, Document
from plenipot.documents.models import Proposal as ProposalRow
from plenipot.engine import drafting
from plenipot.engine.compilation import Synopsis, compile_synopsis
from plenipot.engine.diff import diff_provision, ops_to_html, ops_to_text
from plenipot.engine.instrument import ITEM_KIND, Unit, flatten, labelled, parse_instrument
from plenipot.engine.labels import provision_labels
from plenipot.engine.natural_order import natural_key
from plenipot.engine.proposals import Mark, Proposal
from plenipot.engine.tokens import tokenize
from plenipot.meetings.models import Meeting
from plenipot.negotiation.labels import ProvisionLabels, label_to_dict
from plenipot.negotiation.models import Draft, Instrument, Revision, Suggestion
from plenipot.negotiation.permissions import may_hand_over_draft, may_hold_pen


def instrument_list(*, conference: Conference, kind: str | None = None) -> list[Instrument]:
    """The conference's instruments by kind, then number in numeric order (2, 64, 180)."""
    instruments = Instrument.objects.filter(conference=conference)
    if kind:
        instruments = instruments.filter(kind=kind)
    return sorted(instruments, key=lambda i: (i.kind, natural_key(i.number)))


def instrument_get(*, conference: Conference, number: str, kind: str = "resolution") -> Instrument:
    return Instrument.objects.get(conference=conference, kind=kind, number=number)


def instrument_label(instrument: Instrument) -> str:
    """How people and commands name an instrument: "resolution 130"."""
    return f"{instrument.kind} {instrument.number}"


def instrument_name(instrument: Instrument) -> str:
    """How pages name an instrument, in the reader's language: "Resolution 130"."""
    return f"{instrument.get_kind_display()} {instrument.number}"


def instrument_find(*, conference: Conference, label: str) -> Instrument | None:
    """The instrument named "resolution 130", "Resolution 130" or "130" (when only one
    kind has that number), or None."""
    words = (label or "").split()
    if "\x00" in (label or ""):  # a NUL byte never names anything (nor reaches PostgreSQL)
        return None
    if len(words) == 2 and words[0].lower() in Instrument.Kind.values:
        return Instrument.objects.filter(
            conference=conference, kind=words[0].lower(), number=words[1]
        ).first()
    if len(words) == 1:
        found = list(Instrument.objects.filter(conference=conference, number=words[0])[:2])
        return found[0] if len(found) == 1 else None
    return None


def engine_proposals(
    instrument: Instrument, base, rows=None, *, with_noc: bool = False
) -> list[Proposal]:
    """The proposals recorded on `instrument` (or those of `rows`), as the engine reads
    them; NOC proposals only `with_noc` (the compilation lists them, a draft does not
    need them)."""
    flat = flatten(base)
    units = {unit.eid: unit for unit in flat}
    last = {}
    for i, unit in enumerate(flat):
        # "ADD after item 3" means after item 3 and its sub-items.
        j = i
        while (
            not unit.kind.is_heading
            and j + 1 < len(flat)
            and flat[j + 1].kind is unit.kind
            and flat[j + 1].depth > unit.depth
        ):
            j += 1
        last[unit.eid] = flat[j].eid
    rows = (
        (ProposalRow.objects.filter(instrument=instrument) if rows is None else rows)
        .exclude(mark="" if with_noc else Mark.NOC.value)
        .prefetch_related("sources")
        .order_by("symbol")
    )
    out: list[Proposal] = []
    for row in rows:
        sources = tuple(sorted(s.symbol or s.acronym or s.iso3 for s in row.sources.all()))
        sources = sources or (row.symbol.split("/")[0],)
        mark = Mark(row.mark)
        if mark.adds:
            anchor = units.get(row.anchor or "")
            if anchor is None:
                continue
            kind = (
                ITEM_KIND.get(anchor.kind, anchor.kind) if anchor.kind.is_heading else anchor.kind
            )
            depth = 0 if anchor.kind.is_heading else anchor.depth
            seq = row.symbol.rsplit("/", 1)[-1]
            out.append(
                Proposal(sources, row.symbol, mark, last[anchor.eid], text=row.text, kind=kind,
                         depth=depth, eid=f"{anchor.eid}_add_{'_'.join(sources).lower()}_{seq}",
                         reasons=row.reasons)
            )  # fmt: skip
        elif row.target in units:
            out.append(
                Proposal(sources, row.symbol, mark, row.target, text=row.text, reasons=row.reasons)
            )
    return out



def instrument_compilation(*, instrument: Instrument, user) -> Synopsis:
    """The synoptic table of the proposals on an instrument that `user` may read, from
    registered documents, provision by provision with their sources. Raises the engine's
    `ProposalError` for a proposal that does not fit the text in force."""
    base = parse_instrument(instrument.text)
    readable = documents_readable(
        user, Document.objects.filter(conference_id=instrument.conference_id, status="registered")
    )
    rows = ProposalRow.objects.filter(instrument=instrument, document__in=readable)
    return compile_synopsis(base, engine_proposals(instrument, base, rows, with_noc=True))


# --- the drafting room ------------------------------------------------------------------


#: The groups a body creates work on what was allocated to the body that created them.
_GROUP_KINDS = ("ad_hoc", "consolidation", "drafting", "informal")


def proposals_before(*, body: Body, instrument: Instrument) -> QuerySet[ProposalRow]:
    """The proposals on `instrument` before `body`: those of the documents allocated to
    it (or to its parent, for an ad hoc, consolidation or drafting group or informal
    consultations), and those allocated to it one by one."""
    bodies = [body.pk]
    if body.kind in _GROUP_KINDS and body.parent_id:
        bodies.append(body.parent_id)
    documents = Allocation.objects.filter(body_id__in=bodies, proposal__isnull=True).values(
        "document_id"
    )
    single = Allocation.objects.filter(body_id__in=bodies, proposal__isnull=False).values(
        "proposal_id"
    )
    return ProposalRow.objects.filter(instrument=instrument).filter(
        Q(document_id__in=documents) | Q(document__body_id__in=bodies) | Q(pk__in=single)
    )


def drafts_of_body(*, body: Body) -> QuerySet[Draft]:
    return Draft.objects.filter(body=body).select_related("instrument").order_by("-pk")


def draft_open_in(*, body: Body, instrument: Instrument) -> Draft | None:
    """The body's open drafting room on that instrument, if there is one."""
    return Draft.objects.filter(body=body, instrument=instrument, closed_at__isnull=True).first()


def delegation_label(delegation: Delegation) -> str:
    """How a delegation is named in brackets: its ITU symbol (EUR, F, USA)."""
    organisation = delegation.organisation
    return (
        organisation.symbol or organisation.acronym or organisation.iso3 or str(organisation.pk)
    ).upper()


def draft_may_edit(user, draft: Draft) -> bool:
    """The pen: the body's chair and vice-chairs, and the secretariat."""
    return may_hold_pen(actor_for(user), draft.body_id)


def draft_may_hand_over(user, draft: Draft) -> bool:
    """Who may hand a group's text to the body that created it (the same predicate as
    the action)."""
    return may_hand_over_draft(actor_for(user), draft.body_id, draft.body.parent_id)


def draft_participates(draft: Draft, delegation: Delegation) -> bool:
    """Whether a delegation takes part in the draft's negotiation."""
    if delegation.conference_id != draft.body.conference_id:
        return False
    listed = draft.delegations.all()
    return not listed.exists() or listed.filter(pk=delegation.pk).exists()


def draft_taking_part(draft: Draft) -> frozenset[int]:
    """The delegations named as taking part in the draft; none named: every delegation
    of the body's conference."""
    return frozenset(draft.delegations.values_list("pk", flat=True))


def draft_watchable(user, draft: Draft) -> bool:
    """Watching a draft is following its body: the access policy decides."""
    return draft_may_edit(user, draft) or body_watchable(user, draft.body)


def drafts_watchable(user, queryset: QuerySet[Draft]) -> QuerySet[Draft]:
    bodies = bodies_watchable(user, Body.objects.all())
    return queryset.filter(body__in=bodies)


def drafts_taking_part(*, user, delegation: Delegation) -> QuerySet[Draft]:
    """The open drafting rooms a delegation takes part in (`draft_participates`: named
    among the room's delegations, or none named), that the user may watch; newest
    first, with their body and instrument. One query."""
    listed = Draft.delegations.through.objects.filter(draft_id=OuterRef("pk"))
    rooms = Draft.objects.filter(
        body__conference_id=delegation.conference_id, closed_at__isnull=True
    ).filter(~Exists(listed) | Exists(listed.filter(delegation_id=delegation.pk)))
    return drafts_watchable(user, rooms).select_related("body", "instrument").order_by("-pk")


def access_draft(user, draft_id: int | str) -> Draft:
    """The draft, if the user may watch it; Http404 when absent or not watchable."""
    try:
        draft = Draft.objects.select_related("body__chair", "instrument").get(pk=int(draft_id))
    except (Draft.DoesNotExist, ValueError, TypeError):
        raise Http404("no such draft") from None
    if not draft_watchable(user, draft):
        raise Http404("no such draft")
    return draft


def _load_person(user) -> None:
    """Read the user's person with its delegation in one query and keep it on the user
    object, where the access policy and the pen check look for it."""
    if user is None or not user.is_authenticated:
        return

    field = user._meta.get_field("person")  # `user` may be a lazy object (Channels' scope)
    if field.is_cached(user):
        return
    field.set_cached_value(user, Person.objects.select_related("delegation").filter(user=user).first())


def access_draft_live(user, draft_id: int | str) -> tuple[Draft, bool]:
    """The check on connecting to a draft's live channel: the draft and whether the user
    holds its pen; Http404 when the draft is absent or the user may not watch it.

    The same decision as `access_draft` then `draft_may_edit`, by the same policy, in
    fewer queries, because thousands of watchers may connect at once: the draft comes
    with its body and the body's chair in one query, only the columns the decision and
    the connection need (not the texts: a watcher is sent those separately); the user's
    person and delegation in one more; the policy's view of the user (`reader_for`) is
    worked out once and also gives the role the pen check needs; the vice-chairs are
    asked only about a person who is not the chair."""
    try:
        draft = (
            Draft.objects.select_related("body__chair")
            # What the decision and a watcher's connection need; the rest is read if asked.
            .only("head", "title", "body__openness", "body__conference", "body__code",
                  "body__chair__user")
            .get(pk=int(draft_id))
        )  # fmt: skip
    except (Draft.DoesNotExist, ValueError, TypeError):
        raise Http404("no such draft") from None
    _load_person(user)
    reader_for(user)
    may_edit = draft_may_edit(user, draft)
    if not (may_edit or body_watchable(user, draft.body)):
        raise Http404("no such draft")
    return draft, may_edit


def draft_text(draft: Draft) -> drafting.NegotiatingText:
    return drafting.text_from_dict(draft.state)


#: A revision whose number is a multiple of this keeps the whole text after it, so that
#: reading any old revision replays fewer than this many operations.
CHECKPOINT_EVERY = 50


def revision_text(draft: Draft, number: int) -> drafting.NegotiatingText:
    """The text as it stood after revision `number`: the nearest checkpoint at or
    before it (or revision 0), and the revisions after that replayed."""
    if number < 0 or number > draft.head:
        raise Http404("no such revision")
    if number == draft.head:
        return draft_text(draft)
    checkpoint = (
        Revision.objects.filter(draft=draft, number__lte=number, checkpoint__isnull=False)
        .order_by("-number")
        .values_list("number", "checkpoint")
        .first()
    )
    start, state = checkpoint if checkpoint is not None else (0, draft.initial)
    return replay(drafting.text_from_dict(state), draft, start, number)


def replay(
    text: drafting.NegotiatingText, draft: Draft, after: int, upto: int
) -> drafting.NegotiatingText:
    """`text` (the text after revision `after`) with revisions after..upto applied."""
    operations = (
        Revision.objects.filter(draft=draft, number__gt=after, number__lte=upto)
        .order_by("number")
        .values_list("operation", flat=True)
    )
    for operation in operations:
        text = drafting.apply(text, drafting.operation_from_dict(operation))
    return text


def provision_event(text: drafting.NegotiatingText, provenance: dict, eid: str) -> dict | None:
    """One provision as watchers receive it: content, status, footnotes, word origins."""
    try:
        provision = text.provision(eid)
    except drafting.DraftingError:
        return None
    data = drafting.provision_to_dict(provision)
    data["status"] = text.status(eid).value
    data["footnotes"] = list(text.footnotes.get(eid, ()))
    data["origins"] = list(provenance.get(eid, ()))
    return data


def draft_numbers(text: drafting.NegotiatingText) -> dict[str, str]:
    units = [Unit(p.eid, p.kind, p.depth, "") for p in text.draft.provisions]
    return {unit.eid: label for unit, label in labelled(units)}


def draft_labels(text: drafting.NegotiatingText) -> dict[str, dict]:
    """Every provision's label in parts (:func:`labels.label_to_dict`), for the room's
    page to word in its reader's language."""
    return {eid: label_to_dict(label) for eid, label in provision_labels(text.draft).items()}


def draft_language(text: drafting.NegotiatingText) -> tuple[str | None, str]:
    """The language the draft is written in (None when its text does not tell) and its
    direction, which its text keeps whatever the reader's language."""
    found = ProvisionLabels.of(text.draft)
    return found.language, found.direction


def draft_snapshot(draft: Draft) -> dict:
    """The whole draft as the page and the API read it."""
    text = draft_text(draft)
    language, direction = draft_language(text)
    return {
        "draft": draft.pk,
        "title": draft.title,
        "body": draft.body.code,
        "head": draft.head,
        "language": language,
        "direction": direction,
        "order": [p.eid for p in text.draft.provisions],
        "numbers": draft_numbers(text),
        "labels": draft_labels(text),
        "provisions": {
            p.eid: provision_event(text, draft.provenance, p.eid) for p in text.draft.provisions
        },
    }


def revision_history(draft: Draft) -> QuerySet[Revision]:
    """A draft's revisions, oldest first, without the inverse operations, live events and
    checkpoints (the bulk of a revision's row), which only replaying and watchers read."""
    return (
        Revision.objects.filter(draft=draft)
        .select_related("author", "meeting")
        .defer("inverse", "event", "checkpoint")
        .order_by("number")
    )


#: Revisions on one page of a draft's history.
HISTORY_PAGE = 100


def revision_page(draft: Draft, *, upto: int, size: int = HISTORY_PAGE) -> list[Revision]:
    """The `size` revisions up to number `upto`, oldest first: one page of a history that
    runs to thousands by the last weekend. Read off the (draft, number) index, without the
    operations, events and checkpoints, which the page does not show."""
    return list(
        revision_history(draft)
        .filter(number__gt=upto - size, number__lte=upto)
        .defer("operation")
    )


def revision_diff(draft: Draft, old: int, new: int) -> list[dict]:
    """What changed between two revisions, provision by provision (word marks)."""
    return _diff(revision_text(draft, old), revision_text(draft, new))


def revision_changes(draft: Draft, old: int, new: int) -> tuple[list[dict], ProvisionLabels]:
    """What changed between two revisions (`revision_diff`), and the labels that name
    the provisions changed: new ones after their neighbour, deleted ones as they read."""
    before, after = revision_text(draft, old), revision_text(draft, new)
    return _diff(before, after), ProvisionLabels.of_change(before.draft, after.draft)


def revision_labels(draft: Draft) -> ProvisionLabels:
    """Labels for the provisions the revisions of a draft touched: as they read now, or
    as they read at the start for those deleted since."""
    return ProvisionLabels.of_change(
        drafting.text_from_dict(draft.initial).draft, draft_text(draft).draft
    )


def _diff(before: drafting.NegotiatingText, after: drafting.NegotiatingText) -> list[dict]:
    old_by = {p.eid: p for p in before.draft.provisions}
    new_by = {p.eid: p for p in after.draft.provisions}
    out = []
    for eid in [*new_by, *(e for e in old_by if e not in new_by)]:
        a = drafting.provision_reading(old_by[eid]) if eid in old_by else ""
        b = drafting.provision_reading(new_by[eid]) if eid in new_by else ""
        status_a = before.status(eid).value if eid in old_by else ""
        status_b = after.status(eid).value if eid in new_by else ""
        if a == b and status_a == status_b:
            continue
        ops = diff_provision(a, b)
        out.append(
            {
                "eid": eid,
                "change": "added" if not a else "deleted" if not b else "changed",
                "before": a,
                "after": b,
                "status_before": status_a,
                "status_after": status_b,
                "text": ops_to_text(ops),
                "html": ops_to_html(ops),
            }
        )
    return out


def draft_marked_text(draft: Draft, text: drafting.NegotiatingText) -> str:
    """The text with revision marks against the instrument's text in force."""
    base = {}
    try:
        base = {u.eid: u.text for u in flatten(parse_instrument(draft.instrument.text))}
    except ValueError:
        pass
    lines = []
    for provision in text.draft.provisions:
        lines.append(
            ops_to_text(
                diff_provision(base.get(provision.eid, ""), drafting.provision_reading(provision))
            )
        )
    return "\n".join(lines) + "\n"


def draft_provenance(draft: Draft) -> list[dict]:
    """For every provision, its pieces with each word and the origin that put it there."""
    text = draft_text(draft)
    out = []
    for provision in text.draft.provisions:
        origins = iter(draft.provenance.get(provision.eid, ()))
        pieces = []
        for segment, alternative, piece in drafting.provision_pieces(provision):
            words = [[token, next(origins, "")] for token in tokenize(piece)]
            pieces.append({"segment": segment, "alternative": alternative, "words": words})
        out.append({"eid": provision.eid, "pieces": pieces})
    return out


def draft_meeting(draft: Draft, meeting_id: int | None):
    """The meeting of the draft's body with that id (None for none); ValidationError
    when the body has no such meeting."""
    if meeting_id is None:
        return None
    meeting = Meeting.objects.filter(pk=meeting_id, body_id=draft.body_id).first()
    if meeting is None:
        raise ValidationError(_("There is no such meeting of this body."))
    return meeting


def draft_meetings(draft: Draft) -> list:
    """The body's meetings an edit can belong to; `now` marks the one in progress."""
    now = clock.now(draft.body.conference)
    rows = list(
        Meeting.objects.filter(body_id=draft.body_id)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at", "pk")
    )
    for meeting in rows:
        meeting.now = meeting.starts_at <= now < meeting.ends_at
    return rows


def suggestion_event(suggestion: Suggestion) -> dict:
    """A suggestion as watchers receive it (not a revision: it changes no text)."""
    return {
        "type": "suggestion",
        "id": suggestion.pk,
        "eid": suggestion.eid,
        "segment": suggestion.segment,
        "start": suggestion.start,
        "end": suggestion.end,
        "text": suggestion.text,
        "delegation": delegation_label(suggestion.delegation),
        "author": str(suggestion.author),
        "status": suggestion.status,
        "revision": suggestion.revision,
    }


def suggestion_list(draft: Draft, *, status: str | None = None) -> list[dict]:
    rows = Suggestion.objects.filter(draft=draft).select_related(
        "delegation__organisation", "author"
    )
    if status:
        rows = rows.filter(status=status)
    return [suggestion_event(s) for s in rows]


def suggestions_pending(draft: Draft) -> list[dict]:
    rows = Suggestion.objects.filter(draft=draft, status=Suggestion.Status.PENDING).select_related(
        "delegation__organisation", "author"
    )
    return [suggestion_event(s) for s in rows]


def draft_may_suggest(user, draft: Draft) -> bool:
    """Delegates of participating delegations may suggest wording."""
    person = getattr(user, "person", None) if user is not None and user.is_authenticated else None
    delegation = getattr(person, "delegation", None)
    return delegation is not None and draft_participates(draft, delegation)


def draft_events_after(draft_id: int, after: int, limit: int) -> list[dict]:
    """The live events of the revisions after `after`, oldest first, at most `limit`: what
    a watcher that reconnects has missed. The caller has checked that it may watch."""
    return list(
        Revision.objects.filter(draft_id=draft_id, number__gt=after)
        .order_by("number")
        .values_list("event", flat=True)[:limit]
    )


# --- importing a text in force ------------------------------------------------------------

#: What may name an instrument without depending on its text: who follows it, and the
#: agendas of meetings that discuss it.
_USES_BESIDE_THE_TEXT = frozenset({"followers", "agenda_items"})


def instrument_uses(instrument: Instrument) -> list[tuple[str, int]]:
    """What depends on an instrument's text, as (what, how many), the names in the
    reader's language: proposals anchored on its provisions, drafting rooms, documents,
    submissions read against it, its path on the tracker, its translations. Read through
    the relations Django gives the instrument, so that a relation added in any app counts
    without a change here. Empty: its text may still be replaced."""
    uses: dict[str, int] = {}
    for relation in Instrument._meta.related_objects:
        if relation.get_accessor_name() in _USES_BESIDE_THE_TEXT:
            continue
        model = relation.related_model
        count = model._default_manager.filter(**{relation.field.name: instrument}).count()
        if count:  # two relations from one model (a translation's text and its base) add up
            name = str(model._meta.verbose_name_plural)
            uses[name] = uses.get(name, 0) + count
    return list(uses.items())


def instruments_readable(*, conference: Conference, user) -> list[Instrument]:
    """The instruments a reader may see: the texts in force for everyone, the drafts
    for those signed in (as their exports are)."""
    instruments = instrument_list(conference=conference)
    if user is not None and user.is_authenticated:
        return instruments
    return [i for i in instruments if i.status == Instrument.Status.IN_FORCE]
