"""The drafting room's frames: reading what a client sends, and writing what the room
sends on the fast path.

**Reading.** A client's frame is one JSON object, as text, at most MAX_FRAME characters
and MAX_DEPTH levels deep; anything else is `Unreadable`, and the socket says so and
closes (docs/drafting-room.md, "Closing").

**Writing fast.** A revision goes to every watcher of a draft. Built once as a complete
WebSocket frame (`text_frame`) and written straight to each watcher's transport under
uvicorn's connection (`write_direct`), it costs one write per watcher instead of a task
switch, a JSON copy and a frame built per watcher: that is what lets one process feed
thousands. Where that is not safe the caller queues the message instead.
"""

from __future__ import annotations

import json
import re

from django.utils.translation import gettext_lazy as _

#: The largest frame a client may send, in characters.
MAX_FRAME = 32_000
#: How deeply a client's message may nest lists and objects (an edit needs three).
MAX_DEPTH = 16

#: What a client is told of a frame that cannot be read, before the socket closes.
NOT_JSON = _("This message could not be read: each message is one JSON object, as text.")
TOO_DEEP = _("This message could not be read: it nests lists or objects more than %(depth)s deep.")
TOO_LARGE = _("This message is too large: a message may hold at most %(limit)s characters.")


def dumps(data: dict) -> str:
    """A message as the room sends it: compact JSON, non-ASCII text as it is."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class Unreadable(ValueError):
    """A frame that is not a message: not JSON text, or nested too deeply."""

    def __init__(self, reason) -> None:
        super().__init__(reason)
        self.reason = reason

    def detail(self) -> str:
        """The reason, in the active language."""
        if self.reason is TOO_DEEP:
            return str(self.reason) % {"depth": MAX_DEPTH}
        if self.reason is TOO_LARGE:
            return str(self.reason) % {"limit": MAX_FRAME}
        return str(self.reason)


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


_DECODER = json.JSONDecoder(parse_constant=_no_constant)
_SURROGATE = re.compile("[\ud800-\udfff]")


def decoded(text: str):
    """The message in a text frame. Refused: what is not JSON (NaN and Infinity are
    not), what nests deeper than MAX_DEPTH (deep enough, it would exhaust the
    decoder's stack), and strings with halves of a surrogate pair (`"\\ud800"`), which
    no UTF-8 text holds and which would fail later, when written out to the others."""
    try:
        value = _DECODER.decode(text)
    except RecursionError:
        raise Unreadable(TOO_DEEP) from None
    except ValueError:
        raise Unreadable(NOT_JSON) from None
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if not item.isascii() and _SURROGATE.search(item):
                raise Unreadable(NOT_JSON)
        elif isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                raise Unreadable(TOO_DEEP)
            if isinstance(item, dict):
                pending.extend((key, depth) for key in item)
                item = item.values()
            pending.extend((child, depth + 1) for child in item)
    return value


def text_frame(text: str) -> bytes:
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


def server_connection(send):
    """The uvicorn connection under an ASGI `send`, when it is one whose socket a frame
    can be written to directly (`write_direct`); None otherwise."""
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


def write_direct(connection, frame: bytes) -> bool:
    """Write a ready-made frame to uvicorn's connection at once, if that is safe: it is
    open, accepted, without extensions (no compression), not holding back writes and
    not closing. False otherwise, and nothing is written."""
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
