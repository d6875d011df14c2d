"""A submission through the API alone, then the secretariat's queue on the command line:
upload, submit (late: the deadline has passed), register, allocate; another delegation
sees none of it."""

from __future__ import annotations

import pytest

from plenipot.accounts.services import token_create
from plenipot.cli import main
from plenipot.engine import parse_instrument
from plenipot.formats.docx_out import revision_docx

pytestmark = pytest.mark.django_db

API = "/api/v1/conferences/PP-14"


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def test_a_submission_from_upload_to_allocation_through_the_api(client, world, capsys):
    base = world["resolution"].text
    edited = base.replace("closer cooperation", "closer and wider cooperation")
    data = revision_docx(parse_instrument(base), parse_instrument(edited), author="Brasil")
    delegate = _bearer(world["delegate"])

    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = client.post(
        f"{API}/submissions",
        {
            "file": SimpleUploadedFile("propostas.docx", data),
            "instrument": "resolution 101",
            "title": "Propostas do Brasil sobre a Resolução 101",
        },
        **delegate,
    )
    assert answer.status_code == 201, answer.json()
    upload = answer.json()
    assert upload["status"] == "review" and upload["instrument"] == "resolution 101"
    assert upload["proposals"] == 1

    # Another delegation neither sees nor submits it.
    senegal = _bearer(world["chair"])
    assert client.get(f"{API}/submissions", **senegal).json() == []
    answer = client.post(f"{API}/submissions/{upload['id']}/submit", **senegal)
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"

    answer = client.post(f"{API}/submissions/{upload['id']}/submit", **delegate)
    assert answer.status_code == 200, answer.json()
    submitted = answer.json()
    # The world's conference opened in 2014: its deadline has long passed.
    assert submitted["status"] == "submitted" and submitted["late"] is True
    assert submitted["sources"] == ["B"] and submitted["symbol"] is None

    secretariat = _bearer(world["secretariat"])
    queue = client.get(f"{API}/submissions?status=submitted", **secretariat).json()
    assert [(row["id"], row["late"]) for row in queue] == [(upload["id"], True)]

    answer = client.post(f"{API}/submissions/{upload['id']}/register", {}, content_type="application/json", **secretariat)
    assert answer.status_code == 200, answer.json()
    registered = answer.json()
    assert registered["symbol"] == "Document 28"  # after the world's Document 27

    answer = client.post(
        f"{API}/documents/{registered['document']}/allocations",
        {"body": "COM5"},
        content_type="application/json",
        **secretariat,
    )
    assert answer.status_code == 201, answer.json()
    assert answer.json() == {
        "document": registered["document"], "symbol": "Document 28", "body": "COM5", "proposal": ""
    }

    mine = client.get(f"{API}/submissions", **delegate).json()
    assert [(row["status"], row["symbol"], row["allocated_to"]) for row in mine] == [
        ("registered", "Document 28", ["COM5"])
    ]

    capsys.readouterr()
    assert main(["submissions", "list", "--as", "sec"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.split()[:3] == [str(upload["id"]), "registered", "LATE"]
    assert "Document 28" in line and "Propostas do Brasil" in line


def test_a_file_that_is_not_word_is_refused_and_nothing_kept(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from plenipot.submissions.models import Upload

    answer = client.post(
        f"{API}/submissions",
        {"file": SimpleUploadedFile("x.docx", b"not a zip"), "instrument": "resolution 101"},
        **_bearer(world["delegate"]),
    )
    assert answer.status_code == 400 and answer.json()["code"] == "invalid"
    assert not Upload.objects.exists()
    answer = client.post(
        f"{API}/submissions",
        {"file": SimpleUploadedFile("x.docx", b"PK"), "instrument": "résolution 999"},
        **_bearer(world["delegate"]),
    )
    assert answer.status_code == 400
    assert answer.json()["detail"] == "Choose the instrument the proposals change."
