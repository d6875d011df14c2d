"""The user menu names the signed-in account in the reader's language: the person
behind it by their own name, else the account's role, translated, with its username;
never a description stored in one language ("Conference secretariat")."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from plenipot.accounts.selectors import AccountName, account_name
from plenipot.accounts.services import user_create
from plenipot.conference.services import person_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def back_to_english():
    """A request in another language leaves it active in the thread."""
    yield
    translation.activate("en")


def menu_name(client, user, language) -> str:
    client.force_login(user)
    client.cookies["django_language"] = language
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    found = re.search(r'<span class="user-name">(.*?)</span>\s*<svg', html, re.S)
    assert found, "no user menu"
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_an_account_without_a_person_is_named_by_its_role_in_arabic(client, conference):
    user = user_create(
        username="secretariat", password=None, role="secretariat",
        display_name="Conference secretariat",
    )  # fmt: skip
    assert menu_name(client, user, "ar") == "الأمانة · secretariat"
    assert menu_name(client, user, "zh-hans") == "秘书处 · secretariat"
    assert menu_name(client, user, "en") == "Secretariat · secretariat"


def test_the_person_behind_an_account_is_named_by_their_own_name(client, delegations):
    user = user_create(
        username="delegate", password=None, role="delegate", display_name="Delegate of Nigeria"
    )
    person_create(
        given_name="Chidi", family_name="Okafor", delegation=delegations["SEN"],
        delegation_role="delegate", user=user,
    )  # fmt: skip
    assert menu_name(client, user, "ar") == "Chidi Okafor"
    assert "Delegate of Nigeria" not in menu_name(client, user, "en")


def test_an_account_with_its_own_names_and_no_person_keeps_them():
    from plenipot.accounts.models import User

    user = User.objects.create_user(
        username="officer", first_name="Hana", last_name="Kim", role="secretariat",
        display_name="Documents control",
    )  # fmt: skip
    assert account_name(user) == AccountName("Hana Kim")
    with translation.override("ru"):
        assert account_name(User.objects.create_user(username="tr", role="translator")) == (
            AccountName("Переводчик", "tr")
        )
