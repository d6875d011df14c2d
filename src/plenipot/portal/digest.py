"""The daily digest: what changed in the bodies and instruments a user follows.

It lists, through the access policy as every read path: new documents the user may
read, decisions taken in meetings the user may follow, new revisions of drafts the
user may watch, and the meetings of followed bodies in the day ahead. A decision is
named by its body, instrument and outcome only: its agenda item's title may name a
document the reader may not read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from plenipot.accounts.access import meetings_watchable
from plenipot.accounts.models import Follow, User
from plenipot.conference import clock, dates
from plenipot.documents.access import documents_readable
from plenipot.documents.models import Document, Proposal
from plenipot.meetings.models import Meeting
from plenipot.negotiation.models import Draft, Revision
from plenipot.negotiation.selectors import drafts_watchable
from plenipot.tracker.models import Decision


@dataclass(frozen=True)
class DraftNews:
    draft: Draft
    revisions: int


@dataclass
class Digest:
    user: User
    documents: list[Document] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    drafts: list[DraftNews] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.documents or self.decisions or self.drafts or self.meetings)


def digest_for(*, user: User, since: datetime.date, now: datetime.datetime) -> Digest:
    follows = list(Follow.objects.filter(user=user))
    bodies = [f.body_id for f in follows if f.body_id]
    instruments = [f.instrument_id for f in follows if f.instrument_id]
    digest = Digest(user=user)
    if not follows:
        return digest
    followed = Q(body_id__in=bodies) | Q(instrument_id__in=instruments) | Exists(
        Proposal.objects.filter(document=OuterRef("pk"), instrument_id__in=instruments)
    )
    digest.documents = list(
        documents_readable(user, Document.objects.filter(date__gte=since))
        .filter(followed)
        .select_related("body")
        .order_by("date", "series", "sequence", "pk")[:200]
    )
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    visible_meetings = meetings_watchable(user, Meeting.objects.all())
    digest.decisions = list(
        Decision.objects.filter(
            decided_at__gte=start,
            agenda_item__meeting__in=visible_meetings,
        )
        .filter(
            Q(agenda_item__meeting__body_id__in=bodies)
            | Q(agenda_item__instrument_id__in=instruments)
            | Q(path__instrument_id__in=instruments)
        )
        .select_related("agenda_item__meeting__body", "agenda_item__instrument")
        .order_by("decided_at", "pk")[:100]
    )
    drafts = drafts_watchable(
        user, Draft.objects.filter(Q(body_id__in=bodies) | Q(instrument_id__in=instruments))
    )
    counts = (
        Revision.objects.filter(draft__in=drafts, created_at__gte=start)
        .values("draft")
        .annotate(n=Count("pk"))
    )
    by_draft = {row["draft"]: row["n"] for row in counts}
    digest.drafts = [
        DraftNews(draft=draft, revisions=by_draft[draft.pk])
        for draft in Draft.objects.filter(pk__in=list(by_draft)).select_related("body")
    ]
    if bodies:
        digest.meetings = list(
            meetings_watchable(
                user,
                Meeting.objects.filter(
                    body_id__in=bodies,
                    starts_at__gte=now,
                    starts_at__lt=now + datetime.timedelta(days=1),
                ).select_related("body"),
            ).order_by("starts_at")
        )
    return digest


def digest_text(digest: Digest, *, base_url: str) -> str:
    lines = [_("What changed in what you follow."), ""]
    if digest.documents:
        lines.append(_("New documents:"))
        for document in digest.documents:
            lines.append(f"- {document.symbol}: {document.title}")
            lines.append(f"  {base_url}/documents/{document.pk}/")
        lines.append("")
    if digest.decisions:
        lines.append(_("Decisions:"))
        for decision in digest.decisions:
            item = decision.agenda_item
            about = f" {item.instrument.number}" if item.instrument_id else ""
            lines.append(
                f"- {item.meeting.body.code}{about}: {decision.get_outcome_display()}"
            )
        lines.append("")
    if digest.drafts:
        lines.append(_("Drafts with new revisions:"))
        for news in digest.drafts:
            lines.append(
                f"- {news.draft.body.code} {news.draft.title}: "
                + _("%(n)s new revision(s)") % {"n": news.revisions}
            )
            lines.append(f"  {base_url}/drafts/{news.draft.pk}/")
        lines.append("")
    if digest.meetings:
        lines.append(_("Meetings in the next 24 hours:"))
        for meeting in digest.meetings:
            when = dates.format_moment(meeting.starts_at, "yMMMd")
            line = f"- {when} {meeting.body.code} {meeting.room}"
            if meeting.webcast_url:
                line += f" {meeting.webcast_url}"
            lines.append(line)
    return "\n".join(lines).strip() + "\n"


def digests_send(*, now: datetime.datetime | None = None, base_url: str = "") -> int:
    """Send each follower with an e-mail address their digest of the last day; returns
    how many were sent. Users with nothing new get nothing."""
    now = now or clock.now()  # the conference clock: a rehearsal's digest follows it
    since = timezone.localdate(now) - datetime.timedelta(days=1)
    base_url = base_url or getattr(settings, "PLENIPOT_BASE_URL", "http://127.0.0.1:8000")
    sent = 0
    users = User.objects.filter(is_active=True, follows__isnull=False).exclude(email="").distinct()
    for user in users:
        digest = digest_for(user=user, since=since, now=now)
        if digest.empty:
            continue
        send_mail(
            subject=_("Plenipot: your daily digest"),
            message=digest_text(digest, base_url=base_url.rstrip("/")),
            from_email=None,
            recipient_list=[user.email],
        )
        sent += 1
    return sent
