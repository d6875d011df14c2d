"""The tracker's WebSocket: every watcher of the tracker pages hears of texts that move."""

from __future__ import annotations

import json

from channels.db import database_sync_to_async

from plenipot.conference import selectors as conference_selectors
from plenipot.core.metrics import news_handed_on
from plenipot.core.sockets import CLOSE_RECONNECT, CLOSE_REFUSED, LiveSocket
from plenipot.tracker.live import tracker_group


@database_sync_to_async
def _conference_id() -> int | None:
    conference = conference_selectors.conference_current()
    return conference.pk if conference is not None else None


class TrackerConsumer(LiveSocket):
    """Listen only: what it sends is public on the tracker pages; it reads nothing. Like
    every live socket it counts against its client's cap and is checked again when
    access changes (`plenipot.core.sockets`)."""

    async def connect(self) -> None:
        if not await self.join():
            return
        conference_id = await _conference_id()
        if conference_id is None:
            await self.shut(CLOSE_REFUSED)
            return
        self.conference_id = conference_id
        self.group = tracker_group(conference_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.opened()

    async def leaving(self) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        return  # watchers only listen: what they send is dropped unread

    async def tracker_event(self, message: dict) -> None:
        await self.send(json.dumps(message["payload"], ensure_ascii=False))
        news_handed_on(message.get("time"))  # the fan-out delay (docs/operations.md)

    # --- access, asked again -----------------------------------------------------------

    def access_key(self):
        return ("tracker",)

    async def access_decide(self):
        return await _conference_id()

    async def access_apply(self, conference_id) -> None:
        if conference_id is None:
            await self.shut(CLOSE_REFUSED)
        elif conference_id != self.conference_id:
            await self.shut(CLOSE_RECONNECT)  # the site now shows another conference
