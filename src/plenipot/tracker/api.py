"""API of the path of a text: where each text stands, its trail, meetings and Final Acts.

Mounted on the site's API by `plenipot.api.api`. Documents and meetings pass through
the access policy as on the pages.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema

from plenipot.conference.models import Conference
from plenipot.documents.selectors import document_is_readable
from plenipot.meetings import selectors as meeting_selectors
from plenipot.meetings.models import Meeting
from plenipot.tracker import selectors
from plenipot.tracker.models import StageChoice, TextPath

router = Router(tags=["path of a text"])

CODE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
ShortName = Annotated[str, Path(pattern=CODE, description='For example "PP-14".')]
Kind = Annotated[str, Path(pattern=r"^(resolution|decision|recommendation)$")]
Number = Annotated[
    str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$", description='For example "101".')
]
MeetingId = Annotated[int, Path(ge=1, le=2**31 - 1)]


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
