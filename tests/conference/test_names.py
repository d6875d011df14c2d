"""Member States are named in the reader's language: the Union's English name in English,
CLDR's name in the other five, wherever a page prints a state or its delegation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from plenipot.conference.models import Organisation
from plenipot.conference.names import territory_name

EXPECTED = {
    "ar": "فرنسا",
    "zh-hans": "法国",
    "fr": "France",
    "ru": "Франция",
    "es": "Francia",
}


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_a_state_is_named_in_each_language(language):
    france = Organisation(kind="member_state", name="France", iso2="FR")
    with translation.override(language):
        assert str(france) == EXPECTED[language]


def test_english_keeps_the_unions_name_and_others_fall_back_to_it():
    korea = Organisation(kind="member_state", name="Republic of Korea", iso2="KR")
    with translation.override("en"):
        assert str(korea) == "Republic of Korea"
    assert korea.local_name("ru") == "Республика Корея"
    cept = Organisation(
        kind="regional", name="European Conference of Postal and Telecommunications Administrations"
    )
    with translation.override("ar"):
        assert str(cept) == cept.name  # no ISO code: the stored name
    assert territory_name("XY", "fr") == ""  # unknown code
    assert territory_name("FR", "xx") == ""  # unknown language


@pytest.mark.django_db
def test_the_delegations_page_names_states_in_arabic(client, delegations):
    page = client.get(reverse("delegation-list"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "فرنسا" in page and "السنغال" in page
    page = client.get(reverse("delegation-list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "France" in page and "Senegal" in page
