"""Documents of any series with a file per language, from the pages: the secretariat
issues them, a delegation its own information documents; every file is checked before it
is kept, and a refused file leaves no document behind."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plenipot.formats.docx_out import prose_docx

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _docx(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("anything.docx", prose_docx(text))


def test_the_secretariat_issues_a_document_with_a_file_per_language(client, world):
    from plenipot.documents.models import Document

    client.force_login(world["secretariat"])
    page = client.get(reverse("document-new"))
    assert page.status_code == 200 and 'name="file_ar"' in page.content.decode()
    answer = client.post(
        reverse("document-new"),
        {
            "series": "ADM",
            "title": "الجدول الزمني للمؤتمر",
            "original_language": "ar",
            "file_ar": _docx("الجدول الزمني"),
            "file_zh": SimpleUploadedFile("日程.pdf", PDF),
            "file_ru": _docx("Расписание конференции"),
        },
    )
    document = Document.objects.get(series="ADM")
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "document-detail", args=[document.pk]
    )
    assert document.symbol == "Document ADM/1" or document.number == "ADM/1"
    assert sorted(v.language for v in document.versions.all()) == ["ar", "ru", "zh"]
    stored = document.versions.get(language="zh").file.name
    assert stored.endswith("-zh.pdf") and "日程" not in stored  # our name, not theirs

    page = client.get(reverse("document-detail", args=[document.pk])).content.decode()
    assert reverse("document-file", args=[document.pk, "zh"]) in page
    assert "Add or replace a language file" in page
    download = client.get(reverse("document-file", args=[document.pk, "zh"]))
    assert b"".join(download.streaming_content) == PDF

    # A later version replaces the file of that language.
    client.post(
        reverse("document-file-add", args=[document.pk]),
        {"language": "zh", "file": SimpleUploadedFile("v2.pdf", PDF + b"% v2\n")},
    )
    download = client.get(reverse("document-file", args=[document.pk, "zh"]))
    assert b"".join(download.streaming_content).endswith(b"% v2\n")


def test_a_hostile_file_is_refused_and_no_document_is_left(client, world):
    from plenipot.documents.models import Document

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "0" * (120 * 1024 * 1024))
    client.force_login(world["secretariat"])
    for name, data in (("bomb.docx", bomb.getvalue()), ("notes.exe", b"MZ"), ("x.pdf", b"<html>")):
        answer = client.post(
            reverse("document-new"),
            {"series": "INF", "title": "Notes", "file_en": SimpleUploadedFile(name, data)},
        )
        assert answer.status_code == 400, name
    assert not Document.objects.filter(series="INF").exists()


def test_a_delegation_issues_its_own_information_documents_only(client, world):
    from plenipot.documents.models import Document

    client.force_login(world["delegate"])  # Brazil
    page = client.get(reverse("document-new")).content.decode()
    assert 'value="INF"' in page and 'value="ADM"' not in page
    assert client.post(reverse("document-new"), {"series": "ADM", "title": "X"}).status_code == 403
    client.post(
        reverse("document-new"),
        {"series": "INF", "title": "Informação do Brasil", "file_es": _docx("Información")},
    )
    information = Document.objects.get(series="INF")
    assert [s.iso3 for s in information.sources.all()] == ["BRA"]
    answer = client.post(
        reverse("document-file-add", args=[information.pk]),
        {"language": "fr", "file": _docx("Information du Brésil")},
    )
    assert answer.status_code == 302
    assert sorted(v.language for v in information.versions.all()) == ["es", "fr"]
    # Not on the documents of others.
    answer = client.post(
        reverse("document-file-add", args=[world["doc27"].pk]),
        {"language": "fr", "file": _docx("Non")},
    )
    assert answer.status_code == 403
