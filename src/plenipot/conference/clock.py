"""The conference clock: the one answer to "what time is it?" for the whole site.

A rehearsal or a training session runs on a day chosen in advance: ``PLENIPOT_TODAY``
(YYYY-MM-DD) sets it for the whole site, and a conference's own ``today`` sets it for
that conference (the demo runs inside its 2014 conference this way). The time of day
goes on as on the wall, in the conference's time zone, so that a deadline at noon
passes at noon. Without either, the clock is the real one.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone

from plenipot.conference.models import Conference


def clock_day(conference: Conference | None = None) -> datetime.date | None:
    """The day the clock is set to, or None when it runs on the real date."""
    setting = getattr(settings, "PLENIPOT_TODAY", None)
    if isinstance(setting, str):  # as a test's override_settings may give it
        setting = datetime.date.fromisoformat(setting) if setting else None
    if setting is not None:
        return setting
    if conference is None:
        conference = Conference.objects.order_by("-start", "-pk").only("today").first()
    return conference.today if conference is not None else None


def zone_of(conference: Conference | None) -> datetime.tzinfo:
    """The conference's time zone, else the site's."""
    if conference is not None and conference.time_zone:
        try:
            return zoneinfo.ZoneInfo(conference.time_zone)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            pass
    return timezone.get_current_timezone()


def now(conference: Conference | None = None) -> datetime.datetime:
    """The current moment, aware; on the clock's day when it is set."""
    real = timezone.now()
    day = clock_day(conference)
    if day is None:
        return real
    local = real.astimezone(zone_of(conference))
    return datetime.datetime.combine(day, local.timetz())


def today(conference: Conference | None = None) -> datetime.date:
    """The current day where the conference meets (the clock's day when it is set)."""
    day = clock_day(conference)
    if day is not None:
        return day
    return timezone.localdate(timezone.now(), zone_of(conference))
