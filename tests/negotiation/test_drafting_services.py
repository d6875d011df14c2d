"""Drafting-room services: optimistic concurrency, undo, suggestions, snapshots, events."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from plenipot.accounts.roles import actor_for
from plenipot.core.errors import Forbidden, NotFound
from plenipot.negotiation.actions import (
    check_draft_apply,
    check_suggestion_decline,
    check_suggestion_submit,
)
from plenipot.negotiation.models import Draft, Revision
from plenipot.negotiation.selectors import (
    draft_provenance,
    draft_text,
    revision_diff,
    revision_text,
)
from plenipot.negotiation.services import (
    DraftConflict,
    operation_apply,
    revision_undo,
    snapshot_save,
    suggestion_accept,
    suggestion_submit,
)


def _edit(room, user, eid, text, base, segment=0):
    return operation_apply(
        draft_id=room.draft.pk,
        user=user,
        operation={"op": "edit_text", "eid": eid, "segment": segment, "text": text},
        base=base,
        description="edit",
    )


def test_two_pens_on_different_provisions_both_succeed(room):
    _edit(room, room.chair, "title", "Example of a negotiated instrument", 0)
    _edit(room, room.vice, "considering__a", "that ICTs matter;", 0)
    draft = Draft.objects.get(pk=room.draft.pk)
    assert draft.head == 2
    text = draft_text(draft)
    assert text.provision("title").segments == ("Example of a negotiated instrument",)
    assert text.provision("considering__a").segments == ("that ICTs matter;",)


def test_a_stale_edit_of_the_same_provision_is_refused_with_the_current_text(room):
    _edit(room, room.chair, "title", "First wording", 0)
    before = Draft.objects.get(pk=room.draft.pk).state
    with pytest.raises(DraftConflict) as caught:
        _edit(room, room.vice, "title", "Second wording", 0)
    assert caught.value.head == 1
    assert caught.value.provisions["title"]["segments"] == ["First wording"]
    assert caught.value.by == [1]
    draft = Draft.objects.get(pk=room.draft.pk)
    assert draft.state == before and draft.head == 1
    # Made against the current revision, the same edit goes through.
    _edit(room, room.vice, "title", "Second wording", 1)


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        ({"op": "edit_text", "eid": "nowhere", "segment": 0, "text": "x"}, "no provision"),
        ({"op": "bracket_span", "eid": "title", "segment": 0, "start": 0, "end": 999,
          "source": "EUR"}, "outside the text"),
        ({"op": "explode", "eid": "title"}, "unknown operation"),
        ({"op": "restore", "eid": "title", "provision": None, "after": None}, "undoing"),
    ],
)  # fmt: skip
def test_bad_operations_leave_the_draft_as_it_was(room, operation, message):
    before = Draft.objects.get(pk=room.draft.pk).state
    with pytest.raises(ValidationError, match=message):
        operation_apply(draft_id=room.draft.pk, user=room.chair, operation=operation, base=0)
    draft = Draft.objects.get(pk=room.draft.pk)
    assert draft.state == before and draft.head == 0
    assert not Revision.objects.filter(draft=draft).exists()


def _as(user, action, room, **kwargs):
    return action(actor_for(user), draft_id=room.draft.pk, **kwargs)


def test_only_the_pen_edits(room):
    edit = {"base": 0, "op": {"op": "edit_text", "eid": "title", "segment": 0, "text": "Mine"}}
    with pytest.raises(Forbidden):
        _as(room.delegate, check_draft_apply, room, data=edit)
    with pytest.raises(NotFound):  # the outsider may not even watch this body's draft
        _as(room.outsider, check_draft_apply, room, data=edit)
    assert Draft.objects.get(pk=room.draft.pk).head == 0
    _as(room.secretariat, check_draft_apply, room, data=edit)
    assert Draft.objects.get(pk=room.draft.pk).head == 1


def test_a_base_from_the_future_is_refused(room):
    with pytest.raises(ValidationError, match="does not exist yet"):
        _edit(room, room.chair, "title", "x", 5)


def test_undo_is_a_new_revision_and_history_and_diff_read_back(room):
    original = draft_text(room.draft)
    _edit(room, room.chair, "title", "Changed title", 0)
    revision_undo(draft_id=room.draft.pk, user=room.chair, number=1)
    draft = Draft.objects.get(pk=room.draft.pk)
    assert draft.head == 2
    assert draft_text(draft) == original
    assert revision_text(draft, 1).provision("title").segments == ("Changed title",)
    diff = revision_diff(draft, 0, 1)
    assert [d["eid"] for d in diff] == ["title"]
    assert "Changed title" in diff[0]["after"]
    assert revision_diff(draft, 0, 2) == []


def test_undo_is_refused_when_the_provision_changed_since(room):
    _edit(room, room.chair, "title", "One", 0)
    _edit(room, room.chair, "title", "Two", 1)
    with pytest.raises(DraftConflict):
        revision_undo(draft_id=room.draft.pk, user=room.chair, number=1)


def test_a_suggestion_becomes_an_alternative_credited_to_its_delegation(room):
    suggestion = suggestion_submit(
        draft=room.draft, user=room.delegate, eid="title", text="Model instrument"
    )
    revision = suggestion_accept(suggestion_id=suggestion.pk, user=room.chair)
    assert revision.credit == "F"
    # "Example of an instrument" against "Model instrument": the bracket holds only the
    # words that differ; the last word, common to both, stays agreed.
    bracket, rest = draft_text(Draft.objects.get(pk=room.draft.pk)).provision("title").segments
    assert [(a.text, a.sources) for a in bracket.alternatives] == [
        ("Example of an", ("BASE",)),
        ("Model", ("F",)),
    ]
    assert rest == " instrument"
    words = draft_provenance(Draft.objects.get(pk=room.draft.pk))
    title = next(p for p in words if p["eid"] == "title")
    assert title["pieces"][1]["words"][0] == ["Model", "F/r1"]
    assert title["pieces"][0]["words"][0][1] == "BASE"


def test_suggestions_need_a_participating_delegation_and_the_pen_to_decide(room, conference):
    room.body.openness = "public"  # so that the outsider watches, and is refused for its role
    room.body.save()
    with pytest.raises(Forbidden, match="taking part"):
        _as(room.outsider, check_suggestion_submit, room, data={"eid": "title", "text": "x"})
    suggestion = _as(
        room.delegate, check_suggestion_submit, room, data={"eid": "title", "text": "y"}
    )
    with pytest.raises(Forbidden):
        _as(room.delegate, check_suggestion_decline, room, suggestion_id=suggestion.pk)
    _as(room.chair, check_suggestion_decline, room, suggestion_id=suggestion.pk)
    with pytest.raises(ValidationError):
        suggestion_accept(suggestion_id=suggestion.pk, user=room.chair)


def test_a_delegation_not_in_the_body_may_not_suggest(room, delegations):
    room.draft.delegations.set([delegations["BRA"]])
    with pytest.raises(Forbidden):
        _as(room.delegate, check_suggestion_submit, room, data={"eid": "title", "text": "x"})
    assert _as(room.vice, check_suggestion_submit, room, data={"eid": "title", "text": "y"})


def test_snapshots_are_issued_as_dt_and_its_revisions(room):
    first = snapshot_save(draft_id=room.draft.pk, user=room.chair, name="After first reading")
    _edit(room, room.chair, "title", "Example of an amended instrument", 0)
    second = snapshot_save(draft_id=room.draft.pk, user=room.chair, name="After second reading")
    assert first.document.number == second.document.number
    assert first.document.series == "DT" and first.document.revision == 0
    assert second.document.revision == 1
    assert "[BASE: high | EUR: the highest]" in second.clean_text
    assert "Example of an amended instrument" in second.clean_text
    assert second.marked_text != second.clean_text


def test_an_applied_edit_is_sent_to_watchers_after_commit(room, django_capture_on_commit_callbacks):
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from plenipot.negotiation.services import draft_group

    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(draft_group(room.draft.pk), channel)
    with django_capture_on_commit_callbacks(execute=True):
        _edit(room, room.chair, "title", "Live title", 0)
    message = async_to_sync(layer.receive)(channel)
    event = json.loads(message["text"])
    assert event["number"] == 1 and event["eids"] == ["title"]
    assert event["provisions"]["title"]["segments"] == ["Live title"]
    assert Revision.objects.get(draft=room.draft, number=1).event["number"] == 1


def test_a_snapshot_keeps_the_provenance_of_its_words(room):
    _edit(room, room.chair, "title", "Example of a snapshot", 0)
    snapshot = snapshot_save(draft_id=room.draft.pk, user=room.chair, name="First")
    assert snapshot.provenance["title"][0] == "BASE"  # "Example" was there before
    assert snapshot.provenance["title"][-1] == "PEN/r1"
    assert "EUR" in snapshot.provenance["resolves__para_1"]


def test_a_draft_goes_back_to_the_parent_body_with_its_text_and_provenance(room, plenary):
    from plenipot.negotiation.services import draft_take_over

    _edit(room, room.chair, "title", "Example of a reported instrument", 0)
    draft = Draft.objects.get(pk=room.draft.pk)
    back = draft_take_over(draft=draft, body=plenary)
    assert back.head == 0 and back.parent == draft and back.body == plenary
    assert draft_text(back) == draft_text(draft)
    assert back.provenance == draft.provenance


def test_a_suggestion_for_a_span_brackets_only_those_words(room):
    whole = draft_text(room.draft).provision("considering__a").segments[0]
    start = whole.index("critical")
    end = start + len("critical")
    suggestion = suggestion_submit(
        draft=room.draft, user=room.delegate, eid="considering__a", text="essential",
        segment=0, start=start, end=end,
    )  # fmt: skip
    suggestion_accept(suggestion_id=suggestion.pk, user=room.chair)
    segments = draft_text(Draft.objects.get(pk=room.draft.pk)).provision("considering__a").segments
    assert segments[0] == whole[:start] and segments[2] == whole[end:]
    assert [(a.text, a.sources) for a in segments[1].alternatives] == [
        ("critical", ("BASE",)),
        ("essential", ("F",)),
    ]


def test_a_suggestion_for_the_whole_provision_brackets_only_the_words_it_changes(room):
    sentence = "that information and communication technologies are critical to development;"
    suggestion = suggestion_submit(
        draft=room.draft, user=room.delegate, eid="considering__a",
        text=sentence.replace("critical to", "critical to sustainable"),
    )  # fmt: skip
    suggestion_accept(suggestion_id=suggestion.pk, user=room.chair)
    segments = draft_text(Draft.objects.get(pk=room.draft.pk)).provision("considering__a").segments
    before, bracket, after = segments
    assert before == "that information and communication technologies are critical to "
    assert [(a.text, a.sources) for a in bracket.alternatives] == [
        ("", ("BASE",)),
        ("sustainable ", ("F",)),
    ]
    assert after == "development;"


def test_a_span_suggestion_that_repeats_words_of_the_span_brackets_the_rest_only(room):
    whole = draft_text(room.draft).provision("considering__a").segments[0]
    words = "critical to development"
    start = whole.index(words)
    suggestion = suggestion_submit(
        draft=room.draft, user=room.delegate, eid="considering__a",
        text="essential to development", segment=0, start=start, end=start + len(words),
    )  # fmt: skip
    suggestion_accept(suggestion_id=suggestion.pk, user=room.chair)
    segments = draft_text(Draft.objects.get(pk=room.draft.pk)).provision("considering__a").segments
    assert segments[0] == whole[:start]
    assert [a.text for a in segments[1].alternatives] == ["critical", "essential"]
    assert segments[2] == " to development;"


def test_a_suggestion_that_changes_nothing_is_refused_when_accepted(room):
    title = draft_text(room.draft).provision("title").segments[0]
    suggestion = suggestion_submit(draft=room.draft, user=room.delegate, eid="title", text=title)
    with pytest.raises(ValidationError, match="same as the words"):
        suggestion_accept(suggestion_id=suggestion.pk, user=room.chair)
    assert Draft.objects.get(pk=room.draft.pk).head == 0


@pytest.mark.parametrize(
    ("segment", "start", "end", "message"),
    [
        (0, 5, 500, "outside the text"),
        (0, 9, 3, "empty or reversed"),
        (None, 0, 3, "piece of text"),
        (7, 0, 3, "no such piece"),
    ],
)
def test_a_bad_span_suggestion_is_refused(room, segment, start, end, message):
    with pytest.raises(ValidationError, match=message):
        suggestion_submit(
            draft=room.draft, user=room.delegate, eid="considering__a", text="x",
            segment=segment, start=start, end=end,
        )  # fmt: skip
    assert not room.draft.suggestions.exists()


def test_an_edit_belongs_to_a_meeting_of_the_body_only(room, plenary):
    import datetime

    from django.utils import timezone

    from plenipot.meetings.models import Meeting
    from plenipot.negotiation.selectors import draft_meeting, draft_meetings

    now = timezone.now()

    def meeting(body, number):
        return Meeting.objects.create(
            conference=body.conference, body=body, number=number, openness=body.openness,
            starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1),
        )  # fmt: skip

    ours, theirs = meeting(room.body, 1), meeting(plenary, 1)
    assert [m.pk for m in draft_meetings(room.draft)] == [ours.pk]
    assert draft_meetings(room.draft)[0].now
    with pytest.raises(ValidationError, match="meeting"):
        draft_meeting(room.draft, theirs.pk)
    with pytest.raises(ValidationError, match="meeting"):
        operation_apply(
            draft_id=room.draft.pk, user=room.chair, base=0, meeting=theirs,
            operation={"op": "edit_text", "eid": "title", "segment": 0, "text": "x"},
        )  # fmt: skip
    assert Draft.objects.get(pk=room.draft.pk).head == 0
    revision = operation_apply(
        draft_id=room.draft.pk, user=room.chair, base=0, meeting=draft_meeting(room.draft, ours.pk),
        operation={"op": "edit_text", "eid": "title", "segment": 0, "text": "x"},
    )  # fmt: skip
    assert revision.meeting == ours
    # The history shows it, on the page and in the API.
    from django.test import Client

    client = Client()
    client.force_login(room.chair)
    page = client.get(f"/drafts/{room.draft.pk}/history/")
    assert b"Meeting 1" in page.content
    history = client.get(f"/api/v1/drafts/{room.draft.pk}/revisions").json()
    assert history[0]["meeting"] == 1


def test_a_new_provision_cannot_take_the_id_of_a_deleted_one(room):
    def add(base):
        return operation_apply(
            draft_id=room.draft.pk, user=room.chair, base=base,
            operation={"op": "add_provision", "eid": "considering__z", "after": "considering__b",
                       "kind": "preamble_item", "depth": 0, "text": "that z,"},
        )  # fmt: skip

    add(0)
    operation_apply(
        draft_id=room.draft.pk, user=room.chair, base=1,
        operation={"op": "delete_provision", "eid": "considering__z"},
    )  # fmt: skip
    with pytest.raises(ValidationError, match="had the id 'considering__z' before"):
        add(2)
    with pytest.raises(ValidationError, match="already a provision 'title'"):
        operation_apply(
            draft_id=room.draft.pk, user=room.chair, base=2,
            operation={"op": "add_provision", "eid": "title", "after": "considering__b",
                       "kind": "preamble_item", "depth": 0, "text": "x"},
        )  # fmt: skip
    # Undoing the deletion brings the provision back, and nothing else was put there.
    revision_undo(draft_id=room.draft.pk, user=room.chair, number=2)
    assert draft_text(Draft.objects.get(pk=room.draft.pk)).provision("considering__z").segments == (
        "that z,",
    )
