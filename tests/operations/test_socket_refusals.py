"""A socket the site refuses is counted and logged in one line of the request log, as a
refused page is: who, from where, which path and why (the close code)."""

from __future__ import annotations

import json
import logging

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.routing import URLRouter
from django.contrib.auth.models import AnonymousUser
from prometheus_client import REGISTRY

from plenipot.operations.metrics import SocketMetrics, socket_kind
from plenipot.site.routing import websocket_urlpatterns

pytestmark = pytest.mark.usefixtures("transactional_db")


def _refusals(kind: str, code: str) -> float:
    value = REGISTRY.get_sample_value(
        "plenipot_websocket_refusals_total", {"kind": kind, "code": code}
    )
    return value or 0.0


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(record.getMessage()))


@pytest.fixture
def request_log():
    """The lines of the request log (its logger does not propagate to the root)."""
    handler, logger = Lines(), logging.getLogger("plenipot.requests")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def _connect(path: str, leave: bool = False) -> dict:
    application = SocketMetrics(URLRouter(websocket_urlpatterns))

    async def scenario():
        socket = ApplicationCommunicator(
            application,
            {"type": "websocket", "path": path, "headers": [], "subprotocols": [],
             "client": ["203.0.113.7", 50000], "user": AnonymousUser()},
        )  # fmt: skip
        await socket.send_input({"type": "websocket.connect"})
        answer = await socket.receive_output(5)
        if leave:
            await socket.send_input({"type": "websocket.disconnect", "code": 1000})
        await socket.wait(5)
        return answer

    return async_to_sync(scenario)()


def test_a_refused_socket_is_counted_and_logged(floor, request_log):
    floor["meeting"].openness = "delegations"
    floor["meeting"].save()
    before = _refusals("floor", "4404")
    answer = _connect(f"/ws/floor/meetings/{floor['meeting'].pk}/")
    assert answer["type"] == "websocket.close" and answer["code"] == 4404
    assert _refusals("floor", "4404") == before + 1
    [logged] = request_log
    assert logged["event"] == "socket_refused"
    assert logged["path"] == f"/ws/floor/meetings/{floor['meeting'].pk}/"
    assert (logged["kind"], logged["code"], logged["user"]) == ("floor", 4404, None)
    assert logged["client"] == "203.0.113.7"


def test_an_accepted_socket_logs_no_refusal(floor, request_log):
    before = _refusals("floor", "4404")
    answer = _connect(f"/ws/floor/meetings/{floor['meeting'].pk}/", leave=True)
    assert answer["type"] == "websocket.accept"
    assert _refusals("floor", "4404") == before
    assert request_log == []


def test_the_floor_is_a_kind_of_socket():
    assert socket_kind("/ws/floor/meetings/3/") == "floor"
