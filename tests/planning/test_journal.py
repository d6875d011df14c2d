"""The Journal: a day's meetings by time and room with their agendas, as a page and as a
PDF to print; what a reader may not see stays out of both. And the delegation's clashes
keep the week they were asked for."""

from __future__ import annotations

import datetime
import re
import subprocess

import pytest
from django.contrib.auth import get_user_model

from plenipot.accounts.models import AccessDecisions
from plenipot.conference.services import body_create, person_create
from plenipot.documents.services import document_create
from plenipot.meetings.models import AgendaItem, Meeting

DAY = datetime.date(2014, 10, 23)


def _at(hour: int, minute: int = 0, day: datetime.date = DAY) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=datetime.UTC)


@pytest.fixture
def journal(conference, delegations, plenary):
    AccessDecisions.objects.create(conference=conference, public_kinds=["input"])
    com5 = body_create(
        conference=conference, code="COM5", name="Committee 5 – Policy and Legal Matters",
        kind="committee", parent=plenary, openness="public",
    )
    closed = body_create(
        conference=conference, code="WGPL-AHG-OTT", name="Ad hoc group on over-the-top services",
        kind="ad_hoc", parent=plenary, openness="delegations",
    )
    public_doc = document_create(
        conference=conference, number="27", kind="input", date=DAY, body=com5,
        title="Proposals on Resolution 130",
    )
    restricted_doc = document_create(
        conference=conference, number="DT/9", kind="temporary", date=DAY, body=closed,
        title="Bracketed text on over-the-top services",
    )

    def meeting(body, number, start, hours, room, **extra):
        return Meeting.objects.create(
            conference=conference, body=body, number=number, starts_at=start,
            ends_at=start + datetime.timedelta(hours=hours), room=room,
            openness=body.openness, **extra,
        )

    meetings = {
        "com5": meeting(com5, 3, _at(9, 30), 3, "Room B"),
        "plenary": meeting(plenary, 4, _at(9, 30), 3, "Main hall"),
        "closed": meeting(closed, 1, _at(14, 30), 2, "Room Garden"),
        "cancelled": meeting(com5, 4, _at(14, 30), 3, "Room B", status="cancelled"),
        "next_day": meeting(plenary, 5, _at(9, 30, DAY + datetime.timedelta(days=1)), 3, "Main hall"),
    }
    AgendaItem.objects.create(
        meeting=meetings["com5"], position=1, title="Resolution 130", document=public_doc
    )
    AgendaItem.objects.create(
        meeting=meetings["closed"], position=1, title="The bracketed text", document=restricted_doc
    )
    AgendaItem.objects.create(
        meeting=meetings["com5"], position=2, title="Over-the-top services",
        document=restricted_doc,
    )
    delegate = get_user_model().objects.create_user(username="fra", password="x")
    person_create(
        given_name="Claire", family_name="Martin", delegation=delegations["FRA"], user=delegate
    )
    return {"meetings": meetings, "delegate": delegate}


def _rows(html: str) -> list[str]:
    """The rooms of the Journal's rows, in the page's order."""
    return [
        re.sub(r"<[^>]+>", "", part.split("</td>")[0])
        for part in html.split('<td class="journal-room">')[1:]
    ]


def test_the_journal_lists_the_days_meetings_by_time_and_room(client, journal):
    response = client.get("/planning/journal/2014-10-23/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thursday 23 October 2014" in html
    # 09:30: the Main hall and Room B, by room; 14:30: the cancelled meeting.
    assert _rows(html) == ["Main hall", "Room B", "Room B"]
    assert "Cancelled" in html
    assert "Document 27" in html
    assert 'href="/planning/journal/2014-10-24/"' in html
    assert 'href="/planning/journal/2014-10-22/"' in html
    assert 'href="/planning/journal/2014-10-23.pdf"' in html


def test_what_the_reader_may_not_see_stays_out(client, journal):
    html = client.get("/planning/journal/2014-10-23/").content.decode()
    assert "WGPL-AHG-OTT" not in html
    assert "DT/9" not in html
    assert "Over-the-top services" in html, "the item stays, without its document"
    client.force_login(journal["delegate"])
    html = client.get("/planning/journal/2014-10-23/").content.decode()
    assert _rows(html) == ["Main hall", "Room B", "Room B", "Room Garden"]
    assert "WGPL-AHG-OTT" in html and "DT/9" in html


def test_the_journal_opens_on_the_conference_day(client, journal, conference):
    conference.today = DAY
    conference.save()
    response = client.get("/planning/journal/")
    assert response.status_code == 302
    assert response["Location"] == "/planning/journal/2014-10-23/"


def test_a_day_that_is_not_a_day_is_not_found(client, journal):
    assert client.get("/planning/journal/tomorrow/").status_code == 404
    assert client.get("/planning/journal/2014-02-30.pdf").status_code == 404


def test_a_day_without_meetings_says_so(client, journal):
    html = client.get("/planning/journal/2014-10-26/").content.decode()
    assert "No meeting is scheduled on this day." in html
    html = client.get("/planning/journal/2015-01-05/").content.decode()
    assert "This day is outside the conference." in html


def test_the_timetable_links_the_journal_and_the_navigation_the_timetable(client, journal):
    html = client.get("/planning/?from=2014-10-23").content.decode()
    assert 'href="/planning/journal/2014-10-23/"' in html
    assert '<a href="/planning/"' in html


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "journal.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.poppler
def test_the_journal_prints_as_pdf(client, journal, tmp_path):
    response = client.get("/planning/journal/2014-10-23.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="journal-2014-10-23.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content, tmp_path)
    assert "Journal" in text and "Thursday 23 October 2014" in text
    assert "Plenipotentiary Conference" in text
    assert text.index("Main hall") < text.index("Room B")
    assert text.index("09:30") < text.index("14:30")
    assert "Document 27" in text and "Cancelled" in text
    assert "WGPL-AHG-OTT" not in text and "DT/9" not in text


@pytest.mark.poppler
@pytest.mark.noto_fonts
def test_the_journal_prints_in_the_readers_language(client, journal, tmp_path):
    from django.utils import translation

    response = client.get("/planning/journal/2014-10-23.pdf", HTTP_ACCEPT_LANGUAGE="ar")
    text = _pdf_text(response.content, tmp_path)
    with translation.override("ar"):
        journal_word = translation.gettext("Journal")
    assert journal_word != "Journal"
    assert journal_word in text
    assert "Main hall" in text


# --- the delegation's clashes keep their week ---------------------------------------


def test_my_clashes_keep_the_week_asked_for(client, journal):
    client.force_login(journal["delegate"])
    html = client.get("/planning/?from=2014-10-27&days=5").content.decode()
    assert 'href="/planning/delegation/?from=2014-10-27&amp;days=5"' in html
    response = client.get("/planning/delegation/?from=2014-10-27&days=5")
    assert response.status_code == 302
    assert response["Location"] == "/planning/delegation/FRA/?from=2014-10-27&days=5"
    page = client.get(response["Location"]).content.decode()
    days = [part.split('"')[0] for part in page.split('<td><time datetime="')[1:]]
    assert days[0] == "2014-10-27"
    assert "2014-10-23" not in days
    assert "5 days from 27 Oct 2014" in page


def test_my_clashes_without_a_week_open_on_the_default_one(client, journal):
    client.force_login(journal["delegate"])
    response = client.get("/planning/delegation/")
    assert response["Location"] == "/planning/delegation/FRA/"
