"""The drafting room's socket under misuse and change: a frame it cannot read gets an
error and a clean close, and the others see that watcher leave; a failure while writing
is logged once and closes the socket; one client's sockets are capped; and access is
asked again on open sockets when what decides it changes."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from asgiref.testing import ApplicationCommunicator
from channels.routing import URLRouter
from django.contrib.auth.models import AnonymousUser

from plenipot.accounts.selectors import presence_name
from plenipot.core import sockets
from plenipot.negotiation import consumers
from plenipot.negotiation import relay as relays
from plenipot.site.routing import websocket_urlpatterns

pytestmark = pytest.mark.usefixtures("transactional_db")


class Socket(ApplicationCommunicator):
    """A WebSocket client of the site's routes (channels.testing needs daphne)."""

    #: The sockets of the scenario running (see `_run`).
    made: list[Socket] = []

    def __init__(self, path, user=None, address="192.0.2.1"):
        Socket.made.append(self)
        self.gone = False
        super().__init__(
            URLRouter(websocket_urlpatterns),
            {
                "type": "websocket", "path": path, "headers": [], "subprotocols": [],
                "client": (address, 50000), "user": user or AnonymousUser(),
            },
        )  # fmt: skip

    async def open(self):
        """True when accepted; else the close code."""
        await self.send_input({"type": "websocket.connect"})
        answer = await self.receive_output(3)
        return True if answer["type"] == "websocket.accept" else answer.get("code")

    async def until(self, kind, timeout=3):
        while True:
            answer = await self.receive_output(timeout)
            assert answer["type"] == "websocket.send", answer
            message = json.loads(answer["text"])
            if message["type"] == kind:
                return message

    async def closed(self, timeout=3):
        """The close code, after whatever frames came before it."""
        while True:
            answer = await self.receive_output(timeout)
            if answer["type"] == "websocket.close":
                return answer.get("code")

    async def presence(self, who, state, **more):
        """The next presence frame of `who` in `state` (others may come before it)."""
        while True:
            message = await self.until("presence")
            wanted = {"who": who, "state": state, **more}
            if all(message[key] == value for key, value in wanted.items()):
                return message

    async def alive(self):
        await self.send_to({"type": "ping", "ref": "alive"})
        return (await self.until("pong"))["ref"] == "alive"

    async def send_to(self, data):
        await self.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def leave(self):
        """The client goes (or, after the server closed, the server reports the close)."""
        if not self.gone:
            self.gone = True
            await self.send_input({"type": "websocket.disconnect", "code": 1000})
            await self.wait(3)


def _run(scenario):
    """Run a scenario, then end every socket it made as the server would. A consumer
    still running when the event loop closes can leave the Redis channel layer's
    receive stuck, and the test with it."""

    async def whole():
        Socket.made = []
        try:
            await scenario()
        finally:
            for socket in Socket.made:
                with contextlib.suppress(Exception):
                    await socket.leave()

    async_to_sync(whole)()


def _room_socket(room, user=None, address="192.0.2.1"):
    return Socket(f"/ws/drafts/{room.draft.pk}/", user, address)


def _public(room):
    room.body.openness = "public"
    room.body.save()


# --- frames that cannot be read ---------------------------------------------------------


@pytest.mark.parametrize("depth", [5000, 100])
def test_a_deeply_nested_frame_closes_the_socket_and_the_others_see_the_watcher_leave(
    room, caplog, depth
):
    async def scenario():
        pen, delegate = _room_socket(room, room.chair), _room_socket(room, room.delegate)
        for socket in (pen, delegate):
            assert await socket.open() is True
            await socket.until("hello")
        await pen.presence(presence_name(room.delegate), "join")
        deep = '{"type": "ping", "ref": ' + "[" * depth + "]" * depth + "}"
        await delegate.send_input({"type": "websocket.receive", "text": deep})
        error = await delegate.until("error")
        assert error["code"] == "malformed" and "deep" in error["detail"]
        assert await delegate.closed() == sockets.CLOSE_UNREADABLE
        await pen.presence(presence_name(room.delegate), "leave")
        assert await pen.alive()
        await pen.leave()

    with caplog.at_level(logging.INFO):
        _run(scenario)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.mark.parametrize(
    "frame",
    [
        {"text": "{not json"},
        {"bytes": b'{"type": "ping"}'},
        {"text": '{"type": "focus", "eid": "\\ud800"}'},  # a lone surrogate: not text
        {"text": '{"type": "ping", "ref": NaN}'},
    ],
    ids=["not-json", "binary", "surrogate", "nan"],
)
def test_an_unreadable_frame_gets_an_error_and_a_clean_close(room, frame):
    async def scenario():
        pen = _room_socket(room, room.chair)
        assert await pen.open() is True
        await pen.until("hello")
        await pen.send_input({"type": "websocket.receive", **frame})
        assert (await pen.until("error"))["code"] == "malformed"
        assert await pen.closed() == sockets.CLOSE_UNREADABLE

    _run(scenario)


def test_the_client_is_told_in_the_language_of_its_pages(room):
    async def scenario():
        pen = _room_socket(room, room.chair)
        pen.scope["cookies"] = {"django_language": "fr"}
        assert await pen.open() is True
        await pen.until("hello")
        await pen.send_input({"type": "websocket.receive", "text": "[" * 20 + "]" * 20})
        message = (await pen.until("error"))["detail"]
        assert message.startswith("Ce message n'a pas pu être lu") and "16" in message
        assert await pen.closed() == sockets.CLOSE_UNREADABLE

    _run(scenario)


def test_a_message_of_the_wrong_shape_is_refused_without_closing(room):
    async def scenario():
        pen = _room_socket(room, room.chair)
        assert await pen.open() is True
        await pen.until("hello")
        for message in ([1, 2], {"kind": "ping"}, {"type": 7}, {"type": "nope"}):
            await pen.send_to(message)
            assert (await pen.until("error"))["code"] == "malformed"
        for message in ({"type": "focus", "eid": 3}, {"type": "resume", "after": -1}):
            await pen.send_to(message)
            assert (await pen.until("error"))["code"] == "invalid_input"
        assert await pen.alive()
        await pen.leave()

    _run(scenario)


def test_a_failure_while_writing_is_logged_once_and_closes_the_socket(room, caplog):
    async def scenario():
        pen, delegate = _room_socket(room, room.chair), _room_socket(room, room.delegate)
        for socket in (pen, delegate):
            assert await socket.open() is True
            await socket.until("hello")
        await pen.presence(presence_name(room.delegate), "join")
        (relay,) = [r for (_, _, d), r in relays.RELAYS.items() if d == room.draft.pk]
        (watcher,) = [w for w in relay.watchers if w.name == presence_name(room.delegate)]
        watcher.post({"type": "draft.event"})  # no text: writing it fails
        assert await delegate.closed() == sockets.CLOSE_FAILED
        await pen.presence(presence_name(room.delegate), "leave")
        await pen.leave()

    with caplog.at_level(logging.INFO):
        _run(scenario)
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(failures) == 1 and failures[0].exc_info


# --- the cap --------------------------------------------------------------------------


def test_one_user_holds_at_most_the_cap_of_sockets(room, settings):
    settings.MAX_SOCKETS_PER_CLIENT = 3

    async def scenario():
        mine = [_room_socket(room, room.delegate) for _ in range(3)]
        for socket in mine:
            assert await socket.open() is True
        # One more, from another address as well: refused, and the client hears why.
        extra = _room_socket(room, room.delegate, address="203.0.113.9")
        assert await extra.open() is True
        assert await extra.closed() == sockets.CLOSE_TOO_MANY
        # Someone else is not held back.
        other = _room_socket(room, room.chair)
        assert await other.open() is True
        # A socket closed gives its place back.
        await mine[0].leave()
        again = _room_socket(room, room.delegate)
        assert await again.open() is True
        for socket in (*mine[1:], other, again):
            await socket.leave()

    _run(scenario)


def test_people_not_signed_in_are_counted_by_address(room, settings):
    settings.MAX_SOCKETS_PER_CLIENT = 2
    _public(room)

    async def scenario():
        here = [_room_socket(room, None, "198.51.100.7") for _ in range(2)]
        for socket in here:
            assert await socket.open() is True
        refused = _room_socket(room, None, "198.51.100.7")
        assert await refused.open() is True
        assert await refused.closed() == sockets.CLOSE_TOO_MANY
        # Another address, and a tracker socket from the first one (it counts too).
        assert await _room_socket(room, None, "198.51.100.8").open() is True
        tracker = Socket("/ws/tracker/", None, "198.51.100.7")
        assert await tracker.open() is True
        assert await tracker.closed() == sockets.CLOSE_TOO_MANY

    _run(scenario)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="the count is shared through Redis")
def test_with_redis_the_cap_counts_the_sockets_of_every_process(room, settings):
    settings.MAX_SOCKETS_PER_CLIENT = 2
    shared = sockets._shared_count()
    assert shared is not None
    client = f"user:{room.delegate.pk}"
    # Two sockets held by another process.
    assert shared.take(client, "elsewhere-1", 2) and shared.take(client, "elsewhere-2", 2)

    async def scenario():
        socket = _room_socket(room, room.delegate)
        assert await socket.open() is True
        assert await socket.closed() == sockets.CLOSE_TOO_MANY
        # The other process lets one go (or dies and its entry lapses): there is room.
        shared.give_back(client, "elsewhere-1")
        socket = _room_socket(room, room.delegate)
        assert await socket.open() is True
        await socket.until("hello")
        assert shared.redis.zcard(shared.PREFIX + client) == 2
        await socket.leave()
        assert shared.redis.zcard(shared.PREFIX + client) == 1

    _run(scenario)
    # An entry its process stopped renewing no longer counts.
    shared.redis.zadd(shared.PREFIX + client, {"elsewhere-2": 1.0})
    assert shared.take(client, "here-1", 2) and shared.take(client, "here-2", 2)
    assert not shared.take(client, "here-3", 2)


# --- access, asked again -----------------------------------------------------------------


def test_closing_a_public_body_closes_the_sockets_of_those_no_longer_let_in(room):
    _public(room)

    async def scenario():
        public = _room_socket(room, None)
        outsider = _room_socket(room, room.outsider)
        delegate, pen = _room_socket(room, room.delegate), _room_socket(room, room.chair)
        for socket in (public, outsider, delegate, pen):
            assert await socket.open() is True
            await socket.until("hello")

        def close_the_body():
            room.body.openness = "delegations"
            room.body.save()

        await sync_to_async(close_the_body)()
        assert await public.closed() == 4404
        assert await outsider.closed() == 4404
        # The pen sees the outsider leave; those still let in stay.
        await pen.presence(str(room.outsider), "leave")
        assert await delegate.alive() and await pen.alive()
        for socket in (delegate, pen):
            await socket.leave()

    _run(scenario)


def test_a_withdrawn_delegation_or_account_closes_only_that_users_sockets(room):
    from django.contrib.auth import get_user_model

    async def scenario():
        delegate, pen = _room_socket(room, room.delegate), _room_socket(room, room.chair)
        secretariat = _room_socket(room, room.secretariat)
        for socket in (delegate, pen, secretariat):
            assert await socket.open() is True
            await socket.until("hello")

        def withdraw_delegation():
            person = room.delegate.person
            person.delegation, person.delegation_role = None, ""
            person.save()

        await sync_to_async(withdraw_delegation)()
        assert await delegate.closed() == 4404
        assert await pen.alive() and await secretariat.alive()

        def withdraw_role():
            user = get_user_model().objects.get(pk=room.secretariat.pk)
            user.role = ""
            user.save()

        await sync_to_async(withdraw_role)()
        assert await secretariat.closed() == 4404
        assert await pen.alive()
        await pen.leave()

    _run(scenario)


def test_a_deactivated_account_is_closed(room):
    from django.contrib.auth import get_user_model

    async def scenario():
        delegate = _room_socket(room, room.delegate)
        assert await delegate.open() is True
        await delegate.until("hello")

        def deactivate():
            user = get_user_model().objects.get(pk=room.delegate.pk)
            user.is_active = False
            user.save()

        await sync_to_async(deactivate)()
        assert await delegate.closed() == 4404

    _run(scenario)


def test_the_pen_is_read_again_when_the_body_changes(room):
    async def scenario():
        vice, pen = _room_socket(room, room.vice), _room_socket(room, room.chair)
        for socket in (vice, pen):
            assert await socket.open() is True
            assert (await socket.until("hello"))["pen"] is True
        await sync_to_async(lambda: room.body.vice_chairs.clear())()
        assert (await vice.until("access"))["pen"] is False
        # The others see the vice-chair without the pen (after the "here" of joining).
        await pen.presence(presence_name(room.vice), "here", pen=False)
        # The vice-chair still watches (a delegate of Brazil) but no longer edits.
        await vice.send_to(
            {"type": "apply", "ref": "v", "base": 0,
             "op": {"op": "edit_text", "eid": "title", "segment": 0, "text": "Mine"}}
        )  # fmt: skip
        assert (await vice.until("error"))["code"] == "forbidden"
        for socket in (vice, pen):
            await socket.leave()

    _run(scenario)


def test_edits_and_live_events_do_not_ask_about_access_again(room, monkeypatch):
    asked = []
    decide = consumers.DraftConsumer.access_decide

    async def counted(self):
        asked.append(self)
        return await decide(self)

    monkeypatch.setattr(consumers.DraftConsumer, "access_decide", counted)

    async def scenario():
        pen, delegate = _room_socket(room, room.chair), _room_socket(room, room.delegate)
        for socket in (pen, delegate):
            assert await socket.open() is True
            await socket.until("hello")
        for n in range(3):
            await pen.send_to(
                {"type": "apply", "ref": n, "base": n,
                 "op": {"op": "edit_text", "eid": "title", "segment": 0, "text": f"T{n}"}}
            )  # fmt: skip
            assert (await pen.until("applied"))["number"] == n + 1
            assert (await delegate.until("revision"))["number"] == n + 1
        assert asked == []
        # A change of access asks once per user and draft, not once per socket.
        more = [_room_socket(room, room.delegate) for _ in range(3)]
        for socket in more:
            assert await socket.open() is True
            await socket.until("hello")
        # A socket says hello before it is set up (it announces its presence between):
        # one still setting up when the notice is gathered checks itself, rightly, on
        # its own. Wait until all five are set up, however busy the machine is.
        for _ in range(300):
            loop = id(asyncio.get_running_loop())
            live = [s for h in sockets._HUBS.values() if h.key[0] == loop for s in h.sockets]
            if len(live) == 5 and all(s.is_open for s in live):
                break
            await asyncio.sleep(0.02)
        await sync_to_async(sockets.access_changed)()
        # Wait for the re-checks however busy the machine is, then a gathering's length
        # more, so that a third ask, if there were one, would be counted.
        for _ in range(300):
            if len(asked) >= 2:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(sockets.GATHER + 0.3)
        assert len(asked) == 2  # the chair's, and the delegate's four sockets together
        for socket in (pen, delegate, *more):
            assert await socket.alive()
            await socket.leave()

    _run(scenario)


# --- under uvicorn: what a browser sees -------------------------------------------------


def test_under_uvicorn_clients_hear_the_close_codes(room, settings, server_sessions):
    """The codes reach a real client: past the cap (4429), and when the body closes to
    the public while it watches (4404)."""
    import socket as sockets_module
    import threading
    import time

    import uvicorn
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    from plenipot.site.asgi import application

    settings.MAX_SOCKETS_PER_CLIENT = 1
    _public(room)
    with sockets_module.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(application, host="127.0.0.1", port=port, lifespan="off",
                       log_level="warning", ws_per_message_deflate=False)
    )  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)

    async def closed_with(ws):
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                await asyncio.wait_for(ws.recv(), timeout=10)
        return closed.value.rcvd.code

    async def scenario():
        url = f"ws://127.0.0.1:{port}/ws/drafts/{room.draft.pk}/"
        origin = {"Origin": f"http://127.0.0.1:{port}"}
        async with connect(url, additional_headers=origin) as watcher:
            assert json.loads(await watcher.recv())["type"] == "hello"
            async with connect(url, additional_headers=origin) as second:
                assert await closed_with(second) == sockets.CLOSE_TOO_MANY

            def close_the_body():
                room.body.openness = "delegations"
                room.body.save()

            await sync_to_async(close_the_body)()
            assert await closed_with(watcher) == sockets.CLOSE_REFUSED

    try:
        asyncio.run(scenario())
    finally:
        server.should_exit = True
        thread.join(timeout=5)
