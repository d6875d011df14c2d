"""The drafting room's WebSocket: live edits, resume, conflicts, presence and limits."""

from __future__ import annotations

import asyncio
import json

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from asgiref.testing import ApplicationCommunicator
from channels.routing import URLRouter

from plenipot.accounts.selectors import presence_name
from plenipot.negotiation import consumers, frames
from plenipot.negotiation import relay as relays
from plenipot.site.routing import websocket_urlpatterns

pytestmark = pytest.mark.usefixtures("transactional_db")


class WebsocketCommunicator(ApplicationCommunicator):
    """A WebSocket client for an ASGI application (channels.testing needs daphne)."""

    def __init__(self, application, path):
        super().__init__(
            application,
            {"type": "websocket", "path": path, "headers": [], "subprotocols": []},
        )

    async def connect(self, timeout=3):
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        return True, None

    async def send_to(self, text_data):
        await self.send_input({"type": "websocket.receive", "text": text_data})

    async def send_json_to(self, data):
        await self.send_to(json.dumps(data))

    async def receive_from(self, timeout=3):
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return response["text"]

    async def disconnect(self, code=1000, timeout=3):
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


def _connect(room, user):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/drafts/{room.draft.pk}/"
    )
    if user is not None:
        communicator.scope["user"] = user
    else:
        from django.contrib.auth.models import AnonymousUser

        communicator.scope["user"] = AnonymousUser()
    return communicator


async def _until(communicator, kind, timeout=3):
    while True:
        message = json.loads(await communicator.receive_from(timeout=timeout))
        if message["type"] == kind:
            return message


def _edit(eid, text, base, ref="x"):
    return {
        "type": "apply",
        "ref": ref,
        "base": base,
        "op": {"op": "edit_text", "eid": eid, "segment": 0, "text": text},
    }


def test_an_edit_reaches_a_watcher_and_a_stale_edit_is_refused(room):
    async def scenario():
        pen, other, watcher = (
            _connect(room, room.chair),
            _connect(room, room.vice),
            _connect(room, room.delegate),
        )
        for c in (pen, other, watcher):
            connected, _ = await c.connect()
            assert connected
            assert (await _until(c, "hello"))["head"] == 0
        await pen.send_json_to(_edit("title", "Live title", 0, ref="a"))
        assert (await _until(pen, "applied"))["number"] == 1
        event = await _until(watcher, "revision")
        assert event["number"] == 1
        assert event["provisions"]["title"]["segments"] == ["Live title"]
        # The other pen still thinks it is at revision 0.
        await other.send_json_to(_edit("title", "Stale title", 0, ref="b"))
        error = await _until(other, "error")
        assert error["code"] == "conflict" and error["ref"] == "b"
        assert error["provisions"]["title"]["segments"] == ["Live title"]
        # ... but its edit of another provision goes through.
        await other.send_json_to(_edit("considering__a", "that ICTs matter;", 0, ref="c"))
        assert (await _until(other, "applied"))["number"] == 2
        # A delegate cannot edit.
        await watcher.send_json_to(_edit("title", "Mine", 2))
        assert (await _until(watcher, "error"))["code"] == "forbidden"
        for c in (pen, other, watcher):
            await c.disconnect()

    async_to_sync(scenario)()


def test_a_watcher_resumes_from_the_last_revision_it_saw(room):
    async def scenario():
        pen = _connect(room, room.chair)
        await pen.connect()
        for n, eid in enumerate(["title", "considering__a", "considering__b"]):
            await pen.send_json_to(_edit(eid, f"text {n}", n))
            await _until(pen, "applied")
        late = _connect(room, room.delegate)
        await late.connect()
        await _until(late, "hello")
        await late.send_json_to({"type": "resume", "after": 1})
        numbers = []
        while True:
            message = json.loads(await late.receive_from())
            if message["type"] == "revision":
                numbers.append(message["number"])
            if message["type"] == "resumed":
                break
        assert numbers == [2, 3]
        # One relay per draft in this process feeds both watchers; it goes with the last.
        keys = [k for k in relays.RELAYS if k[2] == room.draft.pk]
        assert len(keys) == 1
        assert len(relays.RELAYS[keys[0]].watchers) == 2
        await pen.disconnect()
        await late.disconnect()
        assert not [k for k in relays.RELAYS if k[2] == room.draft.pk]

    async_to_sync(scenario)()


def test_presence_names_who_is_here_and_who_holds_the_pen(room):
    async def presence(communicator, state):
        # Presence comes through the channel layer from several senders: the pen's own
        # "join" may still be on its way and reach the newcomer before the pen's answer
        # to the newcomer's join. Wait for the state asked, however busy the machine.
        while True:
            message = await _until(communicator, "presence", timeout=10)
            if message["state"] == state:
                return message

    async def scenario():
        pen = _connect(room, room.chair)
        await pen.connect()
        await _until(pen, "hello")
        watcher = _connect(room, room.delegate)
        await watcher.connect()
        here = await presence(watcher, "here")
        assert here["pen"] is True
        # Named as a person, not by an account name that reads the same in no language.
        chair = await sync_to_async(lambda: room.chair.person.full_name)()
        assert chair and here["who"] == chair != room.chair.username
        joined = await presence(pen, "join")
        assert joined["pen"] is False
        await pen.send_json_to({"type": "focus", "eid": "title"})
        focus = await _until(watcher, "presence", timeout=10)
        while not focus.get("focus") and focus["state"] == "join":  # the pen's, late
            focus = await _until(watcher, "presence", timeout=10)
        assert focus["focus"] == "title"
        await pen.disconnect()
        assert (await presence(watcher, "leave"))["state"] == "leave"
        await watcher.disconnect()

    async_to_sync(scenario)()


def test_strangers_are_not_let_in(room):
    async def scenario():
        stranger = _connect(room, None)
        connected, code = await stranger.connect()
        assert not connected or code == 4404

    async_to_sync(scenario)()


def test_malformed_oversized_and_flooding_frames_are_refused(room, monkeypatch):
    monkeypatch.setattr(consumers, "BURST", 3)
    monkeypatch.setattr(consumers, "RATE", 0.001)

    async def scenario():
        # A frame that is not JSON cannot be meant: an error, and the socket closes.
        garbled = _connect(room, room.chair)
        await garbled.connect()
        await _until(garbled, "hello")
        await garbled.send_to(text_data="{not json")
        assert (await _until(garbled, "error"))["code"] == "malformed"
        assert (await garbled.receive_output()) == {"type": "websocket.close", "code": 4400}
        await garbled.disconnect()  # as the server reports the close
        pen = _connect(room, room.chair)
        await pen.connect()
        await _until(pen, "hello")
        await pen.send_json_to({"type": "apply", "base": "zero", "op": {}})
        error = await _until(pen, "error")
        # The API's words for the same fields: the schema is shared.
        assert error["code"] == "invalid_input"
        assert error["detail"] == "base must be a whole number."
        for _ in range(2):
            await pen.send_json_to({"type": "ping"})
            await _until(pen, "pong")
        await pen.send_json_to({"type": "ping"})
        assert (await _until(pen, "error"))["code"] == "rate_limited"
        big = _connect(room, room.chair)
        await big.connect()
        await _until(big, "hello")
        await big.send_to(text_data="x" * (frames.MAX_FRAME + 1))
        assert (await _until(big, "error"))["code"] == "too_large"
        assert (await big.receive_output())["type"] == "websocket.close"
        for c in (big, pen):
            await c.disconnect()

    async_to_sync(scenario)()
    from plenipot.negotiation.models import Draft

    assert Draft.objects.get(pk=room.draft.pk).head == 0


def test_a_span_suggestion_and_an_edit_in_a_meeting_over_the_socket(room):
    from plenipot.negotiation.models import Revision, Suggestion

    async def scenario():
        pen, delegate = _connect(room, room.chair), _connect(room, room.delegate)
        for c in (pen, delegate):
            await c.connect()
            await _until(c, "hello")
        await delegate.send_json_to(
            {"type": "suggest", "eid": "title", "text": "a model", "segment": 0,
             "start": 11, "end": 24, "ref": "s"}
        )  # fmt: skip
        assert (await _until(delegate, "suggested"))["ref"] == "s"
        event = await _until(pen, "suggestion")
        assert (event["segment"], event["start"], event["end"]) == (0, 11, 24)
        await delegate.send_json_to(
            {"type": "suggest", "eid": "title", "text": "x", "segment": 0, "start": 3, "end": 999}
        )
        assert "outside the text" in (await _until(delegate, "error"))["detail"]
        await delegate.send_json_to({"type": "suggest", "eid": "title", "text": "x", "start": -1})
        assert (await _until(delegate, "error"))["code"] == "invalid_input"
        # The pen's edit names a meeting: a meeting of another body is refused.
        edit = _edit("considering__a", "x", 0)
        await pen.send_json_to({**edit, "meeting": "one"})
        assert (await _until(pen, "error"))["code"] == "invalid_input"
        await pen.send_json_to({**edit, "meeting": 987654})
        error = await _until(pen, "error")
        assert error["code"] == "invalid" and "meeting" in error["detail"]
        await pen.send_json_to({"type": "accept", "suggestion": event["id"], "meeting": None})
        assert (await _until(pen, "applied"))["number"] == 1
        for c in (pen, delegate):
            await c.disconnect()

    async_to_sync(scenario)()
    assert Suggestion.objects.get().status == "accepted"
    title = Revision.objects.get().event["provisions"]["title"]["segments"]
    assert title[1][1] == {"text": "a model", "sources": ["F"]}


def test_anonymous_watchers_of_a_public_body_are_counted(room, monkeypatch):
    monkeypatch.setattr(relays, "COUNT_DELAY", 0.05)
    room.body.openness = "public"
    room.body.save()

    async def count(communicator, expected):
        while True:
            message = await _until(communicator, "watchers")
            if message["anonymous"] == expected:
                return

    async def scenario():
        pen = _connect(room, room.chair)
        await pen.connect()
        await _until(pen, "hello")
        await count(pen, 0)
        public = [_connect(room, None) for _ in range(3)]
        for c in public:
            assert (await c.connect())[0]
            assert (await _until(c, "hello"))["you"] == ""
        await count(pen, 3)
        await count(public[2], 3)
        await public[0].disconnect()
        await count(pen, 2)
        # The count travels through the group too: another process's relay hears it.
        loop = id(asyncio.get_running_loop())
        (relay,) = [
            r for (lp, _, d), r in relays.RELAYS.items() if (lp, d) == (loop, room.draft.pk)
        ]
        layer = relay.layer
        other = await layer.new_channel()
        await layer.group_send(
            f"draft.{room.draft.pk}",
            {"type": "draft.watchers", "relay": other, "anonymous": 5, "ask": True},
        )
        await count(pen, 7)
        await layer.group_send(
            f"draft.{room.draft.pk}",
            {"type": "draft.watchers", "relay": other, "anonymous": 0, "ask": False},
        )
        await count(pen, 2)
        for c in (pen, *public[1:]):
            await c.disconnect()

    async_to_sync(scenario)()


def test_a_process_that_went_silent_is_no_longer_counted(monkeypatch):
    relay = relays.Relay(layer=None, draft_id=1)
    relay.channel = "here"
    now = [1000.0]
    monkeypatch.setattr(relays.time, "monotonic", lambda: now[0])
    relay._counted({"relay": "there", "anonymous": 4})
    relay._counted({"relay": "here", "anonymous": 99})  # its own echo is not added again
    assert relay.total() == 4
    now[0] += relays.COUNT_EXPIRES + 1
    assert relay.total() == 0


def _waits_on(layer, channel: str) -> bool:
    """Whether something in this process is receiving on `channel` (either layer)."""
    from channels.layers import InMemoryChannelLayer

    if isinstance(layer, InMemoryChannelLayer):
        return channel in layer.channels
    return channel in layer.receive_buffer


def test_only_signed_in_watchers_listen_on_a_channel_of_their_own(room):
    """A visitor gets everything through the relay: no receive of its own waits in the
    channel layer. A signed-in watcher still hears the others' presence answering its
    own, on its channel."""
    room.body.openness = "public"
    room.body.save()

    async def scenario():
        visitor, chair, delegate = (
            _connect(room, None),
            _connect(room, room.chair),
            _connect(room, room.delegate),
        )
        for c in (visitor, chair):
            assert (await c.connect())[0]
        hellos = [await _until(c, "hello") for c in (visitor, chair)]
        await asyncio.sleep(0.05)
        (relay,) = [r for (_, _, d), r in relays.RELAYS.items() if d == room.draft.pk]
        assert not _waits_on(relay.layer, hellos[0]["channel"])
        assert _waits_on(relay.layer, hellos[1]["channel"])
        # The delegate comes in: the chair, already here, answers on the delegate's channel.
        assert (await delegate.connect())[0]
        await _until(delegate, "hello")
        here = await _until(delegate, "presence")
        assert (here["state"], here["who"]) == ("here", presence_name(room.chair))
        # The visitor hears the newcomer through the relay.
        while (await _until(visitor, "presence"))["who"] != presence_name(room.delegate):
            pass
        for c in (visitor, chair, delegate):
            await c.disconnect()

    async_to_sync(scenario)()


def test_an_idle_watcher_holds_no_writer_task(room):
    """Messages that cannot be written at once go through a writer task that ends when
    the queue is empty: thousands of idle watchers hold none."""

    async def scenario():
        pen, watcher = _connect(room, room.chair), _connect(room, room.delegate)
        for c in (pen, watcher):
            assert (await c.connect())[0]
            await _until(c, "hello")
        (relay,) = [r for (_, _, d), r in relays.RELAYS.items() if d == room.draft.pk]
        for n in range(3):
            await pen.send_json_to(_edit("title", f"title {n}", n, ref=str(n)))
            await _until(pen, "applied")
        numbers = [(await _until(watcher, "revision"))["number"] for _ in range(3)]
        assert numbers == [1, 2, 3]
        await asyncio.sleep(0.05)
        assert [w.writer for w in relay.watchers] == [None, None]
        assert not any(w.outbox for w in relay.watchers)
        for c in (pen, watcher):
            await c.disconnect()

    async_to_sync(scenario)()


class _Listener:
    """A watcher as the relay sees it."""

    def __init__(self, name=""):
        self.name = name
        self.frames: list[bytes] = []

    def write_now(self, frame: bytes) -> bool:
        self.frames.append(frame)
        return True

    def post(self, message: dict) -> None:
        raise AssertionError("written at once")


def test_the_relay_keeps_count_of_its_anonymous_watchers():
    relay = relays.Relay(layer=None, draft_id=1)
    visitors = [_Listener() for _ in range(3)]
    delegate = _Listener("Delegate")
    for watcher in (*visitors, delegate, visitors[0]):  # one added twice
        relay.add(watcher)
    assert (len(relay.watchers), relay.anonymous()) == (4, 3)
    relay.remove(visitors[1])
    relay.remove(visitors[1])  # gone already
    relay.remove(delegate)
    assert (len(relay.watchers), relay.anonymous()) == (2, 2)


def test_the_count_is_told_at_most_once_per_delay(monkeypatch):
    """The local arrivals and the other processes' counts share one pace of tellings,
    each of which is one message to every watcher here."""
    monkeypatch.setattr(relays, "COUNT_DELAY", 0.2)

    async def scenario():
        relay = relays.Relay(layer=None, draft_id=1)
        relay.channel = "here"
        watcher = _Listener()
        relay.add(watcher)
        relay._tell()
        assert len(watcher.frames) == 1
        relay._counted({"relay": "there", "anonymous": 4})
        await asyncio.sleep(0.1)
        relay._counted({"relay": "there", "anonymous": 5})
        assert len(watcher.frames) == 1  # not yet: told less than 0.2 s ago
        await asyncio.sleep(0.15)
        assert len(watcher.frames) == 2
        assert watcher.frames[-1] == frames.text_frame('{"type":"watchers","anonymous":6}')
        # Quiet for longer than the delay: the next change is told at once.
        await asyncio.sleep(0.25)
        relay._counted({"relay": "there", "anonymous": 1})
        await asyncio.sleep(0.01)
        assert len(watcher.frames) == 3

    asyncio.run(scenario())
