"""Names in the conference's other languages changed by the secretariat on the set-up
pages and through the API: one field per language, marked with its language and
direction; the stored dictionary; the name then shown to a reader of that language; and
refusals that name the field and write nothing."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from plenipot.cli import main

pytestmark = pytest.mark.django_db

SENEGAL_AR = "السنغال"
DAKAR_AR = "داكار"
PLENARY_AR = "الجلسة العامة"


@pytest.fixture
def rpm(example, capsys):
    """The example conference (French and English), set up with `plenipot setup`."""
    from plenipot.conference.models import Conference

    assert main(["setup", str(example)]) == 0
    capsys.readouterr()
    return Conference.objects.get(short_name="RPM-27")


@pytest.fixture
def secretariat(rpm) -> Client:
    from plenipot.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="secretariat.diallo"))
    return client


@pytest.fixture
def back_to_english():
    """A request in another language leaves it active in the thread."""
    from django.utils import translation

    yield
    translation.activate("en")


def _input(html: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert found, f"no field {name}"
    return found.group(0)


def _alert(html: str) -> str:
    found = re.search(r'<div class="errors[^"]*" role="alert"[^>]*>(.*?)</div>', html, re.S)
    assert found, "no error summary on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))


CONFERENCE = {
    "form": "conference",
    "name": "Regional Preparatory Meeting for the Plenipotentiary Conference",
    "short_name": "RPM-27",
    "city": "Dakar",
    "country": "Senegal",
    "start": "2027-03-15",
    "end": "2027-03-17",
    "languages": ["ar", "en", "fr"],
    "time_zone": "Africa/Dakar",
}


def test_the_conference_page_has_a_field_per_other_language_and_stores_them(
    rpm, secretariat, back_to_english
):
    from plenipot.conference.models import Conference

    page = secretariat.get("/setup/").content.decode()
    field = _input(page, "names_fr")
    assert 'lang="fr"' in field and 'dir="ltr"' in field
    assert 'value="Réunion préparatoire régionale pour la Conférence de plénipotentiaires"' in field
    assert 'name="names_en"' not in page and 'name="names_ar"' not in page  # English is given

    # Arabic becomes one of its languages: its fields appear, right to left.
    assert secretariat.post("/setup/", CONFERENCE).status_code == 302
    page = secretariat.get("/setup/").content.decode()
    field = _input(page, "city_names_ar")
    assert 'lang="ar"' in field and 'dir="rtl"' in field
    # Labelled with the language's name in the reader's language.
    secretariat.cookies["django_language"] = "fr"
    page = secretariat.get("/setup/").content.decode()
    assert re.search(r'<label for="id_city_names_0">\s*Arabe\s*</label>', page)
    assert re.search(r"<legend>Ville dans les autres langues\W*</legend>", page)

    answer = secretariat.post(
        "/setup/",
        {
            **CONFERENCE,
            "names_fr": "  Réunion préparatoire régionale  ",
            "names_ar": "   ",  # only spaces: none in Arabic
            "city_names_ar": DAKAR_AR,
            "country_names_fr": "Sénégal",
            "country_names_ar": SENEGAL_AR,
        },
    )
    assert answer.status_code == 302
    conference = Conference.objects.get(pk=rpm.pk)
    assert conference.names == {"fr": "Réunion préparatoire régionale"}
    assert conference.city_names == {"ar": DAKAR_AR}
    assert conference.country_names == {"ar": SENEGAL_AR, "fr": "Sénégal"}

    reader = Client()
    reader.cookies["django_language"] = "ar"
    home = reader.get("/").content.decode()
    assert f"{DAKAR_AR}, {SENEGAL_AR}" in home
    # No Arabic name: the given one.
    assert "<bdi>Regional Preparatory Meeting for the Plenipotentiary Conference</bdi>" in home
    reader.cookies["django_language"] = "fr"
    home = reader.get("/").content.decode()
    assert "Réunion préparatoire régionale" in home and "Dakar, Sénégal" in home

    # Emptied fields: the given names again, stored as none.
    assert secretariat.post("/setup/", CONFERENCE).status_code == 302
    conference = Conference.objects.get(pk=rpm.pk)
    assert (conference.names, conference.city_names, conference.country_names) == (None, None, None)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"names_fr": "x" * 201}, "French: at most 200 characters"),
        ({"city_names_ar": "د" * 101}, "Arabic: at most 100 characters"),
        ({"country_names_fr": "Séné\x07gal"}, "control character (U+0007)"),
    ],
)
def test_a_bad_name_is_refused_with_its_field_and_nothing_is_saved(rpm, secretariat, change, words):
    from plenipot.conference.models import Conference

    secretariat.post("/setup/", CONFERENCE)
    answer = secretariat.post("/setup/", {**CONFERENCE, "name": "Changed", **change})
    assert answer.status_code == 400
    text = _alert(answer.content.decode())
    field = next(iter(change)).rsplit("_", 1)[0]
    label = {"names": "Name", "city_names": "City", "country_names": "Country"}[field]
    assert f"{label} in other languages" in text and words in text, text
    conference = Conference.objects.get(pk=rpm.pk)
    assert conference.name == CONFERENCE["name"] and conference.country_names is None


def test_a_body_is_named_in_french_and_arabic_on_its_page(rpm, secretariat, back_to_english):
    from plenipot.conference.models import Body

    secretariat.post("/setup/", CONFERENCE)
    page = secretariat.get("/setup/bodies/PL/").content.decode()
    assert 'value="Plénière"' in _input(page, "names_fr")
    assert 'dir="rtl"' in _input(page, "names_ar")
    answer = secretariat.post(
        "/setup/bodies/PL/",
        {
            "form": "body", "code": "PL", "name": "Plenary", "kind": "plenary",
            "openness": "public", "names_fr": "Séance plénière", "names_ar": PLENARY_AR,
        },
    )  # fmt: skip
    assert answer.status_code == 302
    assert Body.objects.get(conference=rpm, code="PL").names == {
        "fr": "Séance plénière",
        "ar": PLENARY_AR,
    }
    reader = Client()
    for language, name in (("ar", PLENARY_AR), ("fr", "Séance plénière"), ("en", "Plenary")):
        reader.cookies["django_language"] = language
        assert f"<bdi>{name}</bdi>" in reader.get("/bodies/").content.decode(), language
    # The list of parent bodies on a body's page names them in the reader's language too.
    secretariat.cookies["django_language"] = "ar"
    page = secretariat.get("/setup/bodies/COM5/").content.decode()
    assert re.search(rf'<option value="PL"[^>]*>PL: {PLENARY_AR}</option>', page)
    secretariat.cookies["django_language"] = "en"

    # A new body is given its French name as it is created.
    answer = secretariat.post(
        "/setup/bodies/",
        {
            "form": "body", "code": "COM5-INF", "name": "Informal consultation",
            "kind": "informal", "parent": "COM5", "openness": "delegations",
            "names_fr": "Consultation informelle",
        },
    )  # fmt: skip
    assert answer.status_code == 302
    assert Body.objects.get(conference=rpm, code="COM5-INF").names == {
        "fr": "Consultation informelle"
    }


def _bearer(username: str) -> dict:
    from plenipot.accounts.models import User
    from plenipot.accounts.services import token_create

    return {
        "HTTP_AUTHORIZATION": f"Bearer {token_create(user=User.objects.get(username=username))}"
    }


def _put(client, path, body, headers):
    return client.put(path, data=json.dumps(body), content_type="application/json", **headers)


def test_the_api_reads_and_writes_the_names_and_refuses_a_language_it_does_not_use(rpm):
    from plenipot.conference.models import Body, Conference

    client = Client()
    base = "/api/v1/conferences/RPM-27/setup"
    secretariat = _bearer("secretariat.diallo")
    delegate = _bearer("delegate.sen")

    assert client.get(f"{base}/names").status_code == 401
    assert client.get(f"{base}/names", **delegate).status_code == 403
    assert _put(client, f"{base}/names", {"names": {"fr": "Non"}}, delegate).status_code == 403
    read = client.get(f"{base}/names", **secretariat).json()
    assert read["country"] == "Senegal" and read["country_names"] == {"fr": "Sénégal"}
    assert read["city_names"] == {}

    answer = _put(client, f"{base}/names", {"city_names": {"fr": "Dakar (Sénégal)"}}, secretariat)
    assert answer.status_code == 200
    assert answer.json()["city_names"] == {"fr": "Dakar (Sénégal)"}
    # What is left out is kept.
    assert answer.json()["country_names"] == {"fr": "Sénégal"}
    assert client.get(f"{base}/names", **secretariat).json() == answer.json()

    # Arabic is not one of this conference's languages; English is the given name's.
    for bad in ({"names": {"fr": "Réunion", "ar": "اجتماع"}}, {"names": {"en": "Meeting"}}):
        answer = _put(client, f"{base}/names", {**bad, "country_names": {}}, secretariat)
        assert answer.status_code == 400
        assert answer.json()["field"] == "names"
        assert answer.json()["detail"].startswith("Name in other languages:")
        assert "is not one of the conference's other languages (fr)" in answer.json()["detail"]
    conference = Conference.objects.get(pk=rpm.pk)
    assert conference.country_names == {"fr": "Sénégal"}, "nothing is half-written"
    assert conference.names["fr"].startswith("Réunion préparatoire régionale")

    answer = _put(client, f"{base}/names", {"country_names": {"fr": "S\x00n"}}, secretariat)
    assert answer.status_code == 400 and answer.json()["field"] == "country_names"
    answer = _put(client, f"{base}/names", {"city_names": {"fr": "x" * 101}}, secretariat)
    assert answer.status_code == 400 and "at most 100 characters" in answer.json()["detail"]
    answer = _put(client, f"{base}/names", {"city_names": {"fr": 5}}, secretariat)
    assert answer.status_code == 422

    # A body: written with the rest, read back; left out, its names stay.
    body = {"code": "COM5", "name": "Committee 5", "kind": "committee", "parent": "PL"}
    answer = _put(client, f"{base}/bodies/COM5", {**body, "names": {"fr": "Commission 5", "en": ""}},
                  secretariat)  # fmt: skip
    assert answer.status_code == 400 and answer.json()["field"] == "names"
    assert Body.objects.get(conference=rpm, code="COM5").name != "Committee 5"
    answer = _put(client, f"{base}/bodies/COM5", {**body, "names": {"fr": "Commission 5", "es": "x"}},
                  secretariat)  # fmt: skip
    assert answer.status_code == 400 and "es is not one of" in answer.json()["detail"]
    answer = _put(client, f"{base}/bodies/COM5", {**body, "names": {"fr": " Commission 5 "}},
                  secretariat)  # fmt: skip
    assert answer.status_code == 200 and answer.json()["names"] == {"fr": "Commission 5"}
    assert client.get(f"{base}/bodies/COM5", **secretariat).json()["names"] == {
        "fr": "Commission 5"
    }
    answer = _put(
        client, f"{base}/bodies/COM5", {**body, "name": "Committee 5 (Policy)"}, secretariat
    )
    assert answer.status_code == 200 and answer.json()["names"] == {"fr": "Commission 5"}
    answer = _put(client, f"{base}/bodies/COM5", {**body, "names": {"fr": "  "}}, secretariat)
    assert answer.json()["names"] == {}
    assert Body.objects.get(conference=rpm, code="COM5").names is None
    assert client.get(f"{base}/bodies/NOPE", **secretariat).status_code == 404
