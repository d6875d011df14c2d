"""The translation actions: who may act is decided once, before what was sent is read;
a text the actor may not read answers like one that does not exist, on every transport."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plenipot.accounts.roles import actor_for
from plenipot.core.errors import Conflict, Forbidden, Invalid, NotFound
from plenipot.translation.actions import (
    check_assignment_create,
    check_glossary_import,
    check_memory_import,
    check_segment_save,
)


@pytest.fixture
def french(dt):
    return dt.expressions.get(language="fr")


@pytest.fixture
def secretariat(db):
    from plenipot.accounts.services import user_create

    return user_create(username="sec", password=None, role="secretariat")


def test_an_unreadable_text_answers_like_an_absent_one(client, delegate, dt, french):
    from plenipot.accounts.services import token_create

    document = dt.document
    document.status = "submitted"  # not yet registered: only its sources and the secretariat
    document.save()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=delegate)}"}
    answers = [
        client.get(f"/api/v1/translation/texts/{source_id}", **bearer).json()
        for source_id in (dt.pk, 999999)
    ]
    assert answers[0] == answers[1] == {"code": "not_found", "detail": "There is no such text."}
    client.force_login(delegate)
    for url in (
        reverse("translation-source", args=[dt.pk]),
        reverse("translation-checks", args=[dt.pk]),
        reverse("translation-workspace", args=[french.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url, data in (
        (reverse("translation-pretranslate", args=[french.pk]), {}),
        (reverse("translation-advance", args=[french.pk]), {}),
        (reverse("translation-segment-save", args=[french.pk, "title"]), {"revision": "0"}),
        (reverse("translation-checks", args=[dt.pk]), {"check": "status", "language": "fr"}),
        (reverse("translation-source", args=[dt.pk]), {"language": "fr", "user": delegate.pk}),
    ):
        assert client.post(url, data).status_code == 404, url
    with pytest.raises(NotFound, match="There is no such language version."):
        check_segment_save(
            actor_for(delegate), expression_id=french.pk, eid="title", text="x", revision=0
        )
    french.refresh_from_db()
    assert french.segments == {} and not french.assignments.exists()


def test_who_may_act_is_decided_before_what_was_sent(client, delegate, french):
    client.force_login(delegate)
    url = reverse("translation-segment-save", args=[french.pk, "nowhere"])
    refused = client.post(url, {"text": "x"})  # no revision, no such provision
    assert refused.status_code == 403
    assert refused.json() == {
        "error": "Only translators, revisers and the secretariat may change translations."
    }


def test_a_stale_save_is_a_conflict_carrying_the_current_text(translator, french):
    actor = actor_for(translator)
    saved = check_segment_save(
        actor, expression_id=french.pk, eid="title", text="Rôle de l'UIT", revision="0"
    )
    assert saved.revision == 1
    with pytest.raises(Conflict) as stale:
        check_segment_save(actor, expression_id=french.pk, eid="title", text="Autre", revision=0)
    assert stale.value.extra == {"text": "Rôle de l'UIT", "revision": 1}
    with pytest.raises(Invalid, match="The revision is missing."):
        check_segment_save(actor, expression_id=french.pk, eid="title", text="x", revision="")
    with pytest.raises(Invalid, match="Provision nowhere is not in the source text."):
        check_segment_save(actor, expression_id=french.pk, eid="nowhere", text="x", revision=0)


def test_a_step_is_taken_from_the_status_it_was_allowed_from(translator, french):
    from django.core.exceptions import ValidationError

    from plenipot.translation import services

    french.status = "in_translation"
    french.save()
    with pytest.raises(ValidationError, match="changed meanwhile"):
        services.expression_advance(expression=french, user=translator, expected="pending")
    french.refresh_from_db()
    assert french.status == "in_translation"


def test_assigning_checks_the_deadline_and_the_secretariat(client, dt, translator, secretariat):
    from plenipot.translation.models import Assignment

    form = {"source_id": dt.pk, "language": "fr", "user_id": translator.pk, "role": "translator"}
    with pytest.raises(Forbidden, match="Only the secretariat assigns translations."):
        check_assignment_create(actor_for(translator), **form)
    with pytest.raises(Invalid, match="The deadline is not a date and time."):
        check_assignment_create(actor_for(secretariat), **form, deadline="2014-13-45T08:00")
    with pytest.raises(Invalid, match="Choose a language and a person."):
        check_assignment_create(actor_for(secretariat), **{**form, "user_id": "someone"})
    assert not Assignment.objects.exists()
    client.force_login(secretariat)
    page = client.post(
        reverse("translation-source", args=[dt.pk]),
        {"language": "fr", "user": translator.pk, "role": "translator", "deadline": "soon"},
        follow=True,
    )
    assert "The deadline is not a date and time." in page.content.decode()
    check_assignment_create(actor_for(secretariat), **form, deadline="2014-10-30T08:00")
    assert Assignment.objects.get().deadline is not None


def test_the_command_line_imports_as_the_site(conference):
    from plenipot.core.actor import SYSTEM

    data = "en,fr,es,ru,ar,zh\nCouncil,Conseil,Consejo,Совет,المجلس,理事会\n".encode()
    assert check_glossary_import(SYSTEM, conference=conference, data=data).created == 1
    with pytest.raises(Invalid, match="The file was refused"):
        check_memory_import(SYSTEM, conference=conference, data=b"<tmx", kind="tmx")
