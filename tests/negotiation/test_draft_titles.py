"""A drafting room opened without a title of its own is named after its instrument in
each reader's language, whoever opened it and in whatever language."""

from __future__ import annotations

import pytest
from django.utils import translation

from plenipot.negotiation.services import draft_create

pytestmark = pytest.mark.django_db


def test_a_room_named_after_its_instrument_is_named_in_the_reader_s_language(room):
    with translation.override("fr"):
        draft = draft_create(body=room.body, instrument=room.instrument)
    assert draft.title == "Résolution 999"
    for language, title in (("ar", "القرار 999"), ("en", "Resolution 999"), ("fr", "Résolution 999")):
        with translation.override(language):
            assert draft.local_title == title


def test_a_title_of_its_own_stays_as_given(room):
    draft = draft_create(body=room.body, instrument=room.instrument, title="Résolution 999 révisée")
    with translation.override("ar"):
        assert draft.local_title == "Résolution 999 révisée"


def test_a_text_s_timeline_names_its_rooms_in_as_many_queries_for_three_as_for_one(room):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plenipot.tracker.selectors import _draft_entries

    def counted() -> tuple[int, list[str]]:
        with translation.override("ar"), CaptureQueriesContext(connection) as queries:
            titles = [e.title for e in _draft_entries(instrument=room.instrument, user=room.chair)]
        return len(queries), titles

    counted()  # the reader's roles, read once per user
    one, titles = counted()
    assert titles == ["القرار 999"]
    for _ in range(2):
        draft_create(body=room.body, instrument=room.instrument)
    three, titles = counted()
    assert titles == ["القرار 999"] * 3 and three == one
