"""The demo's floor: a meeting of the Working Group of the Plenary on Resolution 133 with
its list of speakers under way, someone speaking, a point of order waiting first, and
the interventions already made in the record; its room display shows them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plenipot.floor import selectors
from plenipot.floor.models import Intervention
from plenipot.meetings.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from plenipot.demo.loader import demo_load

    return demo_load()


def test_the_demo_meeting_has_a_list_of_speakers_under_way(demo, client):
    meeting = Meeting.objects.get(body__code="WGPL", number=2)
    item = selectors.item_chosen(meeting, None)
    state = selectors.floor_state(meeting, item)
    assert state.speaking is not None and state.speaking.delegation == "India"
    assert state.speaking.provision and not state.clock_running
    waiting = [(e.delegation, e.kind) for e in state.waiting]
    assert waiting[0] == ("Argentina", "point_of_order")  # raised last, heard first
    assert len(waiting) == 5 and ("Tuvalu", "speaker") in waiting
    record = Intervention.objects.filter(meeting=meeting).order_by("started_at")
    assert [i.delegation.organisation.iso3 for i in record] == ["EGY", "DEU", "BRA", "KEN"]
    assert sum(i.seconds for i in record) == 164 + 97 + 131 + 45
    # The room display shows it to whoever may follow the meeting: a delegate.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="delegate"))
    page = client.get(reverse("floor-display", args=[meeting.pk])).content.decode()
    assert '<p class="display-now">India</p>' in page
    assert page.index("Argentina") < page.index("China")
