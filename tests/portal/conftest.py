"""A small conference with a body tree, documents and a user, for the portal pages."""

from __future__ import annotations

import datetime

import pytest


@pytest.fixture
def tree(conference, delegations, plenary, states):
    """PL → COM5, WGPL; COM5 → two ad hoc groups; one ad hoc → a drafting group."""
    from plenipot.conference.services import body_create, organisation_create, person_create
    from plenipot.documents.services import document_create, proposal_create
    from plenipot.negotiation.services import instrument_create

    france = delegations["FRA"]
    brazil = delegations["BRA"]
    french_delegate = person_create(
        given_name="Claire", family_name="Martin", delegation=france, delegation_role="delegate"
    )
    brazil_head = brazil.members.get()
    com5 = body_create(
        conference=conference,
        code="COM5",
        name="Committee 5 – Policy and Legal Matters",
        kind="committee",
        parent=plenary,
        chair=brazil_head,
        vice_chairs=[french_delegate],
        mandate="Consider the proposals on policy and legal matters.",
        openness="public",
    )
    wgpl = body_create(
        conference=conference,
        code="WGPL",
        name="Working Group of the Plenary",
        kind="working_group",
        parent=plenary,
        openness="participants",
    )
    ahg = body_create(
        conference=conference,
        code="COM5-AHG-130",
        name="Ad hoc group on Resolution 130 (strengthening the role of ITU in building "
        "confidence and security in the use of ICTs)",
        kind="ad_hoc",
        parent=com5,
        chair=french_delegate,
        deadline=datetime.date(2014, 10, 30),
    )
    body_create(
        conference=conference,
        code="COM5-AHG-DOCS",
        name="Ad hoc group on access to documents",
        kind="ad_hoc",
        parent=com5,
        deadline=datetime.date(2014, 10, 28),
        status="reported",
    )
    body_create(
        conference=conference,
        code="COM5-AHG-130-DG-RESOLVES",
        name="Drafting group on resolves 2",
        kind="drafting",
        parent=ahg,
    )
    organisation_create(
        kind="regional",
        name="European Conference of Postal and Telecommunications Administrations",
        acronym="CEPT",
        symbol="EUR",
        members=[states["FRA"]],
    )
    resolution = instrument_create(
        conference=conference,
        number="130",
        title="Strengthening the role of ITU in building confidence and security in the use "
        "of information and communication technologies",
    )
    document = document_create(
        conference=conference,
        number="27",
        addendum=1,
        kind="input",
        title="European Common Proposals: Resolution 130",
        date=datetime.date(2014, 9, 20),
        sources=[states["FRA"]],
        body=ahg,
    )
    proposal_create(
        document=document,
        symbol="EUR/27A1/1",
        mark="MOD",
        instrument=resolution,
        target="resolves__para_2",
        text="to continue its work",
        reasons="Clarity.",
    )
    return {"com5": com5, "wgpl": wgpl, "ahg": ahg}


@pytest.fixture
def delegate_user(db, delegations):
    from django.contrib.auth import get_user_model

    from plenipot.conference.models import Person

    user = get_user_model().objects.create_user(
        username="delegate", password="a-long-demo-password", display_name="Awa Diop"
    )
    Person.objects.filter(delegation=delegations["SEN"]).update(user=user)
    return user


@pytest.fixture(autouse=True)
def no_public_page_cache(settings):
    """Pages are rendered afresh in these tests; `test_public_cache` turns the cache on."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
