"""Reading the floor: a meeting's lists of speakers in the order the chair gives the
floor, the clock, each delegation's place, and the record of interventions.

The order of the floor: points of order first, then rights of reply, then the speakers,
each in the order they were asked for (or as the chair moved them). docs/floor.md says
where each rule comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone

from plenipot.accounts.access import meeting_watchable, meetings_watchable
from plenipot.floor.models import FloorRequest, Intervention, SpeakersList
from plenipot.meetings.models import AgendaItem, Meeting
from plenipot.negotiation import selectors as drafting
from plenipot.negotiation.labels import ProvisionLabels
from plenipot.negotiation.models import Draft

#: Delegations told that their turn nears when this many or fewer speak before them.
NEAR = 2

RANK = {
    FloorRequest.Kind.POINT_OF_ORDER: 0,
    FloorRequest.Kind.RIGHT_OF_REPLY: 1,
    FloorRequest.Kind.SPEAKER: 2,
}


def access_meeting(user, meeting_id: int) -> Meeting:
    """The meeting, if this user may follow it; absent and not allowed answer alike."""
    meeting = Meeting.objects.select_related("body", "conference").filter(pk=meeting_id).first()
    if meeting is None or not meeting_watchable(user, meeting):
        raise Http404
    return meeting


def agenda_items(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.items.select_related("instrument", "document").order_by("position"))


def floor_order(requests) -> list[FloorRequest]:
    """The waiting requests in the order the floor is given."""
    return sorted(requests, key=lambda r: (RANK[r.kind], r.position, r.pk))


def text_under_negotiation(item: AgendaItem) -> Draft | None:
    """The open drafting room on the item's instrument in the meeting's body."""
    if item.instrument_id is None:
        return None
    return drafting.draft_open_in(body=item.meeting.body, instrument=item.instrument)


def provision_labels(draft: Draft | None) -> dict[str, str]:
    """How people name each provision of the draft ("resolves 2", "considering b)"),
    from the one labelling the drafting room and the history use, in the reader's
    language with the text's own words."""
    if draft is None:
        return {}
    text = drafting.draft_text(draft).draft
    labels = ProvisionLabels.of(text)
    return {p.eid: labels.text(p.eid) for p in text.provisions}


def display_text(user, draft: Draft | None) -> dict | None:
    """The text under negotiation as the room display follows it live: its snapshot and
    the drafting room's socket, when this user may watch the draft."""
    if draft is None or not drafting.draft_watchable(user, draft):
        return None
    return {
        "draft": draft.pk,
        "title": draft.local_title,
        "snapshot": drafting.draft_snapshot(draft),
        "labels": provision_labels(draft),
        "socket": f"/ws/drafts/{draft.pk}/",
    }


@dataclass
class Entry:
    """One line of the list as people read it."""

    request: FloorRequest
    place: int
    delegation: str
    provision: str

    @property
    def kind(self) -> str:
        return self.request.kind


@dataclass
class FloorState:
    meeting: Meeting
    item: AgendaItem | None
    speakers_list: SpeakersList | None
    draft: Draft | None
    labels: dict[str, str]
    waiting: list[Entry] = field(default_factory=list)
    speaking: Entry | None = None
    spoken: list[Intervention] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return bool(self.speakers_list and self.speakers_list.closed)

    @property
    def version(self) -> int:
        return self.speakers_list.version if self.speakers_list else 0

    @property
    def speaking_time(self) -> int:
        return self.speakers_list.speaking_time if self.speakers_list else 180

    @property
    def clock_running(self) -> bool:
        return bool(self.speakers_list and self.speakers_list.clock_started_at)

    def seconds_spoken(self, now=None) -> int:
        """Seconds the current speaker has spoken, as of now."""
        floor = self.speakers_list
        if floor is None:
            return 0
        seconds = floor.clock_elapsed
        if floor.clock_started_at is not None:
            now = now or timezone.now()
            seconds += max(0, int((now - floor.clock_started_at).total_seconds()))
        return seconds

    def place_of(self, delegation_id: int | None) -> list[Entry]:
        return [e for e in self.waiting if e.request.delegation_id == delegation_id]

    def as_data(self) -> dict:
        """The state as the API gives it."""
        floor = self.speakers_list

        def entry(e: Entry) -> dict:
            return {
                "id": e.request.pk,
                "place": e.place,
                "delegation": e.delegation,
                "kind": e.request.kind,
                "provision": e.request.eid,
                "provision_label": e.provision,
                "away": e.request.away,
            }

        return {
            "meeting": self.meeting.pk,
            "item": self.item.pk if self.item else None,
            "version": self.version,
            "closed": self.closed,
            "speaking_time": self.speaking_time,
            "clock": {
                "running": self.clock_running,
                "started_at": floor.clock_started_at.isoformat()
                if floor and floor.clock_started_at
                else None,
                "elapsed": floor.clock_elapsed if floor else 0,
                "seconds": self.seconds_spoken(),
            },
            "speaking": entry(self.speaking) if self.speaking else None,
            "waiting": [entry(e) for e in self.waiting],
        }


def delegation_name(delegation) -> str:
    return str(delegation.organisation)


def item_chosen(meeting: Meeting, item_id: int | None) -> AgendaItem | None:
    """The item asked for; else the one where someone has the floor or is waiting;
    else the first."""
    items = agenda_items(meeting)
    if item_id is not None:
        for item in items:
            if item.pk == item_id:
                return item
        raise Http404
    active = set(
        FloorRequest.objects.filter(
            speakers_list__agenda_item__meeting=meeting,
            status__in=[FloorRequest.Status.WAITING, FloorRequest.Status.SPEAKING],
        ).values_list("speakers_list__agenda_item_id", flat=True)
    )
    for item in items:
        if item.pk in active:
            return item
    return items[0] if items else None


def floor_state(meeting: Meeting, item: AgendaItem | None) -> FloorState:
    if item is None:
        return FloorState(meeting=meeting, item=None, speakers_list=None, draft=None, labels={})
    floor = SpeakersList.objects.filter(agenda_item=item).first()
    draft = text_under_negotiation(item)
    labels = provision_labels(draft)
    state = FloorState(meeting=meeting, item=item, speakers_list=floor, draft=draft, labels=labels)
    if floor is None:
        return state
    requests = list(
        floor.requests.filter(
            status__in=[FloorRequest.Status.WAITING, FloorRequest.Status.SPEAKING]
        ).select_related("delegation__organisation")
    )

    def entry(request: FloorRequest, place: int) -> Entry:
        return Entry(
            request=request,
            place=place,
            delegation=delegation_name(request.delegation),
            provision=labels.get(request.eid, request.eid) if request.eid else "",
        )

    waiting = floor_order(r for r in requests if r.status == FloorRequest.Status.WAITING)
    state.waiting = [entry(r, place) for place, r in enumerate(waiting, start=1)]
    speaking = [r for r in requests if r.status == FloorRequest.Status.SPEAKING]
    state.speaking = entry(speaking[0], 0) if speaking else None
    state.spoken = list(
        Intervention.objects.filter(agenda_item=item)
        .select_related("delegation__organisation")
        .order_by("started_at", "pk")
    )
    return state


def meeting_record(meeting: Meeting) -> list[dict]:
    """Every intervention of the meeting, for its record: item, delegation, kind,
    provision, time and seconds spoken."""
    labels_by_item: dict[int, dict[str, str]] = {}
    rows = []
    for intervention in (
        Intervention.objects.filter(meeting=meeting)
        .select_related(
            "delegation__organisation", "agenda_item__instrument", "agenda_item__meeting__body"
        )
        .order_by("started_at", "pk")
    ):
        item = intervention.agenda_item
        if item.pk not in labels_by_item:
            labels_by_item[item.pk] = provision_labels(text_under_negotiation(item))
        labels = labels_by_item[item.pk]
        rows.append(
            {
                "item": item,
                "delegation": delegation_name(intervention.delegation),
                "kind": intervention.kind,
                "kind_label": FloorRequest.Kind(intervention.kind).label,
                "provision": intervention.eid,
                "provision_label": labels.get(intervention.eid, intervention.eid)
                if intervention.eid
                else "",
                "started_at": intervention.started_at,
                "seconds": intervention.seconds,
            }
        )
    return rows


@dataclass(frozen=True)
class Place:
    """A delegation's place on one list of speakers: `place` counts from 1 in the order
    the floor is given, among the `waiting` requests of that list."""

    meeting: Meeting
    item: AgendaItem
    kind: str
    place: int
    waiting: int
    away: bool


def delegation_places(*, user, delegation, start, end) -> list[Place]:
    """Where the delegation waits for the floor on the lists of the meetings starting
    between `start` and `end` that the user may follow, by the meeting's time. One
    query."""
    lists = SpeakersList.objects.filter(
        requests__delegation=delegation,
        requests__status=FloorRequest.Status.WAITING,
        agenda_item__meeting__starts_at__gte=start,
        agenda_item__meeting__starts_at__lt=end,
        agenda_item__meeting__in=meetings_watchable(user, Meeting.objects.all()),
    )
    requests = FloorRequest.objects.filter(
        speakers_list__in=lists, status=FloorRequest.Status.WAITING
    ).select_related("speakers_list__agenda_item__meeting__body")
    by_list: dict[int, list[FloorRequest]] = {}
    for request in requests:
        by_list.setdefault(request.speakers_list_id, []).append(request)
    places = []
    for waiting in by_list.values():
        ordered = floor_order(waiting)
        for place, request in enumerate(ordered, start=1):
            if request.delegation_id == delegation.pk:
                item = request.speakers_list.agenda_item
                places.append(
                    Place(
                        meeting=item.meeting,
                        item=item,
                        kind=request.kind,
                        place=place,
                        waiting=len(ordered),
                        away=request.away,
                    )
                )
    places.sort(key=lambda p: (p.meeting.starts_at, p.item.position, p.place))
    return places
