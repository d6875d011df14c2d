"""Each person's home after signing in: what they have to do and to follow today.

The delegate's day, the chair's desk, the translator's assignments, the secretariat's
to-do list, and a reader's day for everyone else signed in (observers). Each is read
from the apps' own selectors, through the access policy, in a number of queries that
does not grow with the conference: lists are cut to a few lines, with the total and a
link to the page that has them all.
"""

from __future__ import annotations

import datetime
import functools
import operator
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString

from plenipot.accounts.access import meetings_watchable
from plenipot.accounts.models import Follow
from plenipot.conference import clock
from plenipot.conference.models import Body, Conference, Delegation
from plenipot.core.actor import Actor
from plenipot.documents import selectors as document_selectors
from plenipot.documents.access import documents_readable
from plenipot.documents.models import Document, Proposal
from plenipot.documents.permissions import may_submit_document
from plenipot.engine import access as policy
from plenipot.engine.natural_order import natural_key
from plenipot.floor import selectors as floor_selectors
from plenipot.meetings.models import Meeting
from plenipot.negotiation import selectors as negotiation_selectors
from plenipot.negotiation.models import Draft, Instrument, Revision
from plenipot.planning import selectors as planning_selectors
from plenipot.planning.permissions import may_see_clashes
from plenipot.portal.documents import documents_matching
from plenipot.portal.models import DraftVisit
from plenipot.submissions import selectors as submission_selectors
from plenipot.tracker import selectors as tracker_selectors
from plenipot.tracker.models import StageChoice, TextPath
from plenipot.translation import selectors as translation_selectors

#: Lines of each list on a home page; the rest is one link away.
SHOWN = 6
#: Provisions named for a drafting room's changes since the last visit.
PROVISIONS_NAMED = 4
#: Revisions read, at most, to name the provisions changed in one room.
REVISIONS_READ = 25
#: The chair's bodies that get a burndown chart on the home page.
BURNDOWNS = 3

DELEGATE, CHAIR, TRANSLATOR, SECRETARIAT, READER = (
    "delegate", "chair", "translator", "secretariat", "reader",
)  # fmt: skip


def home_kind(actor: Actor) -> str:
    """Which home a signed-in person gets: by role, then by what they preside over or
    belong to (a vice-chair is at the chair's desk; a delegation member without a role
    of their own gets the delegate's day)."""
    if actor.role == policy.SECRETARIAT:
        return SECRETARIAT
    if actor.role == policy.TRANSLATOR:
        return TRANSLATOR
    if actor.role == policy.CHAIR or actor.presided:
        return CHAIR
    if actor.delegation_id is not None:
        return DELEGATE
    return READER


# --- what every home shows ------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """Today and tomorrow on the conference clock, in the conference's time zone."""

    today: datetime.date
    tomorrow: datetime.date
    yesterday: datetime.date
    start: datetime.datetime
    end: datetime.datetime
    zone: datetime.tzinfo

    @classmethod
    def of(cls, conference: Conference) -> Window:
        today = clock.today(conference)
        zone = clock.zone_of(conference)
        start = datetime.datetime.combine(today, datetime.time.min, tzinfo=zone)
        return cls(
            today=today,
            tomorrow=today + datetime.timedelta(days=1),
            yesterday=today - datetime.timedelta(days=1),
            start=start,
            end=start + datetime.timedelta(days=2),
            zone=zone,
        )

    def day_of(self, moment: datetime.datetime) -> datetime.date:
        return timezone.localtime(moment, self.zone).date()


@dataclass
class DayMeeting:
    """A meeting on a home page, with the delegation's places on its lists of speakers
    and whether it is one meeting too many for the delegation's size."""

    meeting: Meeting
    places: list = field(default_factory=list)
    clash: bool = False


@dataclass
class Day:
    day: datetime.date
    meetings: list[DayMeeting]
    is_today: bool


@dataclass(frozen=True)
class DocumentNews:
    """Documents dated since yesterday that the reader may read: the newest few, and
    how many there are."""

    since: datetime.date
    documents: list[Document]
    total: int


def documents_since_yesterday(
    *, user, conference: Conference, window: Window, bodies: list[int] | None = None
) -> DocumentNews:
    """Through the documents list's own selector (`documents_matching`), with its date
    filter (from yesterday to today: a rehearsal's clock may stand before documents
    already dated); for a chair, those allocated to their bodies. Three queries."""
    documents = documents_matching(
        user=user, conference=conference, date_from=window.yesterday, date_to=window.today
    )
    if bodies is not None:
        documents = documents.filter(body_id__in=bodies)
    return DocumentNews(
        since=window.yesterday,
        documents=list(documents[:SHOWN]),
        total=documents.count(),
    )


def _days(window: Window, meetings: list[Meeting]) -> list[Day]:
    by_day: dict[datetime.date, list[DayMeeting]] = {window.today: [], window.tomorrow: []}
    for meeting in sorted(meetings, key=lambda m: (m.starts_at, m.body.position, m.pk)):
        day = window.day_of(meeting.starts_at)
        if day in by_day:
            by_day[day].append(DayMeeting(meeting=meeting))
    return [
        Day(day=day, meetings=rows, is_today=day == window.today) for day, rows in by_day.items()
    ]


def _in_window(queryset, window: Window):
    return queryset.filter(starts_at__gte=window.start, starts_at__lt=window.end).exclude(
        status=Meeting.Status.CANCELLED
    )


# --- drafting rooms and what changed since the last visit -----------------------------


@dataclass
class RoomNews:
    """A drafting room and what changed in it since the reader last opened it: `seen`
    is the revision they saw then (None: never opened), `changes` the revisions since,
    `provisions` the provisions the latest of them changed, as people name them."""

    draft: Draft
    seen: int | None
    changes: int
    provisions: list[SafeString] = field(default_factory=list)

    @property
    def history_from(self) -> int:
        return self.seen or 0


def rooms_news(*, user, drafts: list[Draft]) -> list[RoomNews]:
    """What changed in each room since the user's last visit (`DraftVisit`, recorded
    when they open the room or its history). Two queries, whatever the number of rooms
    or revisions: the visits, and the latest revisions of the rooms that changed."""
    if not drafts:
        return []
    seen = dict(
        DraftVisit.objects.filter(user=user, draft__in=drafts).values_list("draft_id", "revision")
    )
    news = []
    for draft in drafts:
        last = seen.get(draft.pk)
        news.append(RoomNews(draft=draft, seen=last, changes=max(0, draft.head - (last or 0))))
    changed = [room for room in news if room.changes]
    if changed:
        latest = functools.reduce(
            operator.or_,
            (
                Q(
                    draft_id=room.draft.pk,
                    number__gt=max(room.seen or 0, room.draft.head - REVISIONS_READ),
                )
                for room in changed
            ),
        )
        touched: dict[int, list[str]] = {}
        for draft_id, eids in (
            Revision.objects.filter(latest)
            .order_by("draft_id", "-number")
            .values_list("draft_id", "eids")
        ):
            names = touched.setdefault(draft_id, [])
            for eid in eids or ():
                if eid not in names:
                    names.append(eid)
        for room in changed:
            eids = touched.get(room.draft.pk, [])[:PROVISIONS_NAMED]
            if eids:
                labels = negotiation_selectors.revision_labels(room.draft)
                room.provisions = [labels.html(eid) for eid in eids]
    news.sort(key=lambda room: (room.changes == 0, -room.changes, -room.draft.pk))
    return news


# --- the delegate's day ---------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where the text that some of the delegation's proposals change stands."""

    instrument: Instrument
    proposals: int
    path: TextPath | None
    stage: str


@dataclass
class DelegateHome:
    delegation: Delegation
    size: int
    window: Window
    days: list[Day]
    clashes: list
    places: list
    rooms: list[RoomNews]
    submissions: list
    standings: list[Standing]
    documents: DocumentNews
    may_submit: bool
    sees_clashes: bool


def _standings(
    *, user, conference: Conference, organisations: frozenset[int], submissions: list
) -> list[Standing]:
    """The texts the delegation's proposals change (its own, and its regional groups'
    common proposals), in documents the user may read, with the stage of each text's
    path; each of `submissions` is given the stage of its text (`stage`). Three
    queries."""
    readable = documents_readable(user, Document.objects.filter(conference=conference))
    counts: dict[int, int] = {}
    for instrument_id, _proposal in (
        Proposal.objects.filter(document__in=readable.values("pk"), instrument__isnull=False)
        .filter(Q(sources__in=organisations) | Q(document__sources__in=organisations))
        .order_by()
        .values_list("instrument_id", "pk")
        .distinct()
    ):
        counts[instrument_id] = counts.get(instrument_id, 0) + 1
    paths = tracker_selectors.paths_of(
        instrument_ids={*counts, *(upload.instrument_id for upload in submissions)}
    )
    labels = dict(StageChoice.choices)
    for upload in submissions:
        path = paths.get(upload.instrument_id)
        upload.stage = str(labels.get(path.stage, path.stage)) if path else ""
    instruments = {
        instrument.pk: instrument
        for instrument in Instrument.objects.filter(pk__in=[i for i in counts if i not in paths])
    }
    for instrument_id, path in paths.items():
        instruments[instrument_id] = path.instrument
    rows = []
    for instrument_id, count in counts.items():
        path = paths.get(instrument_id)
        rows.append(
            Standing(
                instrument=instruments[instrument_id],
                proposals=count,
                path=path,
                stage=str(labels.get(path.stage, path.stage)) if path else "",
            )
        )
    order = {stage.value: n for n, stage in enumerate(StageChoice)}
    return sorted(
        rows,
        key=lambda row: (
            order.get(row.path.stage, -1) if row.path else -1,
            row.instrument.kind,
            natural_key(row.instrument.number),
        ),
    )


def delegate_home(*, user, actor: Actor, conference: Conference) -> DelegateHome:
    """The meetings of today and tomorrow of the bodies the delegation is taken to follow
    (the planner's rule) and of those the user follows, each with the delegation's
    places on its lists of speakers and whether it is one too many for the delegation's
    size; the clashes of the two days; the drafting rooms the delegation takes part in
    and what changed in each since the user's last visit; its submissions and the texts
    its proposals change, with their stage; the documents since yesterday."""
    window = Window.of(conference)
    delegation = Delegation.objects.select_related("organisation").get(pk=actor.delegation_id)
    followed = Follow.objects.filter(user=user, body__isnull=False).values("body_id")
    meetings = {
        meeting.pk: meeting
        for meeting in _in_window(
            planning_selectors.delegation_meetings(
                user=user, conference=conference, delegation=delegation
            ),
            window,
        )
    }
    for meeting in _in_window(
        meetings_watchable(user, Meeting.objects.filter(conference=conference, body__in=followed)),
        window,
    ).select_related("body"):
        meetings.setdefault(meeting.pk, meeting)
    days = _days(window, list(meetings.values()))
    sees_clashes = may_see_clashes(actor, delegation.pk)
    size, rows = planning_selectors.delegation_clashes(
        conference=conference, delegation=delegation, first_day=window.today, days=2
    )
    clashes = [row for row in rows if row.overload]
    clashing = {code for row in clashes for code in row.meetings}
    places = floor_selectors.delegation_places(
        user=user, delegation=delegation, start=window.start, end=window.end
    )
    by_meeting: dict[int, list] = {}
    for place in places:
        by_meeting.setdefault(place.meeting.pk, []).append(place)
    for day in days:
        for row in day.meetings:
            row.places = by_meeting.get(row.meeting.pk, [])
            # The planner names a meeting by its body's code and number (planning.problem).
            row.clash = f"{row.meeting.body.code}-{row.meeting.number}" in clashing
    rooms = list(negotiation_selectors.drafts_taking_part(user=user, delegation=delegation))
    submissions = submission_selectors.submission_rows(
        user=user, conference=conference, everyone=False
    )[:SHOWN]
    return DelegateHome(
        delegation=delegation,
        size=size,
        window=window,
        days=days,
        clashes=clashes,
        places=[
            place for place in places if window.day_of(place.meeting.starts_at) == window.today
        ],
        rooms=rooms_news(user=user, drafts=rooms),
        submissions=submissions,
        standings=_standings(
            user=user,
            conference=conference,
            organisations=actor.reader.organisations,
            submissions=submissions,
        ),
        documents=documents_since_yesterday(user=user, conference=conference, window=window),
        may_submit=may_submit_document(actor, conference.pk),
        sees_clashes=sees_clashes,
    )


# --- the chair's desk -----------------------------------------------------------------


@dataclass
class ChairBody:
    body: Body
    next_meeting: Meeting | None = None
    open_proposals: int | None = None
    provisions: int | None = None
    chart: object = None


@dataclass
class ChairHome:
    window: Window
    bodies: list[ChairBody]
    days: list[Day]
    rooms: list[RoomNews]
    documents: DocumentNews


def _subtree(bodies: list[Body], roots: set[int]) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for body in bodies:
        children.setdefault(body.parent_id, []).append(body.pk)
    found, stack = set(), list(roots)
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, ()))
    return found


def chair_home(*, user, actor: Actor, conference: Conference) -> ChairHome:
    """The bodies the person chairs or vice-chairs, each with its next meeting and, for
    the first few active ones, the open proposals and the burndown of the chair's view;
    the meetings of those bodies and their groups today and tomorrow; their open
    drafting rooms with what changed; the documents allocated to them since yesterday."""
    window = Window.of(conference)
    now = clock.now(conference)
    all_bodies = list(
        Body.objects.filter(conference=conference)
        .select_related("chair")
        .order_by("position", "code")
    )
    presided = [body for body in all_bodies if actor.presides(body.pk)]
    scope = _subtree(all_bodies, {body.pk for body in presided})
    upcoming: dict[int, Meeting] = {}
    for meeting in (
        Meeting.objects.filter(body_id__in=[b.pk for b in presided], starts_at__gte=now)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at", "pk")
    ):
        upcoming.setdefault(meeting.body_id, meeting)
    rows = []
    charted = 0
    for body in presided:
        row = ChairBody(body=body, next_meeting=upcoming.get(body.pk))
        if body.status == Body.Status.ACTIVE and charted < BURNDOWNS:
            charted += 1
            view = tracker_selectors.chair_view(body=body, now=now)
            row.open_proposals = len(view.open_proposals)
            row.provisions = view.total_provisions
            row.chart = tracker_selectors.burndown_chart(
                view.burndown, width=420, height=150, mark=window.today
            )
        rows.append(row)
    meetings = list(
        _in_window(
            meetings_watchable(
                user, Meeting.objects.filter(conference=conference, body_id__in=scope)
            ),
            window,
        ).select_related("body")
    )
    drafts = list(
        negotiation_selectors.drafts_watchable(
            user, Draft.objects.filter(body_id__in=scope, closed_at__isnull=True)
        )
        .select_related("body", "instrument")
        .order_by("-pk")
    )
    return ChairHome(
        window=window,
        bodies=rows,
        days=_days(window, meetings),
        rooms=rooms_news(user=user, drafts=drafts),
        documents=documents_since_yesterday(
            user=user, conference=conference, window=window, bodies=sorted(scope)
        ),
    )


# --- the translator's assignments -----------------------------------------------------


@dataclass
class AssignmentRow:
    """An assignment as the home lists it: overdue, due today, or later."""

    assignment: object
    overdue: bool
    due_today: bool


@dataclass
class TranslatorHome:
    window: Window
    assignments: list[AssignmentRow]
    queue: int
    texts_waiting: list
    texts_waiting_total: int
    documents: DocumentNews


def translator_home(*, user, actor: Actor, conference: Conference) -> TranslatorHome:
    window = Window.of(conference)
    now = clock.now(conference)
    rows = []
    for assignment in translation_selectors.assignments_of(user=user):
        deadline = assignment.deadline
        rows.append(
            AssignmentRow(
                assignment=assignment,
                overdue=deadline is not None and deadline < now,
                due_today=deadline is not None and window.day_of(deadline) == window.today,
            )
        )
    waiting_total, waiting = translation_selectors.texts_waiting_for_languages(
        conference=conference, limit=SHOWN
    )
    return TranslatorHome(
        window=window,
        assignments=rows,
        queue=translation_selectors.expression_queue(user).count(),
        texts_waiting=waiting,
        texts_waiting_total=waiting_total,
        documents=documents_since_yesterday(user=user, conference=conference, window=window),
    )


# --- the secretariat's to-do list -----------------------------------------------------


@dataclass
class SecretariatHome:
    window: Window
    to_register: list
    to_register_total: int
    to_allocate: list
    texts_waiting: list
    texts_waiting_total: int
    past_deadline: list[Body]
    without_room: list[Meeting]
    without_room_total: int
    days: list[Day]

    @property
    def nothing_to_do(self) -> bool:
        return not (
            self.to_register_total or self.to_allocate or self.texts_waiting_total
            or self.past_deadline or self.without_room_total
        )  # fmt: skip


def secretariat_home(*, user, actor: Actor, conference: Conference) -> SecretariatHome:
    """Submissions waiting to be registered, registered documents to allocate, texts
    whose language versions are not final, groups past their deadline to report that
    are still active, planned meetings without a room; and the meetings of today and
    tomorrow."""
    window = Window.of(conference)
    now = clock.now(conference)
    queue = document_selectors.submission_queue(conference=conference)
    waiting_total, waiting = translation_selectors.texts_waiting_for_languages(
        conference=conference, limit=SHOWN
    )
    roomless = (
        Meeting.objects.filter(
            conference=conference, status=Meeting.Status.PLANNED, starts_at__gte=now, room=""
        )
        .select_related("body")
        .order_by("starts_at", "pk")
    )
    return SecretariatHome(
        window=window,
        to_register=queue[:SHOWN],
        to_register_total=len(queue),
        to_allocate=list(
            document_selectors.documents_to_allocate(conference=conference, limit=SHOWN)
        ),
        texts_waiting=waiting,
        texts_waiting_total=waiting_total,
        past_deadline=list(
            Body.objects.filter(
                conference=conference, status=Body.Status.ACTIVE, deadline__lt=window.today
            )
            .select_related("chair")
            .order_by("deadline", "position", "code")
        ),
        without_room=list(roomless[:SHOWN]),
        without_room_total=roomless.count(),
        days=_days(
            window,
            list(
                _in_window(
                    meetings_watchable(user, Meeting.objects.filter(conference=conference)), window
                ).select_related("body")
            ),
        ),
    )


# --- a reader's day (observers, and anyone signed in without a desk of their own) ------


@dataclass
class ReaderHome:
    window: Window
    followed_bodies: int
    days: list[Day]
    instruments: list[Standing]
    stages: list[tuple[str, str, int]]
    documents: DocumentNews


def stage_counts(*, conference: Conference) -> list[tuple[str, str, int]]:
    """How many texts stand at each stage of their path (stages with none left out),
    in the order of the path. One query."""
    counts: dict[str, int] = {}
    for path in tracker_selectors.path_list(conference=conference):
        counts[path.stage] = counts.get(path.stage, 0) + 1
    return [
        (value, str(label), counts[value])
        for value, label in StageChoice.choices
        if counts.get(value)
    ]


def reader_home(*, user, actor: Actor, conference: Conference) -> ReaderHome:
    """The meetings of today and tomorrow of the bodies the reader follows (of all the
    bodies they may follow, when they follow none), the texts they follow and where
    each stands, and the documents since yesterday."""
    window = Window.of(conference)
    follows = list(Follow.objects.filter(user=user).values_list("body_id", "instrument_id"))
    bodies = [body for body, _instrument in follows if body is not None]
    instrument_ids = [instrument for _body, instrument in follows if instrument is not None]
    meetings = Meeting.objects.filter(conference=conference)
    if bodies:
        meetings = meetings.filter(body_id__in=bodies)
    paths = tracker_selectors.paths_of(instrument_ids=instrument_ids)
    labels = dict(StageChoice.choices)
    instruments = [
        Standing(
            instrument=path.instrument,
            proposals=0,
            path=path,
            stage=str(labels.get(path.stage, path.stage)),
        )
        for path in paths.values()
        if path.instrument.conference_id == conference.pk
    ]
    instruments.sort(key=lambda row: (row.instrument.kind, natural_key(row.instrument.number)))
    return ReaderHome(
        window=window,
        followed_bodies=len(bodies),
        days=_days(
            window,
            list(_in_window(meetings_watchable(user, meetings), window).select_related("body")),
        ),
        instruments=instruments,
        stages=stage_counts(conference=conference),
        documents=documents_since_yesterday(user=user, conference=conference, window=window),
    )


HOMES = {
    DELEGATE: delegate_home,
    CHAIR: chair_home,
    TRANSLATOR: translator_home,
    SECRETARIAT: secretariat_home,
    READER: reader_home,
}


def role_home(*, user, actor: Actor, conference: Conference) -> tuple[str, object]:
    """Which home the person gets, and what it shows."""
    kind = home_kind(actor)
    if kind == DELEGATE and actor.delegation_conference_id != conference.pk:
        kind = READER
    return kind, HOMES[kind](user=user, actor=actor, conference=conference)
