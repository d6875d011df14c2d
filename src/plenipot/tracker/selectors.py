"""Reading the path of texts: the tracker, the chair's view and the Final Acts."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from plenipot.conference.models import Body, Conference
from plenipot.documents.models import Document, Proposal
from plenipot.documents.selectors import document_readable_list
from plenipot.engine import ParseError, diff_instruments, parse_instrument
from plenipot.engine.diff import instrument_diff_html
from plenipot.engine.natural_order import natural_key
from plenipot.engine.path import MAIN_LINE, Stage
from plenipot.meetings.models import Meeting
from plenipot.negotiation.models import Draft
from plenipot.negotiation.selectors import drafts_watchable
from plenipot.tracker.models import (
    Decision,
    Declaration,
    PathEvent,
    StageChoice,
    Statement,
    TextPath,
)
from plenipot.translation.failures import failure_text, gate_labels, language_name
from plenipot.translation.selectors import (
    expressions_check,
    expressions_stale,
    language_source,
    source_text_of,
    stale_provisions,
)

#: Stages at which a body has finished with a text.
_DONE = {
    Stage.APPROVED,
    Stage.EDITORIAL,
    Stage.FIRST_READING,
    Stage.SECOND_READING,
    Stage.ADOPTED,
    Stage.FINAL_ACTS,
    Stage.WITHDRAWN,
}


def path_list(*, conference: Conference, stage: str | None = None) -> list[TextPath]:
    """The texts on their path, by kind and then number in numeric order (2, 64, 180)."""
    paths = TextPath.objects.filter(conference=conference).select_related("instrument", "body")
    if stage:
        paths = paths.filter(stage=stage)
    return sorted(
        paths, key=lambda p: (p.instrument.kind, natural_key(p.instrument.number))
    )


def paths_of(*, instrument_ids) -> dict[int, TextPath]:
    """The paths of these instruments, by instrument id, with the body handling each.
    One query."""
    return {
        path.instrument_id: path
        for path in TextPath.objects.filter(instrument_id__in=list(instrument_ids)).select_related(
            "instrument", "body"
        )
    }


def path_bodies(path: TextPath) -> Iterator[int]:
    """The body handling the text and the bodies above it, nearest first; read as they
    are asked for, so that a question answered by the role reads none."""
    node = path.body
    while node is not None:
        yield node.pk
        node = node.parent


def path_get(*, conference: Conference, number: str, kind: str = "resolution") -> TextPath:
    return TextPath.objects.select_related("instrument", "body", "conference").get(
        conference=conference, instrument__kind=kind, instrument__number=number
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str  # "event", "document", "meeting", "decision", "draft"
    title: str
    detail: str = ""
    stage: str = ""
    document: Document | None = None
    meeting: Meeting | None = None
    statements: tuple = field(default=())
    draft_id: int | None = None


def path_timeline(*, path: TextPath, user) -> list[TimelineEntry]:
    """Everything that happened to a text, oldest first; documents the user may read only."""
    instrument = path.instrument
    # The choices' names, built once (each get_..._display builds them anew).
    stages = stage_labels()
    outcomes = {value: str(label) for value, label in Decision.Outcome.choices}
    kinds = {value: str(label) for value, label in Statement.Kind.choices}
    entries: list[TimelineEntry] = []
    events = PathEvent.objects.filter(path=path).select_related("body", "document")
    on_events: set[int] = set()
    for event in events:
        if event.document_id:
            on_events.add(event.document_id)
        entries.append(
            TimelineEntry(
                at=event.at,
                kind="event",
                title=stages.get(event.to_stage, event.to_stage),
                # A decision's own entry carries the words the chair used.
                detail="" if event.decision_id else event.note,
                stage=event.to_stage,
                document=event.document,
            )
        )
    documents = (
        Document.objects.filter(Q(instrument=instrument) | Q(proposals__instrument=instrument))
        .exclude(pk__in=on_events)
        .distinct()
    )
    for document in document_readable_list(user=user, documents=documents):
        at = document.submitted_at or datetime.datetime.combine(
            document.date, datetime.time(9), tzinfo=timezone.get_current_timezone()
        )
        entries.append(
            TimelineEntry(
                at=at,
                kind="document",
                title=document.symbol,
                detail=document.title,
                document=document,
            )
        )
    decisions = (
        Decision.objects.filter(Q(path=path) | Q(agenda_item__instrument=instrument))
        .select_related("agenda_item__meeting__body", "referred_to")
        .prefetch_related("statements__delegation__organisation")
        .distinct()
    )
    seen_meetings: set[int] = set()
    for decision in decisions:
        meeting = decision.agenda_item.meeting
        seen_meetings.add(meeting.pk)
        detail = decision.text
        if decision.referred_to is not None:
            detail = f"{decision.referred_to.code}: {decision.referred_to.local_name}. {detail}".strip()
        if decision.vote_carried is not None:
            detail = f"{detail} ({decision.votes_yes}–{decision.votes_no}–{decision.votes_abstain})".strip()
        entries.append(
            TimelineEntry(
                at=decision.decided_at,
                kind="decision",
                title=f"{meeting.body.code}: {outcomes.get(decision.outcome, decision.outcome)}",
                detail=detail,
                meeting=meeting,
                statements=tuple(_with_kind_label(decision.statements.all(), kinds)),
            )
        )
    meetings = (
        Meeting.objects.filter(items__instrument=instrument)
        .exclude(pk__in=seen_meetings)
        .select_related("body")
        .distinct()
    )
    for meeting in meetings:
        entries.append(
            TimelineEntry(at=meeting.starts_at, kind="meeting", title=str(meeting), meeting=meeting)
        )
    entries.extend(_draft_entries(instrument=instrument, user=user))
    entries.sort(key=lambda entry: (entry.at, entry.kind != "event"))
    return entries


def _with_kind_label(statements, kinds: dict[str, str]):
    for statement in statements:
        statement.kind_label = kinds.get(statement.kind, statement.kind)
        yield statement


def _draft_entries(*, instrument, user) -> list[TimelineEntry]:
    """The drafting rooms that negotiate this text, those the user may watch."""
    drafts = drafts_watchable(
        user, Draft.objects.filter(instrument=instrument).select_related("body", "instrument")
    )
    return [
        TimelineEntry(
            at=draft.created_at,
            kind="draft",
            title=draft.local_title,
            detail=f"{draft.body.code}: {draft.body.local_name}",
            draft_id=draft.pk,
        )
        for draft in drafts
    ]


def path_diff_html(*, path: TextPath) -> str:
    """The word diff from the text in force to the current text, as HTML."""
    try:
        new = parse_instrument(path.current_text) if path.current_text.strip() else None
        old = parse_instrument(path.text_in_force) if path.text_in_force.strip() else None
    except ParseError:
        return ""
    if new is None:
        return ""
    if old is None:
        old = parse_instrument(_empty_like(path.current_text))
    return instrument_diff_html(diff_instruments(old, new))


def _empty_like(text: str) -> str:
    """An instrument with the same heading and no provisions, to diff a new text against."""
    lines = text.strip().splitlines()
    return "\n".join(lines[:2]) + "\n"


@dataclass(frozen=True)
class FinalActs:
    instruments: list[TextPath]
    declarations: list[Declaration]
    reservations: list[Statement]
    #: The pink document each adopted text was read in a second time, by path id, with
    #: its language versions (`version_rows`): the files a reader downloads per language.
    adopted_documents: dict[int, Document] = field(default_factory=dict)


def final_acts(*, conference: Conference) -> FinalActs:
    """The adopted instruments in order, with the declarations and reservations."""
    adopted = list(
        TextPath.objects.filter(
            conference=conference, stage__in=[Stage.ADOPTED.value, Stage.FINAL_ACTS.value]
        ).select_related("instrument")
    )
    adopted.sort(
        key=lambda p: (p.instrument.kind, _number_key(p.adopted_number or p.instrument.number))
    )
    declarations = list(
        Declaration.objects.filter(conference=conference).prefetch_related(
            "delegations__organisation"
        )
    )
    reservations = list(
        Statement.objects.filter(
            kind=Statement.Kind.RESERVATION, decision__path__in=adopted
        ).select_related("delegation__organisation", "decision__path__instrument")
    )
    documents = _adopted_documents(adopted)
    for path in adopted:
        path.adopted_document = documents.get(path.pk)
    return FinalActs(
        instruments=adopted,
        declarations=declarations,
        reservations=reservations,
        adopted_documents=documents,
    )


def _adopted_documents(paths: list[TextPath]) -> dict[int, Document]:
    """The newest pink document on each path, with its language versions in the
    conference's order. Two queries."""
    events = (
        PathEvent.objects.filter(
            path__in=paths, to_stage=Stage.SECOND_READING.value, document__isnull=False
        )
        .select_related("document__conference")
        .prefetch_related("document__versions")
        .order_by("at", "pk")
    )
    found: dict[int, Document] = {}
    for event in events:
        document = event.document
        order = {code: n for n, code in enumerate(document.conference.language_codes)}
        document.version_rows = sorted(
            (v for v in document.versions.all() if v.file),
            key=lambda v: order.get(v.language, len(order)),
        )
        found[event.path_id] = document
    return found


def _number_key(number: str) -> tuple[int, str]:
    head = number.split(" ")[0]
    return (int(head), number) if head.isdigit() else (10**9, number)


def _descendants(body: Body) -> list[Body]:
    bodies = list(Body.objects.filter(conference_id=body.conference_id))
    children: dict[int | None, list[Body]] = {}
    for candidate in bodies:
        children.setdefault(candidate.parent_id, []).append(candidate)
    out, stack = [], [body]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(children.get(node.pk, []))
    return out


@dataclass(frozen=True)
class ChairView:
    body: Body
    open_proposals: list[Proposal]
    meetings_left: list[Meeting]
    burndown: list[tuple[datetime.date, int]]
    total_provisions: int


def chair_view(*, body: Body, now: datetime.datetime) -> ChairView:
    """For a body and its groups: the proposals still open, the meetings left, and the
    open provisions at the end of each conference day."""
    bodies = _descendants(body)
    proposals = list(
        Proposal.objects.filter(Q(document__body__in=bodies) | Q(allocations__body__in=bodies))
        .select_related("document", "instrument")
        .distinct()
    )
    instrument_ids = {p.instrument_id for p in proposals if p.instrument_id}
    closed_on: dict[int, datetime.date] = {}
    events = PathEvent.objects.filter(
        path__instrument_id__in=instrument_ids, to_stage__in=[s.value for s in _DONE]
    ).select_related("path")
    for event in events:
        day = timezone.localtime(event.at).date()
        key = event.path.instrument_id
        if key not in closed_on or day < closed_on[key]:
            closed_on[key] = day
    provisions: dict[tuple[int | None, str], int | None] = {}
    for proposal in proposals:
        provisions[
            (proposal.instrument_id, proposal.target or proposal.anchor or proposal.symbol)
        ] = proposal.instrument_id
    conference = body.conference
    days = [
        conference.start + datetime.timedelta(days=n)
        for n in range((conference.end - conference.start).days + 1)
    ]
    burndown = []
    for day in days:
        open_count = sum(
            1
            for instrument_id in provisions.values()
            if instrument_id is None
            or instrument_id not in closed_on
            or closed_on[instrument_id] > day
        )
        burndown.append((day, open_count))
    today = timezone.localtime(now).date()
    proposals.sort(key=lambda p: (p.instrument_id or 0, p.document_id, p.sequence, p.symbol))
    open_proposals = [
        p
        for p in proposals
        if p.instrument_id is None
        or p.instrument_id not in closed_on
        or closed_on[p.instrument_id] > today
    ]
    meetings = list(
        Meeting.objects.filter(body__in=bodies, starts_at__gte=now)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
    )
    return ChairView(
        body=body,
        open_proposals=open_proposals,
        meetings_left=meetings,
        burndown=burndown,
        total_provisions=len(provisions),
    )


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: str
    bars: list[dict]
    max_value: int


def burndown_chart(
    burndown: list[tuple[datetime.date, int]],
    *,
    width: int = 640,
    height: int = 220,
    mark: datetime.date | None = None,
) -> Chart:
    """Coordinates for an inline SVG of the burndown: a polyline and a label per day.

    Coordinates are strings written with a full stop: a float put in a template would
    be localised ("12,5" in French, Arabic or Russian), which SVG cannot read."""
    pad_left, pad_bottom, pad_top = 40, 30, 10
    top = max((count for _day, count in burndown), default=0) or 1
    inner_w = width - pad_left - 10
    inner_h = height - pad_bottom - pad_top
    step = inner_w / max(len(burndown) - 1, 1)
    bars, points = [], []
    for index, (day, count) in enumerate(burndown):
        x = pad_left + index * step
        y = pad_top + inner_h * (1 - count / top)
        points.append(f"{x:.1f},{y:.1f}")
        bars.append(
            {"x": f"{x:.1f}", "y": f"{y:.1f}", "day": day, "count": count, "mark": day == mark}
        )
    return Chart(width=width, height=height, points=" ".join(points), bars=bars, max_value=top)


def stage_line() -> list[tuple[str, str]]:
    labels = dict(StageChoice.choices)
    return [(stage.value, labels[stage.value]) for stage in MAIN_LINE]


def tracker_generation() -> str:
    """A value that changes whenever what the tracker's public pages show could change:
    the document pages' counter (documents, bodies, organisations, access decisions,
    conferences) and the tracker's own (the path of the texts, decisions, votes,
    declarations, meetings, drafting rooms, language versions and waivers; portal
    migration 0005), in one read."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, value FROM plenipot_access_generation WHERE id IN (1, 2) ORDER BY id"
        )
        rows = cursor.fetchall()
    if len(rows) != 2:
        # Without the counters nothing is cached for long: the key changes every second.
        return f"t{int(time.time())}"
    return f"{rows[0][1]}.{rows[1][1]}"


def stage_labels() -> dict[str, str]:
    """The stages' names in the current language, built once per page."""
    return {value: str(label) for value, label in StageChoice.choices}


# --- the Editorial Committee's gate -----------------------------------------------------


def instrument_label(instrument) -> str:
    return f"{instrument.get_kind_display()} {instrument.number}"


def issue_gate_failures(*, path: TextPath, document: Document | None = None) -> list[str]:
    """Why the Editorial Committee may not yet issue a blue or pink document for a text.

    The text must stand in the six languages, each version final and aligned on the
    original, less the checks a chair waived (the translation app's `expressions_check`),
    and made from the current text: a provision whose source changed since the versions
    were made fails in each language (check "stale", `expressions_stale`). The versions
    checked are those of the document named, else of the newest document on the text's
    path that has language versions (its DT), else of the instrument. Each failure is one
    sentence naming the language and the provision.
    """
    target = language_source(path=path, document=document)
    failures = expressions_check(instrument_or_document=target)
    failures += expressions_stale(instrument_or_document=target, current_text=path.current_text)
    if not failures:
        return []
    labels = gate_labels(source_text_of(target), path.current_text)
    return [_gate_sentence(path, failure, labels) for failure in failures]


def language_versions_behind(*, path: TextPath, document: Document | None = None) -> list[str]:
    """The provisions of the current text that differ from the text whose language
    versions the gate checks (changed, added or deleted since they were made): what
    the translators still have to bring in line. Empty when there are no versions."""
    source = source_text_of(language_source(path=path, document=document))
    if source is None:
        return []
    return [eid for eid, _how in stale_provisions(source, path.current_text)]


def _gate_sentence(path: TextPath, failure, labels) -> str:
    """One failure in the reader's language, its provision named by its label."""
    label = instrument_label(path.instrument)
    message = failure_text(failure, labels)
    if not failure.language:
        return _("%(instrument)s: %(message)s") % {"instrument": label, "message": message}
    return _("%(instrument)s, %(language)s version: %(message)s") % {
        "instrument": label,
        "language": language_name(failure.language),
        "message": message,
    }
