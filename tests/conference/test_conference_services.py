import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plenipot.conference import selectors, services
from plenipot.conference.models import Body, Delegation, Organisation, Person


def test_conference_create_rejects_unknown_language(db):
    with pytest.raises(ValidationError):
        services.conference_create(
            name="X", short_name="X-1", city="C", country="K",
            start=datetime.date(2014, 1, 1), end=datetime.date(2014, 1, 2),
            languages=["en", "xx"],
        )


def test_conference_create_rejects_end_before_start(db):
    with pytest.raises(ValidationError):
        services.conference_create(
            name="X", short_name="X-1", city="C", country="K",
            start=datetime.date(2014, 1, 2), end=datetime.date(2014, 1, 1),
        )


def test_conference_natural_key(conference):
    assert conference.natural_key() == ("PP-14",)
    assert type(conference).objects.get_by_natural_key("PP-14") == conference
    assert selectors.conference_current() == conference


def test_regional_organisation_members(states):
    cept = services.organisation_create(
        kind="regional", name="European Conference of Postal and Telecommunications Administrations",
        acronym="CEPT", symbol="EUR", members=[states["FRA"]],
    )
    assert list(cept.members.all()) == [states["FRA"]]
    assert list(states["FRA"].regional_organisations.all()) == [cept]
    with pytest.raises(ValidationError):
        services.organisation_set_members(organisation=states["SEN"], members=[states["FRA"]])
    with pytest.raises(ValidationError):
        services.organisation_set_members(organisation=cept, members=[cept])


def test_symbol_and_iso3_unique_but_blank_allowed(states):
    services.organisation_create(kind="observer", name="Observer One")
    services.organisation_create(kind="observer", name="Observer Two")
    assert Organisation.objects.filter(symbol="").count() == 2
    with pytest.raises(ValidationError):
        services.organisation_create(kind="member_state", name="Fake France", symbol="F")


def test_delegation_one_per_organisation(conference, states):
    services.delegation_create(conference=conference, organisation=states["FRA"])
    with pytest.raises(ValidationError):
        services.delegation_create(conference=conference, organisation=states["FRA"])


def test_delegation_credentials(delegations):
    delegation = delegations["FRA"]
    services.delegation_set_credentials(delegation=delegation, status="rejected")
    delegation.refresh_from_db()
    assert not delegation.may_vote
    with pytest.raises(ValidationError):
        services.delegation_set_credentials(delegation=delegation, status="maybe")


def test_person_roles(delegations):
    delegation = delegations["FRA"]
    adviser = services.person_create(
        given_name="Anne", family_name="Martin", delegation=delegation, delegation_role="adviser"
    )
    plain = services.person_create(given_name="Paul", family_name="Durand", delegation=delegation)
    assert plain.delegation_role == Person.DelegationRole.DELEGATE
    with pytest.raises(ValidationError):
        services.person_create(
            given_name="Two", family_name="Heads", delegation=delegation, delegation_role="head"
        )
    with pytest.raises(ValidationError):
        services.person_create(given_name="No", family_name="Delegation", delegation_role="head")
    members = selectors.delegation_members(delegation=delegation)
    assert [m.delegation_role for m in members] == ["head", "delegate", "adviser"]
    assert members[-1] == adviser
    assert selectors.delegation_head(delegation=delegation).family_name == "FRA"


def test_person_role_needs_delegation_in_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(given_name="A", family_name="B", delegation_role="head")


def test_body_tree_rules(conference, plenary, delegations):
    with pytest.raises(ValidationError):
        services.body_create(conference=conference, code="COM9", name="Orphan", kind="committee")
    with pytest.raises(ValidationError):
        services.body_create(
            conference=conference, code="PL2", name="Second", kind="plenary", parent=plenary
        )
    com5 = services.body_create(
        conference=conference, code="COM5", name="Policy and Legal Matters",
        kind="committee", parent=plenary,
    )
    with pytest.raises(ValidationError):
        services.body_create(
            conference=conference, code="COM5", name="Again", kind="committee", parent=plenary
        )
    group = services.body_create(
        conference=conference, code="COM5-AHG-130", name="Ad hoc group on Resolution 130",
        kind="ad_hoc", parent=com5, chair=delegations["BRA"].members.get(),
        vice_chairs=[delegations["FRA"].members.get()],
        deadline=datetime.date(2014, 10, 30),
    )
    assert group.position == 2
    services.body_set_status(body=com5, status="reported")
    group.refresh_from_db()
    assert group.status == Body.Status.DISSOLVED


def _build_tree(conference, plenary, delegations, width=5):
    people = [d.members.get() for d in delegations.values()]
    for i in range(1, width + 1):
        committee = services.body_create(
            conference=conference, code=f"COM{i}", name=f"Committee {i}", kind="committee",
            parent=plenary, chair=people[i % 3], vice_chairs=people[:2],
        )
        for j in range(1, 4):
            services.body_create(
                conference=conference, code=f"COM{i}-AHG-{j}", name=f"Group {j}",
                kind="ad_hoc", parent=committee, chair=people[j % 3], vice_chairs=people,
            )


def test_body_tree_shape(conference, plenary, delegations):
    _build_tree(conference, plenary, delegations, width=2)
    roots = selectors.body_tree(conference=conference)
    assert [r.body.code for r in roots] == ["PL"]
    assert [c.body.code for c in roots[0].children] == ["COM1", "COM2"]
    assert [g.body.code for g in roots[0].children[1].children] == [
        "COM2-AHG-1", "COM2-AHG-2", "COM2-AHG-3",
    ]
    codes = [(n.body.code, n.depth) for n in roots[0].walk()]
    assert codes[:3] == [("PL", 0), ("COM1", 1), ("COM1-AHG-1", 2)]
    assert len(codes) == 1 + 2 + 6


def test_body_tree_query_count_does_not_grow(
    conference, plenary, delegations, django_assert_max_num_queries
):
    _build_tree(conference, plenary, delegations, width=6)
    with django_assert_max_num_queries(2):
        roots = selectors.body_tree(conference=conference)
        for node in roots[0].walk():
            if node.body.chair:
                str(node.body.chair.delegation.organisation)
            [str(p.delegation.organisation) for p in node.body.vice_chairs.all()]
            str(node.body.parent)


def test_delegation_list_counts_members(conference, delegations):
    services.person_create(given_name="X", family_name="Y", delegation=delegations["SEN"])
    sizes = {d.organisation.iso3: d.member_count for d in selectors.delegation_list(conference=conference)}
    assert sizes == {"BRA": 1, "FRA": 1, "SEN": 2}
    assert Delegation.objects.count() == 3


def test_body_ancestors(conference, plenary):
    com5 = services.body_create(
        conference=conference, code="COM5", name="C5", kind="committee", parent=plenary
    )
    group = services.body_create(
        conference=conference, code="G", name="G", kind="ad_hoc", parent=com5
    )
    assert selectors.body_ancestors(body=group) == [plenary, com5]
