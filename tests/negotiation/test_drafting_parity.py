"""The drafting room refuses alike on the API, its WebSocket and the command line.

One row per refusal: who sends what, and the code every transport answers with; the
`detail` must be the same words on each. Before the socket went through the actions it
accepted an edit description of any length and answered its own words for the rest.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.routing import URLRouter

from plenipot.accounts.services import token_create
from plenipot.cli import main
from plenipot.site.routing import websocket_urlpatterns

pytestmark = pytest.mark.usefixtures("transactional_db")

EDIT = {"op": "edit_text", "eid": "title", "segment": 0, "text": "Une résolution modifiée"}


@dataclass(frozen=True)
class Row:
    name: str
    who: str  # an account of the room fixture
    code: str
    frame: dict  # what the socket is sent; "suggestion": None stands for a pending one
    api: tuple[str, dict] | None  # path under the draft, body
    cli: list[str] | None = None  # arguments after "draft", with __ID__ for the draft


ROWS = [
    Row(
        "a delegate edits", "delegate", "forbidden",
        {"type": "apply", "base": 0, "op": EDIT},
        ("operations", {"base": 0, "op": EDIT}),
    ),
    Row(
        "the pen describes an edit at length", "chair", "invalid_input",
        {"type": "apply", "base": 0, "op": EDIT, "description": "و" * 501},
        ("operations", {"base": 0, "op": EDIT, "description": "و" * 501}),
    ),
    Row(
        "the pen edits against a revision that is not a number", "chair", "invalid_input",
        {"type": "apply", "base": "零", "op": EDIT},
        ("operations", {"base": "零", "op": EDIT}),
    ),
    Row(
        "a delegate suggests nothing", "delegate", "invalid_input",
        {"type": "suggest", "eid": "title", "text": ""},
        ("suggestions", {"eid": "title", "text": ""}),
    ),
    Row(
        "a delegate suggests only spaces", "delegate", "invalid",
        {"type": "suggest", "eid": "title", "text": "   "},
        ("suggestions", {"eid": "title", "text": "   "}),
    ),
    Row(
        "a delegate accepts a suggestion", "delegate", "forbidden",
        {"type": "accept", "suggestion": None},
        ("suggestions/__S__/accept", {}),
    ),
    Row(
        "the pen accepts a suggestion that does not exist", "chair", "not_found",
        {"type": "accept", "suggestion": 987654},
        ("suggestions/987654/accept", {}),
    ),
    Row(
        "a delegate declines a suggestion", "delegate", "forbidden",
        {"type": "decline", "suggestion": None},
        ("suggestions/__S__/decline", {}),
    ),
    Row(
        "a delegate saves a snapshot", "delegate", "forbidden",
        {"type": "snapshot", "name": "Первое чтение"},
        None,
        ["snapshot", "__ID__", "Первое чтение", "--user", "delegate"],
    ),
    Row(
        "the pen saves a snapshot without a name", "chair", "invalid",
        {"type": "snapshot", "name": "   "},
        None,
        ["snapshot", "__ID__", "   ", "--user", "chair"],
    ),
]


def _socket(room, user) -> ApplicationCommunicator:
    return ApplicationCommunicator(
        URLRouter(websocket_urlpatterns),
        {
            "type": "websocket", "path": f"/ws/drafts/{room.draft.pk}/", "headers": [],
            "subprotocols": [], "client": ("192.0.2.7", 50000), "user": user,
        },
    )  # fmt: skip


def _over_socket(room, user, frame) -> dict:
    async def scenario():
        socket = _socket(room, user)
        await socket.send_input({"type": "websocket.connect"})
        assert (await socket.receive_output(3))["type"] == "websocket.accept"
        try:
            await socket.send_input({"type": "websocket.receive", "text": json.dumps(frame)})
            while True:
                answer = await socket.receive_output(3)
                assert answer["type"] == "websocket.send", answer
                message = json.loads(answer["text"])
                if message["type"] == "error":
                    return message
                assert message["type"] in ("hello", "watchers", "presence"), message
        finally:
            with contextlib.suppress(Exception):
                await socket.send_input({"type": "websocket.disconnect", "code": 1000})
                await socket.wait(3)

    return async_to_sync(scenario)()


def _pending(room):
    from plenipot.accounts.roles import actor_for
    from plenipot.negotiation.actions import check_suggestion_submit

    return check_suggestion_submit(
        actor_for(room.vice), draft_id=room.draft.pk, data={"eid": "title", "text": "Un exemple"}
    ).pk


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_the_drafting_room_refuses_alike_everywhere(row, room, client, capsys):
    from plenipot.negotiation.models import Draft, Snapshot, Suggestion

    user = getattr(room, row.who)
    suggestion = _pending(room) if None in row.frame.values() else None
    frame = {k: suggestion if v is None else v for k, v in row.frame.items()} | {"ref": "r"}
    details = {}

    error = _over_socket(room, user, frame)
    assert (error["code"], error["ref"]) == (row.code, "r"), error
    details["socket"] = error["detail"]

    if row.api is not None:
        path, body = row.api
        path = path.replace("__S__", str(suggestion))
        answer = client.post(
            f"/api/v1/drafts/{room.draft.pk}/{path}", body, content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token_create(user=user)}",
        )  # fmt: skip
        assert answer.json()["code"] == row.code, answer.json()
        details["api"] = answer.json()["detail"]

    if row.cli is not None:
        capsys.readouterr()
        arguments = [str(room.draft.pk) if a == "__ID__" else a for a in row.cli]
        assert main(["draft", *arguments]) == 2
        details["cli"] = capsys.readouterr().err.removeprefix("plenipot: error: ").strip()

    assert len(set(details.values())) == 1, details
    assert Draft.objects.get(pk=room.draft.pk).head == 0
    assert not Snapshot.objects.exists()
    assert Suggestion.objects.exclude(status="pending").count() == 0
