"""Moving texts along their path, and the decisions that move them.

Every change goes through `path_move`, which asks the engine's table of moves first, so
that a skipped stage is refused with the reason and nothing is written.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plenipot.accounts.roles import actor_for
from plenipot.conference import clock
from plenipot.conference.models import Body, Conference, Delegation
from plenipot.conference.services import body_create
from plenipot.documents.models import Allocation, Document
from plenipot.documents.services import document_file_save, document_issue
from plenipot.engine.draftformat import NotAgreed, agreed_text, read_draft
from plenipot.engine.instrument import ParseError, parse_instrument
from plenipot.engine.path import PathError, Stage, check_move, number_on_adoption
from plenipot.engine.symbols import Series
from plenipot.formats.common import DocumentHeader
from plenipot.formats.docx_out import draft_docx, instrument_docx, prose_docx
from plenipot.meetings.models import AgendaItem
from plenipot.negotiation.models import Instrument
from plenipot.tracker import selectors
from plenipot.tracker.live import announce_decision, announce_move
from plenipot.tracker.models import Decision, Declaration, PathEvent, Statement, TextPath, VoteCast
from plenipot.tracker.permissions import (
    may_move_text,
    may_record_decision,
    may_record_declaration,
)
from plenipot.translation.models import Expression
from plenipot.translation.selectors import (
    expression_as_text,
    language_source,
    source_text_of,
)

#: The document series a stage needs: a DT for the DT stage, blue and pink for readings.
_STAGE_SERIES = {
    Stage.DT: Series.DT,
    Stage.FIRST_READING: Series.BLUE,
    Stage.SECOND_READING: Series.PINK,
}


def revision_tag(conference: Conference) -> str:
    return f"Rev. {conference.city}, {conference.start.year}"


@transaction.atomic
def path_start(
    *, instrument: Instrument, started_by=None, at: datetime.datetime | None = None
) -> TextPath:
    """Open the path of an instrument that proposals ask to change (or a new one)."""
    if TextPath.objects.filter(instrument=instrument).exists():
        raise ValidationError(_("This instrument is already on its path."))
    in_force = instrument.status == Instrument.Status.IN_FORCE
    path = TextPath.objects.create(
        conference_id=instrument.conference_id,
        instrument=instrument,
        stage=Stage.PROPOSALS.value,
        text_in_force=instrument.text if in_force else "",
        current_text=instrument.text,
    )
    PathEvent.objects.create(
        path=path,
        from_stage="",
        to_stage=Stage.PROPOSALS.value,
        at=at or clock.now(instrument.conference),
        by=started_by,
    )
    return path


@transaction.atomic
def paths_follow_allocation(*, allocation: Allocation, at: datetime.datetime | None = None) -> list[TextPath]:
    """The Steering Committee allocated a document (or one of its proposals) to a body:
    each instrument its proposals change goes on its path, if it is not on it yet, and a
    text still at its proposals is now allocated to that body. The allocation was
    authorized as such, so this is its consequence, not a move someone asks for; a text
    further on its path stays where it is."""
    proposals = (
        [allocation.proposal]
        if allocation.proposal_id
        else list(allocation.document.proposals.all())
    )
    instrument_ids = sorted({p.instrument_id for p in proposals if p.instrument_id})
    moved = []
    for instrument in Instrument.objects.filter(pk__in=instrument_ids).order_by("pk"):
        path = TextPath.objects.filter(instrument=instrument).first()
        if path is None:
            path = path_start(instrument=instrument, started_by=allocation.allocated_by, at=at)
        path = TextPath.objects.select_for_update().get(pk=path.pk)
        if path.stage != Stage.PROPOSALS.value:
            continue
        check_move_or_refuse(path, Stage.ALLOCATED.value)
        path.stage = Stage.ALLOCATED.value
        path.body = allocation.body
        path.save(update_fields=["stage", "body"])
        PathEvent.objects.create(
            path=path,
            from_stage=Stage.PROPOSALS.value,
            to_stage=Stage.ALLOCATED.value,
            at=at or clock.now(path.conference),
            by=allocation.allocated_by,
            body=allocation.body,
            document=allocation.document,
        )
        announce_move(path)
        moved.append(path)
    return moved


@transaction.atomic
def path_move(
    *,
    path: TextPath,
    to_stage: str,
    moved_by,
    note: str = "",
    body: Body | None = None,
    document: Document | None = None,
    decision: Decision | None = None,
    text: str | None = None,
    at: datetime.datetime | None = None,
) -> TextPath:
    """Move a text to its next stage, recording who, when, why and with which document."""
    path = (
        TextPath.objects.select_for_update()
        .select_related("instrument", "conference")
        .get(pk=path.pk)
    )
    check_move_or_refuse(path, to_stage)
    target = Stage(to_stage)
    if not may_move_text(
        actor_for(moved_by), selectors.path_bodies(path), body.pk if body is not None else None
    ):
        raise ValidationError(
            _("Only the secretariat or the chair of the body handling the text moves it.")
        )
    for thing in (body, document):
        if thing is not None and thing.conference_id != path.conference_id:
            raise ValidationError(_("That belongs to another conference."))
    if target in (Stage.ALLOCATED, Stage.AD_HOC) and body is None:
        raise ValidationError(_("Name the body the text goes to."))
    if target == Stage.AD_HOC and body.kind == Body.Kind.PLENARY:
        raise ValidationError(_("The Plenary is not an ad hoc group."))
    wanted = _STAGE_SERIES.get(target)
    if wanted is not None:
        if document is None or document.series != wanted.value:
            raise ValidationError(
                _("Moving to %(stage)s needs a document of the %(series)s series.")
                % {"stage": target.value, "series": wanted.value}
            )
        if target in (Stage.FIRST_READING, Stage.SECOND_READING):
            failures = selectors.issue_gate_failures(path=path, document=document)
            if failures:
                raise ValidationError(failures)
    if document is not None and document.instrument_id is None:
        document.instrument = path.instrument
        document.save(update_fields=["instrument"])
    previous = path.stage
    path.stage = target.value
    if body is not None:
        path.body = body
    if text is None and document is not None and document.text.strip():
        text = document.text
    if text is not None:
        path.current_text = text
    if target == Stage.ADOPTED:
        path.adopted_number = _number_on_adoption(path)
        # A snapshot of a drafting room with nothing left in brackets is adopted as the
        # instrument it stands for, in the plain format the Final Acts are printed from.
        try:
            path.current_text = agreed_text(path.current_text)
        except NotAgreed as exc:
            raise ValidationError(
                ngettext(
                    "%(instrument)s still has %(count)d bracket open: the Plenary adopts "
                    "an agreed text.",
                    "%(instrument)s still has %(count)d brackets open: the Plenary adopts "
                    "an agreed text.",
                    exc.brackets,
                )
                % {"instrument": selectors.instrument_label(path.instrument),
                   "count": exc.brackets}
            ) from None
        except ParseError:
            pass  # a text kept as prose is adopted as it is
        path.current_text = _retitled(path.current_text, path.instrument, path.adopted_number)
    path.save()
    PathEvent.objects.create(
        path=path,
        from_stage=previous,
        to_stage=target.value,
        at=at or clock.now(path.conference),
        by=moved_by,
        body=body or path.body,
        note=note,
        document=document,
        decision=decision,
    )
    announce_move(path)
    return path


@transaction.atomic
def path_advance(
    *,
    path: TextPath,
    to_stage: str,
    moved_by,
    note: str = "",
    body: Body | None = None,
    document: Document | None = None,
    decision: Decision | None = None,
    at: datetime.datetime | None = None,
) -> TextPath:
    """`path_move`, issuing the blue or pink document with the current text when none is
    named: what the tracker page's form, the API and a Plenary decision do."""
    path = TextPath.objects.select_related("instrument", "conference", "body").get(pk=path.pk)
    target = Stage(to_stage) if to_stage in {s.value for s in Stage} else None
    if document is None and target in (Stage.FIRST_READING, Stage.SECOND_READING):
        check_move_or_refuse(path, to_stage)
        failures = selectors.issue_gate_failures(path=path)
        if failures:
            raise ValidationError(failures)

        document = document_issue(
            conference=path.conference,
            series=_STAGE_SERIES[target].value,
            title=selectors.instrument_label(path.instrument) + " – " + path.instrument.title,
            text=path.current_text,
            instrument=path.instrument,
            body=path.body,
            date=timezone.localtime(at).date() if at is not None else None,
        )
        document_languages_issue(document=document, path=path)
    return path_move(
        path=path,
        to_stage=to_stage,
        moved_by=moved_by,
        note=note,
        body=body,
        document=document,
        decision=decision,
        at=at,
    )


def document_languages_issue(*, document: Document, path: TextPath) -> list[str]:
    """Give a blue or pink document a file per language of the conference: the
    original's current text, and the final language versions that passed the Editorial
    Committee's gate (those of the newest document on the path that has them, its DT
    or the blue document before it), so that a reader may download the text in each
    language. Each version keeps its structured text beside its Word file. Returns the
    languages written; a language without a final version is left without a file."""
    source = source_text_of(language_source(path=path))
    original = source.language if source is not None else document.original_language
    expressions = (
        {e.language: e for e in source.expressions.filter(status=Expression.Status.FINAL)}
        if source is not None
        else {}
    )
    written = []
    for language in path.conference.language_codes:
        if language == original:
            text = path.current_text
        elif language in expressions:
            text = expression_as_text(expressions[language])
        else:
            continue
        header = DocumentHeader(
            symbol=document.symbol_in(language),
            date=str(document.date),
            original_language=original,
            body=str(document.body) if document.body_id else "",
            title=document.title,
            language=language,
            conference=str(path.conference),
        )
        version = document_file_save(
            document=document,
            language=language,
            filename=f"{language}.docx",
            data=_language_docx(text, header),
        )
        version.text = text
        version.save(update_fields=["text"])
        written.append(language)
    return written


def _language_docx(text: str, header: DocumentHeader) -> bytes:
    """A language version as Word: a bracketed draft, else an instrument, else prose."""
    draft = read_draft(text)
    if draft is not None:
        return draft_docx(draft, header)
    try:
        return instrument_docx(parse_instrument(text), header)
    except (ParseError, ValueError):
        return prose_docx(text, header)


def check_move_or_refuse(path: TextPath, to_stage: str) -> None:
    try:
        check_move(path.stage, to_stage)
    except PathError as exc:
        raise ValidationError(
            _("%(instrument)s cannot move: %(reason)s")
            % {"instrument": selectors.instrument_label(path.instrument), "reason": exc}
        ) from None


def _retitled(text: str, instrument: Instrument, number: str) -> str:
    """The text with its first line naming the number it was adopted under."""
    lines = text.split("\n")
    label = instrument.get_kind_display()
    if lines and lines[0].strip().lower().startswith(str(label).lower()):
        lines[0] = f"{label} {number}"
    return "\n".join(lines)


def _number_on_adoption(path: TextPath) -> str:
    instrument = path.instrument
    same_kind = Instrument.objects.filter(conference_id=path.conference_id, kind=instrument.kind)
    taken = list(same_kind.values_list("number", flat=True)) + list(
        TextPath.objects.filter(conference_id=path.conference_id, instrument__kind=instrument.kind)
        .exclude(adopted_number="")
        .values_list("adopted_number", flat=True)
    )
    try:
        return number_on_adoption(
            current=instrument.number,
            in_force=bool(path.text_in_force),
            revision_tag=revision_tag(path.conference),
            taken=taken,
        )
    except PathError as exc:
        raise ValidationError(str(exc)) from None


@transaction.atomic
def decision_take(
    *,
    agenda_item: AgendaItem,
    outcome: str,
    decided_by,
    text: str = "",
    statements: Iterable[tuple[Delegation, str, str]] = (),
    votes: Mapping[Delegation, str] | None = None,
    referred_to: Body | None = None,
    referral: Mapping[str, Any] | None = None,
    move_to: str | None = None,
    document: Document | None = None,
    at: datetime.datetime | None = None,
) -> Decision:
    """The chair declares a decision on an agenda item.

    A referral names an existing child body or creates an ad hoc group (`referral`:
    code, name, mandate, chair, deadline, documents). A vote counts the delegations whose
    credentials are accepted; it carries with a majority of those present and voting
    (abstentions are not counted). `move_to` moves the item's instrument along its path
    in the same transaction.
    """
    meeting = agenda_item.meeting
    body = meeting.body
    if not may_record_decision(actor_for(decided_by), body.pk):
        raise ValidationError(
            _("Only the chair of %(body)s declares its decisions.") % {"body": body.code}
        )
    if outcome not in Decision.Outcome.values:
        raise ValidationError(_("Unknown outcome %(outcome)r.") % {"outcome": outcome})
    statements = list(statements)
    for delegation, kind, _text in statements:
        if delegation.conference_id != meeting.conference_id:
            raise ValidationError(_("A statement by a delegation of another conference."))
        if kind not in Statement.Kind.values:
            raise ValidationError(_("Unknown kind of statement %(kind)r.") % {"kind": kind})
    if outcome == Decision.Outcome.CONSENSUS and any(
        kind == Statement.Kind.OBJECTION for _d, kind, _t in statements
    ):
        raise ValidationError(
            _("An objection was recorded: the outcome is approval with objections, not consensus.")
        )
    if outcome == Decision.Outcome.WITH_STATEMENTS and not statements:
        raise ValidationError(_("Record the objections, reservations or statements made."))
    if outcome == Decision.Outcome.VOTE and not votes:
        raise ValidationError(_("A vote needs the votes cast."))
    if outcome == Decision.Outcome.REFERRED and referred_to is None and referral is None:
        raise ValidationError(_("A referral names a group, or creates one."))
    path = getattr(agenda_item.instrument, "path", None) if agenda_item.instrument_id else None
    decision = Decision.objects.create(
        agenda_item=agenda_item,
        path=path,
        outcome=outcome,
        text=text,
        decided_by=decided_by,
        decided_at=at or clock.now(meeting.conference),
    )
    Statement.objects.bulk_create(
        Statement(decision=decision, delegation=d, kind=k, text=t) for d, k, t in statements
    )
    if outcome == Decision.Outcome.VOTE:
        _count_votes(decision, votes or {})
    if outcome != Decision.Outcome.DEFERRED:
        _mark_considered(agenda_item, body)
    if outcome == Decision.Outcome.REFERRED:
        decision.referred_to = referred_to or _create_group(
            parent=body, referral=referral or {}, agenda_item=agenda_item, decided_by=decided_by
        )
        if decision.referred_to.parent_id != body.pk:
            raise ValidationError(_("A body refers texts only to its own groups."))
        decision.save(update_fields=["referred_to"])
        if path is not None and move_to is None:
            move_to = Stage.AD_HOC.value
    if move_to is not None:
        if path is None:
            raise ValidationError(_("This agenda item carries no text on its path."))
        _take_up(path, body, move_to, decided_by, meeting, decision.decided_at)
        path_advance(
            path=path,
            to_stage=move_to,
            moved_by=decided_by,
            note=text,
            body=decision.referred_to or body,
            document=document,
            decision=decision,
            at=decision.decided_at,
        )
    else:
        announce_decision(decision)
    return decision


def _take_up(path: TextPath, body: Body, move_to: str, user, meeting, at) -> None:
    """A body deciding on a text allocated to it has taken it up: the text first enters
    the body, on the record, when the decision's move needs that step (a referral or a DT
    straight from the allocation)."""
    path.refresh_from_db(fields=["stage", "body"])
    if path.stage != Stage.ALLOCATED.value or path.body_id != body.pk:
        return
    try:
        check_move(Stage.ALLOCATED.value, move_to)
    except PathError:
        try:
            check_move(Stage.IN_BODY.value, move_to)
        except PathError:
            return
        path_move(
            path=path,
            to_stage=Stage.IN_BODY.value,
            moved_by=user,
            note=_("Taken up at %(meeting)s.") % {"meeting": meeting},
            body=body,
            at=at,
        )


def _mark_considered(agenda_item: AgendaItem, body: Body) -> int:
    """The body has decided on the item: its allocations to the body are considered.

    An item on an instrument covers the proposals on that instrument (whatever document
    holds them) and its document as a whole; an item on a document alone covers the
    document and all its proposals. A deferral leaves them open."""
    if agenda_item.instrument_id:
        held = Q(proposal__instrument_id=agenda_item.instrument_id)
        if agenda_item.document_id:
            held |= Q(document_id=agenda_item.document_id, proposal__isnull=True)
    elif agenda_item.document_id:
        held = Q(document_id=agenda_item.document_id)
    else:
        return 0
    return Allocation.objects.filter(held, body=body, considered=False).update(considered=True)


def _count_votes(decision: Decision, votes: Mapping[Delegation, str]) -> None:
    refused = [str(d) for d in votes if not d.may_vote]
    if refused:
        raise ValidationError(
            _("These delegations may not vote until their credentials are accepted: %(names)s")
            % {"names": ", ".join(sorted(refused))}
        )
    cast = []
    for delegation, choice in votes.items():
        if choice not in VoteCast.Choice.values:
            raise ValidationError(_("Unknown vote %(choice)r.") % {"choice": choice})
        if delegation.conference_id != decision.agenda_item.meeting.conference_id:
            raise ValidationError(_("A vote by a delegation of another conference."))
        cast.append(VoteCast(decision=decision, delegation=delegation, choice=choice))
    VoteCast.objects.bulk_create(cast)
    choices = list(votes.values())
    decision.votes_yes = choices.count("yes")
    decision.votes_no = choices.count("no")
    decision.votes_abstain = choices.count("abstain")
    # Majority of those present and voting: abstentions are not counted.
    decision.vote_carried = decision.votes_yes > decision.votes_no
    decision.save(update_fields=["votes_yes", "votes_no", "votes_abstain", "vote_carried"])


def _create_group(
    *, parent: Body, referral: Mapping[str, Any], agenda_item: AgendaItem, decided_by
) -> Body:
    for key in ("code", "name", "mandate"):
        if not referral.get(key):
            raise ValidationError(_("A new group needs a %(key)s.") % {"key": key})
    position = (
        Body.objects.filter(conference_id=parent.conference_id).aggregate(top=Max("position"))[
            "top"
        ]
        or 0
    ) + 1
    group = body_create(
        conference=parent.conference,
        code=referral["code"],
        name=referral["name"],
        kind=referral.get("kind") or Body.Kind.AD_HOC,
        parent=parent,
        chair=referral.get("chair"),
        mandate=referral["mandate"],
        deadline=referral.get("deadline"),
        position=position,
    )
    documents = list(referral.get("documents") or [])
    if agenda_item.document_id and agenda_item.document not in documents:
        documents.insert(0, agenda_item.document)
    for document in documents:
        Allocation.objects.create(body=group, document=document, allocated_by=decided_by)
    return group


@transaction.atomic
def declaration_make(
    *,
    conference: Conference,
    delegations: Iterable[Delegation],
    text: str,
    made_by,
    at: datetime.datetime | None = None,
) -> Declaration:
    """Record a declaration or reservation for the Final Acts, numbered in order."""
    if not may_record_declaration(actor_for(made_by)):
        raise ValidationError(_("The secretariat records declarations for the Final Acts."))
    delegations = list(delegations)
    if not delegations or not text.strip():
        raise ValidationError(_("A declaration needs its delegations and its text."))
    if any(d.conference_id != conference.pk for d in delegations):
        raise ValidationError(_("A declaration by a delegation of another conference."))
    number = (
        Declaration.objects.filter(conference=conference).aggregate(top=Max("number"))["top"] or 0
    ) + 1
    declaration = Declaration.objects.create(
        conference=conference, number=number, text=text, made_at=at or clock.now(conference)
    )
    declaration.delegations.set(delegations)
    return declaration
