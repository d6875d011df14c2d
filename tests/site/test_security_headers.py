"""The security headers: a Content-Security-Policy with a fresh nonce on every response
(pages, the API, its docs, error pages), a Permissions-Policy, HSTS only behind the
HTTPS proxy, and no `server` header from the server `plenipot serve` starts."""

from __future__ import annotations

import datetime
import http.client
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import override_settings
from django.urls import path

from plenipot.accounts.models import AccessDecisions
from plenipot.documents.services import document_create

pytestmark = pytest.mark.django_db

TEMPLATES = sorted(Path(__file__).parents[2].glob("src/plenipot/*/templates/**/*.html"))
ONE_YEAR = 365 * 24 * 60 * 60
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def nonce_of(response) -> str:
    (nonce,) = (
        value[len("'nonce-") : -1]
        for value in directives(response)["script-src"]
        if value.startswith("'nonce-")
    )
    return nonce


def inline_scripts(html: str) -> list[str]:
    """The opening tags of the scripts a browser would run from the page itself (not
    the JSON data blocks, which it never runs)."""
    tags = re.findall(r"<script\b[^>]*>", html)
    return [
        tag for tag in tags if "src=" not in tag and "application/json" not in tag
    ]


def assert_site_policy(response) -> None:
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert len(policy["script-src"]) == 2 and policy["script-src"][1].startswith("'nonce-")
    assert policy["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["connect-src"] == ["'self'", "ws://testserver"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in response["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response


@pytest.fixture
def public_document(conference, plenary):
    AccessDecisions.objects.create(conference=conference, public_kinds=["input"])
    return document_create(
        conference=conference, number="27", kind="input", date=datetime.date(2014, 10, 22),
        body=plenary, title="Proposals on international public policy for the Internet",
    )


@pytest.mark.parametrize(
    "address",
    ["/", "/documents/{pk}/", "/api/v1/docs", "/api/v1/conferences", "/no-such-page/"],
)
def test_every_kind_of_response_carries_the_policy_with_a_fresh_nonce(
    client, public_document, address
):
    url = address.format(pk=public_document.pk)
    first, second = client.get(url), client.get(url)
    expected = 404 if "no-such" in url else 200
    assert first.status_code == second.status_code == expected
    assert_site_policy(first)
    assert_site_policy(second)
    assert nonce_of(first) != nonce_of(second)
    if first["Content-Type"].startswith("text/html"):
        for tag in inline_scripts(first.content.decode()):
            assert f'nonce="{nonce_of(first)}"' in tag


def test_the_api_docs_may_show_data_images(client, conference):
    # Swagger UI draws some of its icons as data: images; no other page needs them.
    assert directives(client.get("/api/v1/docs"))["img-src"] == ["'self'", "data:"]
    assert directives(client.get("/"))["img-src"] == ["'self'"]


def test_a_json_answer_is_json_with_the_headers(client, conference):
    response = client.get("/api/v1/conferences")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(response.content)
    assert_site_policy(response)


def _inline_script_view(request):
    template = engines["django"].from_string(
        '<script nonce="{{ request.csp_nonce }}">document.title = "x";</script>'
    )
    return HttpResponse(template.render({}, request))


urlpatterns = [path("inline/", _inline_script_view)]


@override_settings(ROOT_URLCONF=__name__)
def test_an_inline_script_carries_the_nonce_the_header_names(client):
    response = client.get("/inline/")
    nonce = nonce_of(response)
    assert response.content.decode() == (
        f'<script nonce="{nonce}">document.title = "x";</script>'
    )
    assert nonce != nonce_of(client.get("/inline/"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_template_runs_inline_code_or_style_without_the_nonce(template):
    """Inline scripts carry the nonce; event handlers live in the static scripts and
    styles in the static style sheets, which the policy allows."""
    html = template.read_text(encoding="utf-8")
    for tag in inline_scripts(html):
        assert 'nonce="{{ request.csp_nonce }}"' in tag, tag
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html), "inline event handler"
    assert not re.search(r"<[a-z][^>]*\sstyle\s*=", html), "inline style attribute"
    assert not re.search(r"<style\b", html) or 'nonce="{{ request.csp_nonce }}"' in html


def test_no_hsts_over_plain_http(client, conference):
    assert "Strict-Transport-Security" not in client.get("/")


@override_settings(
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    SECURE_HSTS_SECONDS=ONE_YEAR,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=False,
)
def test_hsts_and_secure_sockets_behind_the_https_proxy(client, conference):
    response = client.get("/", headers={"x-forwarded-proto": "https", "host": "testserver"})
    assert response["Strict-Transport-Security"] == f"max-age={ONE_YEAR}"
    assert directives(response)["connect-src"] == ["'self'", "wss://testserver"]
    # A request that did not come through the proxy's HTTPS gets no HSTS.
    assert "Strict-Transport-Security" not in client.get("/")


def _settings_in(env: dict[str, str], tmp_path) -> dict:
    code = (
        "import json, plenipot.site.settings as s; print(json.dumps({"
        "'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0), "
        "'subdomains': getattr(s, 'SECURE_HSTS_INCLUDE_SUBDOMAINS', False), "
        "'proxy': getattr(s, 'SECURE_PROXY_SSL_HEADER', None)}))"
    )
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("PLENIPOT_", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**keep, "PLENIPOT_DATA_DIR": str(tmp_path), **env},
        capture_output=True, text=True, check=True, timeout=60,
    )
    return json.loads(result.stdout)


def test_the_settings_ask_for_hsts_only_behind_the_https_proxy(tmp_path):
    assert _settings_in({}, tmp_path) == {"hsts": 0, "subdomains": False, "proxy": None}
    behind = _settings_in({"PLENIPOT_BEHIND_HTTPS_PROXY": "1"}, tmp_path)
    assert behind == {
        "hsts": ONE_YEAR, "subdomains": False, "proxy": ["HTTP_X_FORWARDED_PROTO", "https"]
    }
    subdomains = _settings_in(
        {"PLENIPOT_BEHIND_HTTPS_PROXY": "1", "PLENIPOT_HSTS_INCLUDE_SUBDOMAINS": "1"}, tmp_path
    )
    assert subdomains["subdomains"] is True


@pytest.fixture
def served(asgi_server):
    return int(asgi_server.rsplit(":", 1)[1])


def test_the_server_does_not_name_itself(served):
    connection = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
    connection.request("GET", "/", headers={"Host": f"localhost:{served}"})
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 200
    assert response.getheader("server") is None
    assert response.getheader("date")
    assert f"connect-src 'self' ws://localhost:{served}" in response.getheader(
        "content-security-policy"
    )
