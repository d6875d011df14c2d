"""Watchers of the tracker hear of a text that moves, once the move is committed; a
refused move and a decision of a closed meeting say nothing."""

import asyncio
import datetime
import json

import pytest
from asgiref.sync import sync_to_async
from asgiref.testing import ApplicationCommunicator
from channels.routing import URLRouter
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from plenipot.meetings.services import agenda_item_add, meeting_schedule
from plenipot.site.routing import websocket_urlpatterns
from plenipot.tracker.services import decision_take, path_move, path_start

pytestmark = pytest.mark.usefixtures("transactional_db")


def _at(day, hour=10):
    return datetime.datetime(2014, 10, day, hour, tzinfo=datetime.UTC)


class Watcher(ApplicationCommunicator):
    def __init__(self):
        super().__init__(
            URLRouter(websocket_urlpatterns),
            {"type": "websocket", "path": "/ws/tracker/", "headers": [], "subprotocols": []},
        )
        self.scope["user"] = AnonymousUser()

    async def connect(self):
        await self.send_input({"type": "websocket.connect"})
        return (await self.receive_output(3))["type"]

    async def next_news(self, timeout=3):
        message = await self.receive_output(timeout)
        assert message["type"] == "websocket.send", message
        return json.loads(message["text"])


def test_a_move_reaches_the_watchers_and_a_refused_one_does_not(world):
    path = path_start(instrument=world["resolution"], at=_at(20, 8))

    async def scenario():
        watcher = Watcher()
        assert await watcher.connect() == "websocket.accept"
        with pytest.raises(ValidationError):
            await sync_to_async(path_move)(
                path=path, to_stage="adopted", moved_by=world["secretariat"]
            )
        assert await watcher.receive_nothing(timeout=0.3)
        await sync_to_async(path_move)(
            path=path, to_stage="allocated", moved_by=world["secretariat"], body=world["com5"]
        )
        news = await watcher.next_news()
        assert news == {
            "event": "moved",
            "kind": "resolution",
            "number": "101",
            "label": "Resolution 101",
            "stage": "allocated",
            "stage_label": "Allocated",
            "body": "COM5",
        }
        await watcher.send_input({"type": "websocket.disconnect", "code": 1000})
        await watcher.wait(3)

    asyncio.run(scenario())


def test_decisions_are_announced_only_from_public_meetings(world):
    path_start(instrument=world["resolution"], at=_at(20, 8))
    closed = meeting_schedule(
        body=world["com5"], starts_at=_at(21, 9), ends_at=_at(21, 12), scheduled_by=world["chair"]
    )
    public = meeting_schedule(
        body=world["com5"],
        starts_at=_at(22, 9),
        ends_at=_at(22, 12),
        scheduled_by=world["chair"],
        openness="public",
    )
    items = [
        agenda_item_add(
            meeting=m, title="", added_by=world["chair"], instrument=world["resolution"]
        )
        for m in (closed, public)
    ]

    async def scenario():
        watcher = Watcher()
        assert await watcher.connect() == "websocket.accept"
        await sync_to_async(decision_take)(
            agenda_item=items[0], outcome="deferred", decided_by=world["chair"]
        )
        assert await watcher.receive_nothing(timeout=0.3)
        await sync_to_async(decision_take)(
            agenda_item=items[1], outcome="deferred", decided_by=world["chair"]
        )
        news = await watcher.next_news()
        assert news["event"] == "decision" and news["outcome_label"] == "Deferred"
        assert news["number"] == "101"
        await watcher.send_input({"type": "websocket.disconnect", "code": 1000})
        await watcher.wait(3)

    asyncio.run(scenario())


def test_the_atom_feeds_list_the_latest_steps(client, world):
    from plenipot.documents.services import document_create_temporary

    path = path_start(instrument=world["resolution"], at=_at(20, 8))
    path_move(
        path=path, to_stage="allocated", moved_by=world["secretariat"], body=world["com5"],
        at=_at(20, 9),
    )
    path_move(path=path, to_stage="in_body", moved_by=world["secretariat"], at=_at(21))
    dt = document_create_temporary(
        body=world["com5"], title="Draft", author_user=None, text=world["resolution"].text
    )
    path_move(path=path, to_stage="dt", moved_by=world["secretariat"], document=dt, at=_at(22))
    feed = client.get("/tracker/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    xml = feed.content.decode()
    assert xml.index("Resolution 101: Temporary document (DT)") < xml.index(
        "Resolution 101: Allocated"
    )
    one = client.get("/tracker/resolution/101/feed/").content.decode()
    assert "The path of Resolution 101" in one and "COM5" in one
    assert client.get("/tracker/resolution/999/feed/").status_code == 404
    assert 'type="application/atom+xml"' in client.get("/tracker/").content.decode()
