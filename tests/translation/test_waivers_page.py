"""The waiver page: the failing checks of a text per language and provision; a chair
or the secretariat waives one with a reason and withdraws it; both stay on record;
everyone else is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.fixture
def chair(db):
    from plenipot.accounts.services import user_create

    return user_create(username="chair-ed", password=None, role="chair", display_name="Ms Chair")


def _gate(dt):
    from plenipot.translation.selectors import expressions_check

    return {(f.check, f.language, f.eid) for f in expressions_check(instrument_or_document=dt.document)}


def test_the_page_lists_failures_per_language_and_provision(client, chair, dt):
    client.force_login(chair)
    page = client.get(reverse("translation-checks", args=[dt.pk])).content.decode()
    assert "This language version is not final (Pending)." in page
    assert page.count('name="reason"') == len(_gate(dt))  # each failure has its form
    assert "No check of this text has been waived." in page


def test_a_chair_waives_with_a_reason_and_withdraws(client, chair, dt):
    from plenipot.translation.models import CheckWaiver

    assert ("status", "fr", "") in _gate(dt)
    client.force_login(chair)
    url = reverse("translation-checks", args=[dt.pk])
    response = client.post(
        url, {"check": "status", "language": "fr", "eid": "", "reason": "French revised on paper"}
    )
    assert response.status_code == 302
    assert ("status", "fr", "") not in _gate(dt)
    page = client.get(url).content.decode()
    assert "French revised on paper" in page and "Ms Chair" in page and "waived" in page

    waiver = CheckWaiver.objects.get()
    client.post(reverse("translation-waiver-withdraw", args=[waiver.pk]))
    waiver.refresh_from_db()
    assert waiver.withdrawn_at is not None and waiver.withdrawn_by == chair
    assert ("status", "fr", "") in _gate(dt)
    page = client.get(url).content.decode()
    assert "withdrawn by Ms Chair" in page and "French revised on paper" in page

    client.post(url, {"check": "status", "language": "fr", "eid": "", "reason": "Again"})
    assert CheckWaiver.objects.count() == 2  # the withdrawn one stays on record
    assert ("status", "fr", "") not in _gate(dt)
    second = CheckWaiver.objects.get(withdrawn_at__isnull=True)
    page = client.get(url).content.decode()
    assert page.count("withdraw-button") == 1
    response = client.post(reverse("translation-waiver-withdraw", args=[waiver.pk]), follow=True)
    assert "already withdrawn" in response.content.decode()
    second.refresh_from_db()
    assert second.withdrawn_at is None


def test_a_waiver_needs_a_reason_and_a_failing_check(client, chair, dt):
    from plenipot.translation.models import CheckWaiver

    client.force_login(chair)
    url = reverse("translation-checks", args=[dt.pk])
    blank = client.post(url, {"check": "status", "language": "fr", "eid": "", "reason": "  "}, follow=True)
    assert "A waiver needs its reason." in blank.content.decode()
    passing = client.post(
        url, {"check": "brackets", "language": "fr", "eid": "title", "reason": "why not"}, follow=True
    )
    assert "does not fail any more" in passing.content.decode()
    assert not CheckWaiver.objects.exists()


def test_a_missing_language_cannot_be_waived(client, chair, dt):
    from plenipot.translation.models import CheckWaiver

    dt.expressions.filter(language="ru").delete()
    client.force_login(chair)
    url = reverse("translation-checks", args=[dt.pk])
    page = client.get(url).content.decode()
    assert "This language version is missing." in page and "cannot be waived" in page
    response = client.post(
        url, {"check": "missing", "language": "ru", "eid": "", "reason": "later"}, follow=True
    )
    assert "A missing language cannot be waived." in response.content.decode()
    assert not CheckWaiver.objects.exists()
    assert ("missing", "ru", "") in _gate(dt)


def test_others_are_refused(client, translator, delegate, dt, chair):
    from plenipot.translation.services import check_waive

    url = reverse("translation-checks", args=[dt.pk])
    form = {"check": "status", "language": "fr", "eid": "", "reason": "mine"}
    for person in (translator, delegate):
        client.force_login(person)
        assert client.post(url, form).status_code == 403
    waiver = check_waive(source=dt, user=chair, check="status", language="fr", eid="", reason="ok")
    assert client.post(reverse("translation-waiver-withdraw", args=[waiver.pk])).status_code == 403
    client.force_login(translator)
    page = client.get(url).content.decode()
    assert "mine" not in page and 'name="reason"' not in page and "withdraw-button" not in page
    assert client.get(reverse("translation-checks", args=[99999])).status_code == 404
    assert client.post(reverse("translation-waiver-withdraw", args=[99999])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_a_document_the_reader_may_not_read_is_not_found(client, delegate, chair, dt):
    from plenipot.translation.services import check_waive

    document = dt.document
    document.status = "submitted"  # not yet registered: only its sources and the secretariat
    document.save()
    waiver = check_waive(source=dt, user=chair, check="status", language="fr", eid="", reason="ok")
    client.force_login(delegate)
    assert client.get(reverse("translation-checks", args=[dt.pk])).status_code == 404
    assert client.post(reverse("translation-waiver-withdraw", args=[waiver.pk])).status_code == 404


def test_a_derived_chair_may_waive(client, dt, conference):
    """A person chairing an active body is a chair without a role on the account."""
    from plenipot.accounts.services import user_create
    from plenipot.conference.models import Body, Person

    user = user_create(username="derived", password=None)
    person = Person.objects.create(user=user, family_name="Chair", given_name="A")
    Body.objects.create(
        conference=conference, code="COM5", name="Editorial Committee", kind="committee", chair=person
    )
    client.force_login(user)
    form = {"check": "status", "language": "es", "eid": "", "reason": "Spanish read aloud"}
    assert client.post(reverse("translation-checks", args=[dt.pk]), form).status_code == 302
    assert ("status", "es", "") not in _gate(dt)


def test_the_api_lists_standing_waivers(client, chair, dt):
    from plenipot.translation.services import check_waive, check_waiver_withdraw

    old = check_waive(source=dt, user=chair, check="status", language="ru", eid="", reason="earlier")
    check_waiver_withdraw(waiver=old, user=chair)
    check_waive(source=dt, user=chair, check="status", language="fr", eid="", reason="on paper")
    client.force_login(chair)
    answer = client.get(f"/api/v1/translation/texts/{dt.pk}")  # the session reads as the chair
    assert answer.status_code == 200
    body = answer.json()
    assert [(w["language"], w["reason"], w["waived_by"]) for w in body["waivers"]] == [
        ("fr", "on paper", "Ms Chair")
    ]
    assert ("status", "fr") not in {(f["check"], f["language"]) for f in body["failures"]}
    assert ("status", "ru") in {(f["check"], f["language"]) for f in body["failures"]}


def test_the_service_refuses_an_unknown_check_or_language(chair, dt):
    from django.core.exceptions import ValidationError

    from plenipot.translation.services import check_waive

    with pytest.raises(ValidationError, match="no check named spelling"):
        check_waive(source=dt, user=chair, check="spelling", language="fr", eid="", reason="r")
    with pytest.raises(ValidationError, match="not a language this text is translated into"):
        check_waive(source=dt, user=chair, check="status", language="en", eid="", reason="r")
    with pytest.raises(ValidationError, match="not a language this text is translated into"):
        check_waive(source=dt, user=chair, check="status", language="de", eid="", reason="r")


def test_the_checks_page_reads_a_bounded_number_of_queries(client, chair, dt, django_assert_max_num_queries):
    from plenipot.translation.services import check_waive

    for language in ("fr", "es", "ru"):
        check_waive(source=dt, user=chair, check="status", language=language, eid="", reason="r")
    client.force_login(chair)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("translation-checks", args=[dt.pk])).status_code == 200
