"""The API under the access policy: bearer tokens, document endpoints, 404 alike."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys

import pytest

from plenipot.accounts.models import AccessDecisions, ApiToken
from plenipot.accounts.services import token_create, token_revoke_all, token_user, user_create
from plenipot.conference.services import body_create
from plenipot.documents.services import document_create

API = "/api/v1"
pytestmark = pytest.mark.django_db


@pytest.fixture
def api_world(conference, delegations, plenary, states):
    AccessDecisions.objects.create(conference=conference, public_kinds=["input"])
    closed = body_create(
        conference=conference, code="AHG-Y", name="Ad hoc Y", kind="ad_hoc", parent=plenary,
        openness="delegations",
    )
    day = datetime.date(2014, 10, 22)
    public = document_create(
        conference=conference, number="30", kind="input", date=day, body=plenary,
        title="Open proposals on Resolution 102", sources=[states["FRA"]],
    )
    limited = document_create(
        conference=conference, number="DL/4", kind="temporary", date=day, body=closed,
        title="Limited fallback of Senegal", sources=[states["SEN"]],
    )
    sen = user_create(username="sen", password=None)
    head = delegations["SEN"].members.get()
    head.user = sen
    head.save()
    bra = user_create(username="bra", password=None)
    head = delegations["BRA"].members.get()
    head.user = bra
    head.save()
    return {"public": public, "limited": limited, "sen": sen, "bra": bra}


def _titles(response):
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


def test_anonymous_reads_public_documents_only(client, api_world):
    titles = _titles(client.get(f"{API}/conferences/PP-14/documents"))
    assert titles == {"Open proposals on Resolution 102"}
    assert client.get(f"{API}/documents/{api_world['public'].pk}").status_code == 200
    restricted = client.get(f"{API}/documents/{api_world['limited'].pk}")
    missing = client.get(f"{API}/documents/999999")
    assert restricted.status_code == missing.status_code == 404
    assert restricted.json() == missing.json()


def test_bearer_token_reads_as_its_user(client, api_world):
    key = token_create(user=api_world["sen"])
    headers = {"Authorization": f"Bearer {key}"}
    titles = _titles(client.get(f"{API}/conferences/PP-14/documents", headers=headers))
    assert "Limited fallback of Senegal" in titles
    detail = client.get(f"{API}/documents/{api_world['limited'].pk}", headers=headers)
    assert detail.status_code == 200 and detail.json()["symbol"]
    other = token_create(user=api_world["bra"])
    titles = _titles(
        client.get(
            f"{API}/conferences/PP-14/documents", headers={"Authorization": f"Bearer {other}"}
        )
    )
    assert "Limited fallback of Senegal" not in titles
    assert ApiToken.objects.get(user=api_world["sen"]).last_used_at is not None


@pytest.mark.parametrize(
    "header", ["Bearer nope", "Bearer plp_" + "x" * 43, "Bearer ", "Basic abc", "Bearer \x7f"]
)
def test_bad_tokens_are_refused(client, api_world, header):
    response = client.get(f"{API}/conferences/PP-14/documents", headers={"Authorization": header})
    assert response.status_code == 401


def test_revoked_tokens_and_disabled_users(api_world):
    key = token_create(user=api_world["sen"])
    assert token_user(key=key) == api_world["sen"]
    assert ApiToken.objects.get().key_hash != key, "only the hash is stored"
    token_revoke_all(user=api_world["sen"])
    assert token_user(key=key) is None
    key = token_create(user=api_world["bra"])
    api_world["bra"].is_active = False
    api_world["bra"].save()
    assert token_user(key=key) is None


def test_document_search_and_bad_queries(client, api_world):
    url = f"{API}/conferences/PP-14/documents"
    assert _titles(client.get(url, {"q": "Resolution 102"})) == {"Open proposals on Resolution 102"}
    assert _titles(client.get(url, {"q": "fallback"})) == set()
    for query in ['"', "NEAR(", "*", "\x01", "a OR b"]:
        assert client.get(url, {"q": query}).status_code in (200, 422)
    assert client.get(url, {"q": "x" * 500}).status_code == 422
    assert client.get(url, {"kind": "bogus"}).status_code == 422


def test_document_list_query_count(client, api_world, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(f"{API}/conferences/PP-14/documents").status_code == 200


def test_body_detail_lists_only_readable_documents(client, api_world):
    body = client.get(f"{API}/conferences/PP-14/bodies/AHG-Y").json()
    assert body["documents"] == []
    client.force_login(api_world["sen"])
    body = client.get(f"{API}/conferences/PP-14/bodies/AHG-Y").json()
    assert [d["title"] for d in body["documents"]] == ["Limited fallback of Senegal"]


def test_token_command_prints_a_working_token(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.pop("PYTEST_VERSION", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    data = str(tmp_path / "data")

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "plenipot", *args, "--data-dir", data],
            capture_output=True, text=True, env=env, timeout=300,
        )

    assert run("migrate").returncode == 0
    missing = run("token", "nobody")
    assert missing.returncode != 0 and "nobody" in missing.stderr
    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'plenipot.site.settings'); django.setup(); "
        "from plenipot.accounts.services import user_create; "
        "user_create(username='alice', password=None)"
    )
    subprocess.run(
        [sys.executable, "-c", script], env={**env, "PLENIPOT_DATA_DIR": data}, check=True,
        timeout=120,
    )
    result = run("token", "alice")
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert key.startswith("plp_") and len(key) > 40


def test_the_api_root_names_the_docs_and_the_openapi_document(client):
    response = client.get(f"{API}/")
    assert response.status_code == 200
    index = response.json()
    assert index["docs"].endswith(f"{API}/docs")
    assert index["openapi"].endswith(f"{API}/openapi.json")
    assert client.get(index["openapi"]).status_code == 200
    assert client.get(index["conferences"]).status_code == 200
