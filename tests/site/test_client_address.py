"""Whose address a request comes from: the connection's peer, unless that peer is one of
the reverse proxies named in PLENIPOT_TRUSTED_PROXIES. Login throttling counts failures
by this address, so a header any client can write must not choose it."""

from __future__ import annotations

import asyncio

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings

from plenipot.core import addresses
from plenipot.site import environment, http

LOGIN = "/accounts/login/"


def _request(peer: str, *forwarded: str):
    extra = {"REMOTE_ADDR": peer}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = ", ".join(forwarded)
    return RequestFactory().get("/", **extra)


def test_without_a_trusted_proxy_the_peer_is_the_client():
    assert addresses.client_address(_request("192.0.2.10", "203.0.113.5")) == "192.0.2.10"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "2001:db8::1"])
def test_behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client():
    # The client wrote 198.51.100.1 itself; the proxies appended 203.0.113.5 and 10.0.0.7.
    request = _request("10.0.0.2", "198.51.100.1", "203.0.113.5", "10.0.0.7")
    assert addresses.client_address(request) == "203.0.113.5"
    assert addresses.client_address(_request("2001:db8::1", "203.0.113.6")) == "203.0.113.6"
    assert addresses.client_address(_request("10.0.0.2", "[2001:db8::7]:4711")) == "2001:db8::7"
    assert addresses.client_address(_request("10.0.0.2", "203.0.113.8:4711")) == "203.0.113.8"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_forwarded_header_is_believed_only_from_a_trusted_proxy():
    assert addresses.client_address(_request("192.0.2.10", "203.0.113.5")) == "192.0.2.10"
    # Through the proxy but with nothing (or nothing usable) forwarded: the proxy itself.
    assert addresses.client_address(_request("10.0.0.2")) == "10.0.0.2"
    assert addresses.client_address(_request("10.0.0.2", "unknown")) == "10.0.0.2"
    assert addresses.client_address(_request("10.0.0.2", "10.0.0.3")) == "10.0.0.2"


def test_trusted_proxies_are_read_and_checked_from_the_environment():
    name = "PLENIPOT_TRUSTED_PROXIES"
    assert environment.networks({}, name) == []
    found = environment.networks({name: " 127.0.0.1, 10.1.2.3/8 ,2001:db8::/64,"}, name)
    assert found == ["127.0.0.1/32", "10.0.0.0/8", "2001:db8::/64"]
    with pytest.raises(environment.ConfigurationError, match="PLENIPOT_TRUSTED_PROXIES.*'proxy'"):
        environment.networks({name: "10.0.0.1,proxy"}, name)


@pytest.fixture
def delegate(db):
    return get_user_model().objects.create_user(username="delegate", password="right-pass-7")


def _login(client, password, *, peer, forwarded=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": "delegate", "password": password}, **extra)


def test_wrong_passwords_from_one_peer_lock_out_whatever_the_forwarded_header_says(
    client, delegate
):
    for attempt in range(12):
        _login(client, "wrong", peer="192.0.2.10", forwarded=f"203.0.113.{attempt + 1}")
    answer = _login(client, "right-pass-7", peer="192.0.2.10", forwarded="198.51.100.99")
    assert answer.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_locked_account_stays_locked_with_a_forwarded_header(client, delegate):
    for _ in range(5):
        _login(client, "wrong", peer="192.0.2.10")
    assert _login(client, "right-pass-7", peer="192.0.2.10").status_code == 429
    answer = _login(client, "right-pass-7", peer="192.0.2.10", forwarded="198.51.100.1")
    assert answer.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(TRUSTED_PROXIES=["10.0.0.1"])
def test_behind_a_trusted_proxy_lockout_counts_the_forwarded_client(client, delegate):
    for _ in range(5):
        _login(client, "wrong", peer="10.0.0.1", forwarded="203.0.113.5")
    assert _login(client, "right-pass-7", peer="10.0.0.1", forwarded="203.0.113.5").status_code == 429
    # Another client behind the same proxy is not locked out by the first one's failures.
    answer = _login(client, "right-pass-7", peer="10.0.0.1", forwarded="198.51.100.7")
    assert answer.status_code == 302
    assert client.session["_auth_user_id"] == str(delegate.pk)


def test_the_server_leaves_the_peer_address_alone(monkeypatch):
    """`plenipot serve` hands the application the connection's own peer: uvicorn would
    otherwise replace it with X-Forwarded-For from any client on this machine (or behind
    a local proxy that passes the header through), before the site could judge it."""
    import uvicorn

    from plenipot.site import cli as site_cli

    asked = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: asked.update(options))
    site_cli.serve(host="127.0.0.1", port=8000, workers=1)

    seen = {}

    def wsgi(environ, start_response):
        seen["peer"] = environ["REMOTE_ADDR"]
        start_response("204 No Content", [])
        return [b""]

    config = uvicorn.Config(http.HttpApplication(wsgi), **asked)
    config.load()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), (b"x-forwarded-for", b"203.0.113.5")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(config.loaded_app(scope, receive, send))
    assert sent[0]["status"] == 204
    assert seen["peer"] == "127.0.0.1"
