"""The demo runs inside its conference, on 28 October 2014: the timetable opens on that
day, a delegate can still finish a (late) submission, Tuvalu's late submission waits for
the secretariat, and the `chair` account holds the pen of a drafting room."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DEMO_DAY = datetime.date(2014, 10, 28)


def test_the_demo_runs_on_its_own_day(client):
    from plenipot.accounts.models import User
    from plenipot.accounts.roles import actor_for
    from plenipot.conference import clock
    from plenipot.demo.loader import demo_load
    from plenipot.documents.selectors import submission_queue
    from plenipot.negotiation.actions import check_draft_apply
    from plenipot.negotiation.models import Draft
    from plenipot.submissions.actions import check_upload_submit
    from plenipot.submissions.models import Upload

    conference = demo_load().conference
    assert clock.today(conference) == DEMO_DAY
    assert clock.now(conference).date() == DEMO_DAY

    # The timetable opens on the demo's day.
    page = client.get(reverse("planning-timetable"))
    assert page.context["first_day"] == DEMO_DAY

    # Tuvalu's submission arrived after the deadline and waits for the secretariat.
    (waiting,) = submission_queue(conference=conference)
    assert waiting.late and [s.iso3 for s in waiting.sources.all()] == ["TUV"]

    # Nigeria's delegate finishes the file the delegation uploaded: received as late.
    delegate = User.objects.get(username="delegate")
    upload = Upload.objects.get(uploaded_by=delegate)
    document = check_upload_submit(actor_for(delegate), upload_id=upload.pk)
    assert document.status == "submitted" and document.date == DEMO_DAY
    assert [d.title for d in submission_queue(conference=conference) if d.late] == [
        "Nigeria: proposals on Resolution 180",
        "Tuvalu: proposals on Resolution 180",
    ]

    # The chair of the Working Group of the Plenary edits its drafting room; the
    # revision is dated on the demo's day.
    chair = User.objects.get(username="chair")
    draft = Draft.objects.get(body__code="WGPL", instrument__number="133")
    revision = check_draft_apply(
        actor_for(chair),
        draft_id=draft.pk,
        data={
            "op": {"op": "add_footnote", "eid": "considering__a", "text": "Agreed in substance."},
            "base": draft.head,
        },
    )
    assert revision.number == draft.head + 1
    assert revision.created_at.astimezone(clock.zone_of(conference)).date() == DEMO_DAY
    assert all(
        r.created_at.astimezone(clock.zone_of(conference)).date() == DEMO_DAY
        for r in draft.revisions.all()
    )

    # `plenipot demo --today` moves the clock of the demo already loaded.
    later = datetime.date(2014, 11, 3)
    conference = demo_load(today=later).conference
    assert clock.today(conference) == later
