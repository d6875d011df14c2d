"""The read API: the schema, the endpoints, no server error, bounded queries."""

import datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error, response_schema_conformance

from plenipot.conference import services
from plenipot.documents.services import document_create

API = "/api/v1"


@pytest.fixture
def committees(conference, plenary, delegations):
    people = [d.members.get() for d in delegations.values()]
    made = []
    for i in range(1, 7):
        committee = services.body_create(
            conference=conference, code=f"COM{i}", name=f"Committee {i}", kind="committee",
            parent=plenary, chair=people[i % 3], vice_chairs=people[:2], openness="public",
        )
        services.body_create(
            conference=conference, code=f"COM{i}-AHG-1", name=f"Ad hoc group {i}",
            kind="ad_hoc", parent=committee, chair=people[(i + 1) % 3], vice_chairs=people,
            deadline=datetime.date(2014, 10, 30),
        )
        made.append(committee)
    document_create(
        conference=conference, number="27", addendum=1, kind="input", title="Proposals",
        date=datetime.date(2014, 9, 1), body=made[4],
    )
    return made


def test_openapi_schema_is_valid(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    paths = set(schema["paths"])
    assert {
        f"{API}/conferences",
        f"{API}/conferences/{{short_name}}",
        f"{API}/organisations",
        f"{API}/organisations/{{organisation_id}}",
        f"{API}/conferences/{{short_name}}/delegations",
        f"{API}/conferences/{{short_name}}/delegations/{{iso3}}",
        f"{API}/conferences/{{short_name}}/bodies",
        f"{API}/conferences/{{short_name}}/bodies/{{code}}",
    } <= paths


def test_docs_page_serves_its_assets_locally(client):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    assert b"/static/ninja/" in response.content
    assert b"cdn." not in response.content


def test_conference(client, conference):
    assert client.get(f"{API}/conferences").json()["count"] == 1
    body = client.get(f"{API}/conferences/PP-14").json()
    assert body["city"] == "Busan" and body["start"] == "2014-10-20"
    assert body["languages"] == ["ar", "zh", "en", "fr", "ru", "es"]
    assert client.get(f"{API}/conferences/PP-99").status_code == 404


def test_organisations_filters_and_pagination(client, states):
    cept = services.organisation_create(
        kind="regional", name="CEPT", acronym="CEPT", symbol="EUR", members=[states["FRA"]]
    )
    everything = client.get(f"{API}/organisations").json()
    assert everything["count"] == 4
    regional = client.get(f"{API}/organisations", {"kind": "regional"}).json()
    assert [o["symbol"] for o in regional["items"]] == ["EUR"]
    region_d = client.get(f"{API}/organisations", {"itu_region": "D"}).json()
    assert [o["iso3"] for o in region_d["items"]] == ["SEN"]
    page = client.get(f"{API}/organisations", {"limit": 2, "offset": 1}).json()
    assert page["count"] == 4 and len(page["items"]) == 2
    assert client.get(f"{API}/organisations", {"kind": "planet"}).status_code == 422
    assert client.get(f"{API}/organisations", {"limit": 0}).status_code == 422
    detail = client.get(f"{API}/organisations/{cept.pk}").json()
    assert [m["iso3"] for m in detail["members"]] == ["FRA"]
    france = client.get(f"{API}/organisations/{states['FRA'].pk}").json()
    assert [o["symbol"] for o in france["regional_organisations"]] == ["EUR"]
    assert client.get(f"{API}/organisations/999999").status_code == 404
    assert client.get(f"{API}/organisations/{2**40}").status_code == 422


def test_delegations(client, delegations, committees):
    services.person_create(given_name="A", family_name="Adviser", delegation=delegations["SEN"],
                           delegation_role="adviser")
    listing = client.get(f"{API}/conferences/PP-14/delegations").json()
    assert listing["count"] == 3
    sizes = {d["organisation"]["iso3"]: d["size"] for d in listing["items"]}
    assert sizes == {"BRA": 1, "FRA": 1, "SEN": 2}
    accepted = client.get(
        f"{API}/conferences/PP-14/delegations", {"credentials_status": "pending"}
    ).json()
    assert accepted["count"] == 0
    senegal = client.get(f"{API}/conferences/PP-14/delegations/sen").json()
    assert [m["delegation_role"] for m in senegal["members"]] == ["head", "adviser"]
    assert "PL" in senegal["chairs"]
    assert client.get(f"{API}/conferences/PP-14/delegations/XYZ").status_code == 404


def test_bodies(client, committees):
    listing = client.get(f"{API}/conferences/PP-14/bodies").json()
    assert listing["count"] == 13
    assert listing["items"][0]["code"] == "PL"
    groups = client.get(f"{API}/conferences/PP-14/bodies", {"kind": "ad_hoc"}).json()
    assert groups["count"] == 6
    under5 = client.get(f"{API}/conferences/PP-14/bodies", {"parent": "COM5"}).json()
    assert [b["code"] for b in under5["items"]] == ["COM5-AHG-1"]
    com5 = client.get(f"{API}/conferences/PP-14/bodies/COM5").json()
    assert com5["parent"] == "PL" and com5["children"] == ["COM5-AHG-1"]
    # Input documents are not public until the conference decides so.
    assert com5["documents"] == []
    from plenipot.accounts.models import AccessDecisions

    AccessDecisions.objects.create(conference=committees[0].conference, public_kinds=["input"])
    com5 = client.get(f"{API}/conferences/PP-14/bodies/COM5").json()
    assert com5["documents"][0]["number"] == "27"
    assert com5["chair"]["delegation"] in {"France", "Senegal", "Brazil"}
    assert len(com5["vice_chairs"]) == 2
    assert client.get(f"{API}/conferences/PP-14/bodies/NOPE").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/conferences/PP-14/bodies",
        "/conferences/PP-14/delegations",
        "/organisations",
    ],
)
def test_list_query_count_does_not_grow(client, committees, django_assert_max_num_queries, path):
    with django_assert_max_num_queries(5):
        response = client.get(f"{API}{path}", {"limit": 500})
    assert response.status_code == 200


def test_body_detail_query_count(client, committees, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(f"{API}/conferences/PP-14/bodies/COM5").status_code == 200


@pytest.fixture
def api_schema(committees):
    """The schema, served by the WSGI application inside the test's transaction.

    Like Django's test client, keep the request signals from closing the database
    connection: with persistent connections on PostgreSQL that would end the test's
    transaction.
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from plenipot.site.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.from_wsgi(f"{API}/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# django-ninja writes OpenAPI 3.1, which this schemathesis release reads behind a flag.
schemathesis.experimental.OPEN_API_3_1.enable()
schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_server_error(case):
    response = case.call_wsgi()
    case.validate_response(response, checks=(not_a_server_error, response_schema_conformance))
