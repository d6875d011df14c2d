"""The tracker's socket under misuse and change: what a watcher sends is dropped unread
(however it is nested), one client's sockets are capped, and open sockets are checked
again when access changes."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json

import pytest
from asgiref.sync import sync_to_async
from asgiref.testing import ApplicationCommunicator
from channels.routing import URLRouter
from django.contrib.auth.models import AnonymousUser

from plenipot.core import sockets
from plenipot.site.routing import websocket_urlpatterns

pytestmark = pytest.mark.usefixtures("transactional_db")


class Watcher(ApplicationCommunicator):
    #: The watchers of the scenario running (see `_run`).
    made: list[Watcher] = []

    def __init__(self, address="192.0.2.1"):
        Watcher.made.append(self)
        super().__init__(
            URLRouter(websocket_urlpatterns),
            {
                "type": "websocket", "path": "/ws/tracker/", "headers": [], "subprotocols": [],
                "client": (address, 50000), "user": AnonymousUser(),
            },
        )  # fmt: skip

    async def open(self):
        await self.send_input({"type": "websocket.connect"})
        answer = await self.receive_output(3)
        return True if answer["type"] == "websocket.accept" else answer.get("code")

    async def closed(self, timeout=3):
        while True:
            answer = await self.receive_output(timeout)
            if answer["type"] == "websocket.close":
                return answer.get("code")


def _run(scenario):
    """Run a scenario, then end every socket it made as the server would (a consumer
    left running as the event loop closes can leave the Redis layer's receive stuck)."""

    async def whole():
        Watcher.made = []
        try:
            await scenario()
        finally:
            for watcher in Watcher.made:
                with contextlib.suppress(Exception):
                    await watcher.send_input({"type": "websocket.disconnect", "code": 1000})
                    await watcher.wait(3)

    asyncio.run(whole())


def test_what_a_watcher_sends_is_dropped_and_it_still_hears_the_news(world):
    from plenipot.tracker.services import path_move, path_start

    path = path_start(instrument=world["resolution"])

    async def scenario():
        watcher = Watcher()
        assert await watcher.open() is True
        for frame in ({"text": "[" * 5000 + "]" * 5000}, {"text": "{no"}, {"bytes": b"\xff"}):
            await watcher.send_input({"type": "websocket.receive", **frame})
        assert await watcher.receive_nothing(timeout=0.3)
        await sync_to_async(path_move)(
            path=path, to_stage="allocated", moved_by=world["secretariat"], body=world["com5"]
        )
        answer = await watcher.receive_output(3)
        assert json.loads(answer["text"])["stage"] == "allocated"

    _run(scenario)


def test_one_address_holds_at_most_the_cap_of_tracker_sockets(world, settings):
    settings.MAX_SOCKETS_PER_CLIENT = 2

    async def scenario():
        held = [Watcher("198.51.100.20") for _ in range(2)]
        for watcher in held:
            assert await watcher.open() is True
        refused = Watcher("198.51.100.20")
        assert await refused.open() is True
        assert await refused.closed() == sockets.CLOSE_TOO_MANY
        assert await Watcher("198.51.100.21").open() is True
        await held[0].send_input({"type": "websocket.disconnect", "code": 1000})
        await held[0].wait(3)
        Watcher.made.remove(held[0])
        assert await Watcher("198.51.100.20").open() is True

    _run(scenario)


def test_open_tracker_sockets_are_checked_again_when_access_changes(world, monkeypatch):
    from plenipot.conference import selectors
    from plenipot.conference.services import conference_create

    current = selectors.conference_current

    async def scenario():
        watcher = Watcher()
        assert await watcher.open() is True
        # A change that leaves the tracker as it was: the socket stays.
        await sync_to_async(sockets.access_changed)()
        assert await watcher.receive_nothing(timeout=sockets.GATHER + 0.3)
        # No conference to show any more: closed as a refusal.
        monkeypatch.setattr(selectors, "conference_current", lambda: None)
        await sync_to_async(sockets.access_changed)()
        assert await watcher.closed() == sockets.CLOSE_REFUSED
        # A later conference is shown now: reconnect, to hear of that one.
        monkeypatch.setattr(selectors, "conference_current", current)
        other = Watcher()
        assert await other.open() is True
        await sync_to_async(conference_create)(
            name="Plenipotentiary Conference", short_name="PP-18", city="Dubai",
            country="United Arab Emirates", start=datetime.date(2018, 10, 29),
            end=datetime.date(2018, 11, 16),
        )  # fmt: skip
        await sync_to_async(sockets.access_changed)()
        assert await other.closed() == sockets.CLOSE_RECONNECT

    _run(scenario)
