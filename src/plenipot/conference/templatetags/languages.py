"""Dates, numbers and the conference's names in the reader's language, for every page.

The site's settings load this library into every template (no `{% load %}` needed):

    {{ meeting.starts_at|local_date:"yMMMMEEEEd" }}   Monday 20 October 2014
    {{ meeting.starts_at|local_time }}                09:30 (9:30 in Spanish)
    {{ meeting.starts_at|local_times:meeting.ends_at }} 09:30–12:30
    {{ meeting.starts_at|local_datetime:"MMMd" }}    20 Oct, 09:30
    {{ deadline|local_datetime:"yMMMMd z" }}          20 October 2014, 23:59 KST
    {{ conference.start|local_dates:conference.end }} 20 Oct – 7 Nov 2014
    {{ figure|local_number:1 }}                       12 345,7 (in French)
    {{ room.names|in_language:room.name }}            the name in the reader's language
    {{ meeting.room|label:room_labels }}              a name looked up in {name: label}

The argument of `local_date` is a CLDR skeleton or style (see `conference.dates`); that
of `local_time` is "Hm" (the default, hours and minutes) or "Hms" (with seconds); that
of `local_datetime` is a skeleton ("-" for none) followed by "Hms" for seconds and "z"
for the time zone, separated by spaces.
"""

from django import template

from plenipot.conference import dates
from plenipot.conference.names import in_language as _in_language

register = template.Library()


@register.filter
def local_date(value, skeleton="yMMMMd"):
    return dates.format_day(value, skeleton)


@register.filter
def local_time(value, time="Hm"):
    return dates.format_clock(value, time or "Hm")


@register.filter
def local_datetime(value, spec="yMMMd"):
    words = str(spec or "").split()
    skeleton = words[0] if words and words[0] not in ("Hm", "Hms", "z") else "yMMMd"
    return dates.format_moment(
        value,
        None if skeleton == "-" else skeleton,
        time="Hms" if "Hms" in words else "Hm",
        zone="z" in words,
    )


@register.filter
def local_dates(start, end, skeleton="yMMMd"):
    return dates.format_days(start, end, skeleton)


@register.filter
def local_times(start, end):
    return dates.format_clocks(start, end)


@register.filter
def local_number(value, decimals=None):
    return dates.format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def in_language(names, stored=""):
    return _in_language(stored, names)


@register.filter
def label(value, labels):
    """`value`'s label in `labels` (a dictionary), else `value` itself."""
    try:
        return labels.get(value, value) if labels else value
    except (AttributeError, TypeError):
        return value
