"""The site's Prometheus metrics, defined once, recorded by whichever part sees the event.

The figures an operator watches during a conference (docs/operations.md, "Monitoring"):
request latency by view, open live sockets by kind, the delay from a drafting room's
revision to its hand-off to each process's watchers and from the tracker's news to each
of its watchers, and failed logins. The planner's
runs and the background work waiting are read from the database when the metrics are
scraped (`plenipot.operations.metrics`).

With several server processes (`plenipot serve --workers N`), `PROMETHEUS_MULTIPROC_DIR`
names a folder where each process keeps its figures and a scrape adds them up; it must be
set before this module is first imported, which `plenipot serve` does.
"""

from __future__ import annotations

import datetime
import time

from prometheus_client import Counter, Gauge, Histogram

#: The kinds of live socket, by the first part of their path after /ws/.
SOCKET_KINDS = ("drafts", "tracker", "floor")

REQUEST_SECONDS = Histogram(
    "plenipot_http_request_duration_seconds",
    "Time to answer an HTTP request, by view (the URL pattern's name) and method.",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
REQUESTS = Counter(
    "plenipot_http_requests",
    "HTTP requests answered, by view, method and status code.",
    ["view", "method", "status"],
)
SOCKETS_OPEN = Gauge(
    "plenipot_websockets_open",
    "Live sockets open now, by kind (drafts: drafting rooms; tracker: the tracker's news; "
    "floor: the floor of meetings).",
    ["kind"],
    multiprocess_mode="livesum",
)
SOCKETS_OPENED = Counter(
    "plenipot_websockets_opened",
    "Live sockets accepted since the process started, by kind.",
    ["kind"],
)
SOCKET_REFUSALS = Counter(
    "plenipot_websocket_refusals",
    "Live sockets closed by the site because it refused them, by kind and close code "
    "(4400 unreadable frame, 4404 not allowed or gone, 4429 too many from one client).",
    ["kind", "code"],
)
FANOUT_SECONDS = Histogram(
    "plenipot_fanout_delay_seconds",
    "From a drafting room's revision being recorded to its hand-off to the watchers of "
    "one server process.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
TRACKER_FANOUT_SECONDS = Histogram(
    "plenipot_tracker_fanout_delay_seconds",
    "From a move or decision of the tracker being committed to its news being handed to "
    "the socket of each watcher of the tracker's pages.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
LOGIN_FAILURES = Counter(
    "plenipot_login_failures",
    "Failed sign-in attempts (wrong password, unknown user or locked account).",
)
LOCKOUTS = Counter(
    "plenipot_login_lockouts",
    "Accounts locked from an address after repeated failed sign-ins.",
)


def revision_handed_on(text: str) -> None:
    """Observe the fan-out delay of a drafting room's live event (its JSON text, whose
    last key is the revision's time), once per process that hands it on."""
    if not text.startswith('{"type":"revision"'):
        return
    at = text.rfind('"time":"')
    if at < 0:
        return
    end = text.find('"', at + 8)
    try:
        recorded = datetime.datetime.fromisoformat(text[at + 8 : end])
    except ValueError:
        return
    delay = time.time() - recorded.timestamp()
    FANOUT_SECONDS.observe(max(delay, 0.0))


def news_handed_on(committed: object) -> None:
    """Observe the fan-out delay of the tracker's news, committed at `committed` (seconds
    since the epoch, as the channel-layer message carries it), for one watcher."""
    if isinstance(committed, int | float):
        TRACKER_FANOUT_SECONDS.observe(max(time.time() - committed, 0.0))
