"""The secretariat's set-up pages (/setup/) and their API, on a conference set up from
the example file: the conference, bodies and their chairs, delegations and their
credentials, and accounts. Only the secretariat changes them (anonymous → sign in,
anyone else → 403 with the reason); a bad value is refused with its field named and
nothing is stored."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

import pytest
from django.test import Client

from plenipot.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "conference"

pytestmark = pytest.mark.django_db


@pytest.fixture
def rpm(tmp_path, capsys):
    """The example conference, set up with `plenipot setup`."""
    from plenipot.conference.models import Conference

    folder = tmp_path / "conference"
    shutil.copytree(EXAMPLE, folder)
    shutil.copy(EXAMPLE.parent / "resolution-101.txt", tmp_path / "resolution-101.txt")
    assert main(["setup", str(folder / "conference.toml")]) == 0
    capsys.readouterr()
    return Conference.objects.get(short_name="RPM-27")


def _client(username: str | None) -> Client:
    from plenipot.accounts.models import User

    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def secretariat(rpm) -> Client:
    return _client("secretariat.diallo")


def _alert(html: str) -> str:
    """The text of the page's error summary."""
    found = re.search(r'<div class="errors[^"]*" role="alert"[^>]*>(.*?)</div>', html, re.S)
    assert found, "no error summary on the page"
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))
    return text.replace(" :", ":")


def _signs_in(username: str, password: str) -> bool:
    """Whether the sign-in page lets the account in with that password."""
    answer = Client().post("/accounts/login/", {"username": username, "password": password})
    return answer.status_code == 302


PAGES = [
    "/setup/",
    "/setup/bodies/",
    "/setup/bodies/COM5/",
    "/setup/delegations/",
    "/setup/delegations/SEN/",
    "/setup/accounts/",
    "/setup/accounts/delegate.sen/",
]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_is_sent_to_sign_in_and_others_are_refused_with_the_reason(rpm, path):
    from plenipot.conference.models import Delegation

    answer = _client(None).get(path)
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")
    for username in ("delegate.sen", "chair.com5", "translator.fr"):
        client = _client(username)
        answer = client.get(path)
        assert answer.status_code == 403, username
        assert "Only the secretariat changes how the conference is set up." in answer.content.decode()
        answer = client.post(path, {"form": "credentials", "credentials_status": "accepted"})
        assert answer.status_code == 403
    assert not Delegation.objects.filter(credentials_status="accepted").exists()
    assert _client("secretariat.diallo").get(path).status_code == 200


def test_the_secretariat_finds_the_pages_in_its_navigation_and_on_its_home(secretariat):
    home = secretariat.get("/").content.decode()
    assert home.count('href="/setup/"') == 2
    assert 'href="/setup/"' not in _client("delegate.sen").get("/").content.decode()


def test_the_conference_is_changed_and_bad_values_are_refused_with_the_field_named(
    rpm, secretariat
):
    from plenipot.conference.models import Conference
    from plenipot.documents.selectors import submission_deadline

    page = secretariat.get("/setup/").content.decode()
    assert 'value="RPM-27"' in page and 'value="Africa/Dakar"' in page
    values = {
        "form": "conference",
        "name": "Regional Preparatory Meeting",
        "short_name": "RPM-27",
        "city": "Dakar",
        "country": "Senegal",
        "start": "2027-03-15",
        "end": "2027-03-18",
        "languages": ["fr", "en", "ar"],
        "time_zone": "Africa/Dakar",
        "submission_deadline": "2027-02-20T12:00",
        "today": "2027-03-16",
    }
    answer = secretariat.post("/setup/", values)
    assert answer.status_code == 302
    conference = Conference.objects.get(pk=rpm.pk)
    assert conference.language_codes == ("ar", "en", "fr")
    assert conference.end == datetime.date(2027, 3, 18)
    assert conference.today == datetime.date(2027, 3, 16)
    # Noon in Dakar (UTC+0) is noon UTC.
    assert submission_deadline(conference=conference) == datetime.datetime(
        2027, 2, 20, 12, tzinfo=datetime.UTC
    )

    # The deadline is typed as the time where the conference meets.
    answer = secretariat.post("/setup/", {**values, "time_zone": "Asia/Seoul"})
    assert answer.status_code == 302
    assert submission_deadline(conference=Conference.objects.get(pk=rpm.pk)) == (
        datetime.datetime(2027, 2, 20, 3, tzinfo=datetime.UTC)
    )
    secretariat.post("/setup/", values)

    for change, field, words in [
        ({"languages": []}, "languages", "Official languages"),
        ({"end": "2027-03-01"}, "end", "The conference cannot end before it starts."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Mars/Olympus is not a time zone"),
        ({"short_name": "RPM 27"}, "short_name", "Short name"),
        ({"start": "the fifteenth"}, "start", "First day"),
    ]:
        answer = secretariat.post("/setup/", {**values, **change, "name": "Changed"})
        assert answer.status_code == 400, field
        assert words in _alert(answer.content.decode()), field
        assert Conference.objects.get(pk=rpm.pk).name == "Regional Preparatory Meeting"


def test_a_language_the_documents_are_written_in_stays(rpm, secretariat):
    from plenipot.conference.models import Conference
    from plenipot.documents.models import Document

    Document.objects.create(
        conference=rpm, series="INF", number="INF/1", sequence=1, kind="information",
        title="Navettes", original_language="fr", date=rpm.start,
    )  # fmt: skip
    answer = secretariat.post(
        "/setup/",
        {
            "form": "conference", "name": rpm.name, "short_name": "RPM-27", "city": "Dakar",
            "country": "Senegal", "start": "2027-03-15", "end": "2027-03-17",
            "languages": ["en"], "time_zone": "Africa/Dakar",
        },
    )  # fmt: skip
    assert answer.status_code == 400
    assert "Official languages: Documents of the conference are written in fr" in _alert(
        answer.content.decode()
    )
    assert Conference.objects.get(pk=rpm.pk).language_codes == ("en", "fr")


def test_bodies_are_listed_as_a_tree_created_changed_and_given_chairs(rpm, secretariat):
    from plenipot.conference.models import Body, Person

    page = secretariat.get("/setup/bodies/").content.decode()
    tree = page[page.index('id="setup-bodies"') :]
    # The ad hoc group sits inside Committee 5's list, which sits inside the Plenary's.
    assert tree.index("body-PL") < tree.index("body-COM5") < tree.index("body-COM5-AHG-130")
    assert "Kwame Mensah" in tree

    body = {
        "form": "body", "code": "COM5-DG-1", "name": "Drafting group on the report",
        "kind": "drafting", "parent": "COM5", "openness": "delegations",
        "mandate": "Drafts the report of Committee 5.", "deadline": "2027-03-17",
    }  # fmt: skip
    answer = secretariat.post("/setup/bodies/", body)
    assert answer.status_code == 302 and answer["Location"] == "/setup/bodies/COM5-DG-1/"
    created = Body.objects.get(conference=rpm, code="COM5-DG-1")
    assert created.parent.code == "COM5" and created.deadline == datetime.date(2027, 3, 17)

    for change, words in [
        ({"code": "com5"}, "Code: There is already a body with the code com5."),
        ({"parent": ""}, "Parent body: Only the Plenary stands without a parent body."),
        ({"code": "a b"}, "Code: Letters, digits"),
        ({"name": ""}, "Name: This field is required."),
        ({"kind": "caucus"}, "Kind: Select a valid choice."),
    ]:
        answer = secretariat.post("/setup/bodies/", {**body, "code": "X1", **change})
        assert answer.status_code == 400, change
        assert words in _alert(answer.content.decode()), change
    assert Body.objects.filter(conference=rpm).count() == 6

    # Moving the Plenary under one of its own committees would make a loop.
    plenary = {
        "form": "body", "code": "PL", "name": "Plenary", "kind": "committee", "parent": "COM5",
        "openness": "public",
    }  # fmt: skip
    answer = secretariat.post("/setup/bodies/PL/", plenary)
    assert answer.status_code == 400
    assert "Parent body: A body cannot be placed under itself" in _alert(answer.content.decode())
    assert Body.objects.get(conference=rpm, code="PL").parent is None

    answer = secretariat.post(
        "/setup/bodies/COM5-DG-1/", {**body, "name": "Drafting group on the final report"}
    )
    assert answer.status_code == 302
    assert Body.objects.get(pk=created.pk).name == "Drafting group on the final report"

    # The chair: a person of a delegation; vice-chairs likewise.
    mar = Person.objects.get(user__username="delegate.mar")
    ken = Person.objects.get(user__username="delegate.ken")
    answer = secretariat.post(
        "/setup/bodies/COM5-DG-1/",
        {"form": "presiding", "chair": str(mar.pk), "vice_chairs": [str(ken.pk)]},
    )
    assert answer.status_code == 302
    created.refresh_from_db()
    assert created.chair == mar and list(created.vice_chairs.all()) == [ken]
    diallo = Person.objects.get(user__username="secretariat.diallo")
    answer = secretariat.post(
        "/setup/bodies/COM5-DG-1/", {"form": "presiding", "chair": str(diallo.pk)}
    )
    assert answer.status_code == 400 and "Chair: Select a valid choice." in _alert(
        answer.content.decode()
    )
    answer = secretariat.post(
        "/setup/bodies/COM5-DG-1/",
        {"form": "presiding", "chair": str(mar.pk), "vice_chairs": [str(mar.pk)]},
    )
    assert answer.status_code == 400
    assert "Vice-chairs:" in _alert(answer.content.decode())
    assert list(Body.objects.get(pk=created.pk).vice_chairs.all()) == [ken]

    # Reported: its active groups are dissolved with it.
    answer = secretariat.post("/setup/bodies/COM5/", {"form": "status", "status": "reported"})
    assert answer.status_code == 302
    assert Body.objects.get(conference=rpm, code="COM5").status == "reported"
    assert Body.objects.get(conference=rpm, code="COM5-AHG-130").status == "dissolved"
    assert secretariat.get("/setup/bodies/NOPE/").status_code == 404


def test_delegations_credentials_and_people(rpm, secretariat):
    from plenipot.conference.models import Delegation, Person

    page = secretariat.get("/setup/delegations/").content.decode()
    assert page.count('class="credentials-pending"') == Delegation.objects.filter(
        conference=rpm
    ).count()

    answer = secretariat.post("/setup/delegations/", {"form": "delegation", "organisation": "NGA"})
    assert answer.status_code == 302
    nigeria = Delegation.objects.get(conference=rpm, organisation__iso3="NGA")
    assert nigeria.credentials_status == "pending"
    answer = secretariat.post("/setup/delegations/", {"form": "delegation", "organisation": "NGA"})
    assert answer.status_code == 400  # no longer among the choices
    assert Delegation.objects.filter(conference=rpm, organisation__iso3="NGA").count() == 1
    answer = secretariat.post("/setup/delegations/", {"form": "delegation", "organisation": "AFCP"})
    assert answer.status_code == 302  # a regional organisation, by its symbol

    answer = secretariat.post(
        "/setup/delegations/SEN/",
        {"form": "credentials", "credentials_status": "accepted", "next": "list"},
    )
    assert answer.status_code == 302 and answer["Location"].startswith("/setup/delegations/")
    senegal = Delegation.objects.get(conference=rpm, organisation__iso3="SEN")
    assert senegal.credentials_status == "accepted" and senegal.may_vote
    answer = secretariat.post(
        "/setup/delegations/GHA/", {"form": "credentials", "credentials_status": "provisional"}
    )
    assert answer.status_code == 400 and "Credentials: Select a valid choice" in _alert(
        answer.content.decode()
    )
    assert Delegation.objects.get(conference=rpm, organisation__iso3="GHA").credentials_status == (
        "pending"
    )

    answer = secretariat.post(
        "/setup/delegations/NGA/",
        {"form": "person", "given_name": "Chidi", "family_name": "Okafor", "delegation_role": "head"},
    )
    assert answer.status_code == 302
    assert Person.objects.get(family_name="Okafor").delegation == nigeria
    answer = secretariat.post(
        "/setup/delegations/NGA/",
        {"form": "person", "given_name": "Ada", "family_name": "Eze", "delegation_role": "head"},
    )
    assert answer.status_code == 400
    assert "Role in the delegation: The delegation of Nigeria already has a head: Chidi Okafor." in (
        _alert(answer.content.decode())
    )
    assert not Person.objects.filter(family_name="Eze").exists()
    assert secretariat.get("/setup/delegations/XYZ/").status_code == 404


def test_an_account_is_created_without_a_password_and_its_link_sets_one(rpm, secretariat):
    from plenipot.accounts.models import User
    from plenipot.conference.models import Body

    account = {
        "form": "account", "username": "delegate.gha", "email": "ama.owusu@example.org",
        "given_name": "Ama", "family_name": "Owusu", "role": "chair", "delegation": "GHA",
        "delegation_role": "", "body": "COM5-AHG-130",
    }  # fmt: skip
    answer = secretariat.post("/setup/accounts/", account)
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
    page = answer.content.decode()
    link = re.search(r'id="password-link"[^>]*href="([^"]+)"|href="([^"]+)" id="password-link"', page)
    url = next(group for group in link.groups() if group)
    assert url.startswith("http://testserver/accounts/reset/")
    user = User.objects.get(username="delegate.gha")
    assert not user.has_usable_password() and user.role == "chair"
    assert user.person.delegation.organisation.iso3 == "GHA"
    assert user.person.delegation_role == "delegate"
    assert Body.objects.get(conference=rpm, code="COM5-AHG-130").chair == user.person
    # The list never shows the link again.
    assert "/accounts/reset/" not in secretariat.get("/setup/accounts/").content.decode()

    # The link works: the holder sets a password and signs in with it.
    holder = Client()
    form = holder.get(url, follow=True)
    assert form.status_code == 200 and 'name="new_password1"' in form.content.decode()
    done = holder.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase 42", "new_password2": "a long new passphrase 42"},
    )
    assert done.status_code == 302
    assert _signs_in("delegate.gha", "a long new passphrase 42")

    for change, words in [
        ({"username": "Delegate.GHA"}, "User name: There is already an account Delegate.GHA."),
        ({"username": "two words"}, "User name: Letters, digits"),
        ({"role": "delegate", "delegation": "", "body": ""}, "Delegation: A delegate belongs"),
        ({"email": "not-an-address"}, "E-mail address: Enter a valid email address."),
        ({"delegation_role": "head", "body": ""},
         "Role in the delegation: The delegation of Ghana already has a head"),
        ({"delegation": "", "role": "observer"},
         "Body chaired: A chair is a member of a delegation"),
    ]:  # fmt: skip
        answer = secretariat.post("/setup/accounts/", {**account, "username": "new.gha", **change})
        assert answer.status_code == 400, change
        assert words in _alert(answer.content.decode()), change
    assert not User.objects.filter(username__in=["new.gha", "two words"]).exists()


def test_an_account_is_changed_and_deactivated(rpm, secretariat):
    from plenipot.accounts.models import User

    answer = secretariat.post(
        "/setup/accounts/delegate.sen/",
        {"form": "account", "email": "fatou.sarr@example.org", "role": "delegate",
         "delegation": "KEN", "delegation_role": "adviser", "active": "on"},
    )  # fmt: skip
    assert answer.status_code == 302
    user = User.objects.get(username="delegate.sen")
    assert user.person.delegation.organisation.iso3 == "KEN"
    assert user.person.delegation_role == "adviser"

    user.set_password("a long passphrase 42")
    user.save()
    assert _signs_in("delegate.sen", "a long passphrase 42")
    answer = secretariat.post(
        "/setup/accounts/delegate.sen/",
        {"form": "account", "email": "", "role": "delegate", "delegation": "KEN",
         "delegation_role": "adviser"},
    )  # fmt: skip
    assert answer.status_code == 302
    assert not User.objects.get(username="delegate.sen").is_active
    assert _signs_in("delegate.sen", "a long passphrase 42") is False

    answer = secretariat.post(
        "/setup/accounts/secretariat.diallo/",
        {"form": "account", "email": "", "role": "secretariat"},
    )
    assert answer.status_code == 400
    assert "Active: You cannot deactivate your own account." in _alert(answer.content.decode())
    assert User.objects.get(username="secretariat.diallo").is_active


# --- the API ----------------------------------------------------------------------------


def _bearer(username: str) -> dict:
    from plenipot.accounts.models import User
    from plenipot.accounts.services import token_create

    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=User.objects.get(username=username))}"}


def _send(client, method, path, body, headers):
    return getattr(client, method)(
        path, data=json.dumps(body), content_type="application/json", **headers
    )


def test_the_api_changes_bodies_credentials_and_accounts_for_the_secretariat_only(rpm):
    from plenipot.accounts.models import User
    from plenipot.conference.models import Body, Delegation

    client = Client()
    base = "/api/v1/conferences/RPM-27/setup"
    secretariat = _bearer("secretariat.diallo")
    delegate = _bearer("delegate.sen")
    calls = [
        ("post", f"{base}/bodies", {"code": "COM5-INF", "name": "Informal consultation",
                                    "kind": "informal", "parent": "COM5"}),
        ("put", f"{base}/bodies/COM5/chairs", {"chair": "delegate.mar", "vice_chairs": []}),
        ("put", f"{base}/delegations/SEN/credentials", {"status": "accepted"}),
        ("post", f"{base}/accounts", {"username": "observer.un", "role": "observer"}),
    ]  # fmt: skip
    for method, path, body in calls:
        assert _send(client, method, path, body, {}).status_code == 401, path
        answer = _send(client, method, path, body, delegate)
        assert answer.status_code == 403, path
        assert answer.json()["code"] == "forbidden"
    assert not Body.objects.filter(code="COM5-INF").exists()
    assert not User.objects.filter(username="observer.un").exists()

    answers = [_send(client, method, path, body, secretariat) for method, path, body in calls]
    assert [a.status_code for a in answers] == [201, 200, 200, 201]
    assert answers[0].json()["parent"] == "COM5"
    assert answers[1].json()["chair"] == "delegate.mar"
    assert Body.objects.get(conference=rpm, code="COM5").chair.user.username == "delegate.mar"
    assert Delegation.objects.get(conference=rpm, organisation__iso3="SEN").may_vote
    assert answers[3].json()["link"].startswith("http://testserver/accounts/reset/")
    assert not User.objects.get(username="observer.un").has_usable_password()
    listed = client.get(f"{base}/accounts", **secretariat).json()
    assert {"username": "observer.un", "email": "", "role": "observer", "active": True,
            "delegation": None, "delegation_role": ""} in listed  # fmt: skip
    assert client.get(f"{base}/accounts", **delegate).status_code == 403

    answer = _send(client, "put", f"{base}/accounts/observer.un",
                   {"role": "delegate", "delegation": "TUN", "active": False}, secretariat)  # fmt: skip
    assert answer.status_code == 200 and answer.json()["delegation"] == "TUN"
    assert not User.objects.get(username="observer.un").is_active

    # Refusals name the field; nothing is stored.
    answer = _send(client, "post", f"{base}/bodies",
                   {"code": "PL", "name": "Again", "kind": "committee", "parent": "PL"}, secretariat)  # fmt: skip
    assert answer.status_code == 400
    assert answer.json()["field"] == "code" and answer.json()["detail"].startswith("Code:")
    answer = _send(client, "put", f"{base}/bodies/COM5/chairs",
                   {"chair": "secretariat.diallo"}, secretariat)  # fmt: skip
    assert answer.status_code == 400 and answer.json()["field"] == "chair"
    assert Body.objects.get(conference=rpm, code="COM5").chair.user.username == "delegate.mar"
    answer = _send(client, "put", f"{base}/delegations/GHA/credentials",
                   {"status": "provisional"}, secretariat)  # fmt: skip
    assert answer.status_code == 422
    answer = _send(client, "post", f"{base}/accounts",
                   {"username": "z.tun", "role": "delegate", "delegation": "ZZZ"}, secretariat)  # fmt: skip
    assert answer.status_code == 400 and answer.json()["field"] == "delegation"
    assert not User.objects.filter(username="z.tun").exists()
    assert _send(client, "put", f"{base}/bodies/NOPE/status", {"status": "reported"},
                 secretariat).status_code == 404  # fmt: skip


@pytest.fixture
def back_to_english():
    """A request in another language leaves it active in the thread."""
    from django.utils import translation

    yield
    translation.activate("en")


def test_a_refusal_is_said_in_the_readers_language(rpm, secretariat, back_to_english):
    secretariat.cookies["django_language"] = "fr"
    answer = secretariat.post(
        "/setup/bodies/",
        {"form": "body", "code": "PL", "name": "Plénière", "kind": "plenary", "openness": "public"},
    )
    assert answer.status_code == 400
    text = _alert(answer.content.decode())
    # (The summary's spaces before colons are folded by `_alert`.)
    assert text.strip() == "Rien n'a été enregistré: Code: Il existe déjà un organe de code PL."


@pytest.mark.parametrize("language", ["fr", "ar", "zh-hans", "ru"])
def test_date_fields_hold_the_date_in_the_form_browsers_read(rpm, secretariat, language):
    """A date picker reads only YYYY-MM-DD: a date written the interface language's way
    (15/03/2027) would show an empty field, and saving the page would then refuse it."""
    secretariat.cookies["django_language"] = language
    html = secretariat.get("/setup/").content.decode()
    for name, day in (("start", rpm.start), ("end", rpm.end)):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'type="date"' in field
        assert f'value="{day.isoformat()}"' in field, field
