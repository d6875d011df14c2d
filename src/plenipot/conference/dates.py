"""Dates and numbers in the reader's language, by the Unicode CLDR (through Babel).

A page never spells a date with a fixed pattern: "20 October 2014" in English reads
"2014年10月20日" in Chinese and "20 октября 2014 г." in Russian. Callers name what they
want shown as a CLDR skeleton ("yMMMMd": day, month in full, year; "MMMEd": weekday,
day and short month; the fields, not their order) or as one of CLDR's styles ("full",
"long", "medium", "short"), and the locale decides the order, the words and the
punctuation. A time of day is CLDR's too: "Hm" is the 24-hour clock, as conference
timetables are, written the locale's way ("09:30", and "9:30" in Spanish).
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_date,
    format_interval,
    format_time,
    get_datetime_format,
    match_skeleton,
)
from babel.numbers import format_decimal
from django.utils import dateformat, timezone, translation

#: The interface's languages as CLDR knows them. English is the Union's: day before
#: month ("20 October 2014").
CLDR_LOCALE = {"en": "en_GB", "zh-hans": "zh_Hans", "zh": "zh_Hans", "zh-hant": "zh_Hant"}

STYLES = ("full", "long", "medium", "short")

#: The site's English, the Union's house style, where it differs from CLDR's British
#: English: no comma after the weekday ("Monday 20 October 2014").
ENGLISH_PATTERNS = {"full": "EEEE d MMMM y"}

#: Times of day: hours and minutes, or with seconds; always on the 24-hour clock ("H",
#: never "h"), as conference timetables are.
TIMES = ("Hm", "Hms")


def cldr_locale(language: str | None = None) -> Locale:
    """The CLDR locale of `language` (default: the reader's); English when unknown."""
    language = (language or translation.get_language() or "en").lower()
    return _locale(CLDR_LOCALE.get(language, language.replace("-", "_")))


@functools.lru_cache(maxsize=32)
def _locale(code: str) -> Locale:
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(CLDR_LOCALE["en"])


@functools.lru_cache(maxsize=512)
def _pattern(locale: Locale, skeleton: str) -> str:
    """The locale's pattern for `skeleton`, or for its nearest available skeleton."""
    if locale.language == "en" and skeleton in ENGLISH_PATTERNS:
        return ENGLISH_PATTERNS[skeleton]
    if skeleton in STYLES:
        return str(locale.date_formats[skeleton].pattern)
    skeletons = locale.datetime_skeletons
    match = match_skeleton(skeleton, skeletons, allow_different_fields=True)
    if match is None:
        return str(locale.date_formats["long"].pattern)
    return str(skeletons[match].pattern)


def _day(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def format_day(
    value: datetime.date | datetime.datetime | None,
    skeleton: str = "yMMMMd",
    language: str | None = None,
) -> str:
    """A day as `skeleton` or style names it, in `language` (default: the reader's). An
    aware datetime is first taken to the current time zone."""
    if value is None or value == "":
        return ""
    locale = cldr_locale(language)
    return format_date(_day(value), _pattern(locale, skeleton or "yMMMMd"), locale=locale)


def format_clock(
    value: datetime.datetime | datetime.time | None,
    time: str = "Hm",
    language: str | None = None,
) -> str:
    """A time of day on the 24-hour clock, the locale's way: `time` "Hm" (hours and
    minutes) or "Hms" (with seconds). An aware datetime is first taken to the current
    time zone."""
    if value is None or value == "":
        return ""
    locale = cldr_locale(language)
    return format_time(
        _clock(value), _pattern(locale, time if time in TIMES else "Hm"), locale=locale
    )


def format_moment(
    value: datetime.datetime | None,
    skeleton: str | None = "yMMMd",
    *,
    time: str = "Hm",
    zone: bool = False,
    language: str | None = None,
) -> str:
    """A day and a time of day, joined the locale's way ("{1}, {0}", "{1} {0}"), in the
    current time zone; `skeleton` None shows the time only. `zone` adds the time zone's
    abbreviation ("KST")."""
    if value is None or value == "":
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    locale = cldr_locale(language)
    clock = format_clock(value, time, language)
    if zone:
        clock = f"{clock} {dateformat.format(value, 'T')}"
    if not skeleton:
        return clock
    pattern = _pattern(locale, skeleton)
    day = format_date(value.date(), pattern, locale=locale)
    join = str(get_datetime_format("medium", locale=locale))
    if locale.language == "en" and "MMMM" not in pattern:
        # English house style: "20 Oct 2014 16:00", but "20 October 2014, 16:00".
        join = "{1} {0}"
    return join.replace("{1}", day).replace("{0}", clock)


def format_days(
    start: datetime.date | None,
    end: datetime.date | None,
    skeleton: str = "yMMMd",
    language: str | None = None,
) -> str:
    """A range of days the locale's way: "20 Oct – 7 Nov 2014", "2014年10月20日至11月7日";
    one day when both ends are the same."""
    if not start:
        return ""
    start, end = _day(start), _day(end or start)
    locale = cldr_locale(language)
    if end == start:
        return format_date(start, _pattern(locale, skeleton), locale=locale)
    if end < start:
        start, end = end, start
    return format_interval(start, end, skeleton, locale=locale)


def format_clocks(
    start: datetime.datetime | datetime.time | None,
    end: datetime.datetime | datetime.time | None,
    time: str = "Hm",
    language: str | None = None,
) -> str:
    """From one time of day to another, the locale's way: "09:30–12:30", "9:30–12:30" in
    Spanish, "09:30 – 12:30" (thin spaces) in French; one time when both are the same."""
    if not start:
        return ""
    if not end:
        return format_clock(start, time, language)
    first, last = _clock(start), _clock(end)
    locale = cldr_locale(language)
    return format_interval(first, last, time if time in TIMES else "Hm", locale=locale)


def _clock(value: datetime.datetime | datetime.time) -> datetime.time:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.time()
    return value


def format_number(
    value: int | float | Decimal | str | None,
    decimals: int | None = None,
    language: str | None = None,
) -> str:
    """A number with the locale's separators; `decimals` fixes the digits after the
    point."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    pattern = None
    if decimals is not None:
        number = round(number, decimals)
        pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(number, format=pattern, locale=cldr_locale(language))
