"""The check a WebSocket watcher passes on connecting: the same decision as the page and
the API (one policy), in a bounded number of queries, since thousands connect at once."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from plenipot.engine.access import OPENNESSES
from plenipot.negotiation.selectors import access_draft, access_draft_live, draft_may_edit

USERS = ("anonymous", "delegate", "chair", "vice", "outsider", "secretariat", "staff", "observer")


@pytest.fixture
def users(room, django_user_model):
    django_user_model.objects.create_user(username="staff", password=None, is_staff=True)
    django_user_model.objects.create_user(username="observer", password=None, role="observer")

    def fresh(name):
        # A new user object each time, as each connection gets one: nothing cached.
        if name == "anonymous":
            return AnonymousUser()
        return django_user_model.objects.get(username=name)

    return fresh


def _page_decision(user, draft_id):
    try:
        draft = access_draft(user, draft_id)
    except Http404:
        return None
    return draft_may_edit(user, draft)


def _live_decision(user, draft_id):
    try:
        draft, may_edit = access_draft_live(user, draft_id)
    except Http404:
        return None
    assert draft.pk == draft_id
    return may_edit


@pytest.mark.parametrize("openness", OPENNESSES)
def test_the_connect_check_decides_as_the_page_and_the_api(room, users, openness):
    room.body.openness = openness
    room.body.save()
    decisions = {}
    for name in USERS:
        live = _live_decision(users(name), room.draft.pk)
        assert live == _page_decision(users(name), room.draft.pk), (name, openness)
        decisions[name] = live
    # The pen holds the pen whatever the openness; a stranger never gets in unless public.
    assert decisions["chair"] is decisions["vice"] is decisions["secretariat"] is True
    assert decisions["staff"] is True
    assert decisions["delegate"] is False  # a delegation taking part watches, without the pen
    expected = {"public": (False, False), "participants": (None, False), "delegations": (None, None)}
    assert (decisions["anonymous"], decisions["outsider"]) == expected[openness]
    # A missing draft is answered as one the user may not watch.
    assert _live_decision(users("secretariat"), room.draft.pk + 1000) is None


#: The most queries the connect check makes, by who connects. Before: up to 11.
BOUNDS = {
    "anonymous": 1,  # the draft, with its body and the body's chair
    "secretariat": 2,  # + the person
    "staff": 2,
    "observer": 2,
    "chair": 5,  # + the policy's view: role, organisations, chaired bodies
    "outsider": 2,  # no person, not the chair: nothing more to ask
    "vice": 6,  # + whether the person is a vice-chair
    "delegate": 6,
}


@pytest.mark.parametrize("name", USERS)
def test_the_connect_check_makes_few_queries(room, users, name):
    room.body.openness = "public"
    room.body.save()
    user = users(name)
    with CaptureQueriesContext(connection) as queries:
        _live_decision(user, room.draft.pk)
    assert len(queries) <= BOUNDS[name], [q["sql"] for q in queries]
    # The draft's texts, which may be large, are not read on connecting.
    draft_query = queries.captured_queries[0]["sql"]
    assert '"state"' not in draft_query and '"provenance"' not in draft_query


def test_the_connect_check_makes_the_same_queries_for_any_size_of_draft(room, users):
    from plenipot.negotiation.services import operation_apply

    def count():
        with CaptureQueriesContext(connection) as queries:
            _live_decision(users("delegate"), room.draft.pk)
        return len(queries)

    before = count()
    for n in range(3):
        operation_apply(
            draft_id=room.draft.pk, user=room.chair, base=n,
            operation={"op": "edit_text", "eid": "title", "segment": 0, "text": f"Title {n}"},
        )  # fmt: skip
    assert count() == before


@pytest.mark.parametrize("name", USERS)
def test_the_connect_check_takes_the_user_as_channels_gives_it(room, users, name):
    """Channels' authentication puts a lazy object in the scope, not the user itself."""
    from channels.auth import UserLazyObject

    lazy = UserLazyObject()
    lazy._wrapped = users(name)
    assert _live_decision(lazy, room.draft.pk) == _page_decision(users(name), room.draft.pk)
