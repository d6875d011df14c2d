"""The public portal's documents, search, feeds, calendar, follow, secretariat page and
password reset, each through the access policy."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.utils import timezone

from plenipot.accounts.models import AccessDecisions, AuditEntry, DocumentRelease, Follow
from plenipot.accounts.services import user_create
from plenipot.conference.services import body_create
from plenipot.documents.services import document_create, proposal_create
from plenipot.meetings.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(conference, delegations, plenary, states):
    """Public, participants-only and restricted documents; users of three kinds."""
    AccessDecisions.objects.create(conference=conference, public_kinds=["input", "output"])
    closed = body_create(
        conference=conference, code="AHG-X", name="Ad hoc group X", kind="ad_hoc",
        parent=plenary, openness="delegations",
    )
    day = datetime.date(2014, 10, 22)
    docs = {
        "public": document_create(
            conference=conference, number="27", kind="input", date=day, body=plenary,
            title="Proposals on international public policy for the Internet",
            sources=[states["FRA"]],
        ),
        "chinese": document_create(
            conference=conference, number="28", kind="input", date=day, body=plenary,
            title="关于互联网公共政策问题的提案", original_language="zh",
        ),
        "arabic": document_create(
            conference=conference, number="29", kind="input", date=day, body=plenary,
            title="مقترحات بشأن قضايا السياسات العامة المتعلقة بالإنترنت",
            original_language="ar",
        ),
        "temporary": document_create(
            conference=conference, number="DT/5", kind="temporary", date=day, body=plenary,
            title="Draft timetable of the plenary meetings",
        ),
        "closed": document_create(
            conference=conference, number="DT/6", kind="temporary", date=day, body=closed,
            title="Bracketed draft of the secret garden group",
        ),
        "limited": document_create(
            conference=conference, number="DL/1", kind="temporary", date=day, body=closed,
            title="Senegal fallback wording kept under lock", sources=[states["SEN"]],
            text="A very private compromise text.",
        ),
    }
    proposal_create(
        document=docs["public"], symbol="F/27/1", mark="ADD", anchor="resolves",
        text="the cooperation of stakeholders",
        reasons="Clarity.",
    )
    users = {"observer": user_create(username="observer", password=None, email="o@example.org")}
    for iso3 in ("SEN", "BRA"):
        user = user_create(username=iso3.lower(), password=None, email=f"{iso3}@example.org")
        head = delegations[iso3].members.get()
        head.user = user
        head.save()
        users[iso3] = user
    users["secretariat"] = user_create(username="sec", password=None, role="secretariat")
    now = timezone.make_aware(datetime.datetime(2014, 10, 23, 9, 30))
    meetings = {
        "open": Meeting.objects.create(
            conference=conference, body=plenary, number=1, starts_at=now,
            ends_at=now + datetime.timedelta(hours=3), room="Main hall", openness="public",
            webcast_url="https://webcast.example.org/pl-1",
        ),
        "closed": Meeting.objects.create(
            conference=conference, body=closed, number=1, starts_at=now,
            ends_at=now + datetime.timedelta(hours=2), room="Room Garden", openness="delegations",
        ),
    }
    return {"docs": docs, "users": users, "meetings": meetings, "closed_body": closed}


def test_anonymous_list_shows_public_documents_only(client, portal, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/documents/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Proposals on international public policy" in html
    assert "关于互联网公共政策问题的提案" in html
    for hidden in ("Draft timetable", "secret garden", "lock"):
        assert hidden not in html


def test_delegate_sees_own_limited_documents_and_not_others(client, portal):
    client.force_login(portal["users"]["SEN"])
    html = client.get("/documents/").content.decode()
    assert "kept under lock" in html and "secret garden" in html and "Draft timetable" in html
    client.force_login(portal["users"]["BRA"])
    html = client.get("/documents/").content.decode()
    assert "kept under lock" not in html and "secret garden" in html
    client.force_login(portal["users"]["observer"])
    html = client.get("/documents/").content.decode()
    assert "Draft timetable" in html and "secret garden" not in html


def test_list_query_count_for_a_delegate_is_bounded(
    client, portal, django_assert_max_num_queries
):
    client.force_login(portal["users"]["SEN"])
    with django_assert_max_num_queries(16):
        assert client.get("/documents/?q=draft").status_code == 200


@pytest.mark.parametrize(
    "query,expected",
    [
        ("public policy", "Proposals on international public policy"),
        ('"public policy"', "Proposals on international public policy"),
        ("互联网", "关于互联网公共政策问题的提案"),
        ("السياسات", "مقترحات بشأن"),
        ("stakeholders", "Proposals on international public policy"),
        ("27", "Proposals on international public policy"),
    ],
)
def test_search_in_any_script_and_in_proposal_text(client, portal, query, expected):
    response = client.get("/documents/", {"q": query})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_search_never_finds_restricted_text_or_shows_its_snippet(client, portal):
    for query in ("private compromise", "lock", "secret garden", "DL/1"):
        html = client.get("/documents/", {"q": query}).content.decode()
        assert "lock" not in html.replace("Unlock", "") or "kept under lock" not in html
        assert "private compromise" not in html.replace(f'value="{query}"', "")
        assert "secret garden" not in html.replace(f'value="{query}"', "")


@pytest.mark.parametrize(
    "query",
    [
        'policy OR "', "NEAR(a b)", "a* AND -b", '""""', "\x00\x01\x1f", "x" * 5000,
        "' OR 1=1 --", "title:policy", "^policy", "(((", "ü", "a" * 3, "😀 policy",
        " ".join(["word"] * 40), "\u202epolicy", "%_%", "\\",
    ],
)
def test_bad_queries_answer_a_result_or_a_message(client, portal, query):
    response = client.get("/documents/", {"q": query})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert 'role="alert"' in response.content.decode()


def test_filters(client, portal):
    def symbols(**params):
        response = client.get("/documents/", params)
        assert response.status_code == 200
        return {d.number for d in response.context["page"].documents}

    assert symbols(language="zh") == {"28"}
    assert symbols(source="F") == {"27"}
    assert symbols(kind="output") == set()
    assert symbols(body="PL") == {"27", "28", "29"}
    assert symbols(**{"from": "2014-10-23"}) == set()
    assert symbols(kind="nonsense", language="xx", page="abc", **{"from": "bad"}) == {
        "27", "28", "29"
    }


def test_document_page_404_alike_and_audit(client, portal):
    docs, users = portal["docs"], portal["users"]
    assert client.get(f"/documents/{docs['public'].pk}/").status_code == 200
    assert client.get(f"/documents/{docs['limited'].pk}/").status_code == 404
    assert client.get("/documents/999999/").status_code == 404
    assert not AuditEntry.objects.exists()
    client.force_login(users["BRA"])
    assert client.get(f"/documents/{docs['limited'].pk}/").status_code == 404
    client.force_login(users["SEN"])
    response = client.get(f"/documents/{docs['limited'].pk}/")
    assert response.status_code == 200 and "A very private compromise text." in response.content.decode()
    entry = AuditEntry.objects.get()
    assert entry.user == users["SEN"] and entry.document == docs["limited"]


def test_atom_feeds_list_only_readable_documents(client, portal):
    response = client.get("/feeds/documents.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert any("public policy" in t for t in titles)
    body = response.content.decode()
    assert "lock" not in body and "secret garden" not in body and "timetable" not in body
    assert client.get("/feeds/bodies/PL/documents.atom").status_code == 200
    assert client.get("/feeds/bodies/NOPE/documents.atom").status_code == 404
    assert client.get("/feeds/instruments/999/documents.atom").status_code == 404


def test_calendar_page_and_ical(client, portal):
    html = client.get("/calendar/").content.decode()
    assert "https://webcast.example.org/pl-1" in html
    assert "Room Garden" not in html
    ics = client.get("/feeds/meetings.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    text = ics.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20141023T093000Z" in text and "Main hall" in text
    assert "Room Garden" not in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    client.force_login(portal["users"]["BRA"])
    assert "Room Garden" in client.get("/feeds/meetings.ics").content.decode()
    assert client.get("/feeds/bodies/PL/meetings.ics").status_code == 200
    assert client.get("/feeds/delegations/SEN/meetings.ics").status_code == 200
    assert client.get("/feeds/delegations/XXX/meetings.ics").status_code == 404


def test_changes_page_a_day_at_a_time(client, portal):
    response = client.get("/changes/", {"day": "2014-10-22"})
    html = response.content.decode()
    assert "Proposals on international public policy" in html and "lock" not in html
    assert client.get("/changes/", {"day": "garbage"}).status_code == 200


def test_follow_and_digest(client, portal, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = portal["users"]["BRA"]
    client.force_login(user)
    assert client.post("/follow/body/PL/").status_code == 302
    assert client.post("/follow/body/AHG-X/").status_code == 302
    assert Follow.objects.filter(user=user).count() == 2
    observer = portal["users"]["observer"]
    client.force_login(observer)
    assert client.post("/follow/body/AHG-X/").status_code == 404, "closed to observers"
    assert client.post("/follow/body/PL/").status_code == 302
    from plenipot.portal.digest import digests_send

    now = timezone.make_aware(datetime.datetime(2014, 10, 23, 6, 0))
    assert digests_send(now=now) == 2
    by_user = {m.to[0]: m.body for m in mail.outbox}
    assert "secret garden" in by_user["BRA@example.org"]
    assert "kept under lock" not in by_user["BRA@example.org"]
    assert "secret garden" not in by_user["o@example.org"]
    assert "https://webcast.example.org/pl-1" in by_user["o@example.org"]
    client.force_login(user)
    client.post("/follow/body/PL/", {"follow": "0"})
    assert Follow.objects.filter(user=user).count() == 1


def test_follow_needs_a_login(client, portal):
    response = client.post("/follow/body/PL/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_secretariat_page_changes_decisions_and_audits(client, portal, conference):
    client.force_login(portal["users"]["SEN"])
    assert client.get("/secretariat/access/").status_code == 404
    client.force_login(portal["users"]["secretariat"])
    assert client.get("/secretariat/access/").status_code == 200
    response = client.post(
        "/secretariat/access/", {"public_kinds": ["input", "temporary", "bogus"]}
    )
    assert response.status_code == 302
    decisions = AccessDecisions.objects.get(conference=conference)
    assert decisions.public_kinds == ["input", "temporary"]
    assert decisions.source_may_publish is False
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DECISIONS_CHANGED)
    assert entry.detail["before"]["public_kinds"] == ["input", "output"]
    page = client.get("/secretariat/access/")
    assert page.context["entries"][0] == entry
    assert list(page.context["reads"]) == []
    assert entry.detail["after"]["public_kinds"] == ["input", "temporary"]
    client.logout()
    html = client.get("/documents/").content.decode()
    assert "Draft timetable" in html, "temporary documents of open bodies are now public"
    assert "secret garden" not in html, "a closed body's documents stay restricted"


def test_source_publication(client, portal):
    DocumentRelease.objects.create(document=portal["docs"]["limited"], published_by_source=True)
    assert "kept under lock" in client.get("/documents/").content.decode()


def test_password_reset_by_email(client, portal, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = portal["users"]["observer"]
    user.set_password("old-password-123")
    user.save()
    response = client.post("/accounts/password-reset/", {"email": "o@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    form_path = response.redirect_chain[-1][0]
    response = client.post(
        form_path, {"new_password1": "a-new-long-phrase-42", "new_password2": "a-new-long-phrase-42"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-phrase-42")


def test_public_cache_follows_every_change_of_access(client, portal, conference, settings):
    from django.core.cache import cache

    from plenipot.accounts.services import access_decisions_set
    from plenipot.documents.services import document_release_set

    cache.clear()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    public = portal["docs"]["public"]
    assert "Proposals on international public policy" in client.get("/documents/").content.decode()
    # Served from the cache: no query for the documents themselves.
    assert "Proposals on international public policy" in client.get("/documents/").content.decode()
    document_release_set(actor=None, document=public, published_by_source=False, limited=True)
    assert "Proposals on international public policy" not in client.get(
        "/documents/"
    ).content.decode()
    access_decisions_set(
        actor=None, conference=conference, public_kinds=["input", "temporary"],
        source_may_publish=True,
    )
    assert "Draft timetable" in client.get("/documents/").content.decode()
    access_decisions_set(
        actor=None, conference=conference, public_kinds=["input"], source_may_publish=True
    )
    assert "Draft timetable" not in client.get("/documents/").content.decode()
    from plenipot.documents.models import Document

    Document.objects.filter(pk=portal["docs"]["chinese"].pk).update(body=portal["closed_body"])
    assert "关于互联网" not in client.get("/documents/").content.decode()
    # Signed-in readers are never served the public's cached page.
    client.force_login(portal["users"]["SEN"])
    assert "kept under lock" in client.get("/documents/").content.decode()
    cache.clear()


def test_public_cache_follows_bodies_sources_and_dates(client, portal, plenary, states, settings):
    from django.core.cache import cache

    from plenipot.conference.models import Body, Organisation
    from plenipot.documents.models import Document

    cache.clear()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    assert "Proposals on international public policy" in client.get("/documents/").content.decode()
    Organisation.objects.filter(pk=states["FRA"].pk).update(symbol="FRX")
    assert "<bdi>FRX</bdi>" in client.get("/documents/").content.decode()
    Document.objects.filter(pk=portal["docs"]["public"].pk).update(date="2014-10-30")
    assert "30 Oct 2014" in client.get("/documents/").content.decode()
    portal["docs"]["public"].sources.clear()
    assert "<bdi>FRX</bdi>" not in client.get("/documents/").content.decode()
    # The body closes: its documents leave the public's cached page at once.
    Body.objects.filter(pk=plenary.pk).update(openness="delegations")
    assert "Proposals on international public policy" not in client.get(
        "/documents/"
    ).content.decode()
    cache.clear()


def test_cached_public_page_runs_few_queries(client, portal, settings, django_assert_max_num_queries):
    from django.core.cache import cache

    cache.clear()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    client.get("/documents/?page=1")
    with django_assert_max_num_queries(4):
        assert client.get("/documents/?page=1").status_code == 200
    cache.clear()


def test_cached_public_page_gives_each_reader_a_working_csrf_token(portal, settings):
    import re

    from django.core.cache import cache
    from django.test import Client

    from plenipot.portal.document_views import CSRF_PLACEHOLDER

    cache.clear()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    Client().get("/documents/?page=1")  # fills the cache
    tokens = []
    for _ in range(2):
        reader = Client(enforce_csrf_checks=True)
        html = reader.get("/documents/?page=1").content.decode()
        assert CSRF_PLACEHOLDER not in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        tokens.append(token)
        response = reader.post(
            "/i18n/setlang/",
            {"language": "fr", "next": "/documents/", "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302, "the language form works from a cached page"
        assert "Documents" in html and 'lang="en"' in html
        assert 'lang="fr"' in reader.get("/documents/?page=1").content.decode()
    assert tokens[0] != tokens[1]
    cache.clear()


def test_whole_page_cache_is_for_anonymous_readers_without_a_session(
    client, portal, conference, settings, django_assert_num_queries
):
    from django.core.cache import cache

    cache.clear()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    client.get("/documents/")
    with django_assert_num_queries(1):  # the counter; not even the conference
        response = client.get("/documents/")
    assert response.templates == [], "served from the cache, no template rendered"
    from plenipot.conference.models import Conference

    Conference.objects.filter(pk=conference.pk).update(name="Renamed conference")
    assert "Renamed conference" in client.get("/documents/").content.decode()
    client.cookies[settings.SESSION_COOKIE_NAME] = "some-session"
    assert client.get("/documents/").templates, "a reader with a session gets a fresh page"
    cache.clear()


@pytest.mark.parametrize(
    "path,limit",
    [
        ("/documents/{public}/", 11),  # with its family of revisions and addenda
        ("/changes/?day=2014-10-22", 10),
        ("/calendar/", 6),
        ("/feeds/documents.atom", 6),
        ("/feeds/bodies/PL/documents.atom", 7),
        ("/feeds/meetings.ics", 6),
        ("/feeds/bodies/PL/meetings.ics", 7),
        ("/feeds/delegations/SEN/meetings.ics", 8),
        ("/bodies/PL/", 12),
    ],
)
def test_page_query_counts_are_bounded(
    client, portal, path, limit, django_assert_max_num_queries
):
    path = path.format(public=portal["docs"]["public"].pk)
    client.force_login(portal["users"]["SEN"])
    client.get(path)
    with django_assert_max_num_queries(limit + 8):  # + the signed-in reader's facts
        assert client.get(path).status_code == 200
    client.logout()
    with django_assert_max_num_queries(limit):
        assert client.get(path).status_code == 200


def test_a_source_publishes_its_own_document(client, portal):
    limited = portal["docs"]["limited"]
    url = f"/documents/{limited.pk}/"
    client.force_login(portal["users"]["BRA"])
    assert client.post(f"/documents/{limited.pk}/publish/", {"publish": "1"}).status_code == 404
    client.force_login(portal["users"]["SEN"])
    assert "Publish this document" in client.get(url).content.decode()
    assert client.post(f"/documents/{limited.pk}/publish/", {"publish": "1"}).status_code == 302
    client.logout()
    assert client.get(url).status_code == 200, "published by its source: public now"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RELEASE_CHANGED).count() == 1
    client.force_login(portal["users"]["SEN"])
    client.post(f"/documents/{limited.pk}/publish/", {"publish": "0"})
    client.logout()
    assert client.get(url).status_code == 404
    # A reader who may read a document but is not its source cannot publish it.
    client.force_login(portal["users"]["BRA"])
    public = portal["docs"]["public"]
    assert "Publish this document" not in client.get(f"/documents/{public.pk}/").content.decode()
    client.post(f"/documents/{public.pk}/publish/", {"publish": "1"})
    assert not DocumentRelease.objects.filter(document=public).exists()


def test_api_token_page(client, portal):
    assert client.get("/account/tokens/").status_code == 302
    user = portal["users"]["SEN"]
    client.force_login(user)
    response = client.post("/account/tokens/", {"action": "create"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    key = response.context["created"]
    assert key in response.content.decode()
    client.logout()
    api = client.get(
        "/api/v1/conferences/PP-14/documents", headers={"Authorization": f"Bearer {key}"}
    )
    assert "kept under lock" in api.content.decode()
    client.force_login(user)
    html = client.get("/account/tokens/").content.decode()
    assert key not in html and key[:8] in html
    client.post("/account/tokens/", {"action": "revoke"})
    client.logout()
    api = client.get(
        "/api/v1/conferences/PP-14/documents", headers={"Authorization": f"Bearer {key}"}
    )
    assert api.status_code == 401


def test_instrument_feed_and_follow_take_provisional_numbers(client, portal, conference):
    from plenipot.negotiation.models import Instrument

    Instrument.objects.create(
        conference=conference, number="COM5/2", title="New resolution", status="draft"
    )
    response = client.get("/feeds/instruments/COM5/2/documents.atom")
    assert response.status_code == 200
    client.force_login(portal["users"]["observer"])
    assert client.post("/follow/instrument/COM5/2/").status_code == 302
    assert Follow.objects.filter(instrument__number="COM5/2").exists()
