"""Every use case refuses alike on every transport that reaches it.

One row per refusal: who tries what, and the code every transport must answer with.
The API answers ``{"code", "detail"}``; the page answers with the status that code
means for a browser (the sign-in page for a visitor, the error page for ``forbidden``
and ``not_found``, a message on the same page for ``invalid``); the command line exits
with status 2 and the API's words. A transport that re-implements a check, or skips one,
answers differently and fails its row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from plenipot.accounts.services import token_create
from plenipot.cli import main

API = "/api/v1/conferences/PP-14"
PAGE_STATUS = {"not_authenticated": 302, "forbidden": 403, "not_found": 404, "invalid": 302}


def _at(day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2014, 10, day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def stage(world):
    """The world of tests/conftest.py, with Resolution 101 on the tracker, a meeting of
    Committee 5 with an agenda item, a limited draft of Brazil, and an ad hoc group open
    to delegations only."""
    from plenipot.conference.services import body_create
    from plenipot.documents.services import document_create
    from plenipot.meetings.services import agenda_item_add, meeting_schedule
    from plenipot.tracker.services import path_start

    path_start(instrument=world["resolution"], at=_at(20, 8))
    meeting = meeting_schedule(
        body=world["com5"], starts_at=_at(21, 9), ends_at=_at(21, 12), scheduled_by=world["chair"]
    )
    item = agenda_item_add(
        meeting=meeting, title="", added_by=world["chair"], instrument=world["resolution"]
    )
    document_create(
        conference=world["conference"], number="DL/9", kind="temporary",
        date=datetime.date(2014, 10, 21), title="Limited text of Brazil",
        sources=[world["bra"].organisation], body=world["pl"],
    )
    body_create(
        conference=world["conference"], code="AHG-X", name="Ad hoc X", kind="ad_hoc",
        parent=world["com5"], openness="delegations",
    )
    return {**world, "meeting": meeting, "item": item}


@dataclass(frozen=True)
class Refusal:
    name: str
    who: str | None  # a user of the world, or None for a visitor
    code: str
    page: tuple[str, Callable[[dict], str], dict] | None = None  # method, url, data
    api: tuple[str, Callable[[dict], str], dict] | None = None
    cli: Callable[[dict], list[str]] | None = None
    words: str = ""  # what every answer says
    extra: dict = field(default_factory=dict)


def _tracker(w):
    return reverse("tracker-detail", args=["resolution", "101"])


def _moves(w):
    return f"{API}/paths/resolution/101/moves"


REFUSALS = [
    Refusal(
        "a visitor moves a text", None, "not_authenticated",
        page=("post", _tracker, {"to_stage": "allocated", "body": "COM5"}),
        api=("post", _moves, {"to_stage": "allocated", "body": "COM5"}),
    ),
    Refusal(
        "a delegate moves a text", "delegate", "forbidden",
        page=("post", _tracker, {"to_stage": "allocated", "body": "COM5"}),
        api=("post", _moves, {"to_stage": "allocated", "body": "COM5"}),
        cli=lambda w: ["path", "move", "resolution", "101", "allocated", "--as", "del",
                       "--body", "COM5"],
        words="Only the secretariat or the chair of the body handling the text moves it.",
    ),
    Refusal(
        "a chair names a document they may not read", "chair", "not_found",
        page=("post", _tracker, {"to_stage": "allocated", "body": "COM5", "document": "DL/9"}),
        api=("post", _moves, {"to_stage": "allocated", "body": "COM5", "document": "DL/9"}),
        cli=lambda w: ["path", "move", "resolution", "101", "allocated", "--as", "chair5",
                       "--body", "COM5", "--document", "DL/9"],
        words="There is no document DL/9.",
    ),
    Refusal(
        "a chair names a document that does not exist", "chair", "not_found",
        page=("post", _tracker, {"to_stage": "allocated", "body": "COM5", "document": "DL/99"}),
        api=("post", _moves, {"to_stage": "allocated", "body": "COM5", "document": "DL/99"}),
        cli=lambda w: ["path", "move", "resolution", "101", "allocated", "--as", "chair5",
                       "--body", "COM5", "--document", "DL/99"],
        words="There is no document DL/99.",
    ),
    Refusal(
        "the secretariat names a body that does not exist", "secretariat", "invalid",
        page=("post", _tracker, {"to_stage": "allocated", "body": "NOPE"}),
        api=("post", _moves, {"to_stage": "allocated", "body": "NOPE"}),
        cli=lambda w: ["path", "move", "resolution", "101", "allocated", "--as", "sec",
                       "--body", "NOPE"],
        words="There is no body NOPE.",
    ),
    Refusal(
        "a delegate declares a decision", "delegate", "forbidden",
        page=("post", lambda w: reverse("decision-declare", args=[w["item"].pk]),
              {"outcome": "consensus", "text": "Agreed."}),
        api=("post", lambda w: f"{API}/meetings/{w['meeting'].pk}/items/1/decisions",
             {"outcome": "consensus", "text": "Agreed."}),
        words="Only the chair of COM5 declares its decisions.",
    ),
    Refusal(
        "a chair registers an addendum", "chair", "forbidden",
        page=("post", lambda w: reverse("document-register-child", args=[w["doc27"].pk]),
              {"relation": "addendum"}),
        api=("post", lambda w: f"{API}/documents/children",
             {"parent": "Addendum 1 to Document 27", "relation": "addendum"}),
        words="The secretariat registers revisions, addenda and corrigenda.",
    ),
    Refusal(
        # Who may act is decided before what they sent is read.
        "a chair registers an addendum dated with words", "chair", "forbidden",
        page=("post", lambda w: reverse("document-register-child", args=[w["doc27"].pk]),
              {"relation": "addendum", "date": "le vingt octobre"}),
        words="The secretariat registers revisions, addenda and corrigenda.",
    ),
    Refusal(
        "an observer follows a body open to delegations only", "observer", "not_found",
        page=("post", lambda w: reverse("follow", args=["body", "AHG-X"]), {"follow": "1"}),
        api=("put", lambda w: f"{API}/follows/bodies/AHG-X", {}),
        cli=lambda w: ["follow", "watcher", "body", "AHG-X"],
        words="There is no such body.",
    ),
    Refusal(
        "a delegate starts the planner", "delegate", "forbidden",
        page=("post", lambda w: reverse("planning-runs"),
              {"first_day": "2014-10-21", "days": "3", "time_limit": "5"}),
        api=("post", lambda w: "/api/v1/planning/runs",
             {"first_day": "2014-10-21", "days": 3, "time_limit": 5}),
    ),
    Refusal(
        "the secretariat publishes a run that does not exist", "secretariat", "not_found",
        page=("post", lambda w: reverse("planning-run-publish", args=[999]), {}),
        api=("post", lambda w: "/api/v1/planning/runs/999/publish", {}),
        words="There is no such planner run.",
    ),
]


def _user(world, who):
    if who is None:
        return None
    if who == "observer":
        from plenipot.accounts.services import user_create

        return user_create(username="watcher", password=None)
    return world[who]


@pytest.mark.parametrize("refusal", REFUSALS, ids=[r.name for r in REFUSALS])
def test_every_transport_refuses_alike(refusal, stage, client, capsys):
    from plenipot.tracker.models import TextPath

    user = _user(stage, refusal.who)
    before = TextPath.objects.values_list("stage", "body_id").get()
    details = set()

    if refusal.api is not None:
        method, url, data = refusal.api
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"} if user else {}
        answer = getattr(client, method)(
            url(stage), data, content_type="application/json", **headers
        )
        body = answer.json()
        assert body["code"] == refusal.code, (answer.status_code, body)
        assert answer.status_code in (401, 403, 404, 400), body
        details.add(body["detail"])

    if refusal.page is not None:
        method, url, data = refusal.page
        if user is not None:
            client.force_login(user)
        else:
            client.logout()
        answer = getattr(client, method)(url(stage), data)
        assert answer.status_code == PAGE_STATUS[refusal.code], answer.content[:300]
        if refusal.code == "not_authenticated":
            assert "/accounts/login/" in answer["Location"]
        if refusal.code == "forbidden" and refusal.words:
            assert refusal.words in answer.content.decode()
        client.logout()

    if refusal.cli is not None:
        capsys.readouterr()
        assert main(refusal.cli(stage)) == 2
        err = capsys.readouterr().err
        assert err.startswith("plenipot: error: ")
        details.add(err.removeprefix("plenipot: error: ").strip())

    if refusal.words:
        assert details <= {refusal.words}, details
    assert len(details) <= 1, f"the transports answer in different words: {details}"
    assert TextPath.objects.values_list("stage", "body_id").get() == before
