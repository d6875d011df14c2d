"""Shared fixtures: a small conference built with the services.

pytest-django runs the suite on SQLite by default and on PostgreSQL when
DATABASE_URL is set.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, settings

# Speed is measured by the scripts in benchmarks/, not by timed tests: a property test
# on a busy machine must not fail because one example took longer than usual.
settings.register_profile(
    "plenipot", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("plenipot")


@pytest.fixture
def conference(db):
    from plenipot.conference.services import conference_create

    return conference_create(
        name="Plenipotentiary Conference",
        short_name="PP-14",
        city="Busan",
        country="Republic of Korea",
        start=datetime.date(2014, 10, 20),
        end=datetime.date(2014, 11, 7),
    )


@pytest.fixture
def states(db):
    """Three Member States in different regions."""
    from plenipot.conference.services import organisation_create

    return {
        "FRA": organisation_create(
            kind="member_state", name="France", symbol="F", iso2="FR", iso3="FRA", itu_region="B"
        ),
        "SEN": organisation_create(
            kind="member_state",
            name="Senegal",
            symbol="SEN",
            iso2="SN",
            iso3="SEN",
            itu_region="D",
        ),
        "BRA": organisation_create(
            kind="member_state", name="Brazil", symbol="B", iso2="BR", iso3="BRA", itu_region="A"
        ),
    }


@pytest.fixture
def delegations(conference, states):
    from plenipot.conference.services import delegation_create, person_create

    result = {}
    for iso3, state in states.items():
        delegation = delegation_create(
            conference=conference, organisation=state, credentials_status="accepted"
        )
        person_create(
            given_name="Head", family_name=iso3, delegation=delegation, delegation_role="head"
        )
        result[iso3] = delegation
    return result


@pytest.fixture
def plenary(conference, delegations):
    from plenipot.conference.services import body_create

    chair = delegations["SEN"].members.get()
    return body_create(
        conference=conference, code="PL", name="Plenary", kind="plenary", chair=chair,
        openness="public",
    )
