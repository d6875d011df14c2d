"""How the cost of the site's pages grows with the size of the conference.

Run from the repository root:

    python benchmarks/scale_pages.py                          # SQLite, 1×, 10× and 30×
    python benchmarks/scale_pages.py --database postgresql    # the same on PostgreSQL
    python benchmarks/scale_pages.py --scales 1 2 --runs 3    # a quick look

For each scale it builds (or reuses) the demo grown to that many times its size
(`plenipot.demo.scale.demo_scale`: documents in six languages, proposals, groups,
meetings, drafting rooms, accounts and follows, and one drafting room whose log has
10,000 revisions at 30×), then, in one process per scale, requests each page with
Django's test client (the whole middleware stack, no server) as the public, a
delegate or the secretariat: two requests to warm up, then `--runs` timed ones, of which
it keeps the median, and the number of queries and the size of the answer.

Each page's time is printed as a ratio to the same page at 1× (how it grows) and to a
bare view served the same way in the same process (what it costs above the floor of
the framework), next to the growth of its answer, so that a cost growing faster than
what the page shows stands out. The public's pages are measured without their page
cache (`PLENIPOT_PUBLIC_CACHE_SECONDS=0`): what the first reader after a change pays;
one row shows the document list from the cache.

The slowest pages of the leak crawl (`tests/test_leaks.py`) are found first: the
crawl's seeds and the links of every page, as the public and as a delegate, at most a
few pages of each kind (`--crawl-per-kind`), each timed once at the largest scale, only
pages that every scale has; the slowest of six kinds (`--crawl-top`) are then measured
at every scale like the others. `--slowest URL READER` (repeated) skips the crawl.

Data folders are kept under `--data` (default `plenipot-scale-pages` in the temporary
folder) and reused: a
scale already built is not built again (`--fresh` to rebuild). On PostgreSQL each scale
has its own database, `scale_pages_<N>` on `--postgres-url`.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATA = Path(tempfile.gettempdir()) / "plenipot-scale-pages"
DEFAULT_POSTGRES = os.environ.get(
    "PLENIPOT_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"
)

# (name, reader, path); {draft} is the long log's room, {start}/{days} the conference.
PAGES = [
    ("bare view", "public", "/bench/bare/"),
    ("document list", "public", "/documents/"),
    ("document list, cached", "public", "/documents/"),
    ("document list", "delegate", "/documents/"),
    ("search", "public", "/documents/?q=security"),
    ("search", "delegate", "/documents/?q=security"),
    ("tracker: Resolution 101", "public", "/tracker/resolution/101/"),
    ("tracker: Resolution 101", "delegate", "/tracker/resolution/101/"),
    ("tracker list", "delegate", "/tracker/"),
    ("drafting room (long log)", "delegate", "/drafts/{draft}/"),
    ("drafting room history", "delegate", "/drafts/{draft}/history/"),
    ("home", "delegate", "/"),
    ("timetable, whole conference", "delegate", "/planning/?from={start}&days={days}"),
    ("Final Acts, Word", "public", "/submissions/export/final-acts.docx"),
    ("Final Acts, HTML", "public", "/submissions/export/final-acts.html"),
]
READERS = {"public": None, "delegate": "delegate", "secretariat": "secretariat"}
# What only a grown conference has (documents 1014, Resolution 2101, group COM5-AHG-130.7,
# accounts scale-…): the crawl keeps to pages every scale has, to compare them.
SLICE = re.compile(r"/\d{4,}|=\d{4,}|\.\d+/|scale-")


# --- in the child process: build and measure one scale ----------------------------------


def child(args: argparse.Namespace) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal_load_site"
    os.environ["PLENIPOT_DATA_DIR"] = str(args.data_dir)
    os.environ["PLENIPOT_PUBLIC_CACHE_SECONDS"] = "0"
    os.environ.setdefault("PLENIPOT_TIME_ZONE", "Asia/Seoul")
    os.environ.setdefault("PLENIPOT_SECURE_COOKIES", "0")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(HERE))
    # Django and the site are imported once the environment above is set.
    import logging

    import django

    django.setup()
    logging.disable(logging.CRITICAL)  # the request log, one line per request
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from plenipot.accounts.models import User
    from plenipot.demo.scale import demo_scale, long_log_draft

    setup_test_environment()
    load = [os.getloadavg()]
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    built = demo_scale(factor=args.scale, progress=lambda line: print(f"    {line}", flush=True))
    build_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    conference = built.conference
    draft = long_log_draft(conference)
    fill = {
        "draft": draft.pk if draft else 0,
        "start": conference.start.isoformat(),
        "days": (conference.end - conference.start).days + 1,
    }
    clients = {}
    for reader, username in READERS.items():
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        clients[reader] = client

    def measure(reader: str, path: str, *, cached: bool = False) -> dict:
        client = clients[reader]
        settings.PUBLIC_PAGE_CACHE_SECONDS = 300 if cached else 0
        for _ in range(args.warmup):
            client.get(path)
        times, queries, size, status = [], 0, 0, 0
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                moment = time.perf_counter()
                response = client.get(path)
                content = b"".join(response) if response.streaming else response.content
                times.append(time.perf_counter() - moment)
            queries, size, status = len(captured), len(content), response.status_code
        return {
            "ms": statistics.median(times) * 1000,
            "queries": queries,
            "bytes": size,
            "status": status,
        }

    pages = list(PAGES)
    for url, reader in args.slowest or []:
        pages.append(("crawl: " + url, reader, url))
    results = []
    for name, reader, path in [] if args.crawl else pages:
        url = path.format(**fill)
        figures = measure(reader, url, cached=name.endswith("cached"))
        results.append({"page": name, "reader": reader, "url": url, **figures})
        print(
            f"    {name} ({reader}): {figures['ms']:.1f} ms, {figures['queries']} queries, "
            f"{figures['bytes']:,} bytes, status {figures['status']}",
            flush=True,
        )
    crawl = crawl_pages(clients, conference, args.crawl_per_kind) if args.crawl else []
    load.append(os.getloadavg())
    out = {
        "scale": args.scale,
        "database": connection.vendor,
        "build_seconds": build_seconds,
        "built": list(built.slices_built),
        "counts": built.counts,
        "results": results,
        "crawl": crawl,
        "load": load,
    }
    Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")


def crawl_pages(clients: dict, conference, per_kind: int) -> list[dict]:
    """The leak crawl's pages as the public and as a delegate, a few of each kind, each
    timed once: the slowest first."""
    # Django is set up by now (child): the site's modules are imported after it.
    from plenipot.accounts.models import User
    from plenipot.documents.access import document_readable
    from plenipot.documents.models import Document

    sys.path.insert(0, str(ROOT / "tests"))
    from test_leaks import HREF, SKIP, _seeds

    documents = list(
        Document.objects.filter(conference=conference)
        .select_related("body", "release")
        .prefetch_related("sources")
    )
    timed = []
    for reader in ("public", "delegate"):
        client = clients[reader]
        user = User.objects.get(username="delegate") if reader == "delegate" else None
        restricted = [d for d in documents if not document_readable(user, d)]
        kinds: dict[str, int] = {}
        queue: deque[str] = deque()
        seen: set[str] = set()
        for url in _seeds(conference, documents, restricted):
            _offer(url, seen, kinds, queue, per_kind, SKIP)
        while queue:
            url = queue.popleft()
            client.get(url)  # the first request of a kind pays for imports and caches
            moment = time.perf_counter()
            response = client.get(url)
            content = b"".join(response) if response.streaming else response.content
            elapsed = time.perf_counter() - moment
            timed.append({"url": url, "reader": reader, "ms": elapsed * 1000,
                          "status": response.status_code, "bytes": len(content)})
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for link in HREF.findall(content.decode("utf-8", "replace")):
                parts = urlsplit(urljoin(url, html.unescape(link)))
                if parts.netloc or not parts.path.startswith("/"):
                    continue
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                _offer(target, seen, kinds, queue, per_kind, SKIP)
    timed.sort(key=lambda row: -row["ms"])
    return timed[:25]


def _offer(url: str, seen: set, kinds: dict, queue, per_kind: int, skip: tuple) -> None:
    """Queue a page unless it was seen, or enough of its kind are queued already."""
    if url in seen or url.startswith(skip) or SLICE.search(url):
        return
    path, _mark, query = url.partition("?")
    kind = re.sub(r"\d+", "#", path) + "?" + ",".join(
        sorted(part.split("=")[0] for part in query.split("&") if part)
    )
    if kinds.get(kind, 0) >= per_kind:
        return
    kinds[kind] = kinds.get(kind, 0) + 1
    seen.add(url)
    queue.append(url)


# --- in the parent: one child per scale, then the tables -------------------------------


def postgres_database(base: str, name: str, fresh: bool) -> str:
    import psycopg

    server = base.rstrip("/")
    if server.count("/") > 2:
        server = server.rsplit("/", 1)[0]
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if exists and fresh:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def run_scale(args: argparse.Namespace, scale: int, slowest: list[tuple[str, str]],
              crawl: bool) -> dict:
    data_dir = Path(args.data) / f"{args.database}-{scale}"
    database_url = ""
    if args.database == "postgresql":
        database_url = postgres_database(args.postgres_url, f"scale_pages_{scale}", args.fresh)
        data_dir = Path(args.data) / f"postgresql-media-{scale}"
    if args.fresh and args.database == "sqlite" and data_dir.exists():
        import shutil

        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    out = Path(args.data) / f"result-{args.database}-{scale}.json"
    command = [
        sys.executable, __file__, "--child", "--scale", str(scale), "--data-dir", str(data_dir),
        "--json", str(out), "--runs", str(args.runs), "--warmup", str(args.warmup),
        "--crawl-per-kind", str(args.crawl_per_kind),
    ]
    if database_url:
        command += ["--database-url", database_url]
    for url, reader in slowest:
        command += ["--slowest", url, reader]
    if crawl:
        command.append("--crawl")
    print(f"{args.database}, {scale}×:", flush=True)
    subprocess.run(command, check=True, cwd=ROOT)
    return json.loads(out.read_text(encoding="utf-8"))


def report(args: argparse.Namespace, runs: list[dict]) -> None:
    base = runs[0]
    print()
    print(f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
          f"{runs[0]['database']} · median of {args.runs} runs after {args.warmup} to warm up")
    for run in runs:
        load = " → ".join(f"{a[0]:.1f}" for a in run["load"])
        counts = ", ".join(f"{v:,} {k}" for k, v in run["counts"].items())
        built = f"built in {run['build_seconds']:.0f} s" if run["built"] else "reused"
        print(f"  {run['scale']}×: load average {load}; {built}; {counts}")
    print()
    scales = [run["scale"] for run in runs]
    header = f"{'page':<34} {'reader':<9}" + "".join(
        f" {f'{s}× ms':>9} {'q':>4}" for s in scales
    )
    header += "".join(f" {f'{s}×/1×':>7} {f'out {s}×/1×':>11}" for s in scales[1:])
    header += "".join(f" {f'/bare {s}×':>10}" for s in scales)
    print(header)
    by_scale = [{(r["page"], r["reader"]): r for r in run["results"]} for run in runs]
    bare = [table[("bare view", "public")]["ms"] for table in by_scale]
    for row in base["results"]:
        key = (row["page"], row["reader"])
        if not all(key in table for table in by_scale):
            continue
        cells = [table[key] for table in by_scale]
        line = f"{row['page'][:34]:<34} {row['reader']:<9}"
        for cell in cells:
            line += f" {cell['ms']:>9.1f} {cell['queries']:>4}"
        for cell in cells[1:]:
            line += f" {cell['ms'] / cells[0]['ms']:>7.2f}"
            line += f" {cell['bytes'] / max(cells[0]['bytes'], 1):>11.2f}"
        for cell, floor in zip(cells, bare, strict=True):
            line += f" {cell['ms'] / floor:>10.1f}"
        bad = [c for c in cells if c["status"] != 200]
        if bad:
            line += "  status " + ",".join(str(c["status"]) for c in cells)
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--fresh", action="store_true", help="rebuild every scale")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--crawl-per-kind", type=int, default=3)
    parser.add_argument("--crawl-top", type=int, default=6,
                        help="the crawl's slowest pages measured at every scale (6)")
    parser.add_argument("--slowest", nargs=2, action="append", metavar=("URL", "READER"),
                        help="a page to measure at every scale instead of the crawl's")
    parser.add_argument("--no-crawl", action="store_true", help="no crawl, no slowest page")
    # The child's own options.
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    parser.add_argument("--crawl", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    scales = sorted(set(args.scales))
    slowest = [tuple(pair) for pair in args.slowest or []]
    runs = {}
    if not slowest and not args.no_crawl:
        # The crawl runs at the largest scale: the page that is slowest there.
        top = scales[-1]
        runs[top] = run_scale(args, top, [], crawl=True)
        crawl = runs[top]["crawl"]
        print("\nThe crawl's slowest pages at "
              f"{top}× ({runs[top]['database']}), one request each:")
        for row in crawl[:15]:
            print(f"  {row['ms']:>8.1f} ms  {row['reader']:<9} {row['status']}  {row['url']}")
        kinds = set()
        for row in crawl:
            kind = re.sub(r"\d+", "#", row["url"])
            if kind not in kinds and len(slowest) < args.crawl_top:
                kinds.add(kind)
                slowest.append((row["url"], row["reader"]))
        runs.pop(top)
    for scale in scales:
        runs[scale] = run_scale(args, scale, slowest, crawl=False)
    report(args, [runs[s] for s in scales])


if __name__ == "__main__":
    main()
