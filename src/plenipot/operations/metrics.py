"""Recording and serving the site's Prometheus metrics (`plenipot.core.metrics` defines
the ones recorded as things happen).

Requests are timed by a middleware (`plenipot.operations.requests`), live sockets counted by a wrapper around the ASGI
WebSocket application, failed logins by a signal receiver; the planner's runs and the
background work waiting are counted in the database at each scrape, so they agree
whichever process answers. Who may read /metrics is the operator's choice
(`PLENIPOT_METRICS_FROM`, `PLENIPOT_METRICS_TOKEN`); nobody may by default.
"""

from __future__ import annotations

import atexit
import datetime
import hmac
import ipaddress
import json
import logging
import os
import shutil
import tempfile

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Count
from django.http import HttpRequest
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from plenipot.core import metrics
from plenipot.core.addresses import client_address
from plenipot.core.sockets import CLOSE_REFUSED, CLOSE_TOO_MANY, CLOSE_UNREADABLE, Handshake
from plenipot.planning.models import PlanningRun

logger = logging.getLogger(__name__)
#: The request log (`plenipot.operations.requests`), where refused sockets are told too.
requests_logger = logging.getLogger("plenipot.requests")

MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


# --- live sockets ----------------------------------------------------------------------


def socket_kind(path: str) -> str:
    parts = path.strip("/").split("/")
    if len(parts) >= 2 and parts[0] == "ws" and parts[1] in metrics.SOCKET_KINDS:
        return parts[1]
    return "other"


class SocketMetrics:
    """ASGI: count each live socket by kind from its acceptance to its end."""

    def __init__(self, application) -> None:
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope.get("type") != "websocket":
            return await self.application(scope, receive, send)
        counted = _CountedSend(send, socket_kind(scope.get("path", "")), scope)
        try:
            return await self.application(scope, receive, counted.send)
        finally:
            counted.ended()


#: The close codes by which the site refuses a socket (docs/drafting-room.md, "Closing").
REFUSALS = frozenset({CLOSE_UNREADABLE, CLOSE_REFUSED, CLOSE_TOO_MANY})


def socket_refusal_line(scope: dict, kind: str, code: int) -> str:
    user = scope.get("user")
    return json.dumps(
        {
            "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
            "event": "socket_refused",
            "path": scope.get("path", ""),
            "kind": kind,
            "code": code,
            "user": user.pk if getattr(user, "is_authenticated", False) else None,
            "client": client_address(Handshake(scope)),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


class _CountedSend:
    """One socket's `send`, counting its acceptance and its close. Handed on as a bound
    method of an object that keeps the `real_send` it wraps, as Channels' own middleware
    does: the drafting room looks under it for the server's connection, to write frames
    to it directly (`negotiation.frames.server_connection`)."""

    def __init__(self, real_send, kind: str, scope: dict | None = None) -> None:
        self.real_send = real_send
        self.kind = kind
        self.scope = scope or {}
        self.open = False

    async def send(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "websocket.accept" and not self.open:
            self.open = True
            metrics.SOCKETS_OPEN.labels(self.kind).inc()
            metrics.SOCKETS_OPENED.labels(self.kind).inc()
        elif kind == "websocket.close":
            if message.get("code") in REFUSALS:
                self.refused(message["code"])
            self.ended()
        await self.real_send(message)

    def refused(self, code: int) -> None:
        """Count a refusal and log it in one line of the request log: an operator sees
        sockets refused as they see pages refused."""
        metrics.SOCKET_REFUSALS.labels(self.kind, str(code)).inc()
        if requests_logger.isEnabledFor(logging.INFO):
            requests_logger.info(socket_refusal_line(self.scope, self.kind, code))

    def ended(self) -> None:
        if self.open:
            self.open = False
            metrics.SOCKETS_OPEN.labels(self.kind).dec()


# --- logins ----------------------------------------------------------------------------


def _login_failed(sender, **kwargs) -> None:
    metrics.LOGIN_FAILURES.inc()


def _locked_out(sender, **kwargs) -> None:
    metrics.LOCKOUTS.inc()


def connect_signals() -> None:
    user_login_failed.connect(_login_failed, dispatch_uid="plenipot.operations.login_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="plenipot.operations.locked_out")
    folder = os.environ.get(MULTIPROCESS_VARIABLE)
    if folder:
        # A server process that ends takes its count of open sockets with it.
        atexit.register(multiprocess.mark_process_dead, os.getpid(), folder)


# --- several server processes ----------------------------------------------------------


def prepare_for_workers() -> None:
    """Before several server processes start: give them a fresh folder to keep their
    figures in, so that a scrape adds up all of them (unless the operator named one in
    PROMETHEUS_MULTIPROC_DIR), removed when the server stops."""
    if os.environ.get(MULTIPROCESS_VARIABLE):
        return
    folder = tempfile.mkdtemp(prefix="plenipot-metrics-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ[MULTIPROCESS_VARIABLE] = folder


# --- figures read from the database ----------------------------------------------------


class DatabaseFigures:
    """The planner's runs by status and the background work waiting or running, counted
    in the database at each scrape: the same answer from every process."""

    def describe(self):
        return []

    def collect(self):
        try:
            counts = dict(
                PlanningRun.objects.order_by()
                .values_list("status")
                .annotate(count=Count("pk"))
                .values_list("status", "count")
            )
        except Exception:  # a scrape still shows the figures recorded in memory
            logger.warning("metrics: cannot count the planner's runs", exc_info=True)
            return
        runs = GaugeMetricFamily(
            "plenipot_planner_runs", "Runs of the meeting planner, by status.", labels=["status"]
        )
        for status in PlanningRun.Status.values:
            runs.add_metric([status], counts.get(status, 0))
        yield runs
        tasks = GaugeMetricFamily(
            "plenipot_background_tasks",
            "Background work of the site (the meeting planner's runs), queued or running.",
            labels=["task", "state"],
        )
        for state in (PlanningRun.Status.QUEUED, PlanningRun.Status.RUNNING):
            tasks.add_metric(["planner", state], counts.get(state, 0))
        yield tasks


def exposition() -> bytes:
    """Every figure in Prometheus's text format."""
    if os.environ.get(MULTIPROCESS_VARIABLE):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        recorded = generate_latest(registry)
    else:
        recorded = generate_latest(REGISTRY)
    counted = CollectorRegistry(auto_describe=False)
    counted.register(DatabaseFigures())
    return recorded + generate_latest(counted)


# --- who may read them -----------------------------------------------------------------


def may_read_metrics(request: HttpRequest) -> bool:
    """Only a client at one of the addresses of PLENIPOT_METRICS_FROM, or one that sends
    PLENIPOT_METRICS_TOKEN as its bearer token; nobody when neither is set."""
    token = settings.METRICS_TOKEN
    if token:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            return True
    networks = settings.METRICS_FROM
    address = client_address(request)
    if not networks or not address:
        return False
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(client, ipaddress.IPv6Address) and client.ipv4_mapped:
        client = client.ipv4_mapped
    return any(client in ipaddress.ip_network(network) for network in networks)
