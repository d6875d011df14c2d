"""Watchers of a meeting's floor hear that its list changed, once committed; a delegation
away from the room hears on its own socket that its turn nears; a meeting closed to the
public refuses an anonymous watcher. Through the API, the same actions as the pages."""

from __future__ import annotations

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from asgiref.testing import ApplicationCommunicator
from channels.routing import URLRouter
from django.contrib.auth.models import AnonymousUser

from plenipot.accounts.roles import actor_for
from plenipot.floor import actions
from plenipot.site.routing import websocket_urlpatterns

pytestmark = pytest.mark.usefixtures("transactional_db")


class Watcher(ApplicationCommunicator):
    def __init__(self, meeting_id, user=None, language="en"):
        super().__init__(
            URLRouter(websocket_urlpatterns),
            {
                "type": "websocket",
                "path": f"/ws/floor/meetings/{meeting_id}/",
                "headers": [(b"accept-language", language.encode())],
                "subprotocols": [],
            },
        )
        self.scope["user"] = user or AnonymousUser()

    async def connect(self):
        await self.send_input({"type": "websocket.connect"})
        return await self.receive_output(3)

    async def frame(self, timeout=3):
        message = await self.receive_output(timeout)
        assert message["type"] == "websocket.send", message
        return json.loads(message["text"])

    async def leave(self):
        await self.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.wait(3)


def test_watchers_hear_each_change_and_the_away_delegation_its_turn(floor):
    meeting, item = floor["meeting"], floor["item"]
    ids = dict(meeting_id=meeting.pk, item_id=item.pk)

    @sync_to_async
    def ask(user, data):
        actions.check_floor_ask(actor_for(user), **ids, data=data)

    async def scenario():
        public = Watcher(meeting.pk)
        assert (await public.connect())["type"] == "websocket.accept"
        hello = await public.frame()
        assert hello == {"type": "hello", "meeting": meeting.pk, "live": "Live"}
        french = Watcher(meeting.pk, floor["french"], language="fr")
        await french.connect()
        assert (await french.frame())["live"] == "En direct"

        await ask(floor["brazil"], {})
        news = await public.frame()
        assert news["event"]["kind"] == "speakers"
        assert news["event"]["item"] == item.pk and news["event"]["version"] == 1
        assert (await french.frame())["event"]["kind"] == "speakers"

        # France asks while away; with one before it, it is told at once, in French.
        await ask(floor["french"], {"away": True})
        frames = [await french.frame(), await french.frame()]
        near = next(f for f in frames if f["event"]["kind"] == "turn_near")
        assert near["event"]["ahead"] == 1 and near["event"]["item"] == item.pk
        assert "1" in near["event"]["text"] and near["event"]["text"] != ""
        assert (await public.frame())["event"]["kind"] == "speakers"
        assert await public.receive_nothing(timeout=0.3)  # the public hears no turn
        await public.leave()
        await french.leave()

    asyncio.run(scenario())


def test_a_meeting_closed_to_the_public_refuses_an_anonymous_watcher(floor):
    meeting = floor["meeting"]
    meeting.openness = "delegations"
    meeting.save()

    async def scenario():
        anonymous = Watcher(meeting.pk)
        closed = await anonymous.connect()
        assert closed["type"] == "websocket.close" and closed["code"] == 4404
        delegate = Watcher(meeting.pk, floor["french"])
        assert (await delegate.connect())["type"] == "websocket.accept"
        await delegate.leave()

    asyncio.run(scenario())


def test_the_api_runs_the_list_with_the_same_refusals(floor, client):
    from django.test import Client

    meeting, item = floor["meeting"], floor["item"]
    base = f"/api/v1/meetings/{meeting.pk}"
    french = Client(enforce_csrf_checks=False)
    french.force_login(floor["french"])
    answer = french.post(
        f"{base}/items/{item.pk}/floor/requests",
        {"kind": "speaker", "provision": "resolves__para_2"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["waiting"][0]["delegation"] == "France"
    assert body["waiting"][0]["provision_label"] == "resolves 2"
    again = french.post(
        f"{base}/items/{item.pk}/floor/requests", {}, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    bad = french.post(
        f"{base}/items/{item.pk}/floor/requests",
        {"kind": "filibuster"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    refused = french.post(f"{base}/items/{item.pk}/floor/give", {}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    chair = Client()
    chair.force_login(floor["chair"])
    given = chair.post(f"{base}/items/{item.pk}/floor/give", {}, content_type="application/json")
    assert given.json()["speaking"]["delegation"] == "France"
    assert given.json()["clock"]["running"] is True
    chair.post(f"{base}/items/{item.pk}/floor/end", {}, content_type="application/json")
    record = Client().get(f"{base}/interventions").json()
    assert [r["delegation"] for r in record] == ["France"]
    anonymous = Client().get(f"{base}/floor?item={item.pk}")
    assert anonymous.status_code == 200 and anonymous.json()["waiting"] == []
    assert Client().get(f"{base}/floor?item=999999").status_code == 404
    assert (
        Client()
        .post(f"{base}/items/{item.pk}/floor/give", {}, content_type="application/json")
        .status_code
        == 401
    )
