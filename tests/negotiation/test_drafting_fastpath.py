"""Live events are written straight to the sockets of uvicorn's connections: the frame
is the one websockets would build, the path is taken when the connection allows it
(no compression), and watchers receive every revision in order either way."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time

import pytest

from plenipot.negotiation import consumers, frames


@pytest.mark.parametrize("size", [0, 5, 125, 126, 65535, 65536, 70000])
def test_a_frame_is_the_one_websockets_builds(size):
    from websockets.frames import Frame, Opcode

    text = "é" * (size // 2) + "x" * (size % 2)
    expected = Frame(Opcode.TEXT, text.encode()).serialize(mask=False, extensions=[])
    assert frames.text_frame(text) == expected


def _serve(deflate: bool):
    import uvicorn

    from plenipot.site.asgi import application

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            application, host="127.0.0.1", port=port, lifespan="off", log_level="warning",
            ws_per_message_deflate=deflate,
        )
    )  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    return server, thread, port


@pytest.mark.parametrize("deflate", [False, True])
def test_watchers_receive_every_revision_with_and_without_the_direct_path(
    transactional_db, server_sessions, room, monkeypatch, deflate
):
    from django.test import Client
    from websockets.asyncio.client import connect

    written, queued = [], []
    real_write, real_post = consumers.DraftConsumer.write_now, consumers.DraftConsumer.post

    def write_now(self, frame):
        done = real_write(self, frame)
        written.append(done)
        return done

    def post(self, message):
        if message["type"] == "draft.event":
            queued.append(json.loads(message["text"])["type"])
        return real_post(self, message)

    monkeypatch.setattr(consumers.DraftConsumer, "write_now", write_now)
    monkeypatch.setattr(consumers.DraftConsumer, "post", post)
    sessions = {}
    for name, user in (("pen", room.chair), ("watcher", room.delegate)):
        client = Client()
        client.force_login(user)
        sessions[name] = client.cookies["sessionid"].value
    server, thread, port = _serve(deflate)

    async def until(ws, kind):
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
            if message["type"] == kind:
                return message

    async def scenario():
        url = f"ws://127.0.0.1:{port}/ws/drafts/{room.draft.pk}/"

        def headers(name):
            return {"Origin": f"http://127.0.0.1:{port}", "Cookie": f"sessionid={sessions[name]}"}

        async with (
            connect(url, additional_headers=headers("pen"), compression="deflate") as pen,
            connect(url, additional_headers=headers("watcher"), compression="deflate") as watcher,
        ):
            await until(pen, "hello")
            await until(watcher, "hello")
            for n in range(5):
                op = {"op": "edit_text", "eid": "title", "segment": 0, "text": f"Title {n}"}
                await pen.send(json.dumps({"type": "apply", "base": n, "op": op}))
                assert (await until(pen, "applied"))["number"] == n + 1
            numbers = [(await until(watcher, "revision"))["number"] for _ in range(5)]
            assert numbers == [1, 2, 3, 4, 5]

    try:
        asyncio.run(scenario())
    finally:
        server.should_exit = True
        thread.join(timeout=5)
    if deflate:
        assert written and not any(written)  # compressed connections take the queue
        assert queued.count("revision") == 10
    else:
        assert written.count(True) >= 10  # two watchers, five revisions
        assert "revision" not in queued
