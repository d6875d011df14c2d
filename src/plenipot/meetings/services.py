"""Scheduling meetings by hand and setting their agendas."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from plenipot.accounts.roles import actor_for
from plenipot.conference.models import Body
from plenipot.documents.access import document_restricted
from plenipot.documents.models import Document
from plenipot.meetings.models import AgendaItem, Meeting
from plenipot.meetings.permissions import may_schedule_meeting


def _may_schedule(user, body: Body) -> bool:
    return may_schedule_meeting(actor_for(user), body.pk)


@transaction.atomic
def meeting_schedule(
    *,
    body: Body,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    scheduled_by,
    room: str = "",
    openness: str | None = None,
    webcast_url: str = "",
) -> Meeting:
    """Put a meeting of a body in the timetable; the room must be free."""
    if not _may_schedule(scheduled_by, body):
        raise ValidationError(_("Only the secretariat or the body's chair schedules its meetings."))
    if ends_at <= starts_at:
        raise ValidationError(_("A meeting must end after it starts."))
    conference = body.conference
    if not (conference.start <= timezone.localtime(starts_at).date() <= conference.end):
        raise ValidationError(_("The meeting falls outside the conference's dates."))
    if room:
        clash = (
            Meeting.objects.filter(
                conference=conference, room=room, starts_at__lt=ends_at, ends_at__gt=starts_at
            )
            .exclude(status=Meeting.Status.CANCELLED)
            .select_related("body")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _("%(room)s is taken at that time by %(meeting)s.")
                % {"room": room, "meeting": str(clash)}
            )
    number = (Meeting.objects.filter(body=body).aggregate(top=Max("number"))["top"] or 0) + 1
    meeting = Meeting(
        conference=conference,
        body=body,
        number=number,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        openness=openness or body.openness,
        webcast_url=webcast_url,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    added_by,
    document: Document | None = None,
    instrument: Model | None = None,
) -> AgendaItem:
    if not _may_schedule(added_by, meeting.body):
        raise ValidationError(_("Only the secretariat or the body's chair sets the agenda."))
    for thing in (document, instrument):
        if thing is not None and thing.conference_id != meeting.conference_id:
            raise ValidationError(_("The agenda item belongs to another conference."))
    if not title and document is not None:
        # The agenda of a public meeting is public: a document the public may not read
        # is named by its symbol alone, never by its title.
        title = document.symbol if document_restricted(document) else (
            f"{document.symbol}: {document.title}"
        )
    elif not title and instrument is not None:
        title = f"{instrument.get_kind_display()} {instrument.number}: {instrument.title}"
    position = (meeting.items.aggregate(top=Max("position"))["top"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        position=position,
        title=title[:500],
        document=document,
        instrument=instrument,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def meeting_close(*, meeting: Meeting, closed_by, summary: str = "") -> Meeting:
    """Mark a meeting as held; its summary record is the text and its decisions."""
    if not _may_schedule(closed_by, meeting.body):
        raise ValidationError(_("Only the secretariat or the body's chair closes a meeting."))
    meeting.status = Meeting.Status.HELD
    meeting.summary = summary or meeting.summary
    meeting.save(update_fields=["status", "summary"])
    return meeting
