"""Live fan-out of the drafting room: N WebSocket watchers receive a stream of edits.

Starts `plenipot serve` (one process, or two with REDIS_URL set, watchers split between
them and the pen on the first) against a fresh data folder, connects N anonymous
watchers to a draft of a public body, and lets the pen make a series of edits over its
own WebSocket, one after the other. For every edit and every watcher it measures the
time from sending the edit to the watcher receiving the revision (edit-to-screen, as
far as the network goes), and counts revisions lost or received out of order. The
baseline, measured in the same run, is a ping's round trip on the pen's socket.

The watchers are a minimal WebSocket client that reads frames off the socket
(`--client websockets` uses the websockets library instead, which spends more of the
shared machine per message).

    python benchmarks/live_fanout.py                    # N = 100, 500, 2000
    python benchmarks/live_fanout.py --watchers 100 --edits 10
    REDIS_URL=redis://127.0.0.1:6379/0 python benchmarks/live_fanout.py  # also two processes

With DATABASE_URL set the servers use that database (migrated first); otherwise SQLite
in a temporary data folder. The multi-process test (tests/negotiation/) uses the same
helpers.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import functools
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

EXAMPLE = """\
Resolution 999 (Rev. Busan, 2014)
Fan-out example

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

considering
a) that information and communication technologies are critical to development;
b) that security in their use is a shared concern,
c) that the Union works with many partners,

resolves
1 to continue to give this work high priority;
2 to invite the Sectors to report to the Council;
3 to keep this resolution under review,
"""

EIDS = ["considering__a", "considering__b", "considering__c", "title"]


# --- the servers ------------------------------------------------------------------------


def server_env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PLENIPOT_DATA_DIR"] = data_dir
    env.setdefault("PLENIPOT_SECRET_KEY", "benchmark-" + "x" * 40)
    # Every watcher connects from this machine: no cap on the sockets of one address.
    env.setdefault("PLENIPOT_MAX_SOCKETS_PER_CLIENT", "0")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def prepare(env: dict[str, str]) -> dict:
    """Migrate the database and create a public body with a draft and a pen. Returns
    the draft id, its head and the pen's session key."""
    subprocess.run(
        [sys.executable, "-m", "plenipot", "migrate"],
        env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    out = subprocess.run(
        [sys.executable, __file__, "--prepare-only"],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def _prepare_here() -> dict:
    """Runs inside the server's environment (a subprocess)."""
    import datetime

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plenipot.site.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
        load_backend,
    )
    from django.contrib.sessions.backends.db import SessionStore

    from plenipot.conference.services import (
        body_create,
        conference_create,
        delegation_create,
        organisation_create,
        person_create,
    )
    from plenipot.engine import derive_proposals, parse_instrument
    from plenipot.negotiation.services import draft_create, instrument_create

    tag = uuid.uuid4().hex[:6].upper()
    conference = conference_create(
        name=f"Fan-out {tag}", short_name=f"F{tag}", city="Busan", country="Korea",
        start=datetime.date(2014, 10, 20), end=datetime.date(2014, 11, 7),
    )  # fmt: skip
    state = organisation_create(
        kind="member_state", name=f"State {tag}", symbol=f"S{tag}", iso2="", iso3=""
    )
    delegation = delegation_create(
        conference=conference, organisation=state, credentials_status="accepted"
    )
    user = get_user_model().objects.create_user(username=f"pen-{tag.lower()}", password=None)
    chair = person_create(
        given_name="Pen", family_name=tag, delegation=delegation, delegation_role="head", user=user
    )
    plenary = body_create(
        conference=conference, code="PL", name="Plenary", kind="plenary", openness="public"
    )
    body = body_create(
        conference=conference, code="AHG", name="Ad hoc group", kind="ad_hoc", parent=plenary,
        chair=chair, openness="public",
    )  # fmt: skip
    instrument = instrument_create(
        conference=conference, number="999", title="Fan-out", text=EXAMPLE
    )
    base = parse_instrument(EXAMPLE)
    edited = parse_instrument(EXAMPLE.replace("high priority", "the highest priority"))
    draft = draft_create(
        body=body,
        instrument=instrument,
        proposals=list(derive_proposals(base, edited, source="EUR")),
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {"draft": draft.pk, "head": draft.head, "session": session.session_key}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Ports(list):
    """The servers' ports, with their process ids (`pids`) beside them."""

    pids: list[int]


def rss_bytes(pids: list[int]) -> int:
    """The resident set of these processes, added up (Linux's /proc)."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
    return total


def cpu_seconds(pids: list[int]) -> float:
    """The processor time these processes have used (user and system), added up."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


@contextmanager
def servers(env: dict[str, str], count: int):
    """Start `count` `plenipot serve` processes; yields their ports (a `Ports`)."""
    processes, ports, logs = [], Ports(), []
    try:
        for _ in range(count):
            port = free_port()
            log = tempfile.TemporaryFile()
            logs.append(log)
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "plenipot",
                        "serve",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    # A file, not a pipe: a pipe nobody reads fills up with the server's
                    # log of connections and then stops the server.
                    stderr=log,
                )  # fmt: skip
            )
            ports.append(port)
        for port, process, log in zip(ports, processes, logs, strict=True):
            deadline = time.monotonic() + 120  # a loaded machine starts slowly
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(
                        f"the server on port {port} stopped: {log.read().decode()[-2000:]}"
                    )
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"the server on port {port} did not start") from None
                    time.sleep(0.1)
        ports.pids = [process.pid for process in processes]
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()


# --- the clients ------------------------------------------------------------------------


@dataclass
class Watcher:
    received: list[tuple[int, float]] = field(default_factory=list)
    start: int | None = None
    last: int = 0
    gaps: int = 0
    reconnects: int = 0
    close_codes: list = field(default_factory=list)


def _headers(port: int, session: str | None) -> dict[str, str]:
    headers = {"Origin": f"http://127.0.0.1:{port}"}
    if session:
        headers["Cookie"] = f"sessionid={session}"
    return headers


async def _watch(
    port: int,
    draft: int,
    watcher: Watcher,
    ready: asyncio.Event,
    stop: asyncio.Event,
    compression: str | None = "deflate",
    client: str = "light",
    gate: asyncio.Semaphore | None = None,
):
    try:
        if client == "light":
            await _watch_light(port, draft, watcher, ready, stop, gate)
        else:
            await _watch_once(port, draft, watcher, ready, stop, compression)
    finally:
        ready.set()  # a watcher that could not connect must not hold the others up


class _LightWatcher(asyncio.Protocol):
    """A minimal WebSocket client (RFC 6455) that reads frames straight off the socket.

    One benchmark process plays thousands of browsers on a machine that also runs the
    server; a full client library spends more time per message than the server does,
    which would measure the benchmark rather than the server. This one does little more
    than a browser's network stack: it stamps each batch of bytes as it arrives, splits
    frames, and reads a revision's number from the front of its JSON."""

    def __init__(self, watcher: Watcher, port: int, draft: int, first: asyncio.Event):
        self.watcher = watcher
        self.request = (
            f"GET /ws/drafts/{draft}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\n"
            f"Sec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:{port}\r\n\r\n"
        ).encode()
        self.buffer = bytearray()
        self.upgraded = False
        self.first = first  # set once `hello` has arrived
        self.closed = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None
        self.close_code: int | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self.request)

    def connection_lost(self, exc) -> None:
        if not self.closed.done():
            self.closed.set_result(exc)

    def send_frame(self, opcode: int, payload: bytes) -> None:
        """A client's frames are masked (RFC 6455 §5.3)."""
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        n = len(payload)
        first = 0x80 | opcode
        head = bytes((first, 0x80 | n)) if n < 126 else bytes((first, 0xFE)) + n.to_bytes(2, "big")
        self.transport.write(head + mask + masked)

    def send_text(self, text: str) -> None:
        self.send_frame(0x1, text.encode())

    def data_received(self, data: bytes) -> None:
        now = time.time()
        buffer = self.buffer
        buffer += data
        if not self.upgraded:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            if not buffer.startswith(b"HTTP/1.1 101"):
                self.watcher.close_codes.append(bytes(buffer[:12]).decode(errors="replace"))
                self.transport.close()
                return
            del buffer[: end + 4]
            self.upgraded = True
        at = 0
        size = len(buffer)
        while size - at >= 2:
            opcode, length = buffer[at] & 0x0F, buffer[at + 1] & 0x7F
            start = at + 2
            if length == 126:
                if size - at < 4:
                    break
                length, start = int.from_bytes(buffer[at + 2 : at + 4], "big"), at + 4
            elif length == 127:
                if size - at < 10:
                    break
                length, start = int.from_bytes(buffer[at + 2 : at + 10], "big"), at + 10
            if size - start < length:
                break
            payload = bytes(buffer[start : start + length])
            at = start + length
            if opcode == 1:
                self.text(payload, now)
            elif opcode == 9:
                self.send_frame(0xA, payload)  # the server's keepalive ping
            elif opcode == 8:
                code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
                self.close_code = code
                self.watcher.close_codes.append(code)
                self.transport.close()
                break
        del buffer[:at]

    def text(self, payload: bytes, now: float) -> None:
        watcher = self.watcher
        if payload.startswith(b'{"type":"revision"'):
            i = payload.index(b'"number":') + 9
            number = int(payload[i : payload.index(b",", i)])
            if number <= watcher.last:
                return  # already seen (a resume overlaps the live stream)
            if number != watcher.last + 1:
                watcher.gaps += 1
            watcher.received.append((number, now))
            watcher.last = number
        elif payload.startswith(b'{"type":"hello"'):
            hello = json.loads(payload)
            if watcher.start is None:
                watcher.start = watcher.last = hello["head"]
            else:
                self.send_text(json.dumps({"type": "resume", "after": watcher.last}))
            self.first.set()


async def _watch_light(port, draft, watcher, ready, stop, gate=None):
    """Watch like the page does: on a dropped connection, reconnect and resume from the
    last revision received. `gate` (a semaphore) bounds the handshakes in flight."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        hello = asyncio.Event()
        if gate is not None:
            await gate.acquire()
        try:
            transport, protocol = await loop.create_connection(
                functools.partial(_LightWatcher, watcher, port, draft, hello), "127.0.0.1", port
            )
        except OSError as exc:
            watcher.close_codes.append(type(exc).__name__)
            if gate is not None:
                gate.release()
        else:
            stopper = asyncio.ensure_future(stop.wait())
            greeted = asyncio.ensure_future(hello.wait())
            await asyncio.wait({protocol.closed, greeted}, return_when=asyncio.FIRST_COMPLETED)
            if gate is not None:
                gate.release()
            if hello.is_set():
                ready.set()
            await asyncio.wait({protocol.closed, stopper}, return_when=asyncio.FIRST_COMPLETED)
            greeted.cancel()
            if stopper.done():
                transport.close()
                return
            stopper.cancel()
            if protocol.close_code is None:
                watcher.close_codes.append(1006)  # closed without a close frame
        watcher.reconnects += 1
        await asyncio.sleep(0.25)


async def _watch_once(port, draft, watcher, ready, stop, compression):
    """Watch like the page does: on a dropped connection, reconnect and resume from the
    last revision received."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import WebSocketException

    while not stop.is_set():
        try:
            async with connect(
                f"ws://127.0.0.1:{port}/ws/drafts/{draft}/",
                additional_headers=_headers(port, None),
                open_timeout=300,
                ping_interval=None,
                max_queue=None,
                compression=compression,
            ) as ws:
                hello = json.loads(await ws.recv())
                assert hello["type"] == "hello", hello
                if watcher.start is None:
                    watcher.start = watcher.last = hello["head"]
                else:
                    await ws.send(json.dumps({"type": "resume", "after": watcher.last}))
                ready.set()
                receiver = asyncio.create_task(_receive(ws, watcher))
                stopper = asyncio.create_task(stop.wait())
                done, _ = await asyncio.wait(
                    {receiver, stopper}, return_when=asyncio.FIRST_COMPLETED
                )
                if stopper in done:
                    receiver.cancel()
                    return
                stopper.cancel()
                receiver.exception()  # the connection closed; the reason is its close code
                watcher.close_codes.append(ws.close_code)
        except (OSError, WebSocketException) as exc:
            watcher.close_codes.append(type(exc).__name__)
        watcher.reconnects += 1
        await asyncio.sleep(0.25)


async def _receive(ws, watcher: Watcher) -> None:
    async for raw in ws:
        now = time.time()
        if '"type":"revision"' in raw:
            number = json.loads(raw)["number"]
            if number <= watcher.last:
                continue  # already seen (a resume overlaps the live stream)
            if number != watcher.last + 1:
                watcher.gaps += 1
            watcher.received.append((number, now))
            watcher.last = number


async def run(
    ports: list[int],
    info: dict,
    watchers: int,
    edits: int,
    interval: float,
    compression: str | None = "deflate",
    client: str = "light",
    in_flight: int = 500,
    connect_timeout: float = 300,
) -> dict:
    """Connect the watchers spread over `ports`, make `edits` edits on the first port.
    With `ports.pids`, the servers' resident memory is measured before the watchers
    connect and once they are idle."""
    from websockets.asyncio.client import connect

    draft = info["draft"]
    pids = getattr(ports, "pids", None) or []
    # Warm up: one watcher per server connects and goes, so that the memory measured
    # below is the watchers' and not the first socket's code and database connection.
    warm_stop = asyncio.Event()
    warm = [Watcher() for _ in ports]
    warm_ready = [asyncio.Event() for _ in ports]
    warm_tasks = [
        asyncio.create_task(_watch(port, draft, w, r, warm_stop, compression, client))
        for port, w, r in zip(ports, warm, warm_ready, strict=True)
    ]
    await asyncio.wait_for(asyncio.gather(*(r.wait() for r in warm_ready)), timeout=60)
    warm_stop.set()
    await asyncio.gather(*warm_tasks, return_exceptions=True)
    await asyncio.sleep(1.0)
    rss_before = rss_bytes(pids) if pids else 0
    cpu_before = cpu_seconds(pids) if pids else 0.0

    stop = asyncio.Event()
    states = [Watcher() for _ in range(watchers)]
    readies = [asyncio.Event() for _ in range(watchers)]
    # At most this many handshakes in flight, as browsers arriving at once would be,
    # without overflowing the servers' listen queues.
    gate = asyncio.Semaphore(in_flight)
    started = time.monotonic()
    tasks = [
        asyncio.create_task(
            _watch(
                ports[k % len(ports)], draft, states[k], readies[k], stop, compression, client,
                gate,
            )  # fmt: skip
        )
        for k in range(watchers)
    ]
    connected = asyncio.gather(*(r.wait() for r in readies))
    try:
        await asyncio.wait_for(connected, timeout=connect_timeout)
    except TimeoutError:
        pass  # reported: the watchers not connected by then
    connect_seconds = time.monotonic() - started
    not_connected = sum(1 for r in readies if not r.is_set())
    cpu_connect = (cpu_seconds(pids) - cpu_before) if pids else 0.0
    await asyncio.sleep(3.0)  # idle: the servers settle (the watchers' count goes out)
    rss_after = rss_bytes(pids) if pids else 0
    cpu_edits_from = cpu_seconds(pids) if pids else 0.0
    sent: dict[int, float] = {}
    refused = 0
    async with connect(
        f"ws://127.0.0.1:{ports[0]}/ws/drafts/{draft}/",
        additional_headers=_headers(ports[0], info["session"]),
        open_timeout=300,
        ping_interval=None,
    ) as pen:
        hello = json.loads(await pen.recv())
        assert hello["pen"], hello
        head = hello["head"]
        # The baseline: a ping's round trip to the same server, with everyone connected.
        pings = []
        for n in range(20):
            t0 = time.perf_counter()
            await pen.send(json.dumps({"type": "ping", "ref": n}))
            while json.loads(await pen.recv())["type"] != "pong":
                pass
            pings.append(time.perf_counter() - t0)
            await asyncio.sleep(0.02)
        for n in range(edits):
            eid = EIDS[n % len(EIDS)]
            message = {
                "type": "apply",
                "ref": str(n),
                "base": head,
                "op": {"op": "edit_text", "eid": eid, "segment": 0, "text": f"edit {n} of {eid}"},
            }
            t0 = time.time()
            await pen.send(json.dumps(message))
            while True:
                reply = json.loads(await pen.recv())
                if reply["type"] == "applied":
                    sent[reply["number"]] = t0
                    head = reply["number"]
                    break
                if reply["type"] == "error":
                    refused += 1
                    break
            await asyncio.sleep(interval)
    # Wait until every watcher has the last revision, or until it is clearly lost.
    last = max(sent, default=0)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if all(s.received and s.received[-1][0] >= last for s in states):
            break
        await asyncio.sleep(0.1)
    cpu_edits = (cpu_seconds(pids) - cpu_edits_from) if pids else 0.0
    stop.set()
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    failed = sum(isinstance(outcome, BaseException) for outcome in outcomes)
    latencies: list[float] = []
    lost = disordered = 0
    expected = sorted(sent)
    for state in states:
        numbers = [n for n, _ in state.received]
        disordered += state.gaps
        got = set(numbers)
        lost += sum(1 for n in expected if n not in got)
        latencies.extend(at - sent[n] for n, at in state.received if n in sent)
    latencies.sort()

    def q(p: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "watchers": watchers,
        "processes": len(ports),
        "edits": len(sent),
        "refused": refused,
        "deliveries": len(latencies),
        "p50_ms": q(0.50),
        "p99_ms": q(0.99),
        "max_ms": latencies[-1] * 1000 if latencies else float("nan"),
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "lost": lost,
        "out_of_order": disordered,
        "dropped_watchers": failed + sum(1 for w in states if w.reconnects),
        "close_codes": sorted({str(c) for w in states for c in w.close_codes}),
        "connect_s": connect_seconds,
        "not_connected": not_connected,
        # The servers' processor time per watcher connecting, and per revision delivered
        # (the edits' whole phase, the pen's socket and the idle time included): what the
        # machine's load does not change as much as it changes the times.
        "cpu_ms_per_connect": cpu_connect * 1000 / watchers,
        "cpu_us_per_delivery": cpu_edits * 1e6 / max(1, len(latencies)),
        "rss_before_mb": rss_before / 2**20,
        "rss_after_mb": rss_after / 2**20,
        "kb_per_watcher": (rss_after - rss_before) / 1024 / watchers,
        "ping_ms": statistics.median(pings) * 1000,
        "load": _loads(),
    }


def _loads() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f}/{five:.1f}"


def _run_loop(coroutine):
    """Run the clients on uvloop when it is installed (uvicorn serves on it too): the
    watchers' own process spends less per message, so it measures the server more."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--watchers", type=int, nargs="*", default=[100, 500, 2000])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between edits")
    parser.add_argument(
        "--no-compression",
        action="store_true",
        help="watchers do not ask for per-message compression (browsers do)",
    )
    parser.add_argument(
        "--client",
        choices=["light", "websockets"],
        default="light",
        help="watchers read frames off the socket (light, default) or use the websockets "
        "library (heavier per message: it measures the benchmark's own process more)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        nargs="*",
        default=None,
        help="server processes per row (default 1, and 2 as well with REDIS_URL)",
    )
    parser.add_argument(
        "--in-flight", type=int, default=500, help="watchers' handshakes in flight at most"
    )
    parser.add_argument(
        "--connect-timeout",
        type=float,
        default=300,
        help="seconds to wait for every watcher to connect; those still missing are counted",
    )
    parser.add_argument("--prepare-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare_only:
        print(json.dumps(_prepare_here()))
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    modes = args.processes or ([1] + ([2] if os.environ.get("REDIS_URL") else []))
    if max(modes) > 1 and not os.environ.get("REDIS_URL"):
        parser.error("more than one process needs REDIS_URL")
    print(f"# live fan-out, {os.cpu_count()} cores, load {_loads()}")
    if not os.environ.get("REDIS_URL"):
        print("# REDIS_URL is not set: one process only")
    print(
        f"# watchers' client: {args.client}; baselines: a ping's round trip on the pen's "
        "socket, and the first row of each number of processes"
    )
    print(
        f"{'procs':>5} {'watchers':>8} {'edits':>5} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}"
        f" {'lost':>4} {'disorder':>8} {'dropped':>7} {'connect s':>9} {'missing':>7}"
        f" {'ping ms':>7} {'p99/ping':>8} {'p99/base':>8} {'conn/base':>9}"
        f" {'CPU ms/conn':>11} {'CPU us/msg':>10} {'KB/watcher':>10} {'RSS MB':>11} {'load 1/5':>9}"
    )
    with tempfile.TemporaryDirectory(prefix="plenipot-fanout-") as data_dir:
        env = server_env(data_dir)
        info = prepare(env)
        for processes in modes:
            base = None
            for n in args.watchers:
                with servers(env, processes) as ports:
                    result = _run_loop(
                        run(
                            ports, info, n, args.edits, args.interval,
                            None if args.no_compression else "deflate", args.client,
                            args.in_flight, args.connect_timeout,
                        )
                    )  # fmt: skip
                info["head"] += result["edits"]
                base = base or result
                print(
                    f"{result['processes']:>5} {n:>8} {result['edits']:>5} "
                    f"{result['p50_ms']:>7.1f} {result['p99_ms']:>7.1f} {result['max_ms']:>7.1f} "
                    f"{result['lost']:>4} {result['out_of_order']:>8} "
                    f"{result['dropped_watchers']:>7} {result['connect_s']:>9.2f} "
                    f"{result['not_connected']:>7} {result['ping_ms']:>7.1f} "
                    f"{result['p99_ms'] / result['ping_ms']:>8.1f} "
                    f"{result['p99_ms'] / base['p99_ms']:>8.2f} "
                    f"{result['connect_s'] / base['connect_s']:>9.1f} "
                    f"{result['cpu_ms_per_connect']:>11.2f} {result['cpu_us_per_delivery']:>10.1f} "
                    f"{result['kb_per_watcher']:>10.1f} "
                    f"{result['rss_before_mb']:>5.0f}→{result['rss_after_mb']:<5.0f} "
                    f"{result['load']:>9} "
                    f"{' '.join(result['close_codes'])}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
