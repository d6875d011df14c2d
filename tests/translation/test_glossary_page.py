"""The glossary: six languages or a clear error, edited by the secretariat only,
searchable in any language, imported from CSV with every line checked first, and
read through the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

SIX = {
    "ar": "الأمين العام",
    "zh": "秘书长",
    "en": "Secretary-General",
    "fr": "Secrétaire général",
    "ru": "Генеральный секретарь; Генерального секретаря",
    "es": "Secretario General",
}

CSV = (
    "en,fr,es,ru,ar,zh,note\r\n"
    "Council,Conseil,Consejo,Совет; Совета,المجلس,理事会,the ITU Council\r\n"
    '"developing countries","pays en développement","países en desarrollo",'
    '"развивающиеся страны","البلدان النامية","发展中国家",\r\n'
)


@pytest.fixture
def secretariat(db):
    from plenipot.accounts.services import user_create

    return user_create(username="sec", password=None, role="secretariat")


@pytest.fixture
def term(conference, secretariat):
    from plenipot.translation.services import glossary_term_save

    return glossary_term_save(conference=conference, forms=SIX)


def test_a_term_needs_all_six_languages_and_names_the_missing_ones(conference, secretariat):
    from plenipot.translation.models import GlossaryTerm
    from plenipot.translation.services import glossary_term_save

    partial = {code: value for code, value in SIX.items() if code not in ("ar", "zh")}
    with pytest.raises(ValidationError) as refused:
        glossary_term_save(conference=conference, forms=partial)
    text = " ".join(refused.value.messages)
    assert "Arabic: the term is missing." in text and "Chinese: the term is missing." in text
    assert not GlossaryTerm.objects.exists()


def test_forms_are_split_trimmed_and_a_duplicate_refused(conference, secretariat, term):
    from plenipot.translation.services import glossary_term_save

    assert term.forms["ru"] == ["Генеральный секретарь", "Генерального секретаря"]
    with pytest.raises(ValidationError, match="already in the glossary"):
        glossary_term_save(conference=conference, forms={**SIX, "en": " secretary-general "})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"fr": "=HYPERLINK(\"x\")"}, "may not start with ="),
        ({"es": "x" * 201}, "longer than 200"),
        ({"zh": "秘书\x07长"}, "control character"),
        ({"de": "Generalsekretär"}, "Unknown language codes: de"),
    ],
)
def test_hostile_or_wrong_forms_are_refused(conference, secretariat, change, message):
    from plenipot.translation.services import glossary_term_save

    with pytest.raises(ValidationError) as refused:
        glossary_term_save(conference=conference, forms={**SIX, **change})
    assert message in " ".join(refused.value.messages)


def test_only_the_secretariat_edits(conference, translator, term):
    from plenipot.accounts.roles import actor_for
    from plenipot.core.errors import Forbidden
    from plenipot.translation.actions import check_glossary_term_delete, check_glossary_term_save

    with pytest.raises(Forbidden, match="Only the secretariat edits the glossary."):
        check_glossary_term_save(
            actor_for(translator), conference=conference, forms=SIX, term_id=term.pk
        )
    with pytest.raises(Forbidden, match="Only the secretariat edits the glossary."):
        check_glossary_term_delete(actor_for(translator), term_id=term.pk)


def test_the_page_searches_in_any_language(client, term, translator, conference, secretariat):
    from plenipot.translation.services import glossary_term_save

    client.force_login(translator)
    page = client.get(reverse("translation-glossary")).content.decode()
    assert "秘书长" in page and "Secrétaire général" in page
    assert "Add a term" not in page  # translators read, the secretariat edits
    other = dict(SIX, en="Council", fr="Conseil", zh="理事会", ar="المجلس", ru="Совет", es="Consejo")
    glossary_term_save(conference=conference, forms=other)
    found = client.get(reverse("translation-glossary"), {"q": "генерального"}).content.decode()
    assert "Secretary-General" in found and "Consejo" not in found
    assert "Consejo" in client.get(reverse("translation-glossary"), {"q": "理事"}).content.decode()


def test_the_secretariat_adds_edits_and_deletes_from_the_page(client, secretariat, conference):
    from plenipot.translation.models import GlossaryTerm

    client.force_login(secretariat)
    fields = {f"form_{code}": value for code, value in SIX.items()}
    bad = client.post(reverse("translation-glossary"), {**fields, "form_ar": ""})
    assert bad.status_code == 400
    assert "Arabic: the term is missing." in bad.content.decode()
    assert 'value="Secrétaire général"' in bad.content.decode()  # what was typed is kept
    assert not GlossaryTerm.objects.exists()

    added = client.post(reverse("translation-glossary"), {**fields, "note": "the ITU's"})
    assert added.status_code == 302
    term = GlossaryTerm.objects.get()
    assert term.note == "the ITU's"

    edit_url = reverse("translation-glossary-term", args=[term.pk])
    assert 'value="Генеральный секретарь; Генерального секретаря"' in client.get(edit_url).content.decode()
    client.post(edit_url, {**fields, "form_fr": "Secrétaire général; Secrétaire générale"})
    term.refresh_from_db()
    assert term.forms["fr"] == ["Secrétaire général", "Secrétaire générale"]

    edit_page = client.get(edit_url).content.decode()
    assert reverse("translation-glossary-delete", args=[term.pk]) in edit_page
    client.post(reverse("translation-glossary-delete", args=[term.pk]))
    assert not GlossaryTerm.objects.exists()


def test_others_cannot_change_the_glossary(client, translator, delegate, term):
    fields = {f"form_{code}": value for code, value in SIX.items()}
    client.force_login(delegate)
    assert client.post(reverse("translation-glossary"), fields).status_code == 403
    assert client.get(reverse("translation-glossary-term", args=[term.pk])).status_code == 403
    assert client.post(reverse("translation-glossary-delete", args=[term.pk])).status_code == 403
    upload = SimpleUploadedFile("g.csv", CSV.encode(), content_type="text/csv")
    assert client.post(reverse("translation-glossary-import"), {"file": upload}).status_code == 403
    client.logout()
    assert client.get(reverse("translation-glossary")).status_code == 200  # reading is open
    refused = client.post(reverse("translation-glossary"), fields)  # a visitor signs in first
    assert refused.status_code == 302 and "/accounts/login/" in refused.url


def test_each_conference_has_its_glossary(client, secretariat, conference, term):
    import datetime

    from plenipot.conference.services import conference_create
    from plenipot.translation.models import GlossaryTerm

    later = conference_create(
        name="Later", short_name="PP-18", city="Dubai", country="United Arab Emirates",
        start=datetime.date(2018, 10, 29), end=datetime.date(2018, 11, 16),
    )
    client.force_login(secretariat)
    url = reverse("translation-glossary")
    current = client.get(url).content.decode()  # the latest conference by default
    assert "PP-18" in current and "Secretary-General" not in current
    older = client.get(url, {"conference": "PP-14"}).content.decode()
    assert "Secretary-General" in older and 'href="?conference=PP-18"' in older
    assert client.get(url, {"conference": "PP-99"}).status_code == 404

    fields = {f"form_{code}": value for code, value in SIX.items()}
    response = client.post(url, {**fields, "conference": "PP-18"})
    assert response.status_code == 302 and response.url.endswith("?conference=PP-18")
    assert GlossaryTerm.objects.filter(conference=later).count() == 1  # same term, other conference
    edited = client.post(
        reverse("translation-glossary-term", args=[term.pk]), {**fields, "note": "PP-14's"}
    )
    assert edited.url.endswith("?conference=PP-14")
    term.refresh_from_db()
    assert term.conference == conference and term.note == "PP-14's"
    exported = client.get(reverse("translation-glossary-export"), {"conference": "PP-14"})
    assert exported["Content-Disposition"] == 'attachment; filename="glossary-PP-14.csv"'
    assert "Secretary-General" in exported.content.decode()
    assert client.get(reverse("translation-glossary-term", args=[99999])).status_code == 404


def test_csv_import_adds_replaces_and_round_trips(client, secretariat, conference, term):
    from plenipot.translation.models import GlossaryTerm

    client.force_login(secretariat)
    upload = SimpleUploadedFile("g.csv", ("\ufeff" + CSV).encode(), content_type="text/csv")
    response = client.post(reverse("translation-glossary-import"), {"file": upload}, follow=True)
    assert "2 terms added, 0 replaced" in response.content.decode()
    council = next(t for t in GlossaryTerm.objects.all() if t.forms["en"] == ["Council"])
    assert council.forms["ru"] == ["Совет", "Совета"] and council.note == "the ITU Council"

    exported = client.get(reverse("translation-glossary-export"))
    assert exported["Content-Type"].startswith("text/csv")
    again = SimpleUploadedFile("again.csv", exported.content, content_type="text/csv")
    response = client.post(reverse("translation-glossary-import"), {"file": again}, follow=True)
    assert "0 terms added, 3 replaced" in response.content.decode()
    assert GlossaryTerm.objects.count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\xe9t\xe9,en\n", "not UTF-8 text (byte 0)"),
        (b"en,fr\x00,es\n", "NUL bytes"),
        ("en,fr,es,ru,ar\nCouncil,Conseil,Consejo,Совет,المجلس\n".encode(), "missing zh"),
        (b"en,fr,es,ru,ar,zh,de\n", "unknown de"),
        (b"en,en,fr,es,ru,ar,zh\n", "a column named twice"),
        ("en,fr,es,ru,ar,zh\nCouncil,Conseil,Consejo,Совет,المجلس\n".encode(), "Line 3: 5 columns, expected 6"),
        ("en,fr,es,ru,ar,zh\nCouncil,Conseil,,Совет,المجلس,理事会\n".encode(), "Line 3: Spanish: the term is missing."),
        ("en,fr,es,ru,ar,zh\nCouncil,=1+1,Consejo,Совет,المجلس,理事会\n".encode(), "Line 2: French: a form may not start with ="),
        (
            "en,fr,es,ru,ar,zh\nCouncil,Conseil,Consejo,Совет,المجلس,理事会\ncouncil,C,C,С,م,理\n".encode(),
            "Line 4: “council” is already on line 3.",
        ),
        (b"en,fr,es,ru,ar,zh\n\n", "holds no terms"),
        (b"en,fr,es,ru,ar,zh\n" + b"a," * 600_000, "over 1024 KB"),
    ],
)
def test_hostile_csv_files_are_refused_and_nothing_is_written(conference, secretariat, term, data, message):
    from plenipot.translation.models import GlossaryTerm
    from plenipot.translation.services import glossary_import

    good = "Member States,États Membres,Estados Miembros,Государства-Члены,الدول الأعضاء,成员国\n"
    if data.startswith(b"en,fr,es,ru,ar,zh\n") and b"Council" in data and b"=" not in data:
        data = data.replace(b"zh\n", ("zh\n" + good).encode(), 1)  # a good line first: still nothing written
    with pytest.raises(ValidationError) as refused:
        glossary_import(conference=conference, data=data)
    assert message in " ".join(refused.value.messages)
    assert GlossaryTerm.objects.count() == 1


def test_too_many_terms_are_refused(conference, secretariat, monkeypatch):
    from plenipot.translation import services

    monkeypatch.setattr(services, "GLOSSARY_MAX_TERMS", 2)
    lines = "".join(f"t{n},t{n},t{n},t{n},t{n},t{n}\n" for n in range(3))
    with pytest.raises(ValidationError, match="more than 2 terms"):
        services.glossary_import(
            conference=conference, data=("en,fr,es,ru,ar,zh\n" + lines).encode()
        )


def test_the_page_reports_a_refused_file(client, secretariat, conference):
    client.force_login(secretariat)
    upload = SimpleUploadedFile("bad.csv", b"en;fr\n", content_type="text/csv")
    page = client.post(reverse("translation-glossary-import"), {"file": upload}, follow=True)
    assert "The file was refused, nothing was changed" in page.content.decode()


def test_the_workspace_shows_the_glossary_hits(client, translator, dt, conference, secretariat):
    """The fixture's terms and one added on the page both show beside the provision."""
    from plenipot.translation.services import glossary_term_save

    glossary_term_save(
        conference=conference,
        forms=dict(SIX, en="Child Online Protection", fr="protection en ligne des enfants"),
    )
    french = dt.expressions.get(language="fr")
    client.force_login(translator)
    page = client.get(reverse("translation-workspace", args=[french.pk])).content.decode()
    assert "protection en ligne des enfants" in page
    assert "Conseil" in page


def test_api_reads_the_glossary(client, term, conference, django_assert_max_num_queries):
    url = "/api/v1/conferences/PP-14/glossary"
    with django_assert_max_num_queries(3):
        response = client.get(url)
    assert response.status_code == 200
    assert response.json()["count"] == 1
    [row] = response.json()["items"]
    assert row["zh"] == ["秘书长"] and row["ru"][1] == "Генерального секретаря"
    assert client.get(url, {"search": "secrétaire"}).json()["items"][0]["en"] == ["Secretary-General"]
    assert client.get(url, {"search": "nothing like it"}).json() == {"items": [], "count": 0}
    assert client.get(url, {"offset": 1}).json()["items"] == []
    assert client.get(url, {"limit": 0}).status_code == 422
    assert client.get("/api/v1/conferences/PP-99/glossary").status_code == 404


def test_the_page_reads_a_bounded_number_of_queries(client, secretariat, conference, django_assert_max_num_queries):
    from plenipot.translation.models import GlossaryTerm

    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(conference=conference, forms={code: [f"{code} term {n}"] for code in SIX})
        for n in range(60)
    )
    client.force_login(secretariat)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("translation-glossary")).content.decode()
    assert page.count('<tr id="term-') == 60
