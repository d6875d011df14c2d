"""What the site's live sockets share: a cap on how many one client holds open, closing
cleanly whatever goes wrong, and a second look by the access policy at every open socket
when something it decides by changes. The close codes are listed in
docs/drafting-room.md ("Closing").

**The cap.** A client is a signed-in user or, for people who are not signed in, an
address (`client_address`: the peer, or behind a trusted proxy the client it names).
With Redis (`REDIS_URL`) the sockets are counted there, so the cap holds across server
processes: each socket holds an entry that lapses unless its process renews it, so the
sockets of a process that died stop counting after HOLD seconds. Without Redis there is
one process, and it counts its own.

**Access, again.** A socket's access is decided when it connects. When something that
decision rests on changes (the conference's access decisions; a body's openness, status,
chair or vice-chairs; a user's role, staff status or whether the account is active; a
person's account or delegation), one notice goes to the channel-layer group ACCESS once
the change is committed. Each process has one listener in that group: it asks the
policy again about its open sockets, once per kind of socket, object watched and user
(a crowd watching one public draft without signing in costs one check), and closes with
4404 those it now refuses. Edits and live events never wait for it.

The notices come from the models' save and delete signals, not from each service: the
admin changes these rows directly, and a change that went unannounced would leave open
a socket that ought to close.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Hashable

from asgiref.sync import async_to_sync, sync_to_async
from channels.consumer import get_handler_name
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

from plenipot.core.addresses import client_address

logger = logging.getLogger(__name__)

#: The channel-layer group every process's listener joins.
ACCESS_GROUP = "access"

# Close codes (docs/drafting-room.md, "Closing").
#: A frame that cannot be read as a message: not JSON text, or nested too deeply.
CLOSE_UNREADABLE = 4400
#: The socket may not watch this (any more), or there is no such thing to watch.
CLOSE_REFUSED = 4404
#: Too slow to keep up; it resumes where it was on reconnecting.
CLOSE_SLOW = 4408
#: Too many sockets open for this client, or too many refused messages.
CLOSE_TOO_MANY = 4429
#: The server failed; reconnecting is worth a try.
CLOSE_FAILED = 1011
#: Connect again: what the socket listens to has moved (another current conference).
CLOSE_RECONNECT = 1012

#: Sockets one client may hold open when the setting says nothing.
DEFAULT_MAX_SOCKETS = 20
#: Seconds a socket's entry in Redis lasts unless renewed, and how often it is renewed.
HOLD = 300
RENEW = 120.0
#: How often the listener renews its membership of ACCESS (Redis groups expire).
GROUP_RENEW = 3600.0
#: Notices that arrive this close together (seconds) are dealt with in one round.
GATHER = 0.2


def cancel_lost() -> None:
    """Raise CancelledError if this task was told to stop and the request was lost on
    the way: before Python 3.12, `asyncio.wait_for` (which the Redis client uses) can
    swallow one, and a loop would then go on for ever."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


def max_sockets() -> int:
    """The cap on the sockets one client holds open; 0 for none."""
    return getattr(settings, "MAX_SOCKETS_PER_CLIENT", DEFAULT_MAX_SOCKETS)


# --- who is asking ------------------------------------------------------------------------


class Handshake:
    """The opening request of a WebSocket, as far as the site's request helpers read one
    (`META` and `COOKIES`), taken from the ASGI scope."""

    def __init__(self, scope: dict) -> None:
        headers: dict[str, list[str]] = {}
        for name, value in scope.get("headers") or ():
            headers.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
        peer = scope.get("client")
        self.META = {
            "REMOTE_ADDR": peer[0] if peer else "",
            "HTTP_X_FORWARDED_FOR": ",".join(headers.get("x-forwarded-for", ())),
            "HTTP_ACCEPT_LANGUAGE": ",".join(headers.get("accept-language", ())),
        }
        self.COOKIES = scope.get("cookies") or {}
        self.path_info = scope.get("path", "")


def client_of(scope: dict) -> str:
    """Whom a socket counts against: the signed-in user, else the client's address."""
    user = scope.get("user")
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{client_address(Handshake(scope)) or '-'}"


def language_of(scope: dict) -> str:
    """The language to speak to a socket in: as the pages choose it (the language
    cookie, then the browser's languages)."""
    return translation.get_language_from_request(Handshake(scope), check_path=False)


# --- counting sockets in Redis ------------------------------------------------------------

# Drop the entries that lapsed, then add this socket's unless the client is at the cap.
_TAKE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
    return 0
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
"""


class _SharedCount:
    """Each client's sockets, across processes: a sorted set per client in Redis, one
    entry per socket, scored by when it lapses."""

    PREFIX = "plenipot:sockets:"

    def __init__(self, url: str) -> None:
        import redis  # only with REDIS_URL: the embedded default runs without a Redis client

        self.redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self.script = self.redis.register_script(_TAKE)

    def take(self, client: str, place: str, limit: int) -> bool:
        now = time.time()
        keys = [self.PREFIX + client]
        return bool(self.script(keys=keys, args=[now, limit, now + HOLD, place, HOLD]))

    def give_back(self, client: str, place: str) -> None:
        self.redis.zrem(self.PREFIX + client, place)

    def renew(self, places: list[tuple[str, str]]) -> None:
        lapses = time.time() + HOLD
        with self.redis.pipeline(transaction=False) as pipe:
            for client, place in places:
                pipe.zadd(self.PREFIX + client, {place: lapses}, xx=True)
                pipe.expire(self.PREFIX + client, HOLD)
            pipe.execute()


_SHARED: dict[str, _SharedCount] = {}
_SHARED_LOCK = threading.Lock()


def _shared_count() -> _SharedCount | None:
    url = getattr(settings, "REDIS_URL", None)
    if not url:
        return None
    with _SHARED_LOCK:
        shared = _SHARED.get(url)
        if shared is None:
            shared = _SHARED[url] = _SharedCount(url)
        return shared


_last_warning = 0.0


def warn_seldom(message: str, *args) -> None:
    """A warning about Redis, at most one a minute: when it is away, every socket
    would say so."""
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= 60:
        _last_warning = now
        logger.warning(message, *args)


# --- the sockets of one process -----------------------------------------------------------


class _Hub:
    """The live sockets of this process (of one event loop and channel layer): their
    count by client when there is no Redis, and the listener for notices that access
    changed, which checks them again."""

    def __init__(self, key: tuple[int, int], layer) -> None:
        self.key = key
        self.layer = layer
        self.loop = asyncio.get_running_loop()
        self.sockets: set[LiveSocket] = set()
        self.joining = 0
        self.local: Counter[str] = Counter()
        self.started = asyncio.Event()
        self.failed = False
        self.stopped = False
        self.channel = ""
        self.tasks: list[asyncio.Task] = []
        #: Notices received so far: a socket still connecting compares it when it opens.
        self.notices = 0
        self.everyone = False
        self.users: set[int] = set()
        self.checking: asyncio.Task | None = None

    async def start(self) -> None:
        try:
            if self.layer is not None:
                self.channel = await self.layer.new_channel()
                await self.layer.group_add(ACCESS_GROUP, self.channel)
                self.tasks.append(asyncio.create_task(self._listen()))
            self.tasks.append(asyncio.create_task(self._renew()))
        except BaseException:
            self.failed = True
            raise
        finally:
            self.started.set()

    async def stop(self) -> None:
        self.stopped = True
        current = asyncio.current_task()
        tasks = [t for t in (*self.tasks, self.checking) if t is not None and t is not current]
        for task in tasks:
            task.cancel()
        if tasks:
            # A cancelled receive tidies the channel layer's state: give it a moment.
            await asyncio.wait(tasks, timeout=1.0)
        if self.channel:
            try:
                await self.layer.group_discard(ACCESS_GROUP, self.channel)
            except Exception as exc:
                warn_seldom("live sockets: could not leave the group %s (%s)", ACCESS_GROUP, exc)

    # --- the cap ---------------------------------------------------------------------------

    async def take_place(self, socket: LiveSocket) -> bool:
        limit = max_sockets()
        if limit <= 0:
            return True
        shared = _shared_count()
        if shared is None:
            if self.local[socket.client_key] >= limit:
                return False
            self.local[socket.client_key] += 1
            socket.place = ("", None)
            return True
        place = uuid.uuid4().hex
        try:
            taken = await sync_to_async(shared.take, thread_sensitive=False)(
                socket.client_key, place, limit
            )
        except Exception as exc:
            # Better to let a socket in uncounted than to shut every page out.
            warn_seldom("live sockets: could not count sockets in Redis (%s); not counting", exc)
            return True
        if taken:
            socket.place = (place, shared)
        return taken

    async def give_place(self, socket: LiveSocket) -> None:
        place, socket.place = socket.place, None
        if place is None:
            return
        name, shared = place
        if shared is None:
            self.local[socket.client_key] -= 1
            if self.local[socket.client_key] <= 0:
                del self.local[socket.client_key]
            return
        try:
            await sync_to_async(shared.give_back, thread_sensitive=False)(socket.client_key, name)
        except Exception as exc:
            warn_seldom("live sockets: could not uncount a socket in Redis (%s)", exc)

    async def _renew(self) -> None:
        since_group = 0.0
        while True:
            await asyncio.sleep(RENEW)
            since_group += RENEW
            places: dict[_SharedCount, list[tuple[str, str]]] = {}
            for socket in self.sockets:
                if socket.place is not None and socket.place[1] is not None:
                    places.setdefault(socket.place[1], []).append(
                        (socket.client_key, socket.place[0])
                    )
            for shared, entries in places.items():
                try:
                    await sync_to_async(shared.renew, thread_sensitive=False)(entries)
                except Exception as exc:
                    warn_seldom("live sockets: could not renew the count in Redis (%s)", exc)
            if self.channel and since_group >= GROUP_RENEW:
                since_group = 0.0
                try:
                    await self.layer.group_add(ACCESS_GROUP, self.channel)
                except Exception as exc:
                    warn_seldom(
                        "live sockets: could not renew the group %s (%s)", ACCESS_GROUP, exc
                    )

    # --- access, again ---------------------------------------------------------------------

    async def _listen(self) -> None:
        while True:
            cancel_lost()
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                warn_seldom("live sockets: could not hear notices of changed access (%s)", exc)
                await asyncio.sleep(1.0)
                continue
            if message.get("type") == "access.changed":
                self.note(message.get("users"))

    def note(self, users) -> None:
        """A notice: access changed for everyone (`users` None) or for these users."""
        self.notices += 1
        if isinstance(users, list):
            self.users.update(user for user in users if isinstance(user, int))
        else:
            self.everyone = True
        if self.checking is None or self.checking.done():
            self.checking = asyncio.create_task(self._check())

    async def _check(self) -> None:
        while (self.everyone or self.users) and not self.stopped:
            await asyncio.sleep(GATHER)
            everyone, users = self.everyone, self.users
            self.everyone, self.users = False, set()
            groups: dict[Hashable, list[LiveSocket]] = {}
            for socket in list(self.sockets):
                if socket.is_open and (everyone or socket.user_id in users):
                    groups.setdefault(socket.access_key(), []).append(socket)
            for members in groups.values():
                await check_again(members)


#: Hubs by (event loop, channel layer): a server process normally has one.
_HUBS: dict[tuple[int, int], _Hub] = {}


async def _hub_join(socket: LiveSocket) -> _Hub:
    key = (id(asyncio.get_running_loop()), id(socket.channel_layer))
    hub = _HUBS.get(key)
    if hub is None:
        hub = _HUBS[key] = _Hub(key, socket.channel_layer)
        hub.joining += 1
        try:
            await hub.start()
        except BaseException:
            if _HUBS.get(key) is hub:
                del _HUBS[key]
            raise
        finally:
            hub.joining -= 1
    else:
        hub.joining += 1
        try:
            await hub.started.wait()
        finally:
            hub.joining -= 1
        if hub.failed:
            raise RuntimeError("the live sockets' listener could not start")
    hub.sockets.add(socket)
    return hub


async def _hub_leave(socket: LiveSocket, hub: _Hub) -> None:
    hub.sockets.discard(socket)
    if not hub.sockets and not hub.joining and _HUBS.get(hub.key) is hub:
        del _HUBS[hub.key]  # before any await: a newcomer starts a fresh hub
        await hub.stop()


async def check_again(members: list[LiveSocket]) -> None:
    """Ask the policy again about sockets that share an `access_key`: once, for all."""
    try:
        decision = await members[0].access_decide()
    except Exception:
        logger.exception(
            "live sockets: could not check access again; closing %d socket(s)", len(members)
        )
        for socket in members:
            await socket.shut(CLOSE_FAILED)
        return
    for socket in members:
        if socket.closing:
            continue
        try:
            await socket.access_apply(decision)
        except Exception:
            logger.exception("live sockets: could not apply a new access decision")
            await socket.shut(CLOSE_FAILED)


# --- announcing changes -------------------------------------------------------------------

_EVERYONE = "*"
_pending = threading.local()


def access_changed(*, user_id: int | None = None) -> None:
    """Have the open live sockets (all of them, or `user_id`'s) checked again once the
    current transaction commits (at once outside a transaction).

    The changes of one transaction go out as one notice: each registration sends what
    is pending in its thread and the later ones find nothing left. A registration
    dropped with a rolled-back transaction leaves its target behind, to go out with the
    next notice of the thread: a check too many, never one too few."""
    targets = getattr(_pending, "targets", None)
    if targets is None:
        targets = _pending.targets = set()
    targets.add(_EVERYONE if user_id is None else user_id)
    transaction.on_commit(_announce)


def _announce() -> None:
    targets = getattr(_pending, "targets", None)
    if not targets:
        return
    _pending.targets = set()
    users = None if _EVERYONE in targets else sorted(targets)
    layer = get_channel_layer()
    if layer is None:
        return
    if isinstance(layer, InMemoryChannelLayer):
        # One process: hand the notice to its hubs, each in its own event loop. The
        # in-process layer's queues belong to one loop and cannot be woken from a thread
        # that runs another (a command or a test beside the server, say).
        # Each in a fresh context: the caller's (a thread running Django's synchronous
        # code for some event loop) would take its thread's marks into the hub's loop.
        for hub in list(_HUBS.values()):
            with contextlib.suppress(RuntimeError):  # a loop that has closed
                hub.loop.call_soon_threadsafe(hub.note, users, context=contextvars.Context())
        return

    def send() -> None:
        try:
            async_to_sync(layer.group_send)(
                ACCESS_GROUP, {"type": "access.changed", "users": users}
            )
        except Exception:
            logger.exception("live sockets: could not announce that access changed")

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        send()
        return
    # This thread runs an event loop of its own, where a synchronous wait is refused:
    # send from a thread of its own.
    sender = threading.Thread(target=send, name="access-notice")
    sender.start()
    sender.join(timeout=10)


#: The fields whose change can change what a user may watch or whether they hold a pen.
USER_FIELDS = frozenset({"role", "is_active", "is_staff", "is_superuser"})
BODY_FIELDS = frozenset({"openness", "status", "chair", "chair_id", "conference", "conference_id"})
PERSON_FIELDS = frozenset({"user", "user_id", "delegation", "delegation_id", "delegation_role"})


def _touches(update_fields, fields: frozenset[str]) -> bool:
    return update_fields is None or not fields.isdisjoint(update_fields)


def _user_saved(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    # A new account has no socket yet; a login writes only `last_login`.
    if not created and _touches(update_fields, USER_FIELDS):
        access_changed(user_id=instance.pk)


def _user_deleted(sender, instance, **kwargs) -> None:
    access_changed(user_id=instance.pk)


def _body_saved(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    if not created and _touches(update_fields, BODY_FIELDS):
        access_changed()


def _person_saved(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    # A person's account may have moved to another user: everyone, not one user.
    if not created and _touches(update_fields, PERSON_FIELDS):
        access_changed()


def _vice_chairs_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        access_changed()


def _everyone(sender, instance, **kwargs) -> None:
    access_changed()


def connect_signals() -> None:
    """Announce every change of what access is decided by (called once, at start-up).
    The models are named, not imported: this module sits below the apps that own them."""
    hooks = [
        (post_save, "accounts.User", _user_saved),
        (post_delete, "accounts.User", _user_deleted),
        (post_save, "conference.Body", _body_saved),
        (post_delete, "conference.Body", _everyone),
        (m2m_changed, "conference.Body_vice_chairs", _vice_chairs_changed),
        (post_save, "conference.Person", _person_saved),
        (post_delete, "conference.Person", _everyone),
        (post_save, "accounts.AccessDecisions", _everyone),
        (post_delete, "accounts.AccessDecisions", _everyone),
    ]
    for signal, sender, receiver in hooks:
        uid = f"plenipot.core.sockets:{sender}:{receiver.__name__}"
        signal.connect(receiver, sender=sender, dispatch_uid=uid)


# --- the consumers' common part -----------------------------------------------------------


class LiveSocket(AsyncWebsocketConsumer):
    """A WebSocket of the site's live pages.

    A subclass calls `join` first in `connect` (it closes with 4429 past the cap) and
    `opened` once accepted and ready; it says how its access is checked again
    (`access_key`, `access_decide`, `access_apply`) and what leaving involves
    (`leaving`, run once however the socket ends). Whatever fails while handling a
    message is logged once and closes the socket (1011); nothing is sent after it
    closes."""

    hub: _Hub | None = None
    client_key = ""
    place: tuple[str, _SharedCount | None] | None = None
    user_id: int | None = None
    #: Accepted and set up: notices check it from now on.
    is_open = False
    closing = False
    has_left = False
    notices_seen = 0

    # --- to be said by each kind of socket ---

    def access_key(self) -> Hashable:
        """What the access decision depends on: sockets with equal keys share one."""
        raise NotImplementedError

    async def access_decide(self):
        """Ask the policy again; None when the socket may no longer watch."""
        raise NotImplementedError

    async def access_apply(self, decision) -> None:
        if decision is None:
            await self.shut(CLOSE_REFUSED)

    async def leaving(self) -> None:
        """What leaving involves besides giving the place back."""

    # --- opening, closing ---

    async def join(self) -> bool:
        """Join this process's live sockets and take a place in the client's count.
        False, with the socket accepted and closed with 4429, past the cap."""
        user = self.scope.get("user")
        self.user_id = user.pk if user is not None and user.is_authenticated else None
        self.client_key = client_of(self.scope)
        self.hub = await _hub_join(self)
        self.notices_seen = self.hub.notices
        if await self.hub.take_place(self):
            return True
        # Accepted first, so that the client hears why (a refused handshake says nothing).
        await self.accept()
        await self.shut(CLOSE_TOO_MANY)
        return False

    async def opened(self) -> None:
        """Accepted and set up. A notice that came while it connected checks it now."""
        self.is_open = True
        if self.hub is not None and self.hub.notices != self.notices_seen:
            await check_again([self])

    async def shut(self, code: int) -> None:
        """Close from this side and leave at once, without waiting for the server to
        report the close (it may never, if the connection is already gone)."""
        # The other side may have gone already: there is nothing left to close then.
        with contextlib.suppress(OSError):
            await self.close(code=code)
        await self._leave()

    async def _leave(self) -> None:
        if self.has_left:
            return
        self.has_left = True
        self.closing = True
        try:
            await self.leaving()
        except Exception:
            logger.exception("live sockets: leaving %s failed", self.scope.get("path"))
        if self.hub is not None:
            await self.hub.give_place(self)
            await _hub_leave(self, self.hub)

    # --- Channels' side ---

    def listens(self) -> bool:
        """Whether the socket hears messages sent to a channel of its own in the channel
        layer (`channel_name`). A socket fed otherwise (the drafting room's anonymous
        watchers get everything through their relay) says no: it is still named, but
        it does not wait on the channel layer, which with Redis is one more task, queue
        and wait per socket in the layer's single receiving loop."""
        return True

    async def __call__(self, scope, receive, send) -> None:
        self.scope = scope
        if self.listens():
            await super().__call__(scope, receive, send)
            return
        # As Channels' own, with the client's messages as the only source.
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        if self.channel_layer is not None:
            self.channel_name = await self.channel_layer.new_channel()
        self.base_send = send
        with contextlib.suppress(StopConsumer):
            while True:
                await self.dispatch(await receive())

    async def send(self, text_data=None, bytes_data=None, close=False) -> None:
        if self.closing:
            return
        await super().send(text_data=text_data, bytes_data=bytes_data, close=close)

    async def close(self, code=None, reason=None) -> None:
        if self.closing:
            return
        self.closing = True
        await super().close(code=code, reason=reason)

    async def disconnect(self, code: int) -> None:
        await self._leave()

    async def dispatch(self, message: dict) -> None:
        try:
            # As Channels' own dispatch, without its `aclose_old_connections()` before
            # every message: that is a trip to the database's thread per message and per
            # socket, which thousands of watchers connecting at once queue behind. These
            # sockets reach the database only through `database_sync_to_async`, which
            # closes old connections in that thread itself.
            handler = getattr(self, get_handler_name(message), None)
            if handler is None:
                raise ValueError(f"No handler for message type {message['type']}")
            await handler(message)
        except StopConsumer:
            raise
        except Exception:
            logger.exception(
                "live sockets: handling %s on %s failed; closing the socket",
                message.get("type"), self.scope.get("path"),
            )  # fmt: skip
            await self.shut(CLOSE_FAILED)
            if message.get("type") == "websocket.disconnect":
                raise StopConsumer() from None
