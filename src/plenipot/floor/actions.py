"""The floor's use cases, one entry point each for the pages and the API.

Each action finds the meeting through the access policy (a meeting the actor may not
follow answers like one that does not exist), authorizes with ``permissions``,
validates with ``schemas`` and calls the service.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from plenipot.conference.models import Delegation
from plenipot.core.actor import Actor
from plenipot.core.errors import Conflict, Forbidden, Invalid, NotFound, NotSignedIn
from plenipot.core.input_errors import read
from plenipot.floor import selectors, services
from plenipot.floor.models import FloorRequest, Intervention, SpeakersList
from plenipot.floor.permissions import may_ask_floor, may_chair_floor
from plenipot.floor.schemas import AskIn, AwayIn, ClockIn, GiveIn, ListIn, MoveIn
from plenipot.meetings.models import AgendaItem, Meeting


def _changed() -> Conflict:
    return Conflict(_("The list of speakers changed meanwhile: look again and retry."))


def access_item(actor: Actor, meeting_id: int, item_id: int) -> AgendaItem:
    """The agenda item of a meeting the actor may follow."""
    try:
        meeting = selectors.access_meeting(actor.user, meeting_id)
    except Http404:
        raise NotFound(_("There is no such meeting.")) from None
    item = meeting.items.filter(pk=item_id).first()
    if item is None:
        raise NotFound(_("The meeting has no such agenda item."))
    item.meeting = meeting
    return item


def _open_meeting(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise Conflict(_("This meeting was cancelled."))


def _chair(actor: Actor, meeting_id: int, item_id: int) -> AgendaItem:
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    item = access_item(actor, meeting_id, item_id)
    if not may_chair_floor(actor, item.meeting.body_id):
        raise Forbidden(
            _("Only the chair of the meeting and the secretariat run the list of speakers.")
        )
    _open_meeting(item.meeting)
    return item


def _request(item: AgendaItem, request_id: int) -> FloorRequest:
    request = (
        FloorRequest.objects.select_related("speakers_list__agenda_item")
        .filter(pk=request_id, speakers_list__agenda_item=item)
        .first()
    )
    if request is None:
        raise NotFound(_("There is no such request for the floor on this item."))
    return request


def check_floor_ask(
    actor: Actor, *, meeting_id: int, item_id: int, data: AskIn | dict[str, Any]
) -> FloorRequest:
    """A member of a delegation asks for the floor for it."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    item = access_item(actor, meeting_id, item_id)
    if not may_ask_floor(actor, item.meeting.conference_id):
        raise Forbidden(_("Only a delegation's members ask for the floor for it."))
    _open_meeting(item.meeting)
    data = read(AskIn, data)
    floor = SpeakersList.objects.filter(agenda_item=item).first()
    if floor is not None and floor.closed and data.kind == FloorRequest.Kind.SPEAKER:
        raise Conflict(
            _("The list of speakers is closed: only points of order and rights of reply are taken.")
        )
    eid = data.provision.strip()
    if eid:
        labels = selectors.provision_labels(selectors.text_under_negotiation(item))
        if eid not in labels:
            raise Invalid(_("The text under negotiation on this item has no such provision."))
    if (
        floor is not None
        and floor.requests.filter(
            delegation_id=actor.delegation_id, kind=data.kind, status=FloorRequest.Status.WAITING
        ).exists()
    ):
        raise Conflict(_("Your delegation is already on the list for this."))
    delegation = Delegation.objects.get(pk=actor.delegation_id)
    return services.floor_request_add(
        item=item, delegation=delegation, kind=data.kind, eid=eid, away=data.away, user=actor.user
    )


def _own(actor: Actor, meeting_id: int, item_id: int, request_id: int) -> FloorRequest:
    """A request of the actor's delegation; the chair may act on any."""
    if not actor.signed_in:
        raise NotSignedIn(_("Sign in first."))
    item = access_item(actor, meeting_id, item_id)
    request = _request(item, request_id)
    chair = may_chair_floor(actor, item.meeting.body_id)
    if not chair and request.delegation_id != actor.delegation_id:
        raise Forbidden(_("Only the delegation that asked, or the chair, changes its request."))
    if request.status != FloorRequest.Status.WAITING:
        raise Conflict(_("That request is no longer waiting."))
    return request


def check_floor_withdraw(actor: Actor, *, meeting_id: int, item_id: int, request_id: int) -> None:
    request = _own(actor, meeting_id, item_id, request_id)
    try:
        services.floor_request_withdraw(request=request)
    except services.FloorChanged:
        raise _changed() from None


def check_floor_away(
    actor: Actor, *, meeting_id: int, item_id: int, request_id: int, data: AwayIn | dict
) -> None:
    request = _own(actor, meeting_id, item_id, request_id)
    data = read(AwayIn, data)
    try:
        services.floor_request_away_set(request=request, away=data.away)
    except services.FloorChanged:
        raise _changed() from None


def check_floor_move(
    actor: Actor, *, meeting_id: int, item_id: int, request_id: int, data: MoveIn | dict
) -> None:
    item = _chair(actor, meeting_id, item_id)
    request = _request(item, request_id)
    data = read(MoveIn, data)
    try:
        services.floor_request_move(request=request, place=data.place)
    except services.FloorChanged:
        raise _changed() from None


def check_floor_give(
    actor: Actor, *, meeting_id: int, item_id: int, data: GiveIn | dict | None = None
) -> FloorRequest | None:
    """The chair gives the floor: to a request, or to the first waiting."""
    item = _chair(actor, meeting_id, item_id)
    data = read(GiveIn, data or {})
    request = _request(item, data.request) if data.request else None
    try:
        given = services.floor_give(item=item, request=request)
    except services.FloorChanged:
        raise _changed() from None
    if given is None:
        raise Conflict(_("Nobody is waiting for the floor."))
    return given


def check_floor_end(actor: Actor, *, meeting_id: int, item_id: int) -> Intervention:
    """The chair thanks the speaker: the intervention goes into the record."""
    item = _chair(actor, meeting_id, item_id)
    intervention = services.floor_end(item=item)
    if intervention is None:
        raise Conflict(_("Nobody has the floor."))
    return intervention


def check_floor_clock(actor: Actor, *, meeting_id: int, item_id: int, data: ClockIn | dict) -> None:
    item = _chair(actor, meeting_id, item_id)
    data = read(ClockIn, data)
    if not SpeakersList.objects.filter(
        agenda_item=item, requests__status=FloorRequest.Status.SPEAKING
    ).exists():
        raise Conflict(_("Nobody has the floor: there is no clock to run."))
    services.floor_clock_set(item=item, running=data.running)


def check_speakers_list_set(
    actor: Actor, *, meeting_id: int, item_id: int, data: ListIn | dict
) -> SpeakersList:
    """The chair closes or reopens the list, or sets the speaking time."""
    item = _chair(actor, meeting_id, item_id)
    data = read(ListIn, data)
    return services.speakers_list_set(
        item=item, closed=data.closed, speaking_time=data.speaking_time
    )
