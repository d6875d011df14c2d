"""The access service: the list filter equals the per-document decision, the 404s, the
audit of restricted reads."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.http import Http404

from plenipot.accounts import access
from plenipot.accounts.models import AccessDecisions, AuditEntry, DocumentRelease
from plenipot.accounts.services import user_create
from plenipot.conference.models import Body
from plenipot.conference.services import body_create, organisation_create, person_create
from plenipot.documents import access as document_access
from plenipot.documents.models import Document
from plenipot.documents.services import document_create
from plenipot.engine import access as policy
from plenipot.engine.access import KINDS, OPENNESSES


@pytest.fixture
def world(conference, delegations, plenary, states):
    """Documents of every kind, openness, source and release; readers of every kind."""
    bodies = {"public": plenary}
    for openness in ("participants", "delegations"):
        bodies[openness] = body_create(
            conference=conference, code=f"B-{openness}", name=openness, kind="committee",
            openness=openness, parent=plenary,
        )
    number = itertools.count(1)
    for kind, openness, source, published, limited in itertools.product(
        KINDS, [None, *OPENNESSES], ["FRA", "SEN", None], [False, True], [False, True]
    ):
        document = document_create(
            conference=conference, number=str(next(number)), kind=kind,
            title=f"{kind} {openness} {source} {published} {limited}",
            date=datetime.date(2014, 10, 21),
            sources=[states[source]] if source else [],
            body=bodies.get(openness),
        )
        if published or limited:
            DocumentRelease.objects.create(
                document=document, published_by_source=published, limited=limited
            )
    # A limited series, and submissions not yet registered, published or not.
    document_create(
        conference=conference, number="DL/1", kind="temporary", title="limited series",
        date=datetime.date(2014, 10, 21), sources=[states["FRA"]], body=plenary,
    )
    for published in (False, True):
        submitted = document_create(
            conference=conference, number=str(next(number)), kind="input",
            title=f"submitted {published}", date=datetime.date(2014, 10, 21),
            sources=[states["FRA"]],
        )
        Document.objects.filter(pk=submitted.pk).update(status=Document.Status.SUBMITTED)
        DocumentRelease.objects.create(document=submitted, published_by_source=published)
    users = {"anonymous": None}
    users["observer"] = user_create(username="observer", password=None)
    users["secretariat"] = user_create(username="sec", password=None, role="secretariat")
    for iso3 in ("FRA", "BRA"):
        user = user_create(username=iso3.lower(), password=None)
        person_create(
            given_name="D", family_name=iso3, delegation=delegations[iso3],
            delegation_role="delegate", user=user,
        )
        users[iso3] = user
    # The head of Senegal chairs the Plenary.
    chair_user = user_create(username="chair", password=None)
    head = delegations["SEN"].members.get()
    head.user = chair_user
    head.save()
    users["chair"] = chair_user
    return users


def _fresh(user):
    if user is None:
        return None
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize(
    "public_kinds,may_publish",
    [(None, None), ([], False), (["input", "output"], True), (list(KINDS), False)],
)
def test_list_filter_equals_single_decision(world, conference, public_kinds, may_publish):
    if public_kinds is not None:
        AccessDecisions.objects.create(
            conference=conference, public_kinds=public_kinds, source_may_publish=may_publish
        )
    documents = list(
        Document.objects.select_related("body", "release").prefetch_related("sources")
    )
    for name, user in world.items():
        user = _fresh(user)
        listed = set(
            document_access.documents_readable(user, Document.objects.all()).values_list("pk", flat=True)
        )
        expected = {d.pk for d in documents if document_access.document_readable(user, d)}
        assert listed == expected, name
        # Every listed row once: the filter must not duplicate rows through joins.
        assert document_access.documents_readable(user, Document.objects.all()).count() == len(listed)


def test_readers_differ_as_the_policy_says(world, conference):
    AccessDecisions.objects.create(conference=conference, public_kinds=["input", "output"])
    counts = {
        name: document_access.documents_readable(_fresh(user), Document.objects.all()).count()
        for name, user in world.items()
    }
    total = Document.objects.count()
    assert counts["secretariat"] == total
    assert counts["anonymous"] < counts["observer"] < counts["FRA"] < total
    # France reads its own limited documents; Brazil, which submitted none, does not.
    limited_fra = Document.objects.filter(release__limited=True, sources__iso3="FRA")
    assert limited_fra.exists()
    dl = Document.objects.get(number="DL/1")
    assert not document_access.document_readable(None, dl)
    assert not document_access.document_readable(_fresh(world["BRA"]), dl)
    assert document_access.document_readable(_fresh(world["FRA"]), dl)
    for submitted in Document.objects.filter(status=Document.Status.SUBMITTED):
        assert not document_access.document_readable(None, submitted)
        assert not document_access.document_readable(_fresh(world["BRA"]), submitted)
        assert document_access.document_readable(_fresh(world["FRA"]), submitted)
    for document in limited_fra.filter(release__published_by_source=False):
        assert document_access.document_readable(_fresh(world["FRA"]), document)
        assert not document_access.document_readable(_fresh(world["BRA"]), document)


def test_access_document_answers_404_alike_and_audits_restricted_reads(world, conference):
    restricted = Document.objects.filter(
        release__limited=True, release__published_by_source=False, sources__iso3="FRA"
    ).first()
    with pytest.raises(Http404):
        document_access.access_document(None, restricted.pk)
    with pytest.raises(Http404):
        document_access.access_document(_fresh(world["BRA"]), restricted.pk)
    for missing in (10**9, "abc", None, -1):
        with pytest.raises(Http404):
            document_access.access_document(None, missing)
    assert not AuditEntry.objects.exists()
    reader = _fresh(world["FRA"])
    assert document_access.access_document(reader, restricted.pk) == restricted
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.RESTRICTED_READ
    assert entry.user == reader and entry.document == restricted
    public = Document.objects.filter(release__published_by_source=True).first()
    document_access.access_document(None, public.pk)
    assert AuditEntry.objects.count() == 1


def test_regional_group_members_read_common_proposals(world, conference, states, delegations):
    cept = organisation_create(kind="regional", name="CEPT", acronym="CEPT", symbol="EUR")
    cept.members.set([states["FRA"]])
    document = document_create(
        conference=conference, number="999", kind="input", title="Common proposals",
        date=datetime.date(2014, 10, 22), sources=[cept],
    )
    DocumentRelease.objects.create(document=document, limited=True)
    assert document_access.document_readable(_fresh(world["FRA"]), document)
    assert not document_access.document_readable(_fresh(world["BRA"]), document)
    qs = Document.objects.filter(pk=document.pk)
    assert document_access.documents_readable(_fresh(world["FRA"]), qs).count() == 1
    assert document_access.documents_readable(_fresh(world["BRA"]), qs).count() == 0


def test_bodies_watchable(world, conference):
    bodies = Body.objects.filter(conference=conference)
    for name, user in world.items():
        user = _fresh(user)
        listed = set(access.bodies_watchable(user, bodies).values_list("pk", flat=True))
        assert listed == {b.pk for b in bodies if access.body_watchable(user, b)}, name
    closed = bodies.get(openness="delegations")
    assert not access.body_watchable(None, closed)
    assert not access.body_watchable(_fresh(world["observer"]), closed)
    assert access.body_watchable(_fresh(world["BRA"]), closed)
    assert policy.ANONYMOUS == access.reader_for(None)
