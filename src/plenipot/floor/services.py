"""Changing the floor. Each service takes the list's row lock, writes, bumps the list's
version and announces the change once committed; the checks were made by the action.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plenipot.conference import clock
from plenipot.conference.models import Delegation, Person
from plenipot.floor import live
from plenipot.floor.models import FloorRequest, Intervention, SpeakersList
from plenipot.floor.selectors import NEAR, floor_order
from plenipot.meetings.models import AgendaItem


class FloorChanged(Exception):
    """The request is no longer waiting: someone changed the list in the meantime."""


def _still_waiting(floor: SpeakersList, request: FloorRequest) -> FloorRequest:
    current = floor.requests.filter(pk=request.pk, status=FloorRequest.Status.WAITING).first()
    if current is None:
        raise FloorChanged
    return current


def speakers_list_locked(*, item: AgendaItem) -> SpeakersList:
    """The item's list, created on first use, locked for the rest of the transaction."""
    SpeakersList.objects.get_or_create(agenda_item=item)
    return (
        SpeakersList.objects.select_for_update()
        .select_related("agenda_item__meeting")
        .get(agenda_item=item)
    )


def _changed(floor: SpeakersList) -> None:
    floor.version += 1
    floor.save(
        update_fields=["version", "closed", "speaking_time", "clock_started_at", "clock_elapsed"]
    )
    item = floor.agenda_item
    live.announce_change(meeting_id=item.meeting_id, item_id=item.pk, version=floor.version)
    _warn_near(floor)


def _warn_near(floor: SpeakersList) -> None:
    """Tell the delegations away from the room whose turn nears, once each."""
    waiting = floor_order(floor.requests.filter(status=FloorRequest.Status.WAITING))
    for ahead, request in enumerate(waiting):
        if ahead > NEAR:
            break
        if request.away and not request.warned:
            request.warned = True
            request.save(update_fields=["warned"])
            item = floor.agenda_item
            live.announce_turn_near(
                delegation_id=request.delegation_id,
                meeting_id=item.meeting_id,
                item_id=item.pk,
                ahead=ahead,
            )
            transaction.on_commit(
                lambda request=request, ahead=ahead: _mail_turn_near(request, ahead)
            )


def _mail_turn_near(request: FloorRequest, ahead: int) -> None:
    """An e-mail to the members of the delegation who have an address, in the site's
    language: a one-person delegation in another room may not have the page open."""
    addresses = list(
        Person.objects.filter(delegation_id=request.delegation_id, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not addresses:
        return
    item = request.speakers_list.agenda_item
    meeting = item.meeting
    base_url = getattr(settings, "PLENIPOT_BASE_URL", "").rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your turn to speak nears: %(meeting)s") % {"meeting": meeting}
        message = _(
            "%(ahead)s before you on the list of speakers of %(meeting)s, item %(item)s.\n"
            "Your place is kept.\n%(link)s"
        ) % {
            "ahead": ahead,
            "meeting": meeting,
            "item": item,
            "link": f"{base_url}/floor/meetings/{meeting.pk}/?item={item.pk}",
        }
    send_mail(
        subject=subject,
        message=message,
        from_email=None,
        recipient_list=addresses,
        fail_silently=True,
    )


@transaction.atomic
def floor_request_add(
    *, item: AgendaItem, delegation: Delegation, kind: str, eid: str, away: bool, user
) -> FloorRequest:
    floor = speakers_list_locked(item=item)
    last = floor.requests.aggregate(last=Max("position"))["last"] or 0
    request = FloorRequest.objects.create(
        speakers_list=floor,
        delegation=delegation,
        kind=kind,
        eid=eid,
        away=away,
        position=last + 1,
        asked_by=user if getattr(user, "pk", None) else None,
    )
    _changed(floor)
    return request


@transaction.atomic
def floor_request_withdraw(*, request: FloorRequest) -> None:
    floor = speakers_list_locked(item=request.speakers_list.agenda_item)
    request = _still_waiting(floor, request)
    request.status = FloorRequest.Status.WITHDRAWN
    request.save(update_fields=["status"])
    _changed(floor)


@transaction.atomic
def floor_request_away_set(*, request: FloorRequest, away: bool) -> None:
    floor = speakers_list_locked(item=request.speakers_list.agenda_item)
    request = _still_waiting(floor, request)
    request.away = away
    if not away:
        request.warned = False
    request.save(update_fields=["away", "warned"])
    _changed(floor)


@transaction.atomic
def floor_request_move(*, request: FloorRequest, place: int) -> None:
    """Put a waiting request at ``place`` (1: first) among the requests of its kind."""
    floor = speakers_list_locked(item=request.speakers_list.agenda_item)
    request = _still_waiting(floor, request)
    same = [
        r
        for r in floor_order(floor.requests.filter(status=FloorRequest.Status.WAITING))
        if r.kind == request.kind and r.pk != request.pk
    ]
    place = max(1, min(place, len(same) + 1))
    same.insert(place - 1, request)
    positions = sorted(r.position for r in same)
    for position, r in zip(positions, same, strict=True):
        if r.position != position:
            r.position = position
            r.save(update_fields=["position"])
    _changed(floor)


def _stop_clock(floor: SpeakersList, now: datetime.datetime) -> None:
    if floor.clock_started_at is not None:
        floor.clock_elapsed += max(0, int((now - floor.clock_started_at).total_seconds()))
        floor.clock_started_at = None


def _end_current(floor: SpeakersList, now: datetime.datetime) -> Intervention | None:
    current = floor.requests.filter(status=FloorRequest.Status.SPEAKING).first()
    if current is None:
        return None
    _stop_clock(floor, now)
    item = floor.agenda_item
    seconds = floor.clock_elapsed
    intervention = Intervention.objects.create(
        meeting_id=item.meeting_id,
        agenda_item=item,
        delegation_id=current.delegation_id,
        request=current,
        kind=current.kind,
        eid=current.eid,
        started_at=clock.now(item.meeting.conference) - datetime.timedelta(seconds=seconds),
        seconds=seconds,
    )
    current.status = FloorRequest.Status.SPOKEN
    current.save(update_fields=["status"])
    floor.clock_elapsed = 0
    return intervention


@transaction.atomic
def floor_give(*, item: AgendaItem, request: FloorRequest | None) -> FloorRequest | None:
    """End the current speaker's turn (it goes into the record) and give the floor to
    ``request``, or to the first waiting when None; the clock starts at once."""
    floor = speakers_list_locked(item=item)
    now = timezone.now()
    if request is not None:
        request = _still_waiting(floor, request)
    _end_current(floor, now)
    if request is None:
        waiting = floor_order(floor.requests.filter(status=FloorRequest.Status.WAITING))
        request = waiting[0] if waiting else None
    if request is not None:
        request.status = FloorRequest.Status.SPEAKING
        request.save(update_fields=["status"])
        floor.clock_elapsed = 0
        floor.clock_started_at = now
    _changed(floor)
    return request


@transaction.atomic
def floor_end(*, item: AgendaItem) -> Intervention | None:
    floor = speakers_list_locked(item=item)
    intervention = _end_current(floor, timezone.now())
    _changed(floor)
    return intervention


@transaction.atomic
def floor_clock_set(*, item: AgendaItem, running: bool) -> None:
    floor = speakers_list_locked(item=item)
    now = timezone.now()
    if running and floor.clock_started_at is None:
        floor.clock_started_at = now
    elif not running:
        _stop_clock(floor, now)
    _changed(floor)


@transaction.atomic
def speakers_list_set(
    *, item: AgendaItem, closed: bool | None = None, speaking_time: int | None = None
) -> SpeakersList:
    floor = speakers_list_locked(item=item)
    if closed is not None:
        floor.closed = closed
    if speaking_time is not None:
        floor.speaking_time = speaking_time
    _changed(floor)
    return floor
