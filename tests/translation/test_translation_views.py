"""The translator's pages: queue, overview, workspace, saving by provision."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.fixture
def french(dt):
    return dt.expressions.get(language="fr")


def test_pages_need_a_login(client, french):
    response = client.get(reverse("translation-workspace", args=[french.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_queue_lists_versions_to_translate(client, translator, french, django_assert_max_num_queries):
    client.force_login(translator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("translation-queue"))
    assert response.status_code == 200
    assert reverse("translation-workspace", args=[french.pk]) in response.content.decode()


def test_workspace_shows_both_sides_matches_and_glossary(client, translator, french):
    from plenipot.translation.services import expression_pretranslate

    expression_pretranslate(expression=french)
    client.force_login(translator)
    page = client.get(reverse("translation-workspace", args=[french.pk])).content.decode()
    assert "to report every year to the Council" in page
    assert "de faire rapport au Conseil" in page  # the fuzzy match's target
    assert "<ins>every year </ins>" in page or "<ins>every year" in page  # what changed in the source
    assert "États Membres" in page  # glossary hit for "Member States"
    assert 'id="t-resolves__para_2"' in page


def test_saving_a_provision_and_a_stale_save(client, translator, french):
    client.force_login(translator)
    url = reverse("translation-segment-save", args=[french.pk, "resolves__para_2"])
    ok = client.post(url, {"text": "de faire rapport chaque année au Conseil,", "revision": 0})
    assert ok.status_code == 200 and ok.json()["revision"] == 1
    stale = client.post(url, {"text": "autre", "revision": 0})
    assert stale.status_code == 409
    assert stale.json()["text"] == "de faire rapport chaque année au Conseil,"
    assert stale.json()["revision"] == 1


def test_a_delegate_cannot_save(client, delegate, french):
    client.force_login(delegate)
    url = reverse("translation-segment-save", args=[french.pk, "title"])
    assert client.post(url, {"text": "x", "revision": 0}).status_code == 403


def test_unknown_provision_is_a_bad_request(client, translator, french):
    client.force_login(translator)
    url = reverse("translation-segment-save", args=[french.pk, "nowhere"])
    assert client.post(url, {"text": "x", "revision": 0}).status_code == 400


def test_overview_shows_the_gate_blocked(client, translator, dt):
    client.force_login(translator)
    page = client.get(reverse("translation-source", args=[dt.pk])).content.decode()
    assert "keep this text from being issued in six languages" in page


def test_advance_and_pretranslate_buttons(client, translator, french):
    client.force_login(translator)
    client.post(reverse("translation-pretranslate", args=[french.pk]))
    french.refresh_from_db()
    assert french.status == "pre_translated"
    client.post(reverse("translation-advance", args=[french.pk]))
    french.refresh_from_db()
    assert french.status == "in_translation"


def test_memory_import_page_refuses_a_bad_file(client, translator, conference):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(translator)
    bad = SimpleUploadedFile("bad.tmx", b'<!DOCTYPE x [<!ENTITY a "b">]><tmx/>')
    response = client.post(reverse("translation-memory-import"), {"file": bad}, follow=True)
    assert "refused" in response.content.decode()


def test_api_reports_the_six_languages_of_a_text(client, agreed, dt, translator):
    client.force_login(translator)
    answer = client.get(f"/api/v1/translation/texts/{agreed.pk}")
    assert answer.status_code == 200
    body = answer.json()
    french = next(v for v in body["versions"] if v["language"] == "fr")
    assert french["status"] == "final" and french["provisions"] > 5
    assert body["ready"] is False
    assert {f["language"] for f in body["failures"]} == {"ar", "zh", "ru", "es"}
    assert client.get("/api/v1/translation/texts/999999").status_code == 404


def test_the_secretariat_assigns_and_only_the_reviser_finalises(client, dt, translator):
    from plenipot.accounts.roles import actor_for
    from plenipot.accounts.services import user_create
    from plenipot.core.errors import Forbidden
    from plenipot.translation.actions import check_expression_advance
    from plenipot.translation.models import Assignment

    secretariat = user_create(username="sec", password=None, role="secretariat")
    reviser = user_create(username="rev-fr", password=None, role="translator")
    client.force_login(translator)
    client.post(reverse("translation-source", args=[dt.pk]), {"language": "fr", "user": reviser.pk, "role": "reviser"})
    assert not Assignment.objects.exists()
    client.force_login(secretariat)
    page = client.get(reverse("translation-source", args=[dt.pk])).content.decode()
    assert "rev-fr" in page
    client.post(
        reverse("translation-source", args=[dt.pk]),
        {"language": "fr", "user": reviser.pk, "role": "reviser", "deadline": "2014-10-30T08:00"},
    )
    assignment = Assignment.objects.get()
    assert assignment.user == reviser and assignment.deadline is not None
    french = dt.expressions.get(language="fr")
    french.status = "in_revision"
    french.save()
    with pytest.raises(Forbidden, match="Only the assigned reviser makes this version final."):
        check_expression_advance(actor_for(translator), expression_id=french.pk)
    client.force_login(translator)
    response = client.post(reverse("translation-advance", args=[french.pk]))  # the page alike
    assert response.status_code == 403
    assert "Only the assigned reviser makes this version final." in response.content.decode()
    french.refresh_from_db()
    assert french.status == "in_revision"
