"""A draft's group messages, received once per process and handed to its watchers.

The channel layer carries one message per process for each revision rather than one per
watcher; the relay hands it to the local watchers (`DraftConsumer.write_now`, else its
queue). The relays of a draft also count its anonymous watchers across processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time

from plenipot.core.metrics import revision_handed_on
from plenipot.core.sockets import cancel_lost, warn_seldom
from plenipot.negotiation.frames import dumps, text_frame
from plenipot.negotiation.services import draft_group

__all__ = ["Relay", "draft_group", "join", "leave"]

logger = logging.getLogger(__name__)

#: How often a relay renews its group membership, in seconds (Redis groups expire).
RENEW = 3600


#: How long a relay waits to announce a change in its count of anonymous watchers (so a
#: crowd connecting at once costs a few announcements, not one per watcher), how often it
#: repeats its count, and after how long without news another process's count is dropped.
COUNT_DELAY = 0.5
COUNT_EVERY = 30.0
COUNT_EXPIRES = 95.0
#: And more, the more watchers there are to tell: each telling is one message to every
#: watcher, so while a crowd of N connects (for a time that grows with N) the tellings
#: must grow rarer with N, or the crowd's connecting costs N² messages.
COUNT_DELAY_PER_WATCHER = 0.001


class Relay:
    """The draft's group messages, received once per process and handed to the local
    watchers: the channel layer carries one message per process for each revision
    rather than one per watcher, which is what lets one process feed thousands.

    The relays of a draft also count its anonymous watchers (the public of an open
    body, who are not named in presence): each announces its own count to the group
    when it changes and every COUNT_EVERY seconds, and tells its watchers the total."""

    def __init__(self, layer, draft_id: int) -> None:
        self.layer = layer
        self.group = draft_group(draft_id)
        self.watchers: set = set()
        #: How many of the watchers are anonymous: kept as they come and go, since
        #: counting them afresh for each newcomer made a crowd's arrival cost N².
        self.unnamed = 0
        self.started = asyncio.Event()
        self.channel = ""
        self.tasks: list[asyncio.Task] = []
        self.counts: dict[str, tuple[int, float]] = {}
        self.announcing: asyncio.TimerHandle | None = None
        self.telling: asyncio.TimerHandle | None = None
        self.told = -1
        self.told_at = -math.inf

    async def start(self) -> None:
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(self.group, self.channel)
        self.tasks = [asyncio.create_task(self._run()), asyncio.create_task(self._renew())]
        self.started.set()

    async def _run(self) -> None:
        while True:
            cancel_lost()
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                warn_seldom("drafting room: %s: cannot hear the group (%s)", self.group, exc)
                await asyncio.sleep(1.0)
                continue
            try:
                if message.get("type") == "draft.watchers":
                    self._counted(message)
                else:
                    self._deliver(message)
            except Exception:
                # One bad message must not end the relay: its watchers would hear nothing.
                logger.exception("drafting room: %s: could not hand on a message", self.group)

    def _deliver(self, message: dict) -> None:
        """Hand a group message to every local watcher. A live event's frame is built
        once and written straight to each watcher's socket where that keeps the order
        (DraftConsumer.write_now); the others get it through their queues."""
        frame = text_frame(message["text"]) if message.get("type") == "draft.event" else None
        for watcher in list(self.watchers):
            if frame is None or not watcher.write_now(frame):
                watcher.post(message)
        if frame is not None:
            revision_handed_on(message["text"])  # the fan-out delay (docs/operations.md)

    async def _renew(self) -> None:
        elapsed = 0.0
        while True:
            await asyncio.sleep(COUNT_EVERY)
            elapsed += COUNT_EVERY
            await self._announce(ask=False)
            self._tell()  # counts of other processes that went silent have expired
            if elapsed >= RENEW:
                elapsed = 0.0
                await self.layer.group_add(self.group, self.channel)

    # --- counting anonymous watchers ---------------------------------------------------

    def add(self, watcher) -> None:
        if watcher not in self.watchers:
            self.watchers.add(watcher)
            self.unnamed += not watcher.name

    def remove(self, watcher) -> None:
        if watcher in self.watchers:
            self.watchers.remove(watcher)
            self.unnamed -= not watcher.name

    def anonymous(self) -> int:
        return self.unnamed

    def total(self) -> int:
        now = time.monotonic()
        others = sum(
            count
            for channel, (count, seen) in self.counts.items()
            if channel != self.channel and now - seen < COUNT_EXPIRES
        )
        return self.anonymous() + others

    def changed(self, *, ask: bool = False) -> None:
        """A watcher came or went: shortly, announce the new count to the other
        processes and tell the local watchers the total. Waiting COUNT_DELAY gathers a
        crowd's arrivals into one message to each watcher instead of one per arrival."""
        if self.announcing is None:
            self.announcing = asyncio.get_running_loop().call_later(self._delay(), self._flush, ask)

    def _delay(self) -> float:
        return max(COUNT_DELAY, len(self.watchers) * COUNT_DELAY_PER_WATCHER)

    def _flush(self, ask: bool) -> None:
        self.announcing = None
        asyncio.ensure_future(self._announce(ask=ask))
        self._tell_soon()

    def _tell_soon(self) -> None:
        """Tell the local watchers the total, at once if they were last told longer ago
        than `_delay()`, else when that is over: this process's arrivals and the other
        processes' counts (which come while their own crowds connect) share one pace,
        each telling being one message to every watcher here."""
        if self.telling is None and self.watchers:  # none here: nobody to tell
            loop = asyncio.get_running_loop()
            wait = max(0.0, self.told_at + self._delay() - loop.time())
            self.telling = loop.call_later(wait, self._told_soon)

    def _told_soon(self) -> None:
        self.telling = None
        self._tell()

    async def _announce(self, *, ask: bool) -> None:
        with contextlib.suppress(Exception):
            await self.layer.group_send(
                self.group,
                {
                    "type": "draft.watchers",
                    "relay": self.channel,
                    "anonymous": self.anonymous(),
                    "ask": ask,
                },
            )

    def _counted(self, message: dict) -> None:
        relay = message.get("relay")
        if not isinstance(relay, str) or relay == self.channel:
            return
        count = message.get("anonymous")
        if isinstance(count, int) and count > 0:
            self.counts[relay] = (count, time.monotonic())
        else:
            self.counts.pop(relay, None)
        if message.get("ask"):
            # A relay that has just started asks the others for their counts.
            asyncio.ensure_future(self._announce(ask=False))
        self._tell_soon()

    def _tell(self) -> None:
        total = self.total()
        if total == self.told:
            return
        self.told = total
        self.told_at = asyncio.get_running_loop().time()
        self._deliver(
            {"type": "draft.event", "text": dumps({"type": "watchers", "anonymous": total})}
        )

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        if self.tasks:
            # A cancelled receive tidies the channel layer's state: give it a moment.
            await asyncio.wait(self.tasks, timeout=1.0)
        for timer in (self.announcing, self.telling):
            if timer is not None:
                timer.cancel()
        if self.channel:
            await self._announce(ask=False)  # no watchers left here: a count of 0
            await self.layer.group_discard(self.group, self.channel)


#: Relays by (event loop, channel layer, draft): a process normally has one loop.
RELAYS: dict[tuple[int, int, int], Relay] = {}


def _key(consumer) -> tuple[int, int, int]:
    return (id(asyncio.get_running_loop()), id(consumer.channel_layer), consumer.draft_id)


async def join(consumer) -> Relay:
    key = _key(consumer)
    relay = RELAYS.get(key)
    if relay is None:
        relay = RELAYS[key] = Relay(consumer.channel_layer, consumer.draft_id)
        await relay.start()
        fresh = True
    else:
        await relay.started.wait()
        fresh = False
    relay.add(consumer)
    relay.changed(ask=fresh)
    return relay


async def leave(consumer) -> None:
    key = _key(consumer)
    relay = RELAYS.get(key)
    if relay is None:
        return
    relay.remove(consumer)
    if not relay.watchers:
        del RELAYS[key]  # before any await, so that a newcomer starts a fresh relay
        await relay.stop()
    else:
        relay.changed()
