"""Writes through the API: an anonymous caller is refused (401) before anything it sent is
read, and a write made with the browser session needs Django's CSRF token, so that
another site cannot make a signed-in browser write. A bearer token needs none."""

from __future__ import annotations

import json

import pytest
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from plenipot.accounts.services import token_create
from plenipot.tracker.models import Declaration

UNSAFE = {"post", "put", "patch", "delete"}
FOREIGN = "https://elsewhere.example"


def _unsafe_operations():
    """Every write of the OpenAPI document, read from the schema itself so that a new
    endpoint is covered without being listed here."""
    from plenipot.api.api import api

    schema = api.get_openapi_schema()
    for path, operations in sorted(schema["paths"].items()):
        for method, operation in sorted(operations.items()):
            if method in UNSAFE:
                yield pytest.param(method, path, operation, id=f"{method.upper()} {path}")


def _invalid(parameter) -> str:
    """A value the parameter does not accept, where it has a type or a pattern."""
    schema = parameter.get("schema", {})
    if schema.get("type") in {"integer", "number"}:
        return "not-a-number"
    return "!!" if schema.get("pattern") else "x"


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "operation"), list(_unsafe_operations()))
def test_an_anonymous_write_is_refused_before_it_is_validated(client, method, path, operation):
    parameters = operation.get("parameters", [])
    url = path
    query = {}
    for parameter in parameters:
        if parameter["in"] == "path":
            url = url.replace("{" + parameter["name"] + "}", _invalid(parameter))
        elif parameter["in"] == "query":
            query[parameter["name"]] = _invalid(parameter)
    if query:
        url += "?" + "&".join(f"{name}={value}" for name, value in query.items())
    response = getattr(client, method)(url, "[1, 2, 3]", content_type="application/json")
    assert response.status_code == 401, response.content
    assert "bearer token" in response.json()["detail"]


def test_the_schema_has_writes_to_check():
    assert len(list(_unsafe_operations())) >= 10


def _csrf(client: Client) -> str:
    """Give the client a CSRF cookie, as a page of the site does; the token for a header."""
    request = RequestFactory().get("/")
    token = get_token(request)
    client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    return token


DECLARATION = {"delegations": ["FRA", "SEN"], "text": "France and Senegal reserve the right."}


@pytest.fixture
def browser(world):
    """A signed-in browser of the secretariat that checks CSRF as a real one is checked."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world["secretariat"])
    return browser


def _declare(browser, **headers):
    return browser.post(
        "/api/v1/conferences/PP-14/declarations",
        json.dumps(DECLARATION),
        content_type="text/plain",
        **headers,
    )


def test_a_cross_site_declaration_with_the_session_is_refused(browser):
    refused = _declare(browser, HTTP_ORIGIN=FOREIGN)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Declaration.objects.exists()
    # Nor without an Origin header, as an older browser sends it.
    assert _declare(browser).status_code == 403
    assert not Declaration.objects.exists()


def test_a_declaration_with_the_session_and_its_csrf_token_is_recorded(browser):
    token = _csrf(browser)
    made = _declare(browser, HTTP_ORIGIN="http://testserver", HTTP_X_CSRFTOKEN=token)
    assert made.status_code == 201, made.content
    assert Declaration.objects.count() == 1
    # The token does not make a foreign origin acceptable.
    assert _declare(browser, HTTP_ORIGIN=FOREIGN, HTTP_X_CSRFTOKEN=token).status_code == 403
    assert Declaration.objects.count() == 1


def test_a_declaration_with_a_bearer_token_needs_no_csrf_token(world):
    program = Client(enforce_csrf_checks=True)
    bearer = f"Bearer {token_create(user=world['secretariat'])}"
    made = _declare(program, HTTP_ORIGIN=FOREIGN, HTTP_AUTHORIZATION=bearer)
    assert made.status_code == 201, made.content
    assert Declaration.objects.count() == 1


def test_reads_with_the_session_need_no_csrf_token(browser):
    answer = browser.get("/api/v1/conferences/PP-14", HTTP_ORIGIN=FOREIGN)
    assert answer.status_code == 200


@pytest.mark.django_db
def test_the_documentation_page_sends_the_csrf_token(client):
    page = client.get("/api/v1/docs").content.decode()
    assert 'data-api-csrf="true"' in page
