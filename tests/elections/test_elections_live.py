"""Live announcements on the meeting's floor group, and the latest announced result
the room display reads: sent once the step commits, saying nothing before the chair
announces, and never how a delegation voted in secret."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from plenipot.elections.live import meeting_group
from plenipot.elections.selectors import announced_results

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_process_layer(settings):
    """What is announced, read from the in-process layer: a Redis layer's receiving end
    belongs to the event loop that first used it, and each drain below runs in its own.
    The announcements' way through Redis is the drafting room's, tested there."""
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def _listen(meeting_id: int) -> tuple:
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(meeting_group(meeting_id), channel)
    return layer, channel


def _events(layer, channel) -> list[dict]:
    """The events the channel has received by now (it waits half a second for more)."""

    async def drain() -> list[dict]:
        events = []
        while True:
            try:
                message = await asyncio.wait_for(layer.receive(channel), 0.5)
            except TimeoutError:
                return events
            assert message["type"] == "floor.event"
            events.append(message["event"])

    return async_to_sync(drain)()


def test_a_vote_and_a_round_are_announced_on_the_meetings_group(
    api, assembly, django_capture_on_commit_callbacks
):
    meeting = assembly.meeting
    assert meeting_group(meeting.pk) == f"floor.meeting.{meeting.pk}"
    layer, channel = _listen(meeting.pk)
    codes = assembly.codes()
    with django_capture_on_commit_callbacks(execute=True):
        vote = api.ok(
            assembly.chair, "post", f"/meetings/{meeting.pk}/votes",
            {"question": "Shall the proposal be adopted?", "method": "electronic", "secret": True},
        )  # fmt: skip
    for index, code in enumerate(codes[:30]):
        with django_capture_on_commit_callbacks(execute=True):
            api.ok(
                assembly.users[code], "post", f"/votes/{vote['vote']}/cast",
                {"choice": "yes" if index % 4 else "no"},
            )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        api.ok(assembly.chair, "post", f"/votes/{vote['vote']}/close")
    assert announced_results(meeting.pk) is None  # closed, not yet announced
    with django_capture_on_commit_callbacks(execute=True):
        api.ok(assembly.chair, "post", f"/votes/{vote['vote']}/announce")
    events = _events(layer, channel)
    assert [e["kind"] for e in events] == ["vote_opened", "vote_closed", "vote_result"]
    result = events[2]
    assert (result["yes"], result["no"], result["outcome"]) == (22, 8, "adopted")
    assert result["meeting"] == meeting.pk
    # Nothing in any event names a delegation.
    for event in events:
        text = repr(event)
        assert not any(code in text for code in codes)
    latest = announced_results(meeting.pk)
    assert latest["kind"] == "vote_result" and latest["yes"] == 22

    election = api.election()
    api.tellers(election["id"])
    one = api.candidature(election["id"], "Lina Haddad", codes[10])
    api.candidature(election["id"], "Marc Olsen", codes[11])
    with django_capture_on_commit_callbacks(execute=True):
        opened = api.open_round(election["id"])
    for code in codes[:9]:
        api.cast(code, opened["round"], [one])
    with django_capture_on_commit_callbacks(execute=True):
        api.ok(assembly.chair, "post", f"/election-rounds/{opened['round']}/close")
    with django_capture_on_commit_callbacks(execute=True):
        api.announce(opened["round"])
    events = _events(layer, channel)
    assert [e["kind"] for e in events] == ["round_opened", "round_closed", "ballot_result"]
    assert events[0]["candidates"][0]["name"] == "Lina Haddad"
    assert events[2]["candidates"][0]["votes"] == 9 and events[2]["finished"] is True
    latest = announced_results(meeting.pk)
    assert latest["kind"] == "ballot_result" and latest["title"] == "Secretary-General"


def test_a_refused_step_announces_nothing(api, assembly, django_capture_on_commit_callbacks):
    layer, channel = _listen(assembly.meeting.pk)
    with django_capture_on_commit_callbacks(execute=True):
        api.refused(
            assembly.users[assembly.codes()[0]], "post", f"/meetings/{assembly.meeting.pk}/votes",
            {"question": "Q?", "method": "electronic"}, "forbidden",
        )  # fmt: skip
    assert _events(layer, channel) == []
