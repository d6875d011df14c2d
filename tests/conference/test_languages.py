"""Names and dates in the reader's language: the conference's own names (conference,
city, country, bodies, rooms, instrument titles) stored per language with the given name
as the fallback, and dates spelt by the interface language's CLDR patterns."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from plenipot.conference.dates import format_day, format_days, format_moment, format_number
from plenipot.conference.models import Body, Conference
from plenipot.conference.names import conference_language, in_language
from plenipot.negotiation.models import Instrument
from plenipot.planning.models import Room

LANGUAGES = ("ar", "zh-hans", "en", "fr", "ru", "es")
CODES = ("ar", "zh", "en", "fr", "ru", "es")

START, END = datetime.date(2014, 10, 20), datetime.date(2014, 11, 7)

#: The conference's dates as each interface language writes them (CLDR 47).
RANGES = {
    "ar": "20 أكتوبر – 7 نوفمبر 2014",
    "zh-hans": "2014年10月20日\u2009–\u200911月7日",
    "en": "20 Oct\u2009–\u20097 Nov 2014",
    "fr": "20 oct.\u2009–\u20097 nov. 2014",
    "ru": "20 окт. — 7 нояб. 2014\u202fг.",
    "es": "20 oct\u2009–\u20097 nov 2014",
}
LONG = {
    "ar": "20 أكتوبر 2014",
    "zh-hans": "2014年10月20日",
    "en": "20 October 2014",
    "fr": "20 octobre 2014",
    "ru": "20 октября 2014\u202fг.",
    "es": "20 de octubre de 2014",
}
FULL = {
    "ar": "الاثنين، 20 أكتوبر 2014",
    "zh-hans": "2014年10月20日星期一",
    "en": "Monday 20 October 2014",
    "fr": "lundi 20 octobre 2014",
    "ru": "понедельник, 20 октября 2014\u202fг.",
    "es": "lunes, 20 de octubre de 2014",
}

COM5 = {
    "ar": "اللجنة 5 – المسائل السياساتية والقانونية",
    "zh": "第5委员会 – 政策和法律事务",
    "fr": "Commission 5 – Questions de politique générale et questions juridiques",
    "ru": "Комитет 5 – Политические и правовые вопросы",
}  # no Spanish: Spanish readers get the English name


def interface(code: str) -> str:
    return "zh-hans" if code == "zh" else code


# --- the one function behind every name ---------------------------------------------------


def test_a_name_is_read_in_the_readers_language_with_the_stored_one_as_fallback():
    with translation.override("fr"):
        assert in_language("Committee 5", {"fr": "Commission 5"}) == "Commission 5"
    with translation.override("zh-hans"):
        assert in_language("Committee 5", {"zh": "第5委员会"}) == "第5委员会"
    with translation.override("es"):
        assert in_language("Committee 5", {"fr": "Commission 5"}) == "Committee 5"
    assert in_language("Committee 5", None, "ar") == "Committee 5"
    assert in_language("Committee 5", {"ar": ""}, "ar") == "Committee 5"  # empty: fallback
    assert conference_language("zh-hans") == "zh" and conference_language("pt-br") == "pt"


@given(
    stored=st.text(min_size=1, max_size=20),
    names=st.dictionaries(st.sampled_from(CODES), st.text(max_size=20), max_size=6),
    language=st.sampled_from(LANGUAGES),
)
def test_in_language_picks_the_readers_text_or_the_stored_one(stored, names, language):
    code = conference_language(language)
    expected = names.get(code) or stored
    assert in_language(stored, names, language) == expected
    # The reader's language as the default gives the same answer.
    with translation.override(language):
        assert in_language(stored, names) == expected


def test_every_model_with_a_name_speaks_the_readers_language():
    conference = Conference(
        name="Plenipotentiary Conference (Busan, 2014)", city="Busan",
        country="Korea (Republic of)", names={"fr": "Conférence de plénipotentiaires (Busan, 2014)"},
        city_names={"ru": "Пусан"}, country_names={"zh": "大韩民国"},
    )  # fmt: skip
    body = Body(code="COM5", name="Committee 5", names={"ar": "اللجنة 5"})
    room = Room(name="Room 401", names={"es": "Sala 401"})
    instrument = Instrument(
        kind="resolution", number="177", title="Conformance and interoperability",
        titles={"fr": "Conformité et interopérabilité"},
    )  # fmt: skip
    with translation.override("fr"):
        assert conference.local_name == "Conférence de plénipotentiaires (Busan, 2014)"
        assert conference.local_city == "Busan"
        assert str(instrument) == "Résolution 177: Conformité et interopérabilité"
    with translation.override("ru"):
        assert conference.local_city == "Пусан" and conference.local_name == conference.name
    with translation.override("zh-hans"):
        assert conference.local_country == "大韩民国"
    with translation.override("ar"):
        assert str(body) == "COM5: اللجنة 5" and str(room) == "Room 401"
    with translation.override("es"):
        assert str(room) == "Sala 401" and body.local_name == "Committee 5"


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_follow_the_languages_cldr_patterns(language):
    with translation.override(language):
        assert format_days(START, END) == RANGES[language]
        assert format_day(START) == LONG[language]
        assert format_day(START, "full") == FULL[language]
    # An explicit language gives the same as the reader's.
    assert format_days(START, END, language=language) == RANGES[language]


def test_chinese_dates_are_not_spelt_with_month_words():
    """The defect of issue 18: "20 十月 – 7 十一月 2014"."""
    with translation.override("zh-hans"):
        text = format_days(START, END) + format_day(START, "MMMd") + format_day(START, "yMMMd")
    assert "十月" not in text and "十一月" not in text
    assert format_day(START, "MMMd", "zh-hans") == "10月20日"


def test_a_moment_is_shown_in_the_current_time_zone_the_languages_way():
    moment = datetime.datetime(2014, 10, 20, 0, 30, tzinfo=datetime.UTC)
    from django.utils import timezone

    with timezone.override("Asia/Seoul"):
        assert format_moment(moment, "yMMMd", language="en") == "20 Oct 2014 09:30"
        assert format_moment(moment, "yMMMMd", language="en") == "20 October 2014, 09:30"
        assert format_moment(moment, "yMMMMd", language="zh-hans") == "2014年10月20日 09:30"
        assert format_moment(moment, "yMMMMd", language="ar") == "20 أكتوبر 2014، 09:30"
        assert format_moment(moment, None, time="Hms", language="ru") == "09:30:00"
        assert format_moment(moment, "MMMd", zone=True, language="fr") == "20 oct., 09:30 KST"
    with timezone.override("UTC"):
        assert format_moment(moment, "MMMd", language="en") == "20 Oct 00:30"
    assert format_moment(None) == "" and format_day(None) == "" and format_days(None, END) == ""


def test_numbers_take_the_languages_separators():
    assert format_number(12345.678, 1, language="fr") == "12\u202f345,7"
    assert format_number(12345.678, 1, language="es") == "12.345,7"
    assert format_number(12345, language="en") == "12,345"
    assert format_number(2.5, 0, language="ru") == "2"  # banker's rounding of Decimal


DAYS = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2060, 12, 31))


@given(start=DAYS, end=DAYS, language=st.sampled_from(LANGUAGES))
def test_a_range_of_days_reads_the_same_either_way_and_names_its_years(start, end, language):
    text = format_days(start, end, language=language)
    assert text == format_days(end, start, language=language)
    assert str(max(start, end).year) in text and str(min(start, end).year) in text
    if start == end:
        assert text == format_day(start, "yMMMd", language)
    else:
        assert text != format_day(start, "yMMMd", language)


@given(day=DAYS, language=st.sampled_from(LANGUAGES))
def test_every_day_is_written_with_its_day_of_month_and_year(day, language):
    text = format_day(day, "yMMMMd", language)
    assert str(day.year) in text
    assert re.search(rf"(?<!\d){day.day}(?!\d)", text.replace(str(day.year), " "))


def test_templates_have_the_filters_without_loading_them():
    from django.template import engines

    template = engines["django"].from_string(
        '{{ start|local_dates:end }} · {{ start|local_date:"yMMMMd" }} · '
        '{{ names|in_language:"Room 401" }} · {{ figure|local_number:1 }}'
    )
    with translation.override("zh-hans"):
        out = template.render(
            {"start": START, "end": END, "names": {"zh": "401会议室"}, "figure": 1234.5}
        )
    assert out == "2014年10月20日\u2009–\u200911月7日 · 2014年10月20日 · 401会议室 · 1,234.5"


# --- pages --------------------------------------------------------------------------------


@pytest.fixture
def named(conference, plenary):
    conference.names = {"fr": "Conférence de plénipotentiaires", "zh": "全权代表大会"}
    conference.city_names = {"zh": "釜山", "ru": "Пусан", "ar": "بوسان"}
    conference.country_names = {"zh": "大韩民国", "fr": "Corée (République de)"}
    conference.save()
    plenary.names = {"ar": "الجلسة العامة", "zh": "全体会议", "fr": "Séance plénière",
                     "ru": "Пленарное заседание"}  # fmt: skip
    plenary.save()
    com5 = Body.objects.create(
        conference=conference, parent=plenary, code="COM5", name="Committee 5 – Policy",
        kind="committee", openness="public", names=COM5, position=1,
    )  # fmt: skip
    return com5


def page(client, path, language):
    client.cookies["django_language"] = language
    return client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_a_bodys_page_names_it_in_each_language(client, named, code):
    html = page(client, reverse("body-detail", args=["COM5"]), interface(code))
    assert COM5.get(code, "Committee 5 – Policy") in html
    if code not in COM5:  # English and Spanish: the stored name
        assert all(name not in html for name in COM5.values())
    # The address keeps the code.
    assert reverse("body-detail", args=["COM5"]) == "/bodies/COM5/"


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_the_home_page_names_the_conference_and_its_dates_in_each_language(client, named, code):
    language = interface(code)
    html = page(client, reverse("home"), language)
    conference = Conference.objects.get()
    assert (conference.names or {}).get(code, conference.name) in html
    assert (conference.city_names or {}).get(code, "Busan") in html
    assert RANGES[language] in html  # the banner's range
    assert LONG[language] in html  # "20 October 2014 to 7 November 2014"
    assert COM5.get(code, "Committee 5 – Policy") in html
    if code == "zh":
        assert "十月" not in html


@pytest.mark.django_db
def test_the_body_tree_and_a_meeting_name_the_body_in_chinese(client, named):
    html = page(client, reverse("body-tree"), "zh-hans")
    assert COM5["zh"] in html
    html = page(client, reverse("body-tree"), "es")
    assert "Committee 5 – Policy" in html


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["zh", "ru", "es"])
def test_a_meetings_room_is_named_in_the_readers_language(client, named, code):
    from plenipot.meetings.models import Meeting

    Room.objects.create(
        conference=named.conference, name="Room 401", capacity=700,
        names={"zh": "401会议室", "ru": "Зал 401"},
    )  # fmt: skip
    meeting = Meeting.objects.create(
        conference=named.conference, body=named, number=1, room="Room 401", openness="public",
        starts_at=datetime.datetime(2014, 10, 21, 1, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2014, 10, 21, 3, 0, tzinfo=datetime.UTC),
    )  # fmt: skip
    expected = {"zh": "401会议室", "ru": "Зал 401"}.get(code, "Room 401")
    for path in (
        reverse("meeting-list"),
        reverse("meeting-detail", args=[meeting.pk]),
        reverse("planning-journal", args=["2014-10-21"]),
        reverse("calendar"),
    ):
        html = page(client, path, interface(code))
        assert expected in html, path
    # The planner and the meeting keep the given name.
    meeting.refresh_from_db()
    assert meeting.room == "Room 401"
