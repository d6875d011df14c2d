"""The tracker's pages are cached whole for anonymous readers; every kind of change that
can alter them moves the key, so a cached page is never served stale."""

import datetime
import importlib
import re

import pytest
from django.apps import apps

from plenipot.meetings.services import agenda_item_add, meeting_schedule
from plenipot.tracker.selectors import tracker_generation
from plenipot.tracker.services import decision_take, path_move, path_start

DETAIL = "/tracker/resolution/101/"
WATCHED = importlib.import_module("plenipot.portal.migrations.0005_generation_tracker").WATCHED


def _at(day, hour=10):
    return datetime.datetime(2014, 10, day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def cached(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def path(world, conference):
    from plenipot.accounts.services import access_decisions_set

    access_decisions_set(
        actor=None, conference=conference, public_kinds=["input", "output"],
        source_may_publish=True,
    )
    from plenipot.conference.models import Body
    from plenipot.documents.models import Document

    Body.objects.filter(pk=world["com5"].pk).update(openness="public")
    Document.objects.filter(pk=world["doc27"].pk).update(status="registered")
    path = path_start(instrument=world["resolution"], at=_at(20, 8))
    path_move(
        path=path, to_stage="allocated", moved_by=world["secretariat"], body=world["com5"],
        at=_at(20, 9),
    )
    return path


@pytest.fixture
def item(world, path):
    meeting = meeting_schedule(
        body=world["com5"], starts_at=_at(21, 9), ends_at=_at(21, 12),
        scheduled_by=world["chair"], room="Room B", openness="public",
    )
    return agenda_item_add(
        meeting=meeting, title="", added_by=world["chair"], document=world["doc27"],
        instrument=world["resolution"],
    )


def _untokened(page):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def _page(client, url=DETAIL):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_is_served_from_the_cache(client, world, path, cached, django_assert_max_num_queries):
    first = _page(client)
    with django_assert_max_num_queries(2):
        again = _page(client)
    # The same page, each with its own masked CSRF token.
    assert _untokened(again) == _untokened(first)
    assert "Resolution 101" in _page(client, "/tracker/")
    with django_assert_max_num_queries(2):
        assert "Resolution 101" in _page(client, "/tracker/")


def test_a_move_shows_at_once(client, world, path, cached):
    assert 'id="current-stage">Allocated' in _page(client)
    assert "Allocated" in _page(client, "/tracker/")
    path_move(path=path, to_stage="in_body", moved_by=world["chair"], at=_at(21, 9))
    assert 'id="current-stage">In a body' in _page(client)
    assert ">In a body<" in _page(client, "/tracker/")


def test_a_decision_its_statements_and_its_votes_show_at_once(client, world, item, cached):
    assert "France will take part." not in _page(client)
    decision_take(
        agenda_item=item, outcome="with_statements", decided_by=world["chair"], text="Noted.",
        statements=[(world["fra"], "statement", "France will take part.")], at=_at(21, 11),
    )
    assert "France will take part." in _page(client)
    from plenipot.tracker.models import Statement

    Statement.objects.update(text="France will chair the group.")
    assert "France will chair the group." in _page(client)
    decision_take(
        agenda_item=item, outcome="vote", decided_by=world["chair"], text="Put to the vote.",
        votes={world["fra"]: "yes", world["sen"]: "no"}, at=_at(21, 11),
    )
    assert "Put to the vote." in _page(client)
    before = tracker_generation()
    from plenipot.tracker.models import VoteCast

    VoteCast.objects.filter(delegation=world["sen"]).update(choice="abstain")
    assert tracker_generation() != before


def test_a_document_change_shows_at_once(client, world, path, cached):
    from plenipot.documents.models import Document

    assert "European Common Proposals" in _page(client)
    Document.objects.filter(pk=world["doc27"].pk).update(title="Common Proposals of Europe")
    page = _page(client)
    assert "Common Proposals of Europe" in page and "European Common Proposals" not in page
    # A column the document pages do not show, but the tracker does: which text it is on.
    before = tracker_generation()
    Document.objects.filter(pk=world["doc27"].pk).update(submitted_at=_at(19))
    assert tracker_generation() != before


def test_access_decisions_and_openness_take_documents_off_at_once(
    client, world, conference, path, cached
):
    from plenipot.accounts.services import access_decisions_set
    from plenipot.conference.models import Body
    from plenipot.documents.services import document_release_set

    assert "European Common Proposals" in _page(client)
    access_decisions_set(
        actor=None, conference=conference, public_kinds=["output"], source_may_publish=False
    )
    assert "European Common Proposals" not in _page(client)
    access_decisions_set(
        actor=None, conference=conference, public_kinds=["input"], source_may_publish=False
    )
    assert "European Common Proposals" in _page(client)
    document_release_set(
        actor=None, document=world["doc27"], published_by_source=False, limited=True
    )
    assert "European Common Proposals" not in _page(client)
    document_release_set(
        actor=None, document=world["doc27"], published_by_source=False, limited=False
    )
    assert "European Common Proposals" in _page(client)
    Body.objects.filter(pk=world["com5"].pk).update(openness="delegations")
    assert "European Common Proposals" not in _page(client)


def test_a_meeting_closing_takes_its_link_off_at_once(client, world, item, cached):
    from plenipot.meetings.models import Meeting

    link = f'href="/meetings/{item.meeting_id}/"'
    assert link in _page(client)
    Meeting.objects.filter(pk=item.meeting_id).update(openness="delegations")
    assert link not in _page(client)


def test_a_drafting_room_shows_at_once(client, world, path, cached):
    from plenipot.negotiation.models import Draft

    before = tracker_generation()
    Draft.objects.create(
        instrument=world["resolution"], body=world["com5"], title="Room on Resolution 101",
        initial={}, state={}, provenance={},
    )
    assert tracker_generation() != before


def test_language_versions_and_waivers_move_the_gate_at_once(
    client, world, path, cached, six_languages
):
    from plenipot.translation.models import CheckWaiver, Expression

    path.stage = "editorial"
    path.save()
    assert "There are no language versions of this text." in _page(client)
    source = six_languages(world["resolution"])
    assert "cannot issue" not in _page(client)
    Expression.objects.filter(source=source, language="fr").update(status="in_revision")
    assert "cannot issue" in _page(client)
    before = tracker_generation()
    CheckWaiver.objects.create(
        source=source, check_name="numbers", language="fr", eid="", reason="Agreed.",
        waived_by=world["chair"],
    )
    assert tracker_generation() != before


def test_a_declaration_moves_the_counter(world, path):
    from plenipot.tracker.services import declaration_make

    before = tracker_generation()
    declaration_make(
        conference=world["conference"], delegations=[world["fra"]], text="France reserves.",
        made_by=world["secretariat"],
    )
    assert tracker_generation() != before


def test_every_table_the_tracker_reads_is_watched():
    """A new table in the tracker's, translation's or meetings' apps needs its trigger."""
    tables = {
        model._meta.db_table
        for label in ("tracker", "translation", "meetings")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }
    assert tables <= set(WATCHED), sorted(tables - set(WATCHED))


def test_signed_in_readers_and_other_languages_get_their_own_page(client, world, path, cached):
    assert "Move this text" not in _page(client)
    client.force_login(world["secretariat"])
    assert "Move this text" in _page(client)
    client.logout()
    french = client.get(DETAIL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'lang="fr"' in french
    assert 'lang="en"' in _page(client)


def test_the_reader_gets_their_own_csrf_token(client, world, path, cached):
    from plenipot.portal.document_views import CSRF_PLACEHOLDER

    _page(client)
    page = _page(client)
    assert CSRF_PLACEHOLDER not in page
    assert 'name="csrfmiddlewaretoken"' in page
