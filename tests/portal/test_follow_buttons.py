"""Follow and stop following from a body's page and from a text's tracker page."""

from __future__ import annotations

import datetime

import pytest

from plenipot.accounts.models import Follow
from plenipot.accounts.services import user_create
from plenipot.negotiation.models import Instrument
from plenipot.tracker.services import path_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def observer(db):
    return user_create(username="watcher", password=None, email="w@example.org", role="observer")


@pytest.fixture
def tracked(tree, conference):
    instrument = Instrument.objects.get(conference=conference, number="130")
    path_start(instrument=instrument, at=datetime.datetime(2014, 10, 20, 8, tzinfo=datetime.UTC))
    return instrument


def _form_action(html: str, value: str) -> bool:
    return f'name="follow" value="{value}"' in html


def test_body_page_follows_and_stops_following(client, tree, observer):
    client.force_login(observer)
    page = client.get("/bodies/COM5/").content.decode()
    assert "Follow this body" in page and _form_action(page, "1")
    response = client.post("/follow/body/COM5/", {"follow": "1", "next": "/bodies/COM5/"})
    assert response.status_code == 302 and response["Location"] == "/bodies/COM5/"
    assert Follow.objects.filter(user=observer, body=tree["com5"]).exists()
    page = client.get("/bodies/COM5/").content.decode()
    assert "You follow it" in page and "Stop following" in page and _form_action(page, "0")
    client.post("/follow/body/COM5/", {"follow": "0", "next": "/bodies/COM5/"})
    assert not Follow.objects.filter(user=observer).exists()
    assert "Follow this body" in client.get("/bodies/COM5/").content.decode()


def test_tracker_page_follows_and_stops_following(client, tracked, observer):
    client.force_login(observer)
    url = "/tracker/resolution/130/"
    page = client.get(url).content.decode()
    assert "Follow this text" in page and _form_action(page, "1")
    assert 'action="/follow/instrument/130/"' in page
    client.post("/follow/instrument/130/", {"follow": "1", "next": url})
    assert Follow.objects.filter(user=observer, instrument=tracked).exists()
    page = client.get(url).content.decode()
    assert "You follow it" in page and _form_action(page, "0")
    assert "/follows/" in client.get("/follows/").request["PATH_INFO"]
    assert "130" in client.get("/follows/").content.decode()
    client.post("/follow/instrument/130/", {"follow": "0", "next": url})
    assert not Follow.objects.filter(user=observer).exists()


def test_anonymous_reader_is_offered_to_log_in(client, tracked):
    page = client.get("/tracker/resolution/130/").content.decode()
    assert "Log in to follow it by e-mail" in page
    assert "/accounts/login/?next=/tracker/resolution/130/" in page
    assert 'name="follow"' not in page
    assert "Log in to follow it by e-mail" in client.get("/bodies/COM5/").content.decode()


def test_a_body_closed_to_the_reader_has_no_follow_button(client, tree, conference, observer):
    from plenipot.conference.services import body_create

    body_create(
        conference=conference, code="CLOSED", name="Closed group", kind="ad_hoc",
        parent=tree["com5"], openness="delegations",
    )
    client.force_login(observer)
    response = client.get("/bodies/CLOSED/")
    if response.status_code == 200:
        page = response.content.decode()
        assert 'name="follow"' not in page and "Log in to follow" not in page
    assert client.post("/follow/body/CLOSED/").status_code == 404


def test_follow_button_runs_few_queries(client, tree, observer, django_assert_max_num_queries):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/bodies/COM5/")
    request.user = observer
    template = Template("{% load portal %}{% follow_button body=body %}")
    with django_assert_max_num_queries(3):  # the reader, once; the follow
        html = template.render(Context({"request": request, "body": tree["com5"]}))
    assert "Follow this body" in html
