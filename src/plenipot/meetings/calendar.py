"""Meetings as an iCalendar file (RFC 5545), for the calendar feeds of the portal and
the planner's per-delegation calendar."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

ICAL_LINE = 75


def ical_text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 asks."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ical_fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > ICAL_LINE:
            out.append(current.decode("utf-8"))
            current = b" "
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n".join(out)


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def ical_calendar(request: HttpRequest, *, name: str, meetings) -> str:
    host = request.get_host().split(":")[0] or "plenipot"
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Plenipot//Meetings//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ical_text(name)}",
    ]
    for meeting in meetings:
        summary = f"{meeting.body.code}: {meeting.body.local_name} ({meeting.number})"
        description = meeting.get_openness_display()
        if meeting.webcast_url:
            description += "\n" + _("Webcast: %(url)s") % {"url": meeting.webcast_url}
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(meeting.starts_at)}",
            f"DTEND:{_utc(meeting.ends_at)}",
            f"SUMMARY:{ical_text(summary)}",
            f"DESCRIPTION:{ical_text(description)}",
        ]
        if meeting.room:
            lines.append(f"LOCATION:{ical_text(meeting.room)}")
        if meeting.webcast_url:
            lines.append(f"URL:{meeting.webcast_url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(ical_fold(line) + "\r\n" for line in lines)
