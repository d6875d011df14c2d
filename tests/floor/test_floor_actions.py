"""The list of speakers through its actions: who may ask and run it, the order of the
floor, the clock and the record, and refusals that leave the list as it was."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from plenipot.accounts.roles import actor_for
from plenipot.core.errors import Conflict, Forbidden, Invalid, InvalidInput, NotFound, NotSignedIn
from plenipot.floor import actions, selectors
from plenipot.floor.models import FloorRequest, Intervention, SpeakersList

pytestmark = pytest.mark.django_db


def ask(f, user, **data):
    return actions.check_floor_ask(
        actor_for(user), meeting_id=f["meeting"].pk, item_id=f["item"].pk, data=data
    )


def state(f):
    return selectors.floor_state(f["meeting"], f["item"])


def names(f):
    return [(e.delegation, e.kind) for e in state(f).waiting]


def test_points_of_order_and_rights_of_reply_go_first(floor):
    ask(floor, floor["french"])
    ask(floor, floor["brazil"])
    ask(floor, floor["chair"], kind="right_of_reply")
    ask(floor, floor["brazil"], kind="point_of_order")
    assert names(floor) == [
        ("Brazil", "point_of_order"),
        ("Senegal", "right_of_reply"),
        ("France", "speaker"),
        ("Brazil", "speaker"),
    ]
    assert [e.place for e in state(floor).waiting] == [1, 2, 3, 4]


def test_only_a_delegation_asks_and_only_once_per_kind(floor):
    with pytest.raises(NotSignedIn):
        ask(floor, None)
    with pytest.raises(Forbidden):
        ask(floor, floor["outsider"])
    with pytest.raises(Forbidden):
        ask(floor, floor["secretariat"])
    ask(floor, floor["french"])
    with pytest.raises(Conflict):
        ask(floor, floor["french"])
    assert FloorRequest.objects.count() == 1


def test_a_request_names_a_provision_of_the_text_under_negotiation(floor):
    ask(floor, floor["french"], provision="resolves__para_2")
    [entry] = state(floor).waiting
    assert entry.provision == "resolves 2"
    with pytest.raises(Invalid):
        ask(floor, floor["brazil"], provision="resolves__para_99")
    with pytest.raises(InvalidInput):
        ask(floor, floor["brazil"], kind="filibuster")
    with pytest.raises(InvalidInput):
        ask(floor, floor["brazil"], provision="x" * 201)
    assert FloorRequest.objects.count() == 1


def test_the_chair_gives_the_floor_runs_the_clock_and_the_record_keeps_it(floor):
    chair = actor_for(floor["chair"])
    ids = dict(meeting_id=floor["meeting"].pk, item_id=floor["item"].pk)
    ask(floor, floor["french"], provision="considering__a")
    ask(floor, floor["brazil"])
    given = actions.check_floor_give(chair, **ids)
    assert given.delegation == floor["fra"]
    current = state(floor)
    assert current.speaking.delegation == "France" and current.clock_running
    # Forty seconds spoken, then the clock stops: the seconds are kept.
    SpeakersList.objects.update(clock_started_at=timezone.now() - datetime.timedelta(seconds=40))
    actions.check_floor_clock(chair, **ids, data={"running": False})
    assert 40 <= state(floor).seconds_spoken() <= 42
    assert not state(floor).clock_running
    # Giving the floor to the next ends France's turn: it goes into the record.
    actions.check_floor_give(chair, **ids)
    [spoken] = Intervention.objects.all()
    assert (spoken.delegation, spoken.eid, spoken.kind) == (
        floor["fra"],
        "considering__a",
        "speaker",
    )
    assert 40 <= spoken.seconds <= 42
    actions.check_floor_end(chair, **ids)
    record = selectors.meeting_record(floor["meeting"])
    assert [(r["delegation"], r["provision_label"]) for r in record] == [
        ("France", "considering a)"),
        ("Brazil", ""),
    ]
    with pytest.raises(Conflict):
        actions.check_floor_end(chair, **ids)
    with pytest.raises(Conflict):
        actions.check_floor_give(chair, **ids)


def test_only_the_chair_or_the_secretariat_runs_the_list(floor):
    ids = dict(meeting_id=floor["meeting"].pk, item_id=floor["item"].pk)
    request = ask(floor, floor["french"])
    for user in (floor["french"], floor["brazil"], floor["pl_chair"], floor["outsider"]):
        with pytest.raises(Forbidden):
            actions.check_floor_give(actor_for(user), **ids)
        with pytest.raises(Forbidden):
            actions.check_floor_move(
                actor_for(user), **ids, request_id=request.pk, data={"place": 1}
            )
    actions.check_floor_give(actor_for(floor["secretariat"]), **ids)
    assert state(floor).speaking.delegation == "France"


def test_the_chair_moves_a_speaker_within_its_kind(floor):
    chair = actor_for(floor["chair"])
    ids = dict(meeting_id=floor["meeting"].pk, item_id=floor["item"].pk)
    ask(floor, floor["french"])
    ask(floor, floor["brazil"])
    last = ask(floor, floor["chair"])
    ask(floor, floor["brazil"], kind="point_of_order")
    actions.check_floor_move(chair, **ids, request_id=last.pk, data={"place": 1})
    assert [n for n, _ in names(floor)] == ["Brazil", "Senegal", "France", "Brazil"]
    with pytest.raises(InvalidInput):
        actions.check_floor_move(chair, **ids, request_id=last.pk, data={"place": 0})


def test_a_closed_list_takes_only_points_of_order_and_rights_of_reply(floor):
    chair = actor_for(floor["chair"])
    ids = dict(meeting_id=floor["meeting"].pk, item_id=floor["item"].pk)
    actions.check_speakers_list_set(chair, **ids, data={"closed": True})
    with pytest.raises(Conflict):
        ask(floor, floor["french"])
    ask(floor, floor["french"], kind="point_of_order")
    ask(floor, floor["brazil"], kind="right_of_reply")
    assert len(state(floor).waiting) == 2


def test_a_delegation_withdraws_only_its_own_request(floor):
    ids = dict(meeting_id=floor["meeting"].pk, item_id=floor["item"].pk)
    french = ask(floor, floor["french"])
    with pytest.raises(Forbidden):
        actions.check_floor_withdraw(actor_for(floor["brazil"]), **ids, request_id=french.pk)
    actions.check_floor_withdraw(actor_for(floor["french"]), **ids, request_id=french.pk)
    assert state(floor).waiting == []
    with pytest.raises(Conflict):
        actions.check_floor_withdraw(actor_for(floor["french"]), **ids, request_id=french.pk)


def test_a_delegation_away_keeps_its_place_and_is_told_once_when_its_turn_nears(
    floor, mailoutbox, django_capture_on_commit_callbacks
):
    chair = actor_for(floor["chair"])
    ids = dict(meeting_id=floor["meeting"].pk, item_id=floor["item"].pk)
    ask(floor, floor["chair"])
    ask(floor, floor["brazil"])
    ask(floor, floor["chair"], kind="right_of_reply")
    ask(floor, floor["brazil"], kind="point_of_order")
    with django_capture_on_commit_callbacks(execute=True):
        away = ask(floor, floor["french"], away=True)
    assert [e.delegation for e in state(floor).waiting][-1] == "France"
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_floor_give(chair, **ids)  # Brazil's point of order: three before France
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_floor_give(chair, **ids)  # Senegal's reply: two before France
    [mail] = mailoutbox
    assert mail.to == ["fra@example.org"]
    assert "2" in mail.body and "COM5" in mail.subject
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_floor_give(chair, **ids)
    assert len(mailoutbox) == 1  # told once
    away.refresh_from_db()
    assert away.status == "waiting" and away.warned


def test_unknown_meetings_items_and_requests_answer_alike(floor):
    chair = actor_for(floor["chair"])
    with pytest.raises(NotFound):
        actions.check_floor_give(chair, meeting_id=999_999, item_id=floor["item"].pk)
    with pytest.raises(NotFound):
        actions.check_floor_give(chair, meeting_id=floor["meeting"].pk, item_id=999_999)
    with pytest.raises(NotFound):
        actions.check_floor_give(
            chair,
            meeting_id=floor["meeting"].pk,
            item_id=floor["item"].pk,
            data={"request": 999_999},
        )
