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
import html
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
    from plenipot.negotiation.services import draft_create
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
    draft = draft_create(body=world["com5"], instrument=world["resolution"])
    upload = _submitted_upload(world)
    return {**world, "meeting": meeting, "item": item, "draft": draft, "upload": upload}


def _submitted_upload(world):
    """Brazil's file on Resolution 101, submitted and waiting for the secretariat."""
    from plenipot.documents.services import document_submit
    from plenipot.submissions.models import Upload

    document = document_submit(
        conference=world["conference"], submitted_by=world["delegate"], title="Brazil on 101",
        now=_at(1),
    )
    return Upload.objects.create(
        conference=world["conference"], uploaded_by=world["delegate"],
        instrument=world["resolution"], title="Brazil on 101", filename="b.docx", size=1,
        kind="itu", status="submitted", document=document,
    )


@dataclass(frozen=True)
class Refusal:
    name: str
    who: str | None  # a user of the world, or None for a visitor
    code: str
    # method, url, data (or a function of the world that gives it)
    page: tuple[str, Callable[[dict], str], dict | Callable[[dict], dict]] | None = None
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
        "a visitor opens a drafting room", None, "not_authenticated",
        page=("post", lambda w: reverse("draft-open", args=["COM5"]),
              {"instrument": "resolution 101"}),
        api=("post", lambda w: f"{API}/drafts", {"body": "COM5", "instrument": "resolution 101"}),
    ),
    Refusal(
        "a delegate opens a drafting room", "delegate", "forbidden",
        page=("post", lambda w: reverse("draft-open", args=["COM5"]),
              {"instrument": "resolution 101"}),
        api=("post", lambda w: f"{API}/drafts", {"body": "COM5", "instrument": "resolution 101"}),
        cli=lambda w: ["draft", "open", "COM5", "resolution 101", "--user", "del"],
        words="Only the chair of COM5 or the secretariat opens its drafting rooms.",
    ),
    Refusal(
        "an observer opens a room in a group open to delegations only", "observer", "not_found",
        page=("post", lambda w: reverse("draft-open", args=["AHG-X"]),
              {"instrument": "resolution 101"}),
        api=("post", lambda w: f"{API}/drafts", {"body": "AHG-X", "instrument": "resolution 101"}),
        cli=lambda w: ["draft", "open", "AHG-X", "resolution 101", "--user", "watcher"],
        words="There is no such body.",
    ),
    Refusal(
        "a chair opens a room on an instrument that does not exist", "chair", "invalid",
        page=("post", lambda w: reverse("draft-open", args=["COM5"]),
              {"instrument": "resolution 999"}),
        api=("post", lambda w: f"{API}/drafts", {"body": "COM5", "instrument": "resolution 999"}),
        cli=lambda w: ["draft", "open", "COM5", "resolution 999", "--user", "chair5"],
        words='Choose the instrument, for example "resolution 130".',
    ),
    Refusal(
        "a delegate closes a drafting room", "delegate", "forbidden",
        page=("post", lambda w: reverse("draft-close", args=[w["draft"].pk]), {}),
        api=("post", lambda w: f"/api/v1/drafts/{w['draft'].pk}/close", {}),
        cli=lambda w: ["draft", "close", str(w["draft"].pk), "--user", "del"],
        words="Only the chair of COM5 or the secretariat closes its drafting rooms.",
    ),
    Refusal(
        "a delegate registers their own submission", "delegate", "forbidden",
        page=("post", lambda w: reverse("registry"),
              lambda w: {"action": "register", "document": w["upload"].document_id}),
        api=("post", lambda w: f"{API}/submissions/{w['upload'].pk}/register", {}),
        cli=lambda w: ["submissions", "register", str(w["upload"].pk), "--as", "del"],
        words="Only the secretariat registers documents.",
    ),
    Refusal(
        "a chair returns a submission they may not read", "chair", "not_found",
        page=("post", lambda w: reverse("registry"),
              lambda w: {"action": "return", "document": w["upload"].document_id,
                         "reason": "No."}),
        api=("post", lambda w: f"{API}/submissions/{w['upload'].pk}/return", {"reason": "No."}),
        cli=lambda w: ["submissions", "return", str(w["upload"].pk), "No.", "--as", "chair5"],
        words="There is no such document.",
    ),
    Refusal(
        "the secretariat returns a submission without a reason", "secretariat", "invalid",
        page=("post", lambda w: reverse("registry"),
              lambda w: {"action": "return", "document": w["upload"].document_id,
                         "reason": "   "}),
        api=("post", lambda w: f"{API}/submissions/{w['upload'].pk}/return", {"reason": "   "}),
        cli=lambda w: ["submissions", "return", str(w["upload"].pk), "   ", "--as", "sec"],
        words="Say why the submission is returned: its sources will read it.",
    ),
    Refusal(
        "a delegate allocates a document", "delegate", "forbidden",
        page=("post", lambda w: reverse("registry"),
              {"action": "allocate", "symbol": "Addendum 1 to Document 27", "body": "COM5"}),
        api=("post", lambda w: f"{API}/documents/{w['doc27'].pk}/allocations", {"body": "COM5"}),
        cli=lambda w: ["submissions", "allocate", "Addendum 1 to Document 27", "COM5",
                       "--as", "del"],
        words="Only the Steering Committee's chair or the secretariat allocates documents.",
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
    Refusal(
        "a chair imports a glossary", "chair", "forbidden",
        page=("post", lambda w: reverse("translation-glossary-import"), {}),
        words="Only the secretariat edits the glossary.",  # the command line runs as the site
    ),
    Refusal(
        "the secretariat imports a glossary into a conference that does not exist",
        "secretariat", "not_found",
        page=("post", lambda w: reverse("translation-glossary-import"), {"conference": "PP-99"}),
        cli=lambda w: ["glossary-import", __file__, "--conference", "PP-99"],
    ),
    Refusal(
        "the secretariat imports something that is not a glossary", "secretariat", "invalid",
        page=("post", lambda w: reverse("translation-glossary-import"), {}),
        cli=lambda w: ["glossary-import", __file__],
    ),
    Refusal(
        "a chair adds a glossary term", "chair", "forbidden",
        page=("post", lambda w: reverse("translation-glossary"), {"form_en": "Council"}),
        words="Only the secretariat edits the glossary.",
    ),
    Refusal(
        "a visitor adds a glossary term", None, "not_authenticated",
        page=("post", lambda w: reverse("translation-glossary"), {"form_en": "Council"}),
    ),
    Refusal(
        "a delegate imports translation memory", "delegate", "forbidden",
        page=("post", lambda w: reverse("translation-memory-import"), {}),
        words="Only translators and the secretariat import translation memory.",
    ),
    Refusal(
        "the secretariat imports something that is not a memory file", "secretariat", "invalid",
        page=("post", lambda w: reverse("translation-memory-import"), {}),
        cli=lambda w: ["memory-import", __file__],
    ),
    Refusal(
        "a delegate reads the languages of a text that does not exist", "delegate", "not_found",
        page=("get", lambda w: reverse("translation-source", args=[999999]), {}),
        api=("get", lambda w: "/api/v1/translation/texts/999999", {}),
        words="There is no such text.",
    ),
    Refusal(
        "a chair sends a document for translation", "chair", "forbidden",
        page=("post", lambda w: reverse("translation-document-start", args=[w["doc27"].pk]), {}),
        words="Only the secretariat sends texts for translation.",
    ),
    Refusal(
        "a delegate pre-translates a language version that does not exist", "delegate",
        "not_found",
        page=("post", lambda w: reverse("translation-pretranslate", args=[999999]), {}),
    ),
    Refusal(
        "a delegate withdraws a waiver that does not exist", "delegate", "not_found",
        page=("post", lambda w: reverse("translation-waiver-withdraw", args=[999999]), {}),
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
        data = data(stage) if callable(data) else data
        answer = getattr(client, method)(url(stage), data)
        assert answer.status_code == PAGE_STATUS[refusal.code], answer.content[:300]
        if refusal.code == "not_authenticated":
            assert "/accounts/login/" in answer["Location"]
        if refusal.code == "forbidden" and refusal.words:
            assert refusal.words in html.unescape(answer.content.decode())
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
