"""API of the path of a text: where each text stands, its trail, meetings and Final Acts.

Mounted on the site's API by `plenipot.api.api`. Documents and meetings pass through
the access policy as on the pages.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from plenipot.accounts.roles import actor_for
from plenipot.conference.models import Body, Conference, Delegation
from plenipot.core.api_errors import ErrorOut
from plenipot.core.errors import sign_in_first
from plenipot.documents.actions import check_document_child_register
from plenipot.documents.selectors import (
    document_by_symbol,
    document_is_readable,
)
from plenipot.engine.symbols import parse_symbol
from plenipot.meetings import selectors as meeting_selectors
from plenipot.meetings.models import AgendaItem, Meeting
from plenipot.tracker import selectors
from plenipot.tracker.actions import (
    check_decision_take,
    check_declaration_record,
    check_text_move,
)
from plenipot.tracker.models import Decision, StageChoice, Statement, TextPath, VoteCast

router = Router(tags=["path of a text"])

CODE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
ShortName = Annotated[str, Path(pattern=CODE, description='For example "PP-14".')]
Kind = Annotated[str, Path(pattern=r"^(resolution|decision|recommendation)$")]
Number = Annotated[
    str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$", description='For example "101".')
]
MeetingId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Position = Annotated[int, Path(ge=1, le=10_000)]
Iso3 = Annotated[str, Field(pattern=r"^[A-Za-z]{3}$", description='For example "FRA".')]
Symbol = Annotated[
    str, Field(min_length=1, max_length=80, description='For example "DT/5(Rev.1)" or "B.3".')
]


class PathOut(Schema):
    kind: str
    number: str
    title: str
    stage: str
    stage_label: str
    body: str | None
    adopted_number: str


class EventOut(Schema):
    at: datetime.datetime
    from_stage: str
    to_stage: str
    body: str | None
    document: str | None
    note: str


class PathDetailOut(PathOut):
    events: list[EventOut]
    text_in_force: str
    current_text: str


class StatementOut(Schema):
    delegation: str
    kind: str
    text: str


class DecisionOut(Schema):
    item: int
    outcome: str
    text: str
    referred_to: str | None
    decided_at: datetime.datetime
    votes_yes: int | None
    votes_no: int | None
    votes_abstain: int | None
    vote_carried: bool | None
    statements: list[StatementOut]


class AgendaItemOut(Schema):
    position: int
    title: str
    document: str | None
    instrument: str | None


class MeetingOut(Schema):
    id: int
    body: str
    number: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    room: str
    openness: str
    webcast_url: str
    status: str


class MeetingDetailOut(MeetingOut):
    summary: str
    agenda: list[AgendaItemOut]
    decisions: list[DecisionOut]


class FinalActsOut(Schema):
    instruments: list[PathOut]
    declarations: list[dict]


class PathFilters(Schema):
    stage: StageChoice | None = None


class MeetingFilters(Schema):
    body: Annotated[str, Field(pattern=CODE)] | None = None


def _conference(short_name: str) -> Conference:
    conference = Conference.objects.filter(short_name=short_name).first()
    if conference is None:
        raise Http404("No such conference.")
    return conference


def _path_out(path: TextPath) -> dict:
    return {
        "kind": path.instrument.kind,
        "number": path.instrument.number,
        "title": path.instrument.title,
        "stage": path.stage,
        "stage_label": str(path.get_stage_display()),
        "body": path.body.code if path.body_id else None,
        "adopted_number": path.adopted_number,
    }


@router.get("/conferences/{short_name}/paths", response=list[PathOut])
def path_list(request: HttpRequest, short_name: ShortName, filters: Query[PathFilters]):
    conference = _conference(short_name)
    return [_path_out(p) for p in selectors.path_list(conference=conference, stage=filters.stage)]


@router.get("/conferences/{short_name}/paths/{kind}/{number}", response=PathDetailOut)
def path_detail(request: HttpRequest, short_name: ShortName, kind: Kind, number: Number):
    conference = _conference(short_name)
    try:
        path = selectors.path_get(conference=conference, kind=kind, number=number)
    except TextPath.DoesNotExist:
        raise Http404("This text is not on the tracker.") from None
    events = []
    for event in path.events.select_related("body", "document"):
        document = event.document
        if document is not None and not document_is_readable(user=request.user, document=document):
            document = None
        events.append(
            {
                "at": event.at,
                "from_stage": event.from_stage,
                "to_stage": event.to_stage,
                "body": event.body.code if event.body_id else None,
                "document": document.symbol if document else None,
                "note": event.note,
            }
        )
    return {
        **_path_out(path),
        "events": events,
        "text_in_force": path.text_in_force,
        "current_text": path.current_text,
    }


def _meeting_out(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "body": meeting.body.code,
        "number": meeting.number,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "room": meeting.room,
        "openness": meeting.openness,
        "webcast_url": meeting.webcast_url,
        "status": meeting.status,
    }


@router.get("/conferences/{short_name}/meetings", response=list[MeetingOut])
def meeting_list(request: HttpRequest, short_name: ShortName, filters: Query[MeetingFilters]):
    conference = _conference(short_name)
    meetings = meeting_selectors.meeting_list(conference=conference)
    if filters.body:
        meetings = meetings.filter(body__code=filters.body)
    meetings = meeting_selectors.meetings_visible(user=request.user, meetings=meetings)
    return [_meeting_out(m) for m in meetings]


@router.get("/conferences/{short_name}/meetings/{meeting_id}", response=MeetingDetailOut)
def meeting_detail(request: HttpRequest, short_name: ShortName, meeting_id: MeetingId):
    conference = _conference(short_name)
    try:
        meeting = meeting_selectors.meeting_get(conference=conference, pk=meeting_id)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting.") from None
    if not meeting_selectors.meeting_visible(user=request.user, meeting=meeting):
        raise Http404("No such meeting.")
    agenda, decisions = [], []
    for item in meeting.items.all():
        document = item.document
        readable = document is not None and document_is_readable(
            user=request.user, document=document
        )
        agenda.append(
            {
                "position": item.position,
                "title": item.title,
                "document": document.symbol if readable else None,
                "instrument": item.instrument.number if item.instrument_id else None,
            }
        )
        for decision in item.decisions.all():
            decisions.append(
                {
                    "item": item.position,
                    "outcome": decision.outcome,
                    "text": decision.text,
                    "referred_to": decision.referred_to.code if decision.referred_to_id else None,
                    "decided_at": decision.decided_at,
                    "votes_yes": decision.votes_yes,
                    "votes_no": decision.votes_no,
                    "votes_abstain": decision.votes_abstain,
                    "vote_carried": decision.vote_carried,
                    "statements": [
                        {
                            "delegation": s.delegation.organisation.name,
                            "kind": s.kind,
                            "text": s.text,
                        }
                        for s in decision.statements.all()
                    ],
                }
            )
    return {
        **_meeting_out(meeting),
        "summary": meeting.summary,
        "agenda": agenda,
        "decisions": decisions,
    }


@router.get("/conferences/{short_name}/final-acts", response=FinalActsOut)
def final_acts(request: HttpRequest, short_name: ShortName):
    acts = selectors.final_acts(conference=_conference(short_name))
    return {
        "instruments": [_path_out(p) for p in acts.instruments],
        "declarations": [
            {
                "number": d.number,
                "delegations": [x.organisation.name for x in d.delegations.all()],
                "text": d.text,
            }
            for d in acts.declarations
        ],
    }


# --- Writing: the same services and policy as the pages ------------------------------




WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class MoveIn(Schema):
    to_stage: StageChoice
    body: Annotated[str, Field(pattern=CODE)] | None = Field(
        None, description="The body the text goes to (an allocation, a referral)."
    )
    document: Symbol | None = Field(
        None,
        description="The DT, blue or pink document that carries the text; for the readings "
        "the blue or pink document is issued with the current text when none is named.",
    )
    note: str = Field("", max_length=2000)


class StatementIn(Schema):
    delegation: Iso3
    kind: Statement.Kind
    text: str = Field("", max_length=4000)


class VoteIn(Schema):
    delegation: Iso3
    vote: VoteCast.Choice


class ReferralIn(Schema):
    code: Annotated[str, Field(pattern=CODE)]
    name: str = Field(min_length=1, max_length=200)
    mandate: str = Field(min_length=1, max_length=4000)
    deadline: datetime.date | None = None


class DecisionIn(Schema):
    outcome: Decision.Outcome
    text: str = Field("", max_length=4000)
    statements: list[StatementIn] = Field(default_factory=list, max_length=200)
    votes: list[VoteIn] = Field(default_factory=list, max_length=200)
    referred_to: Annotated[str, Field(pattern=CODE)] | None = Field(
        None, description="An existing group of the body the text is referred to."
    )
    referral: ReferralIn | None = Field(None, description="A new ad hoc group to create.")
    move_to: StageChoice | None = Field(
        None, description="Move the item's text along its path in the same transaction."
    )
    document: Symbol | None = None


class VoteRecordIn(Schema):
    text: str = Field("", max_length=4000)
    votes: list[VoteIn] = Field(min_length=1, max_length=200)


class DeclarationIn(Schema):
    delegations: list[Iso3] = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=8000)


class DeclarationOut(Schema):
    number: int
    delegations: list[str]
    text: str


def _writer(request: HttpRequest):
    user = request.auth
    if user is None or not user.is_authenticated:
        raise sign_in_first()
    return user


def _answer(call):
    """Run a write in one transaction: a refusal (raised, and answered by the API's error
    handlers as ``{"code", "detail"}``) leaves nothing written."""
    with transaction.atomic():
        return call()


def _document(request: HttpRequest, conference: Conference, symbol: str | None):
    if not symbol:
        return None
    document = document_by_symbol(conference=conference, text=symbol)
    if not document_is_readable(user=request.auth, document=document):
        # Said as for a document that does not exist, so that the answer does not tell.
        raise ValidationError(
            _("%(symbol)s is not registered.")
            % {"symbol": parse_symbol(symbol).with_language(None)}
        )
    return document


def _delegation(conference: Conference, iso3: str) -> Delegation:
    delegation = (
        Delegation.objects.filter(conference=conference, organisation__iso3=iso3.upper())
        .select_related("organisation")
        .first()
    )
    if delegation is None:
        raise ValidationError(
            _("%(code)s has no delegation at this conference.") % {"code": iso3.upper()}
        )
    return delegation


def _body(conference: Conference, code: str | None) -> Body | None:
    if not code:
        return None
    body = Body.objects.filter(conference=conference, code=code).first()
    if body is None:
        raise ValidationError(_("There is no body %(code)s.") % {"code": code})
    return body


@router.post(
    "/conferences/{short_name}/paths/{kind}/{number}/moves",
    response={200: PathOut, **WRITE_ERRORS},
    summary="Move a text along its path",
)
def path_move(
    request: HttpRequest, short_name: ShortName, kind: Kind, number: Number, payload: MoveIn
):
    """As the form on the tracker page: the secretariat, or the chair of the body handling
    the text, moves it to its next stage. A skipped stage, a missing document or a text
    the Editorial Committee may not yet issue in six languages is refused (400) with the
    reason."""
    conference = _conference(short_name)
    try:
        path = selectors.path_get(conference=conference, kind=kind, number=number)
    except TextPath.DoesNotExist:
        raise Http404("This text is not on the tracker.") from None

    def call():
        user = _writer(request)
        moved = check_text_move(
            actor_for(user),
            path=path,
            to_stage=str(payload.to_stage),
            body_code=payload.body,
            document_symbol=payload.document,
            note=payload.note,
        )
        return 200, _path_out(moved)

    return _answer(call)


def _agenda_item(request: HttpRequest, conference: Conference, meeting_id: int, position: int):
    meeting = (
        Meeting.objects.select_related("body").filter(conference=conference, pk=meeting_id).first()
    )
    if meeting is None or not meeting_selectors.meeting_visible(user=request.auth, meeting=meeting):
        raise Http404("No such meeting.")
    item = (
        AgendaItem.objects.select_related("meeting__body", "instrument", "document")
        .filter(meeting=meeting, position=position)
        .first()
    )
    if item is None:
        raise Http404("No such agenda item.")
    return item


def _decision_out(decision: Decision) -> dict:
    return {
        "item": decision.agenda_item.position,
        "outcome": decision.outcome,
        "text": decision.text,
        "referred_to": decision.referred_to.code if decision.referred_to_id else None,
        "decided_at": decision.decided_at,
        "votes_yes": decision.votes_yes,
        "votes_no": decision.votes_no,
        "votes_abstain": decision.votes_abstain,
        "vote_carried": decision.vote_carried,
        "statements": [
            {"delegation": s.delegation.organisation.name, "kind": s.kind, "text": s.text}
            for s in decision.statements.select_related("delegation__organisation")
        ],
    }


def _votes(conference: Conference, votes: list[VoteIn]) -> dict[Delegation, str]:
    cast: dict[Delegation, str] = {}
    for vote in votes:
        delegation = _delegation(conference, vote.delegation)
        if delegation in cast:
            raise ValidationError(
                _("%(code)s votes only once.") % {"code": delegation.organisation.iso3}
            )
        cast[delegation] = str(vote.vote)
    return cast


def _take(request, conference, item, *, outcome, text, statements=(), votes=None, **more):
    user = _writer(request)
    decision = check_decision_take(
        actor_for(user),
        item=item,
        outcome=outcome,
        text=text,
        statements=statements,
        votes=votes,
        **more,
    )
    return 201, _decision_out(decision)


@router.post(
    "/conferences/{short_name}/meetings/{meeting_id}/items/{position}/decisions",
    response={201: DecisionOut, **WRITE_ERRORS},
    summary="Record a decision on an agenda item",
)
def decision_record(
    request: HttpRequest,
    short_name: ShortName,
    meeting_id: MeetingId,
    position: Position,
    payload: DecisionIn,
):
    """The chair (or a vice-chair) of the meeting's body declares a decision: consensus,
    approval with statements, not approved, deferred, a referral to an existing group or
    to a new one, or a vote. Votes count only delegations whose credentials are accepted;
    any refusal (400, 403) writes nothing."""
    conference = _conference(short_name)
    item = _agenda_item(request, conference, meeting_id, position)

    def call():
        _writer(request)
        return _take(
            request,
            conference,
            item,
            outcome=str(payload.outcome),
            text=payload.text,
            statements=[
                (_delegation(conference, s.delegation), str(s.kind), s.text)
                for s in payload.statements
            ],
            votes=_votes(conference, payload.votes) or None,
            referred_to=_body(conference, payload.referred_to),
            referral=payload.referral.dict() if payload.referral else None,
            move_to=str(payload.move_to) if payload.move_to else None,
            document=_document(request, conference, payload.document),
        )

    return _answer(call)


@router.post(
    "/conferences/{short_name}/meetings/{meeting_id}/items/{position}/votes",
    response={201: DecisionOut, **WRITE_ERRORS},
    summary="Record a vote on an agenda item",
)
def vote_record(
    request: HttpRequest,
    short_name: ShortName,
    meeting_id: MeetingId,
    position: Position,
    payload: VoteRecordIn,
):
    """Yes, no or abstain for each delegation voting; the motion carries with a majority of
    those present and voting. A delegation whose credentials are not accepted is refused
    (400, naming it) and nothing is recorded."""
    conference = _conference(short_name)
    item = _agenda_item(request, conference, meeting_id, position)

    def call():
        _writer(request)
        return _take(
            request,
            conference,
            item,
            outcome=Decision.Outcome.VOTE,
            text=payload.text,
            votes=_votes(conference, payload.votes),
        )

    return _answer(call)


@router.post(
    "/conferences/{short_name}/declarations",
    response={201: DeclarationOut, **WRITE_ERRORS},
    summary="Record a declaration or reservation for the Final Acts",
)
def declaration_record(request: HttpRequest, short_name: ShortName, payload: DeclarationIn):
    """The secretariat records a declaration or reservation made by one or more
    delegations; it is numbered in order and printed with the Final Acts."""
    conference = _conference(short_name)

    def call():
        user = _writer(request)
        declaration = check_declaration_record(
            actor_for(user),
            conference=conference,
            delegation_codes=payload.delegations,
            text=payload.text,
        )
        return 201, {
            "number": declaration.number,
            "delegations": [d.organisation.name for d in declaration.delegations.all()],
            "text": declaration.text,
        }

    return _answer(call)


class ChildIn(Schema):
    parent: Symbol = Field(description='The document it revises, adds to or corrects, e.g. "Document 27".')
    relation: Annotated[str, Field(pattern=r"^(revision|addendum|corrigendum)$")]
    title: str = Field("", max_length=500, description="The parent's title if empty.")
    date: datetime.date | None = None


class ChildOut(Schema):
    symbol: str
    parent: str
    title: str
    date: datetime.date


@router.post(
    "/conferences/{short_name}/documents/children",
    response={201: ChildOut, **WRITE_ERRORS},
    summary="Register a revision, an addendum or a corrigendum of a document",
)
def document_child_register(request: HttpRequest, short_name: ShortName, payload: ChildIn):
    """The secretariat registers a revision, an addendum or a corrigendum against its
    parent; it takes the next free number after its siblings, as on the document page."""
    conference = _conference(short_name)

    def call():
        user = _writer(request)
        child = check_document_child_register(
            actor_for(user),
            parent=payload.parent,
            conference=conference,
            relation=payload.relation,
            title=payload.title,
            date=payload.date,
        )
        parent = child.parent
        return 201, {
            "symbol": child.symbol,
            "parent": parent.symbol,
            "title": child.title,
            "date": child.date,
        }

    return _answer(call)
