"""How the public portal holds up under many readers.

Run from the repository root:

    python benchmarks/portal_load.py                 # 20,000 documents, 50/200/500 users
    python benchmarks/portal_load.py --quick         # 2,000 documents, shorter runs
    python benchmarks/portal_load.py --workers 2     # two server processes
    python benchmarks/portal_load.py --database postgresql   # on a fresh PostgreSQL database

What it does, in one run:

1. Builds the demo conference in a fresh data folder (or a fresh PostgreSQL database)
   and grows it to `--documents` documents (by default 20,000), spread over kinds,
   bodies, sources, languages and dates, a tenth of them restricted, with titles in the
   six languages.
2. Serves the site with uvicorn over ASGI, exactly as `plenipot serve` does, with
   `--workers` processes pinned to the first core (`--server-cpus` to choose); the load
   generator runs on the other core.
3. Simulates anonymous readers with an asyncio load generator: each user keeps one
   HTTP/1.1 connection open, requests a page, waits a think time (locust's
   `between(1, 2)` by default), and repeats, for `--duration` seconds at each of 50,
   200 and 500 concurrent users, on: the document list (a random page of it), the
   full-text search (a random word of the titles), the tracker and a bare Django view
   served the same way (same server, workers, middleware and settings).
4. Measures the most each page can serve: 32 users without think time, and the ratio of
   each page's throughput to the bare view's.

The generator speaks HTTP/1.1 itself over asyncio streams: it is four to eight times
faster than httpx (`--client httpx` to compare), which on this machine could not ask
more than about 100 requests a second of a bare view, so that the bare view measured
the generator rather than the server.

It prints p50, p95 and p99 latency, throughput and errors per page and load, and says
plainly whether the targets are met: p95 at most 100 ms at 200 users, and a document
list throughput of at least half the bare view's.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
SEED = 2014

WORDS = {
    "en": ["Internet", "security", "confidence", "spectrum", "satellite", "accessibility",
           "gender", "emergency", "cybersecurity", "broadband", "numbering", "budget",
           "development", "standardization", "conformance", "interoperability"],
    "fr": ["sécurité", "confiance", "spectre", "satellites", "accessibilité", "budget",
           "développement", "normalisation", "interopérabilité", "urgence"],
    "es": ["seguridad", "confianza", "espectro", "accesibilidad", "presupuesto",
           "desarrollo", "normalización", "emergencia"],
    "ru": ["безопасность", "доверие", "спектр", "спутник", "бюджет", "развитие",
           "стандартизация"],
    "ar": ["الأمن", "الثقة", "الطيف", "الميزانية", "التنمية", "التقييس"],
    "zh": ["安全", "信任", "频谱", "卫星", "预算", "发展", "标准化"],
}
SEARCH_WORDS = ["security", "spectrum", "budget", "sécurité", "seguridad", "безопасность",
                "الميزانية", "频谱", "satellite", "Resolution 130"]


@dataclass
class Result:
    page: str
    users: int
    think: bool
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index] * 1000

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


# --- building the conference ----------------------------------------------------------


def build(data_dir: Path, documents: int, database_url: str = "") -> dict:
    """Migrate, load the demo and grow it; returns facts the load generator needs."""
    os.environ["PLENIPOT_DATA_DIR"] = str(data_dir)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "plenipot.site.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from plenipot.accounts.models import DocumentRelease
    from plenipot.conference.models import Body, Organisation
    from plenipot.demo.loader import demo_load
    from plenipot.documents.models import Document

    call_command("migrate", interactive=False, verbosity=0)
    conference = demo_load().conference
    rng = random.Random(SEED)
    bodies = list(Body.objects.filter(conference=conference))
    states = list(Organisation.objects.filter(kind="member_state").exclude(symbol=""))
    existing = Document.objects.filter(conference=conference).count()
    kinds = ["input"] * 6 + ["temporary"] * 2 + ["output", "information"]
    start = time.perf_counter()
    with transaction.atomic():
        rows = []
        for index in range(max(0, documents - existing)):
            language = rng.choice(list(WORDS))
            topic = " ".join(rng.sample(WORDS[language], 2))
            source = rng.choice(states)
            kind = rng.choice(kinds)
            number = 1000 + index
            rows.append(
                Document(
                    conference=conference,
                    number=str(number) if kind != "temporary" else f"DT/{number}",
                    series="main" if kind != "temporary" else "DT",
                    sequence=number,
                    kind=kind,
                    title=f"{source.name}: {topic} ({number})",
                    original_language=language,
                    date=conference.start + datetime.timedelta(days=rng.randrange(19)),
                    body=rng.choice(bodies),
                )
            )
        created = Document.objects.bulk_create(rows, batch_size=2000)
        through = Document.sources.through
        through.objects.bulk_create(
            [through(document_id=d.pk, organisation_id=rng.choice(states).pk) for d in created],
            batch_size=5000,
        )
        DocumentRelease.objects.bulk_create(
            [DocumentRelease(document=d, limited=True) for d in created if rng.random() < 0.1],
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    total = Document.objects.filter(conference=conference).count()
    print(f"Conference grown to {total} documents in {time.perf_counter() - start:.1f} s.")
    tracker = "/tracker/"
    return {"documents": total, "pages": max(1, total // 50), "tracker": tracker}


# --- serving ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(
    data_dir: Path, port: int, cpus: set[int] | None, workers: int = 1, database_url: str = "",
    redis_url: str = "",
) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(
        PLENIPOT_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="portal_load_site",
        PYTHONPATH=os.pathsep.join([str(HERE), env.get("PYTHONPATH", "")]),
    )
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url  # one cache for all the workers

    def pin():
        if cpus and hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, cpus)

    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "plenipot.site.asgi:application",
         "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
         "--workers", str(workers),
         "--lifespan", "off", "--log-level", "warning"],
        env=env, preexec_fn=pin,
    )
    return process


def _server_url(url: str) -> str:
    """postgres://user@host:port, without a database name."""
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}"


def postgres_create(base_url: str) -> str:
    """A fresh database on the PostgreSQL server of `base_url`; returns its URL."""
    import psycopg

    server = _server_url(base_url)
    name = f"plenipot_portal_load_{os.getpid()}"
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def postgres_drop(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def wait_until_up(base: str, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/bench/bare/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        await asyncio.sleep(0.3)
    raise SystemExit("the server did not start")


# --- load -------------------------------------------------------------------------------


def url_for(page: str, rng: random.Random, facts: dict) -> str:
    if page == "list":
        return f"/documents/?page={rng.randint(1, min(facts['pages'], 40))}"
    if page == "search":
        return "/documents/?" + urlencode({"q": rng.choice(SEARCH_WORDS)})
    if page == "tracker":
        return facts["tracker"]
    return "/bench/bare/"


class Connection:
    """One user's keep-alive HTTP/1.1 connection: GET a path, read the whole answer."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAccept: text/html\r\n\r\n".encode()
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for header in lines[1:]:
            name, _, value = header.partition(":")
            headers[name.strip().lower()] = value.strip().lower()
        if headers.get("transfer-encoding") == "chunked":
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        else:
            await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection") == "close":
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def run_load(base: str, page: str, users: int, seconds: float, think: bool,
                   facts: dict, client: str = "raw") -> Result:
    result = Result(page=page, users=users, think=think)
    stop_at = time.monotonic() + seconds
    host, port = base.split("://", 1)[1].rsplit(":", 1)

    async def user(index: int, get) -> None:
        rng = random.Random(index)
        if think:
            await asyncio.sleep(rng.uniform(0, 1))  # users arrive spread out
        while time.monotonic() < stop_at:
            began = time.perf_counter()
            try:
                ok = await get(url_for(page, rng, facts)) == 200
            except (OSError, asyncio.IncompleteReadError, ValueError):
                ok = False
            if ok:
                result.latencies.append(time.perf_counter() - began)
            else:
                result.errors += 1
            if think:
                await asyncio.sleep(rng.uniform(1, 2))

    began = time.monotonic()
    if client == "httpx":
        import httpx

        limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as session:

            async def get(path: str) -> int:
                try:
                    return (await session.get(path)).status_code
                except httpx.HTTPError:
                    return 0

            await asyncio.gather(*(user(i, get) for i in range(users)))
    else:
        connections = [Connection(host, int(port)) for _ in range(users)]

        def getter(connection: Connection):
            async def get(path: str) -> int:
                try:
                    return await asyncio.wait_for(connection.get(path), 30)
                except (OSError, asyncio.IncompleteReadError, ValueError, TimeoutError):
                    await connection.close()
                    return 0

            return get

        await asyncio.gather(*(user(i, getter(c)) for i, c in enumerate(connections)))
        for connection in connections:
            await connection.close()
    result.seconds = time.monotonic() - began
    return result


def line(result: Result) -> str:
    return (
        f"{result.page:8} {result.users:5} {'yes' if result.think else 'no':>5} "
        f"{result.percentile(50):8.1f} {result.percentile(95):8.1f} {result.percentile(99):8.1f} "
        f"{result.throughput:9.1f} {len(result.latencies):7} {result.errors:6}"
    )


HEADER = (
    f"{'page':8} {'users':>5} {'think':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
    f"{'req/s':>9} {'done':>7} {'errors':>6}"
)


async def measure(base: str, facts: dict, args) -> list[Result]:
    results = []
    pages = ["bare", "list", "search", "tracker"]
    print(HEADER, flush=True)
    for page in pages:  # warm up caches and the database
        await run_load(base, page, 4, 2, False, facts, args.client)
    for page in pages:
        result = await run_load(
            base, page, args.saturation_users, args.duration, False, facts, args.client
        )
        results.append(result)
        print(line(result), flush=True)
    for users in args.users:
        for page in pages:
            result = await run_load(base, page, users, args.duration, True, facts, args.client)
            results.append(result)
            print(line(result), flush=True)
    return results


def verdicts(results: list[Result]) -> list[str]:
    saturated = {r.page: r for r in results if not r.think}
    bare = saturated["bare"].throughput or 1.0
    out = []
    for page in ("list", "search", "tracker"):
        ratio = saturated[page].throughput / bare
        out.append(f"Most {page} requests per second: {saturated[page].throughput:.1f} "
                   f"= {ratio:.2f} of the bare view's {bare:.1f}.")
    ratio = saturated["list"].throughput / bare
    out.append(
        f"Target document list throughput >= 0.5 x bare view: "
        f"{'MET' if ratio >= 0.5 else 'NOT MET'} ({ratio:.2f})."
    )
    for r in results:
        if r.think and r.users == 200 and r.page != "bare":
            p95 = r.percentile(95)
            out.append(
                f"Target p95 <= 100 ms at 200 users, {r.page}: "
                f"{'MET' if p95 <= 100 else 'NOT MET'} ({p95:.1f} ms)."
            )
    return out


def cpu_list(text: str) -> set[int]:
    try:
        cpus = {int(part) for part in text.split(",") if part.strip()}
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of core numbers: {text!r}") from None
    if not cpus:
        raise argparse.ArgumentTypeError("name at least one core")
    return cpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per run")
    parser.add_argument("--users", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--saturation-users", type=int, default=32)
    parser.add_argument("--quick", action="store_true", help="2,000 documents, 5 s runs")
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--workers", type=int, default=1, help="server processes (1)")
    parser.add_argument(
        "--server-cpus", type=cpu_list, metavar="LIST",
        help="cores the server runs on, e.g. 0 or 0,1 (default: the first core; the "
        "load generator takes the others, or shares them all when none is left)",
    )
    parser.add_argument(
        "--database", choices=["sqlite", "postgresql"], default="sqlite",
        help="SQLite in the data folder (default) or a fresh PostgreSQL database",
    )
    parser.add_argument(
        "--postgres-url", default=os.environ.get("PLENIPOT_BENCH_POSTGRES_URL",
                                                 "postgres://postgres@127.0.0.1:5432"),
        help="the PostgreSQL server to create the database on",
    )
    parser.add_argument(
        "--redis-url", default="",
        help="serve with this Redis as the cache (shared by the workers) and channel layer; "
        "its database is flushed first",
    )
    parser.add_argument(
        "--client", choices=["raw", "httpx"], default="raw",
        help="load generator: our asyncio HTTP/1.1 client (default) or httpx",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.documents, args.duration = 2_000, 5.0
    if args.workers < 1:
        parser.error("--workers must be 1 or more")
    if args.client == "httpx":
        try:
            import httpx  # noqa: F401
        except ImportError:
            raise SystemExit("--client httpx needs httpx: pip install -e '.[bench]'") from None

    cpus = set(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else set()
    server_cpus = args.server_cpus or ({min(cpus)} if len(cpus) > 1 else set())
    if server_cpus - cpus and cpus:
        parser.error(f"--server-cpus: this process may use the cores {sorted(cpus)} only")
    client_cpus = (cpus - server_cpus) or cpus
    print(f"Python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    print(f"Server: {args.workers} worker(s) on cores {sorted(server_cpus) or 'any'}, "
          f"{args.database}, cache {'Redis' if args.redis_url else 'in each process'}; "
          f"load generator ({args.client}) on cores "
          f"{sorted(client_cpus) or 'any'}.")
    data_dir = Path(tempfile.mkdtemp(prefix="plenipot-portal-load-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    database_url = postgres_create(args.postgres_url) if args.database == "postgresql" else ""
    server = None
    try:
        facts = build(data_dir, args.documents, database_url)
        if client_cpus and hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, client_cpus)
        port = free_port()
        if args.redis_url:
            import redis

            redis.Redis.from_url(args.redis_url).flushdb()
        server = serve(data_dir, port, server_cpus, args.workers, database_url, args.redis_url)
        base = f"http://127.0.0.1:{port}"
        asyncio.run(wait_until_up(base))
        results = asyncio.run(measure(base, facts, args))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
            if database_url:
                from django.db import connections

                connections.close_all()
                postgres_drop(database_url)
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.2f}")
    for verdict in verdicts(results):
        print(verdict)
    if args.json:
        Path(args.json).write_text(json.dumps([
            {"page": r.page, "users": r.users, "think": r.think,
             "p50_ms": r.percentile(50), "p95_ms": r.percentile(95),
             "p99_ms": r.percentile(99), "throughput": r.throughput,
             "requests": len(r.latencies), "errors": r.errors}
            for r in results
        ], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
