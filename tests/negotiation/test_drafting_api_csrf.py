"""The drafting room's API writes with the browser session only with Django's CSRF token:
a page of another site cannot edit a draft or suggest a wording in a delegate's name."""

from __future__ import annotations

import json

import pytest
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from plenipot.accounts.services import token_create
from plenipot.negotiation.models import Suggestion

FOREIGN = "https://elsewhere.example"


def _csrf(client: Client) -> str:
    request = RequestFactory().get("/")
    token = get_token(request)
    client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    return token


def _browser(user) -> Client:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser


def _edit(client, room, text, **headers):
    operation = {"base": 0, "op": {"op": "edit_text", "eid": "title", "segment": 0, "text": text}}
    return client.post(
        f"/api/v1/drafts/{room.draft.pk}/operations",
        json.dumps(operation),
        content_type="text/plain",
        **headers,
    )


def _suggest(client, room, **headers):
    return client.post(
        f"/api/v1/drafts/{room.draft.pk}/suggestions",
        json.dumps({"eid": "title", "text": "A title"}),
        content_type="text/plain",
        **headers,
    )


def _head(room) -> int:
    room.draft.refresh_from_db()
    return room.draft.revisions.count()


def test_a_cross_site_draft_edit_with_the_session_is_refused(room):
    chair = _browser(room.chair)
    refused = _edit(chair, room, "Planted", HTTP_ORIGIN=FOREIGN)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert _head(room) == 0
    token = _csrf(chair)
    made = _edit(chair, room, "Agreed", HTTP_ORIGIN="http://testserver", HTTP_X_CSRFTOKEN=token)
    assert made.status_code == 200 and made.json() == {"number": 1}


def test_a_cross_site_suggestion_with_the_session_is_refused(room):
    delegate = _browser(room.delegate)
    refused = _suggest(delegate, room, HTTP_ORIGIN=FOREIGN)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert not Suggestion.objects.exists()
    token = _csrf(delegate)
    made = _suggest(delegate, room, HTTP_ORIGIN="http://testserver", HTTP_X_CSRFTOKEN=token)
    assert made.status_code == 200 and made.json()["text"] == "A title"


@pytest.mark.parametrize("write", [_edit, _suggest])
def test_a_bearer_token_writes_without_a_csrf_token(room, write):
    program = Client(enforce_csrf_checks=True)
    user = room.chair if write is _edit else room.delegate
    bearer = f"Bearer {token_create(user=user)}"
    args = ("By token",) if write is _edit else ()
    made = write(program, room, *args, HTTP_ORIGIN=FOREIGN, HTTP_AUTHORIZATION=bearer)
    assert made.status_code == 200, made.content
