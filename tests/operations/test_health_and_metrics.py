"""/healthz, /readyz and /metrics: what they answer, to whom, and the figures a scrape
shows after a few requests, a failed login and a drafting room's live messages."""

from __future__ import annotations

import asyncio
import datetime
import json
import time

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.routing import URLRouter
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from plenipot.operations import health
from plenipot.operations.metrics import SocketMetrics, socket_kind
from plenipot.site.routing import websocket_urlpatterns

TOKEN = "t" * 40

TEXT = """\
Resolution 997 (Busan, 2014)
Watching the conference

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

resolves
1 to watch the figures,
"""


def test_healthz_answers_while_the_process_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reaches_the_database_cache_channel_layer_and_migrations(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.content.decode() == (
        "database: ok\nmigrations: ok\ncache: ok\nchannel layer: ok\n"
    )


def test_readyz_fails_when_the_cache_cannot_be_reached(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "cache: failing\n" in response.content.decode()
    assert "database: ok\n" in response.content.decode()


def test_readyz_waits_for_the_migrations(client, db, monkeypatch):
    class Pending:
        def __init__(self, connection):
            self.loader = type("Loader", (), {"graph": type("Graph", (), {})()})()
            self.loader.graph.leaf_nodes = lambda: []

        def migration_plan(self, targets):
            return [("negotiation", "0099_next")]

    monkeypatch.setattr(health._Migrations, "applied", False)
    monkeypatch.setattr(health, "MigrationExecutor", Pending)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "migrations: failing\n" in response.content.decode()


def test_nobody_reads_the_metrics_unless_the_operator_says_who(client, db, settings):
    settings.METRICS_FROM = []
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    settings.METRICS_FROM = ["10.0.0.0/8"]
    assert client.get("/metrics").status_code == 404  # the test client is 127.0.0.1
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    settings.METRICS_FROM = []
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")


def test_a_socket_is_counted_by_its_kind():
    assert socket_kind("/ws/drafts/12/") == "drafts"
    assert socket_kind("/ws/tracker/") == "tracker"
    assert socket_kind("/ws/elsewhere/") == "other"


class Socket(ApplicationCommunicator):
    def __init__(self, application, path, user):
        super().__init__(
            application,
            {"type": "websocket", "path": path, "headers": [], "subprotocols": [], "user": user},
        )

    async def until(self, kind, timeout=5):
        while True:
            message = await self.receive_output(timeout)
            assert message["type"] == "websocket.send", message
            data = json.loads(message["text"])
            if data["type"] == kind:
                return data


def _value(name, labels=None):
    return REGISTRY.get_sample_value(name, labels or {}) or 0.0


@pytest.fixture
def draft(transactional_db, django_user_model):
    from plenipot.conference.services import body_create, conference_create
    from plenipot.engine import derive_proposals, parse_instrument
    from plenipot.negotiation.services import draft_create, instrument_create

    conference = conference_create(
        name="Plenipotentiary Conference", short_name="PP-97", city="Busan",
        country="Republic of Korea", start=datetime.date(2014, 10, 20),
        end=datetime.date(2014, 11, 7),
    )  # fmt: skip
    body = body_create(
        conference=conference, code="PL", name="Plenary", kind="plenary", openness="public"
    )
    instrument = instrument_create(conference=conference, number="997", title="Watch", text=TEXT)
    base = parse_instrument(TEXT)
    edited = parse_instrument(TEXT.replace("figures", "figures closely"))
    draft = draft_create(
        body=body, instrument=instrument,
        proposals=list(derive_proposals(base, edited, source="EUR")),
    )  # fmt: skip
    draft.pen = django_user_model.objects.create_user(
        username="secretariat", password="a long enough password", role="secretariat"
    )
    return draft


def test_a_scrape_shows_requests_sockets_fanout_and_failed_logins(client, draft, settings):
    settings.METRICS_FROM = ["127.0.0.1"]
    requests = _value(
        "plenipot_http_requests_total",
        {"view": "operations:healthz", "method": "GET", "status": "200"},
    )
    opened = _value("plenipot_websockets_opened_total", {"kind": "drafts"})
    still_open = _value("plenipot_websockets_open", {"kind": "drafts"})
    handed_on = _value("plenipot_fanout_delay_seconds_count")
    failures = _value("plenipot_login_failures_total")

    for _ in range(3):
        client.get("/healthz")
    client.post("/accounts/login/", {"username": "secretariat", "password": "wrong"})

    application = SocketMetrics(URLRouter(websocket_urlpatterns))

    async def scenario():
        pen = Socket(application, f"/ws/drafts/{draft.pk}/", draft.pen)
        await pen.send_input({"type": "websocket.connect"})
        assert (await pen.receive_output(5))["type"] == "websocket.accept"
        await pen.until("hello")
        assert _value("plenipot_websockets_open", {"kind": "drafts"}) == still_open + 1
        op = {"op": "edit_text", "eid": "resolves__para_1", "segment": 0, "text": "to watch"}
        await pen.send_input(
            {"type": "websocket.receive", "text": json.dumps({"type": "apply", "base": 0, "op": op})}
        )
        await pen.until("applied")
        for _ in range(100):  # the relay hands the revision on in its own task
            if _value("plenipot_fanout_delay_seconds_count") > handed_on:
                break
            await asyncio.sleep(0.05)
        await pen.send_input({"type": "websocket.disconnect", "code": 1000})
        await pen.wait(5)

    async_to_sync(scenario)()

    response = client.get("/metrics")
    assert response.status_code == 200
    families = {
        family.name: family for family in text_string_to_metric_families(response.text)
    }

    def sample(family, name, **labels):
        return next(
            s.value
            for s in families[family].samples
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
        )

    assert sample(
        "plenipot_http_requests", "plenipot_http_requests_total",
        view="operations:healthz", method="GET", status="200",
    ) == requests + 3  # fmt: skip
    assert sample(
        "plenipot_http_request_duration_seconds", "plenipot_http_request_duration_seconds_count",
        view="operations:healthz", method="GET",
    ) >= 3  # fmt: skip
    assert sample(
        "plenipot_websockets_opened", "plenipot_websockets_opened_total", kind="drafts"
    ) == opened + 1
    assert sample("plenipot_websockets_open", "plenipot_websockets_open", kind="drafts") == (
        still_open
    )
    assert sample(
        "plenipot_fanout_delay_seconds", "plenipot_fanout_delay_seconds_count"
    ) == handed_on + 1
    assert sample("plenipot_login_failures", "plenipot_login_failures_total") >= failures + 1
    assert sample("plenipot_planner_runs", "plenipot_planner_runs", status="done") == 0
    assert sample(
        "plenipot_background_tasks", "plenipot_background_tasks", task="planner", state="queued"
    ) == 0


def test_each_request_is_one_line_of_json_without_its_query(client, db):
    import logging

    from django.contrib.auth import get_user_model

    class Lines(logging.Handler):
        def __init__(self):
            super().__init__()
            self.lines = []

        def emit(self, record):
            self.lines.append(json.loads(record.getMessage()))

    user = get_user_model().objects.create_user(username="reader", password="x" * 20)
    client.force_login(user)
    handler, logger = Lines(), logging.getLogger("plenipot.requests")
    logger.addHandler(handler)
    try:
        client.get("/healthz?token=secret-words")
        client.get("/documents/999999/")
    finally:
        logger.removeHandler(handler)
    lines = handler.lines
    first, second = lines
    assert first["path"] == "/healthz" and first["view"] == "operations:healthz"
    assert first["status"] == 200 and first["method"] == "GET" and first["ms"] >= 0
    assert first["client"] == "127.0.0.1" and first["user"] is None  # no session read for it
    assert "secret-words" not in json.dumps(lines)
    assert second["status"] == 404 and second["user"] == user.pk


@pytest.mark.usefixtures("transactional_db")  # the news goes out on commit
def test_a_scrape_shows_the_fanout_delay_of_the_trackers_news(client, world, settings):
    """A move of the tracker reaches a watcher of the tracker's pages; the scrape then
    counts that hand-off, with a delay no longer than the whole round."""
    from asgiref.sync import sync_to_async
    from django.contrib.auth.models import AnonymousUser

    from plenipot.tracker.services import path_move, path_start

    settings.METRICS_FROM = ["127.0.0.1"]
    path = path_start(
        instrument=world["resolution"], at=datetime.datetime(2014, 10, 20, 8, tzinfo=datetime.UTC)
    )
    handed_on = _value("plenipot_tracker_fanout_delay_seconds_count")
    delayed = _value("plenipot_tracker_fanout_delay_seconds_sum")
    application = SocketMetrics(URLRouter(websocket_urlpatterns))

    async def scenario():
        watcher = Socket(application, "/ws/tracker/", AnonymousUser())
        await watcher.send_input({"type": "websocket.connect"})
        assert (await watcher.receive_output(5))["type"] == "websocket.accept"
        began = time.monotonic()
        await sync_to_async(path_move)(
            path=path, to_stage="allocated", moved_by=world["secretariat"], body=world["com5"]
        )
        news = await watcher.receive_output(5)
        took = time.monotonic() - began
        assert json.loads(news["text"])["stage"] == "allocated"
        await watcher.send_input({"type": "websocket.disconnect", "code": 1000})
        await watcher.wait(5)
        return took

    took = async_to_sync(scenario)()

    response = client.get("/metrics")
    assert response.status_code == 200
    samples = {
        sample.name: sample.value
        for family in text_string_to_metric_families(response.text)
        if family.name == "plenipot_tracker_fanout_delay_seconds"
        for sample in family.samples
        if not sample.labels or set(sample.labels) == {"le"} and sample.labels["le"] == "+Inf"
    }
    assert samples["plenipot_tracker_fanout_delay_seconds_count"] == handed_on + 1
    delay = samples["plenipot_tracker_fanout_delay_seconds_sum"] - delayed
    assert 0 <= delay <= took
