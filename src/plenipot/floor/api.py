"""API of the floor: a meeting's list of speakers per agenda item and its record of
interventions; asking for the floor (a delegation's members) and running the list (the
chair and the secretariat).

Mounted on the site's API by `plenipot.api.api`. Reads pass through the access policy
(following a meeting); the writes are the same actions the pages call.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema

from plenipot.accounts.roles import actor_for
from plenipot.core.api_errors import ErrorOut
from plenipot.floor import actions, selectors
from plenipot.floor.schemas import AskIn, AwayIn, ClockIn, GiveIn, ListIn, MoveIn

router = Router(tags=["floor"])

WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


class EntryOut(Schema):
    id: int
    place: int
    delegation: str
    kind: str
    provision: str
    provision_label: str
    away: bool


class ClockOut(Schema):
    running: bool
    started_at: str | None
    elapsed: int
    seconds: int


class FloorOut(Schema):
    meeting: int
    item: int | None
    version: int
    closed: bool
    speaking_time: int
    clock: ClockOut
    speaking: EntryOut | None
    waiting: list[EntryOut]


class InterventionOut(Schema):
    item: int
    delegation: str
    kind: str
    provision: str
    provision_label: str
    started_at: str
    seconds: int


class ItemQuery(Schema):
    item: int | None = None


def _state(request: HttpRequest, meeting_id: int, item_id: int | None) -> dict:
    meeting = selectors.access_meeting(request.auth, meeting_id)
    item = selectors.item_chosen(meeting, item_id)
    return selectors.floor_state(meeting, item).as_data()


@router.get(
    "/meetings/{meeting_id}/floor",
    response={200: FloorOut, 404: ErrorOut},
    summary="The list of speakers of an agenda item (default: the item being discussed)",
)
def floor_get(request: HttpRequest, meeting_id: Id, query: Query[ItemQuery]):
    return 200, _state(request, meeting_id, query.item)


@router.get(
    "/meetings/{meeting_id}/interventions",
    response={200: list[InterventionOut], 404: ErrorOut},
    summary="The record of the meeting's interventions",
)
def floor_record(request: HttpRequest, meeting_id: Id):
    meeting = selectors.access_meeting(request.auth, meeting_id)
    return 200, [
        {
            "item": row["item"].pk,
            "delegation": row["delegation"],
            "kind": row["kind"],
            "provision": row["provision"],
            "provision_label": row["provision_label"],
            "started_at": row["started_at"].isoformat(),
            "seconds": row["seconds"],
        }
        for row in selectors.meeting_record(meeting)
    ]


@router.post(
    "/meetings/{meeting_id}/items/{item_id}/floor/requests",
    response={200: FloorOut, **WRITE_ERRORS},
    summary="Ask for the floor for one's delegation",
)
def floor_ask(request: HttpRequest, meeting_id: Id, item_id: Id, payload: AskIn):
    actions.check_floor_ask(
        actor_for(request.auth), meeting_id=meeting_id, item_id=item_id, data=payload
    )
    return 200, _state(request, meeting_id, item_id)


@router.post(
    "/meetings/{meeting_id}/items/{item_id}/floor/requests/{request_id}/withdraw",
    response={200: FloorOut, **WRITE_ERRORS},
    summary="Withdraw a request for the floor",
)
def floor_withdraw(request: HttpRequest, meeting_id: Id, item_id: Id, request_id: Id):
    actions.check_floor_withdraw(
        actor_for(request.auth), meeting_id=meeting_id, item_id=item_id, request_id=request_id
    )
    return 200, _state(request, meeting_id, item_id)


@router.post(
    "/meetings/{meeting_id}/items/{item_id}/floor/requests/{request_id}/away",
    response={200: FloorOut, **WRITE_ERRORS},
    summary="Say whether the delegation is in the room (away: its place is kept)",
)
def floor_away(request: HttpRequest, meeting_id: Id, item_id: Id, request_id: Id, payload: AwayIn):
    actions.check_floor_away(
        actor_for(request.auth), meeting_id=meeting_id, item_id=item_id,
        request_id=request_id, data=payload,
    )  # fmt: skip
    return 200, _state(request, meeting_id, item_id)


@router.post(
    "/meetings/{meeting_id}/items/{item_id}/floor/requests/{request_id}/move",
    response={200: FloorOut, **WRITE_ERRORS},
    summary="Move a request to another place among those of its kind (the chair)",
)
def floor_move(request: HttpRequest, meeting_id: Id, item_id: Id, request_id: Id, payload: MoveIn):
    actions.check_floor_move(
        actor_for(request.auth), meeting_id=meeting_id, item_id=item_id,
        request_id=request_id, data=payload,
    )  # fmt: skip
    return 200, _state(request, meeting_id, item_id)


@router.post(
    "/meetings/{meeting_id}/items/{item_id}/floor/give",
    response={200: FloorOut, **WRITE_ERRORS},
    summary="Give the floor to a request, or to the first waiting (the chair)",
)
def floor_give(request: HttpRequest, meeting_id: Id, item_id: Id, payload: GiveIn):
    actions.check_floor_give(
        actor_for(request.auth), meeting_id=meeting_id, item_id=item_id, data=payload
    )
    return 200, _state(request, meeting_id, item_id)


@router.post(
    "/meetings/{meeting_id}/items/{item_id}/floor/end",
    response={200: FloorOut, **WRITE_ERRORS},
    summary="End the current intervention: it goes into the record (the chair)",
)
def floor_end(request: HttpRequest, meeting_id: Id, item_id: Id):
    actions.check_floor_end(actor_for(request.auth), meeting_id=meeting_id, item_id=item_id)
    return 200, _state(request, meeting_id, item_id)


@router.post(
    "/meetings/{meeting_id}/items/{item_id}/floor/clock",
    response={200: FloorOut, **WRITE_ERRORS},
    summary="Start or stop the speaker's clock (the chair)",
)
def floor_clock(request: HttpRequest, meeting_id: Id, item_id: Id, payload: ClockIn):
    actions.check_floor_clock(
        actor_for(request.auth), meeting_id=meeting_id, item_id=item_id, data=payload
    )
    return 200, _state(request, meeting_id, item_id)


@router.patch(
    "/meetings/{meeting_id}/items/{item_id}/floor",
    response={200: FloorOut, **WRITE_ERRORS},
    summary="Close or reopen the list, or set the speaking time (the chair)",
)
def floor_list_set(request: HttpRequest, meeting_id: Id, item_id: Id, payload: ListIn):
    actions.check_speakers_list_set(
        actor_for(request.auth), meeting_id=meeting_id, item_id=item_id, data=payload
    )
    return 200, _state(request, meeting_id, item_id)
