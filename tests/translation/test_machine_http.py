"""Machine translation against a LibreTranslate-compatible server started here: off by
default, labelled "machine translation — not revised" until a person saves the
provision, and a failing, slow or confused server gives a clear message, never a
server error, and writes nothing."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

LABEL = "machine translation — not revised"


class Stub(BaseHTTPRequestHandler):
    mode = "ok"
    requests: list[dict] = []

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Stub.requests.append({"path": self.path, **body})
        if Stub.mode == "slow":
            time.sleep(2)
        if Stub.mode == "error":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"boom")
            return
        if Stub.mode == "garbage":
            answer = b"<html>not json</html>"
        elif Stub.mode == "short":
            answer = json.dumps({"translatedText": ["seul"]}).encode()
        else:
            answer = json.dumps(
                {"translatedText": [f"[{body['target']}] {text}" for text in body["q"]]}
            ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        try:
            self.wfile.write(answer)
        except OSError:  # the client gave up waiting
            pass


@pytest.fixture
def server(monkeypatch):
    Stub.mode, Stub.requests = "ok", []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    monkeypatch.setenv("PLENIPOT_MT_URL", url)
    monkeypatch.setenv("PLENIPOT_MT_API_KEY", "k-123")
    monkeypatch.setenv("PLENIPOT_MT_TIMEOUT", "0.5")
    yield url
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def chinese(dt):
    return dt.expressions.get(language="zh")


def test_off_by_default(client, translator, chinese, monkeypatch):
    monkeypatch.delenv("PLENIPOT_MT_URL", raising=False)
    client.force_login(translator)
    page = client.get(reverse("translation-workspace", args=[chinese.pk])).content.decode()
    assert "Fill empty provisions by machine translation" not in page
    response = client.post(reverse("translation-machine", args=[chinese.pk]), follow=True)
    assert "Machine translation is not configured." in response.content.decode()
    chinese.refresh_from_db()
    assert chinese.segments == {}


def test_fills_empty_provisions_labelled_until_a_person_revises(client, translator, chinese, server):
    from plenipot.translation.services import expression_advance

    client.force_login(translator)
    page = client.get(reverse("translation-workspace", args=[chinese.pk])).content.decode()
    assert "Fill empty provisions by machine translation" in page
    response = client.post(reverse("translation-machine", args=[chinese.pk]), follow=True)
    assert response.status_code == 200
    [request] = Stub.requests
    assert request["path"] == "/translate" and request["api_key"] == "k-123"
    assert request["source"] == "en" and request["target"] == "zh-Hans"
    chinese.refresh_from_db()
    assert chinese.segments["title"]["text"] == "[zh-Hans] ITU's role in child online protection"
    assert {s["origin"] for s in chinese.segments.values()} == {"machine"}
    page = response.content.decode()
    assert page.count(LABEL) >= len(chinese.segments)

    # A person saves one provision: its label goes, the others keep theirs.
    url = reverse("translation-segment-save", args=[chinese.pk, "title"])
    assert client.post(url, {"text": "国际电联在儿童在线保护方面的作用", "revision": 1}).status_code == 200
    page = client.get(reverse("translation-workspace", args=[chinese.pk])).content.decode()
    title = page[page.index('id="p-title"') : page.index('id="p-formula"')]
    assert LABEL not in title and LABEL in page
    chinese.refresh_from_db()
    chinese.status = "in_revision"
    chinese.save()
    with pytest.raises(Exception, match="Not yet revised by a person"):
        expression_advance(expression=chinese, user=translator)


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("error", "answered with an error (HTTP 500)"),
        ("slow", "did not answer within 0.5 seconds"),
        ("garbage", "something other than the translations asked for"),
        ("short", "something other than the translations asked for"),
    ],
)
def test_a_failing_server_gives_a_clear_message_and_writes_nothing(
    client, translator, chinese, server, mode, message
):
    Stub.mode = mode
    client.force_login(translator)
    started = time.monotonic()
    response = client.post(reverse("translation-machine", args=[chinese.pk]), follow=True)
    assert time.monotonic() - started < 1.9  # the timeout, not the server, decides the wait
    assert response.status_code == 200
    assert message in response.content.decode()
    chinese.refresh_from_db()
    assert chinese.segments == {}


def test_an_unreachable_server(client, translator, chinese, monkeypatch):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("PLENIPOT_MT_URL", f"http://127.0.0.1:{port}")
    client.force_login(translator)
    response = client.post(reverse("translation-machine", args=[chinese.pk]), follow=True)
    assert "The machine translation server cannot be reached" in response.content.decode()


def test_timeout_setting_is_bounded():
    from plenipot.translation.machine import DEFAULT_TIMEOUT, configured_adapter

    url = {"PLENIPOT_MT_URL": "http://127.0.0.1:9"}
    assert configured_adapter({**url, "PLENIPOT_MT_TIMEOUT": "3"}).timeout == 3
    for bad in ("x", "-1", "0", "100000"):
        assert configured_adapter({**url, "PLENIPOT_MT_TIMEOUT": bad}).timeout == DEFAULT_TIMEOUT
    assert configured_adapter({"PLENIPOT_MT_URL": "file:///etc/passwd"}) is None
