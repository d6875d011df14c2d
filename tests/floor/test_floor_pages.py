"""The floor's pages: what each reader sees and may do, the forms that call the actions,
the live piece, the room display and the record; refusals as the site's error pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plenipot.floor.models import FloorRequest, Intervention

pytestmark = pytest.mark.django_db


def url(f, name="floor-meeting"):
    return reverse(name, args=[f["meeting"].pk])


def act(f, verb, request_id=None):
    if request_id is None:
        return reverse("floor-act", args=[f["meeting"].pk, f["item"].pk, verb])
    return reverse("floor-act-on", args=[f["meeting"].pk, f["item"].pk, request_id, verb])


def test_a_delegate_asks_for_the_floor_from_the_page_and_sees_its_place(client, floor):
    client.force_login(floor["french"])
    page = client.get(url(floor)).content.decode()
    assert "Ask for the floor" in page and "Give the floor" not in page
    response = client.post(act(floor, "ask"), {"kind": "speaker", "provision": "resolves__para_1"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Place 1 (Speaker)" in page and "resolves 1" in page


def test_the_chair_sees_the_controls_and_gives_the_floor(client, floor):
    client.force_login(floor["french"])
    client.post(act(floor, "ask"), {"kind": "speaker"})
    request = FloorRequest.objects.get()
    client.force_login(floor["chair"])
    page = client.get(url(floor)).content.decode()
    assert "Give the floor to France" in page and "Close the list" in page
    assert client.post(act(floor, "give", request.pk)).status_code == 302
    client.post(act(floor, "end"))
    assert Intervention.objects.get().delegation == floor["fra"]
    record = client.get(url(floor, "floor-record")).content.decode()
    assert "France" in record
    csv = client.get(url(floor, "floor-record") + "?format=csv").content.decode()
    assert csv.splitlines()[1].startswith("1,France,speaker,")


def test_the_public_follows_a_public_meeting_but_cannot_act(client, floor):
    client.force_login(floor["french"])
    client.post(act(floor, "ask"), {"kind": "point_of_order"})
    client.logout()
    page = client.get(url(floor)).content.decode()
    assert "France" in page and "Point of order" in page and "Ask for the floor" not in page
    assert client.get(url(floor, "floor-display")).status_code == 200
    response = client.post(act(floor, "give"))
    assert response.status_code == 302 and "/login" in response.url  # sign in first
    assert FloorRequest.objects.get().status == "waiting"


def test_a_closed_meeting_of_delegations_is_not_shown_to_the_public(client, floor):
    floor["meeting"].openness = "delegations"
    floor["meeting"].save()
    assert client.get(url(floor)).status_code == 404
    assert client.get(url(floor, "floor-display")).status_code == 404
    client.force_login(floor["french"])
    assert client.get(url(floor)).status_code == 200


def test_a_refusal_is_said_on_the_page(client, floor):
    client.force_login(floor["french"])
    client.post(act(floor, "ask"), {"kind": "speaker"})
    response = client.post(act(floor, "ask"), {"kind": "speaker"}, follow=True)
    assert "already on the list" in response.content.decode()
    client.force_login(floor["brazil"])
    assert client.post(act(floor, "give")).status_code == 403
    assert client.post(act(floor, "filibuster")).status_code == 404
    client.force_login(floor["chair"])
    response = client.post(act(floor, "time"), {"seconds": "lots"}, follow=True)
    assert "Give a whole number." in response.content.decode()
    response = client.post(act(floor, "time"), {"seconds": "99999"}, follow=True)
    assert "Speaking time must be at most 3600." in response.content.decode()
    assert "speaking_time" not in response.content.decode()
    from plenipot.floor.models import SpeakersList

    assert not SpeakersList.objects.filter(speaking_time=99999).exists()


def test_the_live_piece_and_the_display_panel(client, floor):
    client.force_login(floor["french"])
    client.post(act(floor, "ask"), {"kind": "speaker"})
    panel = client.get(
        reverse("floor-panel", args=[floor["meeting"].pk]) + f"?item={floor['item'].pk}"
    )
    assert panel.status_code == 200 and "France" in panel.content.decode()
    assert "<html" not in panel.content.decode()
    display = client.get(reverse("floor-display-panel", args=[floor["meeting"].pk]))
    assert "France" in display.content.decode()


def test_the_meeting_page_links_to_its_floor(client, floor):
    page = client.get(reverse("meeting-detail", args=[floor["meeting"].pk])).content.decode()
    assert url(floor) in page and url(floor, "floor-display") in page


def test_the_record_from_the_command_line(floor, capsys):
    import json

    from plenipot.accounts.roles import actor_for
    from plenipot.cli import main
    from plenipot.floor import actions

    ids = dict(meeting_id=floor["meeting"].pk, item_id=floor["item"].pk)
    actions.check_floor_ask(actor_for(floor["french"]), **ids, data={"provision": "considering__b"})
    actions.check_floor_give(actor_for(floor["chair"]), **ids)
    actions.check_floor_end(actor_for(floor["chair"]), **ids)
    assert main(["floor", "record", str(floor["meeting"].pk), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(r["delegation"], r["provision_label"]) for r in out["interventions"]] == [
        ("France", "considering b)")
    ]
    assert main(["floor", "record", str(floor["meeting"].pk)]) == 0
    assert "France on considering b)" in capsys.readouterr().out
    assert main(["floor", "record", "999999"]) == 2
    assert "no meeting 999999" in capsys.readouterr().err


def test_the_display_shows_an_announced_vote_and_nothing_before(client, floor):
    from plenipot.accounts.roles import actor_for
    from plenipot.elections import actions as elections

    chair, secretariat = actor_for(floor["chair"]), actor_for(floor["secretariat"])
    vote = elections.check_vote_open(
        chair, meeting_id=floor["meeting"].pk,
        data={"question": "Shall resolves 2 be kept?", "method": "show_of_hands"},
    )  # fmt: skip
    elections.check_vote_presence(secretariat, vote_id=vote.pk, data={"delegations": ["FRA", "SEN"]})
    elections.check_vote_hands(secretariat, vote_id=vote.pk, data={"yes": 2, "no": 0, "abstain": 0})
    panel = reverse("floor-display-panel", args=[floor["meeting"].pk])
    # While the vote is open, and while it is counted, the room sees the question and
    # that the vote is under way, never a count.
    shown = client.get(panel).content.decode()
    assert "Shall resolves 2 be kept?" in shown and "Voting is open." in shown
    elections.check_vote_close(chair, vote_id=vote.pk)
    shown = client.get(panel).content.decode()
    assert "Shall resolves 2 be kept?" in shown and "the votes are being counted" in shown
    assert "Result of the vote" not in shown and "<strong>2</strong>" not in shown
    elections.check_vote_announce(chair, vote_id=vote.pk)
    shown = client.get(panel).content.decode()
    assert "Result of the vote" in shown and "Shall resolves 2 be kept?" in shown
    assert "Adopted" in shown and "<strong>2</strong>" in shown
    assert "Voting is" not in shown


def test_the_display_without_a_draft_shows_the_item_and_the_agenda(client, floor):
    """On an item with no text under negotiation the display's text area says what is
    being discussed, and where it stands on the agenda, instead of an empty box."""
    display = reverse("floor-display", args=[floor["meeting"].pk])
    page = client.get(display + f"?item={floor['other'].pk}").content.decode()
    assert 'id="display-draft"' not in page and 'id="display-item"' in page
    assert "Under discussion" in page
    assert '<p class="display-item-title" dir="auto"><span class="display-item-number">2.</span> <bdi>Any other business</bdi>' in page
    assert '<li class="current" aria-current="true"><span class="display-item-number">2.</span>' in page
    assert "<span class=\"display-item-number\">1.</span> <bdi>Resolution 101" in page
    # On the item whose draft is open, the draft is shown instead to whoever may
    # watch the draft.
    client.force_login(floor["french"])
    page = client.get(display + f"?item={floor['item'].pk}").content.decode()
    assert 'id="display-draft"' in page and 'id="display-item"' not in page


def test_in_arabic_the_clock_reads_left_to_right_and_english_labels_are_isolated(client, floor):
    from plenipot.accounts.roles import actor_for
    from plenipot.floor import actions

    ids = dict(meeting_id=floor["meeting"].pk, item_id=floor["item"].pk)
    actions.check_floor_ask(actor_for(floor["french"]), **ids, data={"provision": "considering__b"})
    actions.check_floor_ask(actor_for(floor["brazil"]), **ids, data={"provision": "resolves__para_1"})
    actions.check_floor_give(actor_for(floor["chair"]), **ids)
    page = client.get(url(floor), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="ltr" class="floor-clock"' in page
    assert '<span class="floor-provision"><bdi>' in page and "resolves 1" in page
    assert "البرازيل" in page  # the state in the reader's language
    # The agenda's items keep their number at their start: each title is isolated.
    item = floor["item"]
    assert f"{item.position}. <bdi>{item.title}</bdi></a>" in page
    actions.check_floor_end(actor_for(floor["chair"]), **ids)
    record = client.get(url(floor, "floor-record"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert f"<td>{item.position}. <bdi>{item.title}</bdi></td>" in record
