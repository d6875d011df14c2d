"""The drafting room's WebSocket: live revisions, resume after a reconnect, presence,
and edits from the pen. The protocol is described in docs/drafting-room.md; the cap on
sockets per client, closing and checking access again are `plenipot.core.sockets`'."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time

from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from plenipot.core.sockets import (
    CLOSE_FAILED,
    CLOSE_REFUSED,
    CLOSE_SLOW,
    CLOSE_TOO_MANY,
    CLOSE_UNREADABLE,
    LiveSocket,
    cancel_lost,
    language_of,
    warn_seldom,
)
from plenipot.negotiation.models import Revision
from plenipot.negotiation.selectors import access_draft_live, draft_meeting
from plenipot.negotiation.services import (
    DraftConflict,
    draft_group,
    operation_apply,
    revision_undo,
    snapshot_save,
    suggestion_accept,
    suggestion_decline,
    suggestion_submit,
)

logger = logging.getLogger(__name__)

#: The largest frame a client may send, in characters.
MAX_FRAME = 32_000
#: How deeply a client's message may nest lists and objects (an edit needs three).
MAX_DEPTH = 16
#: Messages a client may send per second on average, and in one burst.
RATE = 5.0
BURST = 20
#: After this many refused messages the connection is closed.
MAX_REFUSED = 50
#: Revisions sent per frame when a client resumes.
RESUME_BATCH = 200
#: Messages waiting for a slow watcher before it is disconnected (it resumes on reconnect).
OUTBOX = 500
#: How often a relay renews its group membership, in seconds (Redis groups expire).
RENEW = 3600


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


#: What a client is told of a frame that cannot be read, before the socket closes.
NOT_JSON = _("This message could not be read: each message is one JSON object, as text.")
TOO_DEEP = _(
    "This message could not be read: it nests lists or objects more than %(depth)s deep."
)


class _Unreadable(ValueError):
    """A frame that is not a message: not JSON text, or nested too deeply."""

    def __init__(self, reason) -> None:
        super().__init__(reason)
        self.reason = reason


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


_DECODER = json.JSONDecoder(parse_constant=_no_constant)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _decoded(text: str):
    """The message in a text frame. Refused: what is not JSON (NaN and Infinity are
    not), what nests deeper than MAX_DEPTH (deep enough, it would exhaust the
    decoder's stack), and strings with halves of a surrogate pair (`"\\ud800"`), which
    no UTF-8 text holds and which would fail later, when written out to the others."""
    try:
        value = _DECODER.decode(text)
    except RecursionError:
        raise _Unreadable(TOO_DEEP) from None
    except ValueError:
        raise _Unreadable(NOT_JSON) from None
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if not item.isascii() and _SURROGATE.search(item):
                raise _Unreadable(NOT_JSON)
        elif isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                raise _Unreadable(TOO_DEEP)
            if isinstance(item, dict):
                pending.extend((key, depth) for key in item)
                item = item.values()
            pending.extend((child, depth + 1) for child in item)
    return value


def _text_frame(text: str) -> bytes:
    """A complete, unmasked WebSocket text frame (RFC 6455 §5.2), as a server sends it."""
    payload = text.encode()
    n = len(payload)
    if n < 126:
        head = bytes((0x81, n))
    elif n < 1 << 16:
        head = bytes((0x81, 126)) + n.to_bytes(2, "big")
    else:
        head = bytes((0x81, 127)) + n.to_bytes(8, "big")
    return head + payload


def _server_connection(send):
    """The uvicorn connection under an ASGI `send`, when it is one whose socket a frame
    can be written to directly (see DraftConsumer.write_now); None otherwise."""
    for _hop in range(8):
        owner = getattr(send, "__self__", None)
        if owner is None:
            return None
        kind = type(owner)
        if kind.__name__ == "WebSocketsSansIOProtocol" and kind.__module__.startswith("uvicorn."):
            needed = ("conn", "transport", "writable", "close_sent", "disconnected")
            return owner if all(hasattr(owner, name) for name in needed) else None
        send = getattr(owner, "real_send", None)  # channels' session middleware
    return None


#: How long a relay waits to announce a change in its count of anonymous watchers (so a
#: crowd connecting at once costs a few announcements, not one per watcher), how often it
#: repeats its count, and after how long without news another process's count is dropped.
COUNT_DELAY = 0.5
COUNT_EVERY = 30.0
COUNT_EXPIRES = 95.0


class _Relay:
    """The draft's group messages, received once per process and handed to the local
    watchers: the channel layer carries one message per process for each revision
    rather than one per watcher, which is what lets one process feed thousands.

    The relays of a draft also count its anonymous watchers (the public of an open
    body, who are not named in presence): each announces its own count to the group
    when it changes and every COUNT_EVERY seconds, and tells its watchers the total."""

    def __init__(self, layer, draft_id: int) -> None:
        self.layer = layer
        self.group = draft_group(draft_id)
        self.watchers: set[DraftConsumer] = set()
        self.started = asyncio.Event()
        self.channel = ""
        self.tasks: list[asyncio.Task] = []
        self.counts: dict[str, tuple[int, float]] = {}
        self.announcing: asyncio.TimerHandle | None = None
        self.told = -1

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
        frame = _text_frame(message["text"]) if message.get("type") == "draft.event" else None
        for watcher in list(self.watchers):
            if frame is None or not watcher.write_now(frame):
                watcher.post(message)

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

    def anonymous(self) -> int:
        return sum(1 for watcher in self.watchers if not watcher.name)

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
            self.announcing = asyncio.get_running_loop().call_later(
                COUNT_DELAY, self._flush, ask
            )

    def _flush(self, ask: bool) -> None:
        self.announcing = None
        asyncio.ensure_future(self._announce(ask=ask))
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
        self._tell()

    def _tell(self) -> None:
        total = self.total()
        if total == self.told:
            return
        self.told = total
        self._deliver(
            {"type": "draft.event", "text": _dumps({"type": "watchers", "anonymous": total})}
        )

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        if self.tasks:
            # A cancelled receive tidies the channel layer's state: give it a moment.
            await asyncio.wait(self.tasks, timeout=1.0)
        if self.announcing is not None:
            self.announcing.cancel()
        if self.channel:
            await self._announce(ask=False)  # no watchers left here: a count of 0
            await self.layer.group_discard(self.group, self.channel)


#: Relays by (event loop, channel layer, draft): a process normally has one loop.
_RELAYS: dict[tuple[int, int, int], _Relay] = {}


def _relay_key(consumer: DraftConsumer) -> tuple[int, int, int]:
    return (id(asyncio.get_running_loop()), id(consumer.channel_layer), consumer.draft_id)


async def _relay_join(consumer: DraftConsumer) -> _Relay:
    key = _relay_key(consumer)
    relay = _RELAYS.get(key)
    if relay is None:
        relay = _RELAYS[key] = _Relay(consumer.channel_layer, consumer.draft_id)
        await relay.start()
        fresh = True
    else:
        await relay.started.wait()
        fresh = False
    relay.watchers.add(consumer)
    relay.changed(ask=fresh)
    return relay


async def _relay_leave(consumer: DraftConsumer) -> None:
    key = _relay_key(consumer)
    relay = _RELAYS.get(key)
    if relay is None:
        return
    relay.watchers.discard(consumer)
    if not relay.watchers:
        del _RELAYS[key]  # before any await, so that a newcomer starts a fresh relay
        await relay.stop()
    else:
        relay.changed()


class DraftConsumer(LiveSocket):
    """One watcher of one draft."""

    async def connect(self) -> None:
        self.draft_id = int(self.scope["url_route"]["kwargs"]["draft_id"])
        self.user = self.scope.get("user")
        if not await self.join():
            return
        try:
            self.draft, self.may_edit, self.name = await self._load()
        except Http404:
            await self.shut(CLOSE_REFUSED)
            return
        self.group = draft_group(self.draft_id)
        self.tokens = float(BURST)
        self.stamp = time.monotonic()
        self.refused = 0
        self.focus = ""
        self.outbox: asyncio.Queue = asyncio.Queue(maxsize=OUTBOX)
        # The writer holds everything from the group until `hello` has gone out.
        self.ready = asyncio.Event()
        self.connection = None
        self.writer = asyncio.create_task(self._write())
        relay = await _relay_join(self)
        await self.accept()
        await self.send(
            _dumps(
                {
                    "type": "hello",
                    "draft": self.draft_id,
                    "head": self.draft.head,
                    "pen": self.may_edit,
                    "you": self.name,
                    "channel": self.channel_name,
                }
            )
        )
        self.connection = _server_connection(self.base_send)
        self.ready.set()
        self.post(
            {
                "type": "draft.event",
                "text": _dumps({"type": "watchers", "anonymous": relay.total()}),
            }
        )
        if self.name:
            await self._presence("join")
        await self.opened()

    async def leaving(self) -> None:
        """However the socket ends: out of the relay, and the others see the watcher go."""
        if not hasattr(self, "group"):
            return
        if self.writer is not asyncio.current_task():
            # Woken as well as cancelled: a cancellation swallowed on the way (in the
            # channel layer's client) must not leave it waiting for ever.
            with contextlib.suppress(asyncio.QueueFull):
                self.outbox.put_nowait(None)
            self.writer.cancel()
        await _relay_leave(self)
        if self.name:
            await self._presence("leave")

    def write_now(self, frame: bytes) -> bool:
        """Write a ready-made text frame to this watcher's socket at once, below the ASGI
        layer, if that is safe: uvicorn's connection is open, accepted, without
        extensions (no compression), not holding back writes, and nothing is waiting in
        this watcher's queue or was sent before `hello`. Otherwise False: the caller
        queues the message. One write per watcher instead of a task switch, a JSON
        copy and a frame built per watcher is what lets one process feed thousands."""
        connection = self.connection
        if connection is None or not self.ready.is_set() or not self.outbox.empty():
            return False
        if (
            connection.close_sent
            or connection.disconnected
            or not connection.writable.is_set()
            or connection.conn.state.name != "OPEN"
            or connection.conn.extensions
            or connection.transport.is_closing()
        ):
            return False
        connection.transport.write(frame)
        return True

    def post(self, message: dict) -> None:
        """Queue a group message for this watcher (called by the relay)."""
        if self.closing:
            return
        try:
            self.outbox.put_nowait(message)
        except asyncio.QueueFull:
            # Too slow to keep up: let it go; it resumes from its last revision.
            self.outbox = asyncio.Queue(maxsize=OUTBOX)
            self.closer = asyncio.ensure_future(self.shut(CLOSE_SLOW))

    async def _write(self) -> None:
        """Send what the relay queued for this watcher, in order. A failure ends the
        socket: it is logged once and the socket closed, and the watcher reconnects and
        resumes; going on would leave it with a gap it does not know about."""
        await self.ready.wait()
        try:
            while not self.closing:
                cancel_lost()
                message = await self.outbox.get()
                if message is None:
                    break  # leaving
                if message["type"] == "draft.event":
                    await self.send(text_data=message["text"])
                elif message["type"] == "draft.presence":
                    await self.draft_presence(message)
        except OSError as exc:
            # The connection went between two messages (uvicorn's ClientDisconnected).
            logger.info(
                "drafting room: draft %s: a watcher's connection went (%r)", self.draft_id, exc
            )
            await self.shut(CLOSE_FAILED)
        except Exception:
            logger.exception(
                "drafting room: draft %s: writing to a watcher failed; closing its socket",
                self.draft_id,
            )
            await self.shut(CLOSE_FAILED)

    @database_sync_to_async
    def _load(self):
        draft, may_edit = access_draft_live(self.user, self.draft_id)
        authenticated = self.user is not None and self.user.is_authenticated
        return draft, may_edit, str(self.user) if authenticated else ""

    # --- access, asked again (plenipot.core.sockets) -----------------------------------

    def access_key(self):
        return ("draft", self.draft_id, self.user_id)

    async def access_decide(self):
        return await self._decide()

    @database_sync_to_async
    def _decide(self):
        """The check on connecting, made again with the account read afresh (its role,
        whether it is active, its person and delegation): (user, holds the pen), or
        None when it may no longer watch."""
        if self.user_id is None:
            user = AnonymousUser()
        else:
            user = get_user_model().objects.filter(pk=self.user_id, is_active=True).first()
            if user is None:
                return None
        try:
            _draft, may_edit = access_draft_live(user, self.draft_id)
        except Http404:
            return None
        return user, may_edit

    async def access_apply(self, decision) -> None:
        if decision is None:
            await self.shut(CLOSE_REFUSED)
            return
        # The services decide each edit by this user: from now on, the fresh one.
        self.user, may_edit = decision
        if may_edit != self.may_edit:
            self.may_edit = may_edit
            await self.send(_dumps({"type": "access", "pen": may_edit}))
            if self.name:
                await self._presence("here")

    # --- from the client ---------------------------------------------------------------

    def _allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(BURST, self.tokens + (now - self.stamp) * RATE)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    async def _refuse(self, code: str, message: str, **extra) -> None:
        self.refused += 1
        await self.send(_dumps({"type": "error", "code": code, "message": message, **extra}))
        if self.refused >= MAX_REFUSED:
            await self.shut(CLOSE_TOO_MANY)

    async def _unreadable(self, reason) -> None:
        """A frame that is not a message: say so, in the client's language, and close."""
        with translation.override(language_of(self.scope)):
            message = str(reason) % {"depth": MAX_DEPTH} if reason is TOO_DEEP else str(reason)
        await self.send(_dumps({"type": "error", "code": "malformed", "message": message}))
        await self.shut(CLOSE_UNREADABLE)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.closing:
            return
        if text_data is None:
            await self._unreadable(NOT_JSON)
            return
        if len(text_data) > MAX_FRAME:
            await self.send(
                _dumps(
                    {
                        "type": "error",
                        "code": "too_large",
                        "message": f"a frame may hold at most {MAX_FRAME} characters",
                    }
                )
            )
            await self.shut(1009)
            return
        if not self._allow():
            await self._refuse("rate_limited", "too many messages; wait a moment and resend")
            return
        try:
            message = _decoded(text_data)
        except _Unreadable as exc:
            await self._unreadable(exc.reason)
            return
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            await self._refuse("malformed", "expected an object with a 'type'")
            return
        handler = {
            "resume": self._resume,
            "apply": self._apply,
            "undo": self._undo,
            "focus": self._focus,
            "ping": self._ping,
            "suggest": self._suggest,
            "accept": self._accept,
            "decline": self._decline,
            "snapshot": self._snapshot,
        }.get(message["type"])
        if handler is None:
            await self._refuse("malformed", f"unknown message type {message['type']!r}")
            return
        await handler(message)

    async def _ping(self, message: dict) -> None:
        await self.send(_dumps({"type": "pong", "ref": message.get("ref")}))

    async def _resume(self, message: dict) -> None:
        after = message.get("after")
        if not isinstance(after, int) or isinstance(after, bool) or after < 0:
            await self._refuse("malformed", "'after' must be a revision number")
            return
        while True:
            events = await self._events_after(after)
            for event in events:
                await self.send(_dumps(event))
            if len(events) < RESUME_BATCH:
                break
            after = events[-1]["number"]
        await self.send(
            _dumps({"type": "resumed", "head": after if not events else events[-1]["number"]})
        )

    @database_sync_to_async
    def _events_after(self, after: int) -> list[dict]:
        return list(
            Revision.objects.filter(draft_id=self.draft_id, number__gt=after)
            .order_by("number")
            .values_list("event", flat=True)[:RESUME_BATCH]
        )

    async def _apply(self, message: dict) -> None:
        base, operation = message.get("base"), message.get("op")
        if not isinstance(base, int) or isinstance(base, bool) or not isinstance(operation, dict):
            await self._refuse("malformed", "'apply' needs 'base' (a revision number) and 'op'")
            return
        description = message.get("description") or ""
        if not isinstance(description, str):
            description = ""
        meeting = self._meeting_id(message)
        if meeting is False:
            await self._refuse("malformed", "'meeting' must be a meeting id or null")
            return
        await self._change(
            message,
            lambda: operation_apply(
                draft_id=self.draft_id,
                user=self.user,
                operation=operation,
                base=base,
                description=description,
                meeting=draft_meeting(self.draft, meeting),
            ),
        )

    @staticmethod
    def _meeting_id(message: dict) -> int | None | bool:
        """The meeting an edit belongs to: an id, None, or False when malformed."""
        meeting = message.get("meeting")
        if meeting is None:
            return None
        if not isinstance(meeting, int) or isinstance(meeting, bool) or meeting < 1:
            return False
        return meeting

    async def _undo(self, message: dict) -> None:
        number = message.get("number")
        if not isinstance(number, int) or isinstance(number, bool):
            await self._refuse("malformed", "'undo' needs the revision 'number'")
            return
        meeting = self._meeting_id(message)
        if meeting is False:
            await self._refuse("malformed", "'meeting' must be a meeting id or null")
            return
        await self._change(
            message,
            lambda: revision_undo(
                draft_id=self.draft_id,
                user=self.user,
                number=number,
                meeting=draft_meeting(self.draft, meeting),
            ),
        )

    async def _suggest(self, message: dict) -> None:
        eid, text = message.get("eid"), message.get("text")
        segment = message.get("segment")
        if not isinstance(eid, str) or not isinstance(text, str) or not text.strip():
            await self._refuse("malformed", "'suggest' needs 'eid' and a wording in 'text'")
            return
        start, end = message.get("start"), message.get("end")
        for name, value in (("segment", segment), ("start", start), ("end", end)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                await self._refuse("malformed", f"'{name}' must be a whole number")
                return
            if value is not None and value < 0:
                await self._refuse("malformed", f"'{name}' cannot be negative")
                return

        def submit():
            from plenipot.negotiation.models import Draft

            draft = Draft.objects.select_related("body").get(pk=self.draft_id)
            return suggestion_submit(
                draft=draft, user=self.user, eid=eid, text=text, segment=segment,
                start=start, end=end,
            )  # fmt: skip

        await self._act(message, submit, lambda s: {"type": "suggested", "suggestion": s.pk})

    async def _accept(self, message: dict) -> None:
        suggestion = message.get("suggestion")
        if not isinstance(suggestion, int) or isinstance(suggestion, bool):
            await self._refuse("malformed", "'accept' needs the 'suggestion' id")
            return
        meeting = self._meeting_id(message)
        if meeting is False:
            await self._refuse("malformed", "'meeting' must be a meeting id or null")
            return
        await self._change(
            message,
            lambda: suggestion_accept(
                suggestion_id=self._own_suggestion(suggestion),
                user=self.user,
                meeting=draft_meeting(self.draft, meeting),
            ),
        )

    async def _decline(self, message: dict) -> None:
        suggestion = message.get("suggestion")
        if not isinstance(suggestion, int) or isinstance(suggestion, bool):
            await self._refuse("malformed", "'decline' needs the 'suggestion' id")
            return
        await self._act(
            message,
            lambda: suggestion_decline(
                suggestion_id=self._own_suggestion(suggestion), user=self.user
            ),
            lambda s: {"type": "declined", "suggestion": s.pk},
        )

    async def _snapshot(self, message: dict) -> None:
        name = message.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            await self._refuse("malformed", "'snapshot' needs a 'name' of at most 200 characters")
            return
        await self._act(
            message,
            lambda: snapshot_save(draft_id=self.draft_id, user=self.user, name=name.strip()),
            lambda s: {
                "type": "snapshot",
                "name": s.name,
                "revision": s.revision,
                "document": str(s.document) if s.document else "",
            },
        )

    def _own_suggestion(self, suggestion_id: int) -> int:
        from plenipot.negotiation.models import Suggestion

        if not Suggestion.objects.filter(pk=suggestion_id, draft_id=self.draft_id).exists():
            raise ValidationError("there is no such suggestion on this draft")
        return suggestion_id

    async def _act(self, message: dict, call, reply) -> None:
        """Run a service call that is not an edit and answer with `reply(result)`."""
        ref = message.get("ref")
        try:
            result = await database_sync_to_async(call)()
        except PermissionDenied as exc:
            await self._refuse("forbidden", str(exc), ref=ref)
            return
        except ValidationError as exc:
            await self._refuse("invalid", " ".join(exc.messages), ref=ref)
            return
        await self.send(_dumps({**reply(result), "ref": ref}))

    async def _change(self, message: dict, call) -> None:
        ref = message.get("ref")
        try:
            revision = await database_sync_to_async(call)()
        except DraftConflict as exc:
            await self._refuse(
                "conflict", str(exc), ref=ref, head=exc.head, eids=list(exc.eids),
                provisions=exc.provisions, by=exc.by,
            )  # fmt: skip
            return
        except PermissionDenied as exc:
            await self._refuse("forbidden", str(exc), ref=ref)
            return
        except ValidationError as exc:
            await self._refuse("invalid", " ".join(exc.messages), ref=ref)
            return
        await self.send(_dumps({"type": "applied", "ref": ref, "number": revision.number}))

    async def _focus(self, message: dict) -> None:
        eid = message.get("eid") or ""
        if not isinstance(eid, str) or len(eid) > 200:
            await self._refuse("malformed", "'focus' needs a provision id")
            return
        if not self.name:
            return
        self.focus = eid
        await self._presence("here")

    # --- presence ----------------------------------------------------------------------

    def _whoami(self, state: str) -> dict:
        return {
            "type": "presence",
            "state": state,
            "channel": self.channel_name,
            "who": self.name,
            "pen": self.may_edit,
            "focus": self.focus,
        }

    async def _presence(self, state: str) -> None:
        await self.channel_layer.group_send(
            self.group, {"type": "draft.presence", "data": self._whoami(state)}
        )

    # --- from the group ----------------------------------------------------------------

    async def draft_event(self, event: dict) -> None:
        await self.send(text_data=event["text"])

    async def draft_presence(self, event: dict) -> None:
        data = event["data"]
        if data["channel"] == self.channel_name:
            return
        await self.send(_dumps(data))
        if data["state"] == "join" and self.name:
            # Tell the newcomer who is already here.
            await self.channel_layer.send(
                data["channel"], {"type": "draft.presence", "data": self._whoami("here")}
            )
