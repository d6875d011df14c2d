"""The tracker's WebSocket: every watcher of the tracker pages hears of texts that move."""

from __future__ import annotations

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from plenipot.tracker.live import tracker_group


@database_sync_to_async
def _conference_id() -> int | None:
    from plenipot.conference.selectors import conference_current

    conference = conference_current()
    return conference.pk if conference is not None else None


class TrackerConsumer(AsyncWebsocketConsumer):
    """Listen only: what it sends is public on the tracker pages; it reads nothing."""

    async def connect(self) -> None:
        conference_id = await _conference_id()
        if conference_id is None:
            await self.close(code=4404)
            return
        self.group = tracker_group(conference_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        return  # watchers only listen

    async def tracker_event(self, message: dict) -> None:
        await self.send(json.dumps(message["payload"], ensure_ascii=False))
