"""Each demo account's home after signing in, the public home for visitors, and what
each home reads in a number of queries that does not grow with the conference."""

from __future__ import annotations

import datetime
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plenipot.accounts.models import Follow, User
from plenipot.accounts.roles import actor_for
from plenipot.conference import clock
from plenipot.conference.models import Body, Delegation
from plenipot.documents.models import Document
from plenipot.documents.services import document_create
from plenipot.floor.models import FloorRequest, SpeakersList
from plenipot.meetings.models import AgendaItem, Meeting
from plenipot.negotiation.actions import check_draft_apply
from plenipot.negotiation.models import Draft, Instrument, Revision
from plenipot.portal.home import (
    BURNDOWNS,
    CHAIR,
    DELEGATE,
    READER,
    SECRETARIAT,
    TRANSLATOR,
    home_kind,
)
from plenipot.portal.models import DraftVisit
from plenipot.submissions.models import Upload
from plenipot.translation.models import Assignment, Expression, SourceText

pytestmark = pytest.mark.django_db

ACCOUNTS = ("secretariat", "chair", "delegate", "delegate1", "translator", "observer")


@pytest.fixture
def demo(db, settings):
    from plenipot.demo.loader import demo_load

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    return demo_load()


@pytest.fixture
def users(demo):
    return {user.username: user for user in User.objects.filter(username__in=ACCOUNTS)}


def _home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response


def _text(response) -> str:
    """The page's visible words, tags taken out and spaces made single."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_each_demo_account_gets_the_home_of_its_role(users):
    kinds = {name: home_kind(actor_for(user)) for name, user in users.items()}
    assert kinds == {
        "secretariat": SECRETARIAT,
        "chair": CHAIR,
        "delegate": DELEGATE,
        "delegate1": DELEGATE,
        "translator": TRANSLATOR,
        "observer": READER,
    }


def test_a_visitor_gets_the_conference_at_a_glance_and_so_does_overview(client, demo):
    response = client.get("/")
    assert response.templates[0].name == "portal/home.html"
    assert response.context["counts"].delegations > 100
    assert "Committees and their chairs" in _text(response)
    client.force_login(User.objects.get(username="delegate"))
    assert client.get("/").templates[0].name == "portal/home_delegate.html"
    overview = client.get("/overview/")
    assert overview.templates[0].name == "portal/home.html"
    assert overview.context["counts"].delegations == response.context["counts"].delegations


def test_signing_in_lands_on_the_role_home(client, demo):
    response = client.post(
        "/accounts/login/", {"username": "translator", "password": "plenipot-demo"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert response.templates[0].name == "portal/home_translator.html"


def test_the_delegate_of_nigeria_sees_the_day_of_its_delegation(client, users):
    response = _home(client, users["delegate"])
    home = response.context["home"]
    assert home.delegation.organisation.iso3 == "NGA" and home.size > 1
    assert home.window.today == datetime.date(2014, 10, 28)
    # Meetings of the bodies Nigeria follows, today and tomorrow, in Busan's time.
    today = [row.meeting.body.code for row in home.days[0].meetings]
    assert home.days[0].is_today and today == ["WGPL", "PL"]
    assert [row.meeting.body.code for row in home.days[1].meetings] == []
    # Both drafting rooms are open to every delegation; it has opened neither.
    assert sorted(room.draft.body.code for room in home.rooms) == ["WGPL", "WGPL-AHG-INT"]
    assert all(room.seen is None for room in home.rooms)
    # Its upload still under review, and the texts its proposals (and ATU's) change.
    assert [(u.instrument.number, u.state, u.stage) for u in home.submissions] == [
        ("180", "review", "Allocated")
    ]
    numbers = {row.instrument.number: row.stage for row in home.standings}
    assert numbers["101"] == "Editorial Committee" and numbers["130"] == "In an ad hoc group"
    assert home.places == [] and home.may_submit and home.sees_clashes
    # Documents dated yesterday or today that the delegate may read, never later ones.
    dates = {d.date for d in home.documents.documents}
    assert dates and dates <= {datetime.date(2014, 10, 27), datetime.date(2014, 10, 28)}
    text = _text(response)
    assert "Your day" in text and "Nigeria" in text
    assert "Meetings today and tomorrow" in text and "Drafting rooms you take part in" in text
    assert "Your proposals and where they stand" in text and "Documents since yesterday" in text
    assert "09:30" in text, "meeting times are the conference's (Busan)"
    html = response.content.decode()
    assert 'href="/floor/meetings/' in html and 'href="/submissions/"' in html


def test_the_one_person_delegation_of_tuvalu_sees_its_place_and_its_size(client, users):
    response = _home(client, users["delegate1"])
    home = response.context["home"]
    assert home.delegation.organisation.iso3 == "TUV" and home.size == 1
    # Tuvalu waits on the list of speakers of the Working Group's meeting today.
    [place] = home.places
    assert place.meeting.body.code == "WGPL" and place.away
    assert (place.place, place.waiting) == (3, 5)
    wgpl = next(row for row in home.days[0].meetings if row.meeting.body.code == "WGPL")
    assert wgpl.places == [place]
    assert [u.state for u in home.submissions] == ["submitted"]
    text = _text(response)
    assert "Place 3 of 5" in text and "not in the room" in text
    assert "for a delegation of 1 person" in text or "More meetings at once" in text


def test_the_chair_sees_its_body_its_burndown_and_its_rooms(client, users):
    response = _home(client, users["chair"])
    home = response.context["home"]
    [row] = home.bodies
    assert row.body.code == "WGPL"
    assert row.next_meeting is not None and row.next_meeting.body_id == row.body.pk
    assert row.open_proposals > 0 and row.provisions > 0
    assert len(row.chart.bars) == 19, "one point per conference day, 20 Oct to 7 Nov"
    assert sum(bar["mark"] for bar in row.chart.bars) == 1, "today is marked"
    assert sorted(room.draft.body.code for room in home.rooms) == ["WGPL", "WGPL-AHG-INT"]
    assert {d.body.code for d in home.documents.documents} <= {
        b.code for b in Body.objects.filter(code__startswith="WGPL")
    }
    text = _text(response)
    assert "The chair's desk" in text and "Next meeting" in text
    assert "Open drafting rooms" in text
    assert 'class="home-chart"' in response.content.decode()


def test_the_translator_sees_its_assignments_by_due_date(client, users):
    response = _home(client, users["translator"])
    home = response.context["home"]
    [row] = home.assignments
    assert row.assignment.expression.language == "fr"
    assert row.assignment.expression.source.document.symbol == "DT/4"
    assert not row.overdue and not row.due_today
    assert home.queue > 0 and home.texts_waiting_total >= 1
    text = _text(response)
    assert "Your assignments" in text and "DT/4" in text and "French" in text
    assert "Thu 30 Oct" in text


def test_the_secretariat_sees_its_to_do_list(client, users):
    response = _home(client, users["secretariat"])
    home = response.context["home"]
    assert [d.title for d in home.to_register] == ["Tuvalu: proposals on Resolution 180"]
    assert home.to_register_total == 1
    assert [t.source.document.symbol for t in home.texts_waiting] == ["DT/4"]
    assert home.texts_waiting[0].languages == ("ar", "es", "fr", "ru", "zh")
    assert home.past_deadline == [] and home.without_room_total == 0
    assert [row.meeting.body.code for row in home.days[0].meetings] == ["WGPL", "COM6", "PL"]
    text = _text(response)
    assert "To do" in text and "1 submission to register" in text
    assert "1 text waiting for languages" in text and "0 meetings without a room" in text


def test_the_secretariat_learns_of_groups_past_their_deadline_and_meetings_without_a_room(
    client, users, demo
):
    Body.objects.filter(code="WGPL-AHG-177").update(deadline=datetime.date(2014, 10, 27))
    conference = demo.conference
    start = clock.now(conference) + datetime.timedelta(days=1)
    Meeting.objects.create(
        conference=conference, body=Body.objects.get(code="COM5"), number=99, starts_at=start,
        ends_at=start + datetime.timedelta(hours=2), room="", openness="public",
    )  # fmt: skip
    home = _home(client, users["secretariat"]).context["home"]
    assert [b.code for b in home.past_deadline] == ["WGPL-AHG-177"]
    assert [m.number for m in home.without_room] == [99] and home.without_room_total == 1


def test_the_observer_sees_a_readers_day(client, users):
    response = _home(client, users["observer"])
    home = response.context["home"]
    assert home.followed_bodies == 0 and home.instruments == []
    assert home.days[0].meetings, "following nothing, every meeting the observer may follow"
    assert (
        sum(count for _v, _l, count in home.stages)
        == Instrument.objects.filter(path__isnull=False).count()
    )
    Follow.objects.create(user=users["observer"], body=Body.objects.get(code="COM6"))
    Follow.objects.create(user=users["observer"], instrument=Instrument.objects.get(number="179"))
    home = client.get("/").context["home"]
    assert [row.meeting.body.code for row in home.days[0].meetings] == ["COM6"]
    assert [(row.instrument.number, row.stage) for row in home.instruments] == [
        ("179", "In the Final Acts")
    ]


def test_what_changed_in_a_room_since_the_last_visit(client, users):
    delegate = users["delegate"]
    draft = Draft.objects.get(body__code="WGPL-AHG-INT")
    client.force_login(delegate)
    assert client.get(f"/drafts/{draft.pk}/").status_code == 200
    visit = DraftVisit.objects.get(user=delegate, draft=draft)
    assert visit.revision == draft.head
    room = next(r for r in client.get("/").context["home"].rooms if r.draft.pk == draft.pk)
    assert (room.seen, room.changes, room.provisions) == (draft.head, 0, [])
    assert "No change since your last visit." in _text(client.get("/"))

    # The pen changes a provision twice; the delegate's home names it and links the diff.
    pen = actor_for(users["secretariat"])
    for n in range(2):
        head = Draft.objects.get(pk=draft.pk).head
        check_draft_apply(
            pen,
            draft_id=draft.pk,
            data={"base": head, "op": {"op": "edit_text", "eid": "title", "segment": 0,
                                       "text": f"Internet Protocol-based networks ({n})"}},
        )  # fmt: skip
    draft.refresh_from_db()
    response = client.get("/")
    room = next(r for r in response.context["home"].rooms if r.draft.pk == draft.pk)
    assert (room.seen, room.changes) == (visit.revision, 2)
    assert len(room.provisions) == 1 and "title" not in str(room.provisions[0]).split('"')
    text = _text(response)
    assert "2 changes since your last visit" in text
    assert f"/drafts/{draft.pk}/history/?from={visit.revision}&amp;to={draft.head}" in (
        response.content.decode()
    )
    # Opening the history counts as having seen the changes.
    client.get(f"/drafts/{draft.pk}/history/?from={visit.revision}&to={draft.head}")
    room = next(r for r in client.get("/").context["home"].rooms if r.draft.pk == draft.pk)
    assert (room.seen, room.changes) == (draft.head, 0)
    # A visitor's visit is not recorded; nor is another user's.
    assert DraftVisit.objects.count() == 1


# --- the number of queries does not grow with the conference ---------------------------

_n = itertools.count(1)


def grow(conference, users, *, times: int) -> None:
    """More of everything the homes list: documents since yesterday from the delegations
    of the demo accounts, meetings today and tomorrow (some without a room), drafting
    rooms with revisions and visits, uploads, assignments, places on lists of speakers,
    groups past their deadline, follows."""
    today = clock.today(conference)
    zone = clock.zone_of(conference)
    nigeria = Delegation.objects.get(organisation__iso3="NGA")
    tuvalu = Delegation.objects.get(organisation__iso3="TUV")
    wgpl, pl, com5 = (Body.objects.get(code=code) for code in ("WGPL", "PL", "COM5"))
    resolution = Instrument.objects.get(number="101")
    source = Draft.objects.filter(body=wgpl).order_by("pk").first()
    for _ in range(times):
        k = next(_n)
        for organisation in (nigeria.organisation, tuvalu.organisation):
            document_create(
                conference=conference, number=str(500 + 2 * k + (organisation == tuvalu.organisation)),
                kind="input", title=f"Further proposals {k}", date=today, sources=[organisation],
                body=wgpl,
            )  # fmt: skip
        for day, body, room in ((0, wgpl, "Room 405"), (1, pl, ""), (0, com5, "")):
            start = datetime.datetime.combine(
                today + datetime.timedelta(days=day), datetime.time(19, k % 50), tzinfo=zone
            )
            meeting = Meeting.objects.create(
                conference=conference, body=body, number=100 + k, starts_at=start,
                ends_at=start + datetime.timedelta(hours=1), room=room, openness="public",
            )  # fmt: skip
            item = AgendaItem.objects.create(meeting=meeting, position=1, title=f"Item {k}")
            speakers = SpeakersList.objects.create(agenda_item=item)
            for place, delegation in enumerate((nigeria, tuvalu), start=1):
                FloorRequest.objects.create(
                    speakers_list=speakers, delegation=delegation, position=place
                )
        Body.objects.create(
            conference=conference, code=f"WGPL-G{k}", name=f"Group {k}", kind="ad_hoc",
            parent=wgpl, chair=users["chair"].person, status="active",
            deadline=today - datetime.timedelta(days=1), openness="delegations", position=900 + k,
        )  # fmt: skip
        draft = Draft.objects.create(
            body=wgpl, instrument=resolution, title=f"Room {k}", initial=source.initial,
            state=source.state, provenance=source.provenance, head=0,
        )  # fmt: skip
        head = 0
        for revision in Revision.objects.filter(draft=source).order_by("number")[:1]:
            head += 1
            Revision.objects.create(
                draft=draft, number=head, base=head - 1, operation=revision.operation,
                inverse=revision.inverse, eids=revision.eids, credit=revision.credit,
                author=revision.author, event=revision.event,
            )  # fmt: skip
        Draft.objects.filter(pk=draft.pk).update(head=head)
        for name in ("delegate", "delegate1", "chair"):
            DraftVisit.objects.create(
                user=users[name], draft=draft, revision=0, visited_at=timezone.now()
            )
        for name in ("delegate", "delegate1"):
            Upload.objects.create(
                conference=conference, uploaded_by=users[name], instrument=resolution,
                title=f"Upload {k}", filename=f"upload-{k}.docx", size=1, kind="itu",
            )  # fmt: skip
        submitted = document_create(
            conference=conference, number=f"DT/{700 + k}", kind="temporary",
            title=f"Temporary {k}", date=today, body=wgpl,
        )  # fmt: skip
        Document.objects.filter(pk=submitted.pk).update(status="submitted", number="")
        source_text = SourceText.objects.create(
            conference=conference, document=submitted, language="en", text="title: Temporary\n"
        )
        for language in ("fr", "ar"):
            expression = Expression.objects.create(source=source_text, language=language)
            Assignment.objects.create(
                expression=expression, user=users["translator"], role="translator",
                deadline=timezone.now() + datetime.timedelta(days=k),
            )  # fmt: skip
        Follow.objects.create(user=users["observer"], body=Body.objects.get(code=f"WGPL-G{k}"))


def _count(client, path: str = "/") -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ACCOUNTS)
def test_a_home_runs_the_same_number_of_queries_as_the_conference_grows(
    client, demo, users, name, django_assert_max_num_queries
):
    client.force_login(users[name])
    client.get("/")  # the per-process caches (content types, translations)
    # Three of everything first: a chair's home draws the burndowns of three bodies at
    # most (`home.BURNDOWNS`), so that the chair's count is bounded from there on.
    grow(demo.conference, users, times=BURNDOWNS)
    before = _count(client)
    grow(demo.conference, users, times=4)
    with django_assert_max_num_queries(before):
        response = client.get("/")
    home = response.context["home"]
    # The homes did list more (the growth reached them), in as many queries.
    if name in ("delegate", "delegate1"):
        assert len(home.days[0].meetings) >= 5 and len(home.places) >= 5
        assert sum(1 for room in home.rooms if room.changes) >= 5
    elif name == "chair":
        assert len(home.bodies) >= 5 and len(home.rooms) >= 5
    elif name == "translator":
        assert len(home.assignments) >= 10
    elif name == "secretariat":
        assert len(home.past_deadline) >= 5 and home.without_room_total >= 5
    else:
        assert home.followed_bodies == BURNDOWNS + 4
    assert before <= 45, f"{name}'s home runs {before} queries"


def test_the_delegate_home_names_its_state_in_the_reader_s_language(client, users):
    """The kicker names the Member State as CLDR does in Arabic, not by its stored name."""
    client.force_login(users["delegate"])
    response = client.get("/", headers={"accept-language": "ar"})
    text = _text(response)
    state = response.context["home"].delegation.organisation
    arabic = state.local_name("ar")
    assert arabic and arabic != state.name
    assert arabic in text
    assert f"وفد {state.name}" not in text
