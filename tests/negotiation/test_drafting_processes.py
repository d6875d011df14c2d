"""Two `plenipot serve` processes share live updates through Redis: a watcher on one
sees an edit made on the other, each side's edits reach the other, and the count of
anonymous watchers adds up both sides.

Needs REDIS_URL (CI sets it, with DATABASE_URL for PostgreSQL); the servers run against
DATABASE_URL when it is set, otherwise SQLite in a temporary data folder."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: nothing to share through"
)

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _fanout():
    spec = importlib.util.spec_from_file_location("live_fanout", BENCHMARKS / "live_fanout.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["live_fanout"] = module
    spec.loader.exec_module(module)
    return module


async def _scenario(fanout, ports, info):
    from websockets.asyncio.client import connect

    draft = info["draft"]

    def url(port):
        return f"ws://127.0.0.1:{port}/ws/drafts/{draft}/"

    async def until(ws, kind):
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
            if message["type"] == kind:
                return message

    a, b = ports
    async with (
        connect(url(a), additional_headers=fanout._headers(a, info["session"])) as pen_a,
        connect(url(b), additional_headers=fanout._headers(b, info["session"])) as pen_b,
        connect(url(b), additional_headers=fanout._headers(b, None)) as watcher_b,
        connect(url(a), additional_headers=fanout._headers(a, None)) as watcher_a,
    ):
        for ws in (pen_a, pen_b, watcher_a, watcher_b):
            await until(ws, "hello")
        edit = {"op": "edit_text", "eid": "title", "segment": 0, "text": "Edited on A"}
        await pen_a.send(json.dumps({"type": "apply", "base": 0, "op": edit}))
        assert (await until(pen_a, "applied"))["number"] == 1
        event = await until(watcher_b, "revision")
        assert event["number"] == 1
        assert event["provisions"]["title"]["segments"] == ["Edited on A"]
        # The pen on B made its edit of the same provision against revision 0: refused.
        edit = {"op": "edit_text", "eid": "title", "segment": 0, "text": "Edited on B"}
        await pen_b.send(json.dumps({"type": "apply", "base": 0, "op": edit}))
        assert (await until(pen_b, "error"))["code"] == "conflict"
        edit = {"op": "edit_text", "eid": "considering__a", "segment": 0, "text": "On B"}
        await pen_b.send(json.dumps({"type": "apply", "base": 0, "op": edit}))
        assert (await until(pen_b, "applied"))["number"] == 2
        numbers = [(await until(watcher_a, "revision"))["number"] for _ in range(2)]
        assert numbers == [1, 2]
        # Anonymous watchers are counted across the processes: a third joins on B, and
        # the pen on A sees three.
        async with connect(url(b), additional_headers=fanout._headers(b, None)) as third:
            await until(third, "hello")
            while (await until(pen_a, "watchers"))["anonymous"] != 3:
                pass


def test_two_processes_share_live_updates(tmp_path):
    fanout = _fanout()
    env = fanout.server_env(str(tmp_path))
    info = fanout.prepare(env)
    with fanout.servers(env, 2) as ports:
        asyncio.run(_scenario(fanout, ports, info))
