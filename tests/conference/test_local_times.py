"""Times of day in the reader's language: CLDR's 24-hour clock for each locale ("9:30" in
Spanish, "09:30" elsewhere; a range with the locale's dash and spaces), on the pages
that list meetings, with the machine-readable time kept in ISO form."""

from __future__ import annotations

import datetime
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from plenipot.conference.dates import format_clock, format_clocks, format_moment
from plenipot.conference.models import Body

# 00:05:07 UTC is 09:05:07 in Busan.
START = datetime.datetime(2014, 10, 20, 0, 5, 7, tzinfo=datetime.UTC)
END = datetime.datetime(2014, 10, 20, 3, 30, tzinfo=datetime.UTC)

#: Hours and minutes, with seconds, and a range, as each interface language writes them
#: (CLDR 47): Latin digits in Arabic, as its dates have them.
WRITTEN = {
    "ar": ("09:05", "09:05:07", "09:05–12:30"),
    "zh-hans": ("09:05", "09:05:07", "09:05–12:30"),
    "en": ("09:05", "09:05:07", "09:05–12:30"),
    "fr": ("09:05", "09:05:07", "09:05\u2009–\u200912:30"),
    "ru": ("09:05", "09:05:07", "09:05—12:30"),
    "es": ("9:05", "9:05:07", "9:05–12:30"),
}


@pytest.mark.parametrize("language", WRITTEN)
def test_the_filters_write_a_time_of_day_the_readers_way(language):
    template = Template(
        "{{ start|local_time }}|{{ start|local_time:'Hms' }}|{{ start|local_times:end }}"
        "|{{ start|local_times:start }}|{{ nothing|local_time }}"
    )
    with translation.override(language), timezone.override("Asia/Seoul"):
        said = template.render(Context({"start": START, "end": END, "nothing": None}))
    hm, hms, span = WRITTEN[language]
    assert said == f"{hm}|{hms}|{span}|{hm}|"


@pytest.mark.parametrize("language", WRITTEN)
def test_a_day_and_a_time_and_a_bare_clock_share_the_locales_time(language):
    hm = WRITTEN[language][0]
    with timezone.override("Asia/Seoul"):
        assert format_clock(START, language=language) == hm
        assert format_clock(datetime.time(9, 5), language=language) == hm
        assert format_moment(START, None, language=language) == hm
        assert format_moment(START, "yMMMd", language=language).endswith(hm)
        assert format_clocks(START, None, language=language) == hm


def test_a_time_is_always_on_the_24_hour_clock():
    evening = datetime.time(21, 15)
    for language in WRITTEN:
        said = format_clock(evening, language=language)
        assert said == "21:15", language
        assert not set(said) - set("0123456789:")  # no "PM", "下午", "م"


# --- on the pages ---------------------------------------------------------------------


@pytest.fixture
def meeting(conference, plenary):
    from plenipot.meetings.models import Meeting

    com5 = Body.objects.create(
        conference=conference, parent=plenary, code="COM5", name="Committee 5",
        kind="committee", openness="public", position=1,
    )  # fmt: skip
    return Meeting.objects.create(
        conference=conference, body=com5, number=1, openness="public",
        starts_at=datetime.datetime(2014, 10, 21, 9, 30, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2014, 10, 21, 12, 0, tzinfo=datetime.UTC),
    )  # fmt: skip


def page(client, path, language):
    client.cookies["django_language"] = language
    return client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()


#: The meeting's times on the pages, in each language tried (the site's time zone: UTC).
ON_PAGES = {"ar": ("09:30", "12:00"), "zh-hans": ("09:30", "12:00"), "es": ("9:30", "12:00")}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ON_PAGES)
def test_the_meeting_pages_show_its_times_in_the_readers_form(client, meeting, language):
    begins, ends = ON_PAGES[language]
    listed = page(client, reverse("meeting-list"), language)
    assert f"{begins}–{ends}" in listed
    detail = page(client, reverse("meeting-detail", args=[meeting.pk]), language)
    assert f'<time datetime="2014-10-21T12:00:00+00:00">{ends}</time>' in detail
    calendar = page(client, reverse("calendar"), language)
    assert f'<time datetime="2014-10-21T09:30:00+00:00">{begins}</time>' in calendar
    journal = page(client, reverse("planning-journal", args=["2014-10-21"]), language)
    assert f"{begins}</time>" in journal and f"{begins}–{ends}" in journal
    if language == "es":  # the fixed "H:i" of before would say 09:30
        for html in (listed, detail, calendar, journal):
            assert "09:30" not in re.sub(r"<[^>]+>", "", html)
    if language == "ar":  # Latin digits, as the dates on the same pages
        assert "٠٩" not in listed and "21 أكتوبر" in detail
