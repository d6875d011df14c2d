"""The document page's six languages: the documents app's files and texts joined with
the translation's language versions, and a final version downloadable as a file."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse


@pytest.fixture
def secretariat(db):
    from plenipot.accounts.services import user_create

    return user_create(username="sec-doc", password=None, role="secretariat")


@pytest.fixture
def french_final(dt, agreed):
    """The DT's French version, final: the agreed French of the text in force, which has
    the same provisions."""
    from plenipot.translation.services import expression_fill

    agreed_french = agreed.expressions.get(language="fr")
    texts = {eid: segment["text"] for eid, segment in agreed_french.segments.items()}
    return expression_fill(
        expression=dt.expressions.get(language="fr"), texts=texts, status="final", origin="human"
    )


def _rows(page: str) -> dict[str, str]:
    import re

    return {
        language: row
        for language, row in re.findall(r'<tr data-language="(\w+)">(.*?)</tr>', page, flags=re.S)
    }


def test_the_page_shows_each_language_its_form_and_state(
    client, secretariat, dt, settings, tmp_path, django_assert_max_num_queries
):
    from plenipot.documents.models import DocumentVersion

    settings.MEDIA_ROOT = tmp_path
    document = dt.document
    version = DocumentVersion(document=document, language="es", text="")
    version.file.save("dt3-es.docx", ContentFile(b"PK fake"), save=True)
    DocumentVersion.objects.create(document=document, language="en", text=document.text or "x")
    dt.expressions.filter(language="ar").update(status="in_revision")
    client.force_login(secretariat)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("document-detail", args=[document.pk])).content.decode()
    rows = _rows(page)
    assert list(rows) == ["ar", "zh", "en", "fr", "ru", "es"]
    assert "original" in rows["en"] and "structured text" in rows["en"]
    assert "In revision" in rows["ar"] and "Pending" in rows["fr"]
    assert ">file<" in rows["es"] and reverse("document-file", args=[document.pk, "es"]) in rows["es"]
    assert reverse("translation-workspace", args=[dt.expressions.get(language="fr").pk]) in rows["fr"]
    assert reverse("translation-checks", args=[dt.pk]) in page


def test_a_final_version_is_downloadable(client, secretariat, dt, french_final):
    client.force_login(secretariat)
    page = client.get(reverse("document-detail", args=[dt.document.pk])).content.decode()
    url = reverse("translation-download", args=[dt.pk, "fr"])
    assert url in _rows(page)["fr"] and "Final" in _rows(page)["fr"]
    assert url not in _rows(page)["ru"]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="DT-3-fr.txt"'
    text = response.content.decode()
    assert text.startswith("Résolution 179 (Guadalajara, 2010)\n")
    assert "\ndécide\n1 de poursuivre" in text and "\n2 de faire rapport au Conseil" in text
    # The file reads back as an instrument with the original's provisions.
    from plenipot.engine.instrument import flatten, parse_instrument
    from plenipot.translation.selectors import source_units

    assert len(flatten(parse_instrument(text))) == len(source_units(dt))


def test_download_is_refused_when_not_final_or_not_readable(client, delegate, secretariat, dt, french_final):
    client.force_login(secretariat)
    assert client.get(reverse("translation-download", args=[dt.pk, "ru"])).status_code == 404
    assert client.get(reverse("translation-download", args=[dt.pk, "xx"])).status_code == 404
    document = dt.document
    document.status = "submitted"
    document.save()
    client.force_login(delegate)
    assert client.get(reverse("translation-download", args=[dt.pk, "fr"])).status_code == 404


def test_a_document_without_translation_shows_its_files_only(client, secretariat, conference):
    import datetime

    from plenipot.documents.models import Document, DocumentVersion

    document = Document.objects.create(
        conference=conference, number="INF/2", kind="information", title="Practical information",
        date=datetime.date(2014, 10, 20),
    )
    DocumentVersion.objects.create(document=document, language="fr", text="Informations pratiques")
    client.force_login(secretariat)
    rows = _rows(client.get(reverse("document-detail", args=[document.pk])).content.decode())
    assert "structured text" in rows["fr"] and "not translated" in rows["ru"]
    assert "translation-download" not in str(rows)


def test_a_bracketed_draft_downloads_with_its_brackets(client, secretariat, conference):
    import datetime

    from plenipot.documents.models import Document
    from plenipot.translation.services import expression_fill, source_text_for_document

    draft = (
        "Resolution 999 (Rev. Busan, 2014)\nExample\n\n"
        "The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),\n\n"
        "resolves  {resolves; operative}\n"
        "1 to continue [BASE: this | ARB: the] work;  {resolves__para_1}\n"
        "[ADD EUR] 2 to report to the Council.  {resolves__para_2_new}\n"
    )
    document = Document.objects.create(
        conference=conference, number="DT/11", kind="temporary", title="Draft",
        date=datetime.date(2014, 10, 29), text=draft,
    )
    source = source_text_for_document(document=document)
    texts = {
        "number": "Résolution 999 (Rév. Busan, 2014)",
        "title": "Exemple",
        "formula": "La Conférence de plénipotentiaires (Busan, 2014),",
        "resolves": "décide",
        "resolves__para_1": "de poursuivre [BASE: ces | ARB: les] travaux;",
        "resolves__para_2_new": "[ADD EUR] de faire rapport au Conseil.",
    }
    expression_fill(expression=source.expressions.get(language="fr"), texts=texts, status="final", origin="human")
    client.force_login(secretariat)
    text = client.get(reverse("translation-download", args=[source.pk, "fr"])).content.decode()
    assert "\ndécide\n1 de poursuivre [BASE: ces | ARB: les] travaux;\n" in text
    assert "\n2 [ADD EUR] de faire rapport au Conseil.\n" in text


def test_the_secretariat_sends_a_document_for_translation(client, secretariat, translator, conference, instrument, agreed, revised):
    import datetime

    from plenipot.documents.models import Document
    from plenipot.translation.models import SourceText

    document = Document.objects.create(
        conference=conference, number="DT/9", kind="temporary", title="Revision of Resolution 179",
        date=datetime.date(2014, 10, 30), text=revised, instrument=instrument,
    )
    empty = Document.objects.create(
        conference=conference, number="DT/10", kind="temporary", title="No text",
        date=datetime.date(2014, 10, 30),
    )
    start = reverse("translation-document-start", args=[document.pk])
    client.force_login(translator)
    assert start not in client.get(reverse("document-detail", args=[document.pk])).content.decode()
    assert client.post(start).status_code == 403
    client.force_login(secretariat)
    page = client.get(reverse("document-detail", args=[document.pk])).content.decode()
    assert start in page and "Send for translation" in page
    assert reverse("translation-document-start", args=[empty.pk]) not in client.get(
        reverse("document-detail", args=[empty.pk])
    ).content.decode()
    response = client.post(start)
    source = SourceText.objects.get(document=document)
    assert response.url == reverse("translation-source", args=[source.pk])
    french = source.expressions.get(language="fr")
    assert french.status == "pre_translated"
    assert french.segments["considering__a"]["origin"] == "in_force"
    assert client.post(start).url == response.url  # a second time changes nothing
    assert SourceText.objects.filter(document=document).count() == 1
    refused = client.post(reverse("translation-document-start", args=[empty.pk]), follow=True)
    assert "This document carries no text to translate." in refused.content.decode()
    assert client.post(reverse("translation-document-start", args=[99999])).status_code == 404
