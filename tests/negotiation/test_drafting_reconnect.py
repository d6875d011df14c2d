"""A watcher whose network connection is cut catches up without reloading the page.

`plenipot serve` runs in a process of its own; the watcher reaches it through a TCP relay
in this test that can cut the line the way a network drop does: the watcher's side is
reset at once, while the server hears nothing (no close frame, no FIN) and goes on
writing into the dead line. The pen edits meanwhile. The watcher then reconnects, as the
page does, and asks to resume after the last revision it applied: every revision comes,
once each, and applied in order, over the socket alone, and the live stream goes on.

The watcher keeps the page's rule (negotiation/static/negotiation/drafting.js,
`takeRevision`): a revision ahead of the next expected one waits, and a gap asks to resume.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _fanout():
    spec = importlib.util.spec_from_file_location("live_fanout", BENCHMARKS / "live_fanout.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["live_fanout"] = module
    spec.loader.exec_module(module)
    return module


class Line:
    """A TCP relay from a local port to the server; `cut()` drops every connection
    through it as a network failure does."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.pairs: list[tuple[asyncio.StreamWriter, asyncio.StreamWriter, list]] = []
        self.server: asyncio.AbstractServer | None = None
        self.port = 0

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._connected, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _connected(self, client_reader, client_writer) -> None:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.target)
        tasks: list[asyncio.Task] = []
        self.pairs.append((client_writer, server_writer, tasks))
        tasks.append(asyncio.create_task(self._pipe(client_reader, server_writer)))
        tasks.append(asyncio.create_task(self._pipe(server_reader, client_writer)))

    @staticmethod
    async def _pipe(reader, writer) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass

    def cut(self) -> None:
        """Reset the watchers' side; leave the server's side open and unread, so the
        server learns of nothing."""
        for client_writer, _server_writer, tasks in self.pairs:
            for task in tasks:
                task.cancel()
            client_writer.transport.abort()  # RST: the client sees its connection drop
        self.dead = [server_writer for _c, server_writer, _t in self.pairs]
        self.pairs = []

    def close(self) -> None:
        for writer in getattr(self, "dead", []):
            writer.transport.abort()
        self.server.close()


class Page:
    """What the drafting room's page does with the socket: apply revisions in order,
    hold one that comes early, resume after the last applied."""

    def __init__(self) -> None:
        self.head: int | None = None
        self.pending: dict[int, dict] = {}
        self.applied: list[int] = []
        self.resumes = 0
        self.hellos = 0

    async def read(self, ws) -> None:
        async for raw in ws:
            message = json.loads(raw)
            if message["type"] == "hello":
                self.hellos += 1
                if self.head is None:
                    self.head = message["head"]
                await ws.send(json.dumps({"type": "resume", "after": self.head}))
                self.resumes += 1
            elif message["type"] == "revision":
                if message["number"] <= self.head:
                    continue
                self.pending[message["number"]] = message
                while self.head + 1 in self.pending:
                    self.head += 1
                    self.applied.append(self.pending.pop(self.head)["number"])
                if self.pending:
                    await ws.send(json.dumps({"type": "resume", "after": self.head}))
                    self.resumes += 1


async def _until(predicate, timeout: float = 20.0) -> None:
    async def wait():
        while not predicate():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(wait(), timeout)


async def _scenario(fanout, port: int, info: dict) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    draft = info["draft"]
    line = Line(port)
    await line.start()
    page = Page()

    async with connect(
        f"ws://127.0.0.1:{port}/ws/drafts/{draft}/",
        additional_headers=fanout._headers(port, info["session"]),
    ) as pen:
        head = info["head"]

        async def edit(n: int) -> None:
            nonlocal head
            op = {"op": "edit_text", "eid": "considering__a", "segment": 0, "text": f"edit {n}"}
            await pen.send(json.dumps({"type": "apply", "base": head, "op": op}))
            while True:
                reply = json.loads(await asyncio.wait_for(pen.recv(), 10))
                if reply["type"] == "applied":
                    head = reply["number"]
                    return
                assert reply["type"] != "error", reply

        while json.loads(await pen.recv())["type"] != "hello":
            pass

        # The watcher connects through the line and sees two edits live.
        first = await connect(
            f"ws://127.0.0.1:{line.port}/ws/drafts/{draft}/",
            additional_headers=fanout._headers(line.port, None),
            ping_interval=None,
        )
        reading = asyncio.create_task(page.read(first))
        await _until(lambda: page.head is not None and page.resumes == 1)
        start = page.head
        for n in range(2):
            await edit(n)
        await _until(lambda: page.head == start + 2)

        # The network drops; the pen goes on.
        line.cut()
        try:
            await asyncio.wait_for(reading, 10)
        except ConnectionClosed:
            pass
        assert first.close_code in (None, 1006)  # no close frame came: the line went dead
        for n in range(2, 7):
            await edit(n)
        assert page.head == start + 2  # nothing reached the watcher meanwhile

        # It reconnects, as the page does, and catches up from where it was; an edit made
        # while it resumes arrives too, in its place.
        second = await connect(
            f"ws://127.0.0.1:{line.port}/ws/drafts/{draft}/",
            additional_headers=fanout._headers(line.port, None),
            ping_interval=None,
        )
        reading = asyncio.create_task(page.read(second))
        await edit(7)
        await _until(lambda: page.head == start + 8)
        # And the live stream goes on.
        await edit(8)
        await _until(lambda: page.head == start + 9)

        assert page.hellos == 2
        assert page.applied == list(range(start + 1, start + 10))  # each once, in order
        assert not page.pending
        await second.close()
        reading.cancel()
    line.close()


def test_a_watcher_cut_off_by_the_network_catches_up_on_reconnecting(tmp_path):
    fanout = _fanout()
    env = fanout.server_env(str(tmp_path))
    info = fanout.prepare(env)
    with fanout.servers(env, 1) as ports:
        asyncio.run(_scenario(fanout, ports[0], info))
