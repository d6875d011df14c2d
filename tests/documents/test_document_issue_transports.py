"""Issuing a document of a series and adding a language version's file, from the API and
the command line: the same action as the page, so the same refusals, and nothing stored
for a refused file."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from plenipot.cli import main
from plenipot.formats.docx_out import prose_docx

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
API = "/api/v1/conferences/PP-14/documents"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_secretariat_issues_a_pink_document_through_the_api(world):
    from plenipot.documents.models import Document

    answer = _signed_in(world["secretariat"]).post(
        API,
        {
            "series": "r", "title": "Résolution 101 (Rév. Busan, 2014)", "body": "COM5",
            "original_language": "fr",
            "file_fr": SimpleUploadedFile("R1-F.docx", prose_docx("Réseaux fondés sur le protocole Internet")),
            "file_en": SimpleUploadedFile("R1-E.pdf", PDF),
        },
    )  # fmt: skip
    assert answer.status_code == 201, answer.content
    body = answer.json()
    document = Document.objects.get(pk=body["id"])
    assert document.series == "R" and body["body"] == "COM5" and body["original_language"] == "fr"
    assert sorted(v.language for v in document.versions.all()) == ["en", "fr"]
    # Another language later.
    added = _signed_in(world["secretariat"]).post(
        f"/api/v1/documents/{document.pk}/files/ru",
        {"file": SimpleUploadedFile("R1-R.docx", prose_docx("Сети на базе протокола Интернет"))},
    )
    assert added.status_code == 200, added.content
    assert sorted(v.language for v in document.versions.all()) == ["en", "fr", "ru"]


def test_the_api_refuses_as_the_page_does(world):
    from plenipot.documents.models import Document

    delegate = _signed_in(world["delegate"])
    refused = delegate.post(API, {"series": "ADM", "title": "Timetable"})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    anonymous = Client().post(API, {"series": "INF", "title": "Note"})
    assert anonymous.status_code == 401
    secretariat = _signed_in(world["secretariat"])
    assert secretariat.post(API, {"series": "XYZ", "title": "Note"}).status_code == 400
    assert secretariat.post(API, {"series": "INF", "title": "  "}).status_code == 400
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "0" * (120 * 1024 * 1024))
    answer = secretariat.post(
        API,
        {
            "series": "INF",
            "title": "Bomb",
            "file_en": SimpleUploadedFile("b.docx", bomb.getvalue()),
        },
    )
    assert answer.status_code == 400 and answer.json()["code"] == "invalid"
    assert not Document.objects.filter(series__in=["INF", "ADM"]).exists()
    assert (
        secretariat.post(
            "/api/v1/documents/999999/files/fr", {"file": SimpleUploadedFile("x.pdf", PDF)}
        ).status_code
        == 404
    )


def test_a_delegation_issues_its_own_information_document_from_the_command_line(
    world, tmp_path, capsys, settings
):
    from plenipot.documents.models import Document

    french = tmp_path / "note.docx"
    french.write_bytes(prose_docx("Note d'information de la délégation"))
    status = main([
        "document", "issue", "--as", "del", "--series", "INF", "--title", "Note of Brazil",
        "--original-language", "fr", "--file", f"fr={french}",
    ])  # fmt: skip
    assert status == 0, capsys.readouterr().err
    document = Document.objects.get(series="INF")
    assert [s.iso3 for s in document.sources.all()] == ["BRA"]
    assert f"Issued {document.symbol}" in capsys.readouterr().out
    # The same refusals as the page and the API, in their words.
    assert main(["document", "issue", "--as", "del", "--series", "ADM", "--title", "T"]) == 2
    assert "The secretariat issues documents" in capsys.readouterr().err
    assert (
        main(
            ["document", "issue", "--as", "sec", "--series", "INF", "--title", "T", "--file", "fr"]
        )
        == 2
    )
    assert "LANG=PATH" in capsys.readouterr().err
    assert main(["document", "issue", "--as", "nobody", "--series", "INF", "--title", "T"]) == 2
    assert main(["document", "file", str(document.symbol), "en", str(french), "--as", "sec"]) == 0
    assert "Saved the en file" in capsys.readouterr().out
    assert main(["document", "file", "INF/999", "en", str(french), "--as", "sec"]) == 2
