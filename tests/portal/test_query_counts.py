"""Every portal page runs a bounded number of queries: the same count whatever the size
of the conference, for the anonymous public and for signed-in readers."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plenipot.accounts.models import AccessDecisions, Follow
from plenipot.accounts.services import access_decisions_set, token_create, user_create
from plenipot.conference.services import body_create, person_create
from plenipot.documents.models import DocumentVersion
from plenipot.documents.services import document_create, proposal_create
from plenipot.meetings.models import Meeting
from plenipot.negotiation.models import Instrument

pytestmark = pytest.mark.django_db

# Pages anyone may open; {doc} is a public document's id.
PUBLIC_PAGES = [
    "/",
    "/bodies/",
    "/bodies/COM5/",
    "/bodies/PL/",
    "/delegations/",
    "/delegations/FRA/",
    "/documents/",
    "/documents/?page=2",
    "/documents/?q=Resolution",
    "/documents/?kind=input&source=FRA&language=en&from=2014-09-01&to=2014-12-01",
    "/documents/{doc}/",
    "/changes/?day=2014-09-20",
    "/calendar/",
    "/feeds/documents.atom",
    "/feeds/bodies/COM5/documents.atom",
    "/feeds/instruments/130/documents.atom",
    "/feeds/meetings.ics",
    "/feeds/bodies/PL/meetings.ics",
    "/feeds/delegations/FRA/meetings.ics",
    "/accounts/login/",
    "/accounts/password-reset/",
]
# Pages for signed-in users only.
SIGNED_IN_PAGES = ["/follows/", "/account/tokens/"]
SECRETARIAT_PAGES = ["/secretariat/access/"]

_counter = itertools.count(1000)


def grow(conference, tree, states, delegations, users, *, times: int) -> None:
    """More of everything the pages list: documents with proposals, sources and
    versions, bodies, meetings, people, follows, tokens and logged decisions."""
    resolution = Instrument.objects.get(conference=conference, number="130")
    start = timezone.make_aware(datetime.datetime(2014, 10, 22, 9))
    for _ in range(times):
        n = next(_counter)
        document = document_create(
            conference=conference, number=str(n), kind="input", date=conference.start,
            title=f"Resolution 130 proposal {n}", sources=[states["FRA"], states["BRA"]],
            body=tree["com5"],
        )
        proposal_create(
            document=document, symbol=f"F/{n}/1", mark="MOD", instrument=resolution,
            target="resolves__para_2", text="to continue", reasons="Resolution 130.",
        )
        DocumentVersion.objects.create(document=document, language="fr", text="texte")
        document_create(
            conference=conference, number=f"DT/{n}", kind="temporary", date=conference.start,
            title=f"Restricted draft {n}", body=tree["ahg"], sources=[states["SEN"]],
        )
        body = body_create(
            conference=conference, code=f"G{n}", name=f"Group {n}", kind="ad_hoc",
            parent=tree["com5"], openness="public",
        )
        Meeting.objects.create(
            conference=conference, body=body, number=1, starts_at=start,
            ends_at=start + datetime.timedelta(hours=1), room=f"Room {n}", openness="public",
        )
        Meeting.objects.create(
            conference=conference, body=tree["com5"], number=n, starts_at=start,
            ends_at=start + datetime.timedelta(hours=1), room="Room B", openness="public",
        )
        person_create(given_name="Ana", family_name=f"Silva {n}", delegation=delegations["FRA"])
        for user in users.values():
            Follow.objects.get_or_create(user=user, body=body)
            token_create(user=user)
        access_decisions_set(
            actor=users["secretariat"], conference=conference,
            public_kinds=["input", "output"] if n % 2 else ["input"], source_may_publish=True,
        )


def count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


@pytest.fixture
def world(tree, conference, states, delegations, delegate_user):
    AccessDecisions.objects.create(conference=conference, public_kinds=["input", "output"])
    users = {
        "delegate": delegate_user,
        "observer": user_create(username="watcher", password=None, role="observer"),
        "secretariat": user_create(username="sec", password=None, role="secretariat"),
    }
    doc = document_create(
        conference=conference, number="31", kind="input", date=conference.start,
        title="Resolution 130 public proposal", sources=[states["FRA"]], body=tree["com5"],
    )
    grow(conference, tree, states, delegations, users, times=1)
    return {"users": users, "doc": doc, "tree": tree, "states": states, "delegations": delegations}


@pytest.fixture(autouse=True)
def no_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def _pages(reader: str) -> list[str]:
    pages = list(PUBLIC_PAGES)
    if reader != "anonymous":
        pages = [p for p in pages if not p.startswith("/accounts/")] + SIGNED_IN_PAGES
    if reader == "secretariat":
        pages += SECRETARIAT_PAGES
    return pages


@pytest.mark.parametrize("reader", ["anonymous", "observer", "delegate", "secretariat"])
def test_every_page_runs_the_same_number_of_queries_as_the_conference_grows(
    client, world, conference, reader
):
    if reader != "anonymous":
        client.force_login(world["users"][reader])
    pages = [p.format(doc=world["doc"].pk) for p in _pages(reader)]
    for path in pages:
        client.get(path)  # warm the per-process caches (content types, translations)
    before = {path: count(client, path) for path in pages}
    grow(conference, world["tree"], world["states"], world["delegations"], world["users"], times=4)
    after = {path: count(client, path) for path in pages}
    grown = {path: (before[path], after[path]) for path in pages if after[path] > before[path]}
    assert not grown, f"pages whose queries grow with the conference: {grown}"
    for path, n in after.items():
        assert n <= 30, f"{path} runs {n} queries"
