"""The drafting room's WebSocket protocol: live revisions, resume after a reconnect,
presence, and the pen's and delegates' messages. The protocol is described in
docs/drafting-room.md.

Each message a client sends is one use case of `negotiation.actions`, checked by the same
schemas and refused in the same words (`code`, `detail`) as on the API; this module only
reads frames into calls and answers. The relay that feeds a process's watchers is
`negotiation.relay`, the reading and the fast writing of frames `negotiation.frames`, and
what every live socket shares (the cap per client, closing, access asked again)
`plenipot.core.sockets`."""

from __future__ import annotations

import asyncio
import collections
import logging
import time

from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from plenipot.accounts.roles import actor_for
from plenipot.accounts.selectors import presence_name
from plenipot.core.errors import ActionError, Invalid, TooMany, as_action_error
from plenipot.core.sockets import (
    CLOSE_FAILED,
    CLOSE_REFUSED,
    CLOSE_SLOW,
    CLOSE_TOO_MANY,
    CLOSE_UNREADABLE,
    LiveSocket,
    cancel_lost,
    language_of,
)
from plenipot.negotiation import actions, selectors
from plenipot.negotiation import relay as relays
from plenipot.negotiation.actions import read
from plenipot.negotiation.frames import (
    MAX_FRAME,
    NOT_JSON,
    TOO_LARGE,
    Unreadable,
    decoded,
    dumps,
    server_connection,
    text_frame,
    write_direct,
)
from plenipot.negotiation.schemas import AcceptFrame, DeclineFrame, FocusFrame, ResumeFrame
from plenipot.negotiation.selectors import access_draft_live

logger = logging.getLogger(__name__)

#: Messages a client may send per second on average, and in one burst.
RATE = 5.0
BURST = 20
#: After this many refused messages the connection is closed.
MAX_REFUSED = 50
#: Revisions sent per frame when a client resumes.
RESUME_BATCH = 200
#: Messages waiting for a slow watcher before it is disconnected (it resumes on reconnect).
OUTBOX = 500


#: Access checks of watchers who are not signed in, under way, by (event loop, draft):
#: the task and the access notices its process had received when it began.
ANONYMOUS_CHECKS: dict[tuple[int, int], tuple[asyncio.Future, int]] = {}


def _signed_in_check(user, draft_id: int):
    """The draft, whether `user` holds its pen, and the name presence shows for it, in
    one trip to the database's thread."""
    draft, may_edit = access_draft_live(user, draft_id)
    return draft, may_edit, presence_name(user)


class DraftConsumer(LiveSocket):
    """One watcher of one draft."""

    @property
    def language(self) -> str:
        """The language the socket is answered in, chosen as the pages choose it."""
        if not hasattr(self, "_language"):
            self._language = language_of(self.scope)
        return self._language

    def listens(self) -> bool:
        """Only signed-in watchers hear messages of their own (the others' presence
        answering theirs); everything else comes through the relay."""
        user = self.scope.get("user")
        return user is not None and user.is_authenticated

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
        self.group = relays.draft_group(self.draft_id)  # presence goes to the whole group
        self.tokens = float(BURST)
        self.stamp = time.monotonic()
        self.refused = 0
        self.focus = ""
        # Messages from the group that could not be written at once, in order, and the
        # task that writes them: started when one waits, once `hello` has gone out.
        self.outbox: collections.deque = collections.deque()
        self.ready = False
        self.connection = None
        self.writer: asyncio.Task | None = None
        relay = await relays.join(self)
        await self.accept()
        await self.send(
            dumps(
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
        self.connection = server_connection(self.base_send)
        self.ready = True
        self._start_writer()
        count = dumps({"type": "watchers", "anonymous": relay.total()})
        if not self.write_now(text_frame(count)):
            self.post({"type": "draft.event", "text": count})
        if self.name:
            await self._presence("join")
        await self.opened()

    async def leaving(self) -> None:
        """However the socket ends: out of the relay, and the others see the watcher go."""
        if not hasattr(self, "group"):
            return
        self.outbox.clear()
        if self.writer is not None and self.writer is not asyncio.current_task():
            self.writer.cancel()
        await relays.leave(self)
        if self.name:
            await self._presence("leave")

    def write_now(self, frame: bytes) -> bool:
        """Write a ready-made text frame to this watcher's socket at once, below the ASGI
        layer, if that is safe: uvicorn's connection is open, accepted, without
        extensions (no compression), not holding back writes, and nothing is waiting in
        this watcher's queue, being written or was sent before `hello`. Otherwise
        False: the caller queues the message. One write per watcher instead of a task
        switch, a JSON copy and a frame built per watcher is what lets one process feed
        thousands."""
        connection = self.connection
        if connection is None or not self.ready or self.outbox or self.writer is not None:
            return False
        return write_direct(connection, frame)

    def post(self, message: dict) -> None:
        """Queue a group message for this watcher (called by the relay)."""
        if self.closing:
            return
        if len(self.outbox) >= OUTBOX:
            # Too slow to keep up: let it go; it resumes from its last revision.
            self.outbox.clear()
            self.closer = asyncio.ensure_future(self.shut(CLOSE_SLOW))
            return
        self.outbox.append(message)
        self._start_writer()

    def _start_writer(self) -> None:
        """A task of its own writes the queue, once `hello` has gone out: most watchers
        never need one (the relay writes to them directly), and a task per watcher
        waiting for ever is memory and the collector's time for each of thousands."""
        if self.ready and self.outbox and self.writer is None and not self.closing:
            self.writer = asyncio.create_task(self._write())

    async def _write(self) -> None:
        """Send what the relay queued for this watcher, in order, then end. A failure
        ends the socket: it is logged once and the socket closed, and the watcher
        reconnects and resumes; going on would leave it with a gap it does not know
        about."""
        try:
            while self.outbox and not self.closing:
                cancel_lost()
                message = self.outbox.popleft()
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
        finally:
            self.writer = None

    async def _load(self):
        """The draft, whether this user holds its pen, and the name presence shows.

        Watchers who are not signed in all get the same answer: those who connect while
        a check for the draft is under way share it rather than each queueing a check of
        their own in the database's thread (a crowd opening a public room at once). A
        notice that access changed after that check began is compared when the socket
        opens (`LiveSocket.opened`), as for a check of its own."""
        if self.user is not None and self.user.is_authenticated:
            return await database_sync_to_async(_signed_in_check)(self.user, self.draft_id)
        key = (id(asyncio.get_running_loop()), self.draft_id)
        flight = ANONYMOUS_CHECKS.get(key)
        if flight is None:
            check = asyncio.ensure_future(
                database_sync_to_async(access_draft_live)(self.user, self.draft_id)
            )
            flight = ANONYMOUS_CHECKS[key] = (check, self.notices_seen)

            def landed(_check, key=key, flight=flight) -> None:
                if ANONYMOUS_CHECKS.get(key) is flight:
                    del ANONYMOUS_CHECKS[key]

            check.add_done_callback(landed)
        check, notices = flight
        self.notices_seen = min(self.notices_seen, notices)
        draft, may_edit = await asyncio.shield(check)  # one leaving does not stop the rest
        return draft, may_edit, ""

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
            await self.send(dumps({"type": "access", "pen": may_edit}))
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

    async def _refuse(self, error: ActionError, ref=None) -> None:
        """An `error` frame with the API's keys (`code`, `detail` and what the refusal
        carries), answering the message `ref`; too many refusals close the socket."""
        self.refused += 1
        await self.send(dumps({"type": "error", **error.body(), "ref": ref}))
        if self.refused >= MAX_REFUSED:
            await self.shut(CLOSE_TOO_MANY)

    async def _unreadable(
        self, reason: Unreadable, code: str = "malformed", close=CLOSE_UNREADABLE
    ) -> None:
        """A frame that is not a message: say so, in the client's language, and close."""
        with translation.override(self.language):
            detail = reason.detail()
        await self.send(dumps({"type": "error", "code": code, "detail": detail, "ref": None}))
        await self.shut(close)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.closing:
            return
        if text_data is None:
            await self._unreadable(Unreadable(NOT_JSON))
            return
        if len(text_data) > MAX_FRAME:
            await self._unreadable(Unreadable(TOO_LARGE), code="too_large", close=1009)
            return
        with translation.override(self.language):
            if not self._allow():
                await self._refuse(TooMany(_("Too many messages: wait a moment and send again.")))
                return
            try:
                message = decoded(text_data)
            except Unreadable as exc:
                await self._unreadable(exc)
                return
            if not isinstance(message, dict) or not isinstance(message.get("type"), str):
                await self._refuse(
                    Invalid(_("Each message is an object with a 'type'."), code="malformed")
                )
                return
            ref = message.get("ref")
            handler = self.HANDLERS.get(message["type"])
            if handler is None:
                await self._refuse(
                    Invalid(
                        _("There is no message type %(type)s.")
                        % {"type": repr(message["type"])[:60]},
                        code="malformed",
                    ),
                    ref,
                )
                return
            try:
                await handler(self, message)
            except (ActionError, PermissionDenied, ValidationError, Http404) as exc:
                # The services' own refusals read in the same vocabulary.
                await self._refuse(as_action_error(exc), ref)

    async def _call(self, action, **kwargs):
        """Run an action for this socket's actor, in the database's thread."""
        return await database_sync_to_async(action)(
            actor_for(self.user), draft_id=self.draft_id, **kwargs
        )

    async def _ping(self, message: dict) -> None:
        await self.send(dumps({"type": "pong", "ref": message.get("ref")}))

    async def _resume(self, message: dict) -> None:
        after = read(ResumeFrame, message).after
        while True:
            events = await self._events_after(after)
            for event in events:
                await self.send(dumps(event))
            if len(events) < RESUME_BATCH:
                break
            after = events[-1]["number"]
        await self.send(
            dumps({"type": "resumed", "head": after if not events else events[-1]["number"]})
        )

    @database_sync_to_async
    def _events_after(self, after: int) -> list[dict]:
        return selectors.draft_events_after(self.draft_id, after, RESUME_BATCH)

    async def _applied(self, message: dict, revision) -> None:
        await self.send(
            dumps({"type": "applied", "ref": message.get("ref"), "number": revision.number})
        )

    async def _apply(self, message: dict) -> None:
        await self._applied(message, await self._call(actions.check_draft_apply, data=message))

    async def _undo(self, message: dict) -> None:
        await self._applied(message, await self._call(actions.check_draft_undo, data=message))

    async def _accept(self, message: dict) -> None:
        frame = read(AcceptFrame, message)
        revision = await self._call(
            actions.check_suggestion_accept, suggestion_id=frame.suggestion, data=frame
        )
        await self._applied(message, revision)

    async def _suggest(self, message: dict) -> None:
        suggestion = await self._call(actions.check_suggestion_submit, data=message)
        await self.send(
            dumps({"type": "suggested", "suggestion": suggestion.pk, "ref": message.get("ref")})
        )

    async def _decline(self, message: dict) -> None:
        frame = read(DeclineFrame, message)
        suggestion = await self._call(
            actions.check_suggestion_decline, suggestion_id=frame.suggestion
        )
        await self.send(
            dumps({"type": "declined", "suggestion": suggestion.pk, "ref": message.get("ref")})
        )

    async def _snapshot(self, message: dict) -> None:
        snapshot = await self._call(actions.check_snapshot_save, data=message)
        await self.send(
            dumps(
                {
                    "type": "snapshot",
                    "name": snapshot.name,
                    "revision": snapshot.revision,
                    "document": str(snapshot.document) if snapshot.document else "",
                    "ref": message.get("ref"),
                }
            )
        )

    async def _focus(self, message: dict) -> None:
        eid = read(FocusFrame, message).eid
        if not self.name:
            return
        self.focus = eid
        await self._presence("here")

    HANDLERS = {
        "resume": _resume,
        "apply": _apply,
        "undo": _undo,
        "focus": _focus,
        "ping": _ping,
        "suggest": _suggest,
        "accept": _accept,
        "decline": _decline,
        "snapshot": _snapshot,
    }

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
        await self.send(dumps(data))
        if data["state"] == "join" and self.name:
            # Tell the newcomer who is already here.
            await self.channel_layer.send(
                data["channel"], {"type": "draft.presence", "data": self._whoami("here")}
            )
