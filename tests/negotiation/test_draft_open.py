"""Opening a drafting room from the body's page, the API and the command line: the room
starts from the proposals allocated to the body (or to its parent, for a group), names
their sources in the brackets, lists the delegations taking part; closing it, and
handing a group's text to its parent body."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from plenipot.accounts.services import token_create
from plenipot.cli import main
from plenipot.engine.draftformat import print_draft

pytestmark = pytest.mark.django_db

API = "/api/v1/conferences/PP-14"


@pytest.fixture
def rooms(world):
    """Besides the world's Addendum 1 to Document 27 (France, allocated to COM5): an ad
    hoc group of COM5 chaired by Senegal's head, and a Brazilian proposal allocated to
    the Plenary only."""
    from plenipot.conference.services import body_create
    from plenipot.documents.services import document_create, proposal_create

    ahg = body_create(
        conference=world["conference"], code="COM5-AHG-101", name="Groupe ad hoc 101",
        kind="ad_hoc", parent=world["com5"], chair=world["com5"].chair, openness="delegations",
    )  # fmt: skip
    elsewhere = document_create(
        conference=world["conference"], number="40", kind="input", title="Brazil",
        date=datetime.date(2014, 9, 10), sources=[world["bra"].organisation], body=world["pl"],
    )  # fmt: skip
    proposal_create(
        document=elsewhere, symbol="B/40/1", mark="MOD", instrument=world["resolution"],
        target="resolves__para_2", text="that ITU shall make the fullest use of IP-based networks,",
        sources=[world["bra"].organisation],
    )  # fmt: skip
    return {**world, "ahg": ahg}


def test_a_chair_opens_a_room_from_the_body_page_with_the_proposals_allocated_to_it(
    client, rooms
):
    from plenipot.negotiation.models import Draft
    from plenipot.negotiation.selectors import draft_text

    client.force_login(rooms["chair"])
    page = client.get(reverse("body-detail", args=["COM5-AHG-101"])).content.decode()
    assert "Open a drafting room" in page and 'value="resolution 101"' in page
    answer = client.post(
        reverse("draft-open", args=["COM5-AHG-101"]),
        {"instrument": "resolution 101", "title": "第101号决议：特设组案文", "delegations": ["FRA", "SEN"]},
    )
    draft = Draft.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("draft-room", args=[draft.pk])
    assert draft.body.code == "COM5-AHG-101" and draft.title == "第101号决议：特设组案文"
    assert sorted(d.organisation.iso3 for d in draft.delegations.all()) == ["FRA", "SEN"]
    printed = print_draft(draft_text(draft).draft)
    # France's proposals came through COM5, the group's parent; Brazil's went to the
    # Plenary only and stay out.
    assert "| F: " in printed and "coordination" in printed  # France named in the brackets
    assert "fullest" not in printed
    page = client.get(reverse("body-detail", args=["COM5-AHG-101"])).content.decode()
    assert "第101号决议：特设组案文" in page
    # One open room per body and instrument.
    again = client.post(
        reverse("draft-open", args=["COM5-AHG-101"]), {"instrument": "resolution 101"}
    )
    assert again.status_code == 302 and Draft.objects.count() == 1


def test_the_api_and_the_command_line_open_close_and_hand_over(client, rooms, capsys):
    from plenipot.accounts.roles import actor_for
    from plenipot.core.errors import Conflict
    from plenipot.negotiation.actions import check_draft_apply
    from plenipot.negotiation.models import Draft

    token = token_create(user=rooms["chair"])
    answer = client.post(
        f"{API}/drafts",
        {"body": "COM5-AHG-101", "instrument": "resolution 101", "delegations": ["SEN"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["body"] == "COM5-AHG-101" and body["instrument"] == "resolution 101"
    group = Draft.objects.get(pk=body["id"])

    # The group reports: its text goes on in COM5, and its own room closes.
    capsys.readouterr()
    assert main(["draft", "hand-over", str(group.pk), "--user", "chair5"]) == 0
    assert "The text goes on in COM5" in capsys.readouterr().out
    group.refresh_from_db()
    committee = Draft.objects.get(body__code="COM5")
    assert group.closed_at is not None and committee.parent_id == group.pk
    assert committee.state == group.state and committee.provenance == group.provenance
    with pytest.raises(Conflict):
        check_draft_apply(
            actor_for(rooms["chair"]), draft_id=group.pk,
            data={"op": {"op": "set_status", "eid": "considering__a", "status": "agreed"}, "base": 0},
        )  # fmt: skip

    answer = client.post(
        f"/api/v1/drafts/{committee.pk}/close", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert answer.status_code == 200 and answer.json()["closed"] is True
    capsys.readouterr()
    assert main(["draft", "open", "COM5", "resolution 101", "--user", "chair5",
                 "--title", "Резолюция 101: текст Комитета 5"]) == 0  # fmt: skip
    assert "Opened drafting room" in capsys.readouterr().out
    assert Draft.objects.filter(body__code="COM5", closed_at__isnull=True).get().title == (
        "Резолюция 101: текст Комитета 5"
    )


def test_a_closed_room_shows_it_and_offers_no_pen(client, rooms):
    from plenipot.negotiation.services import draft_close, draft_create

    draft = draft_create(body=rooms["ahg"], instrument=rooms["resolution"])
    client.force_login(rooms["chair"])
    page = client.get(reverse("draft-room", args=[draft.pk])).content.decode()
    assert "Close the room" in page and "Hand the text to COM5" in page
    draft_close(draft=draft)
    page = client.get(reverse("draft-room", args=[draft.pk])).content.decode()
    assert "This drafting room closed on" in page
    assert "Close the room" not in page and 'id="snapshot-form"' not in page
