"""The pen's editor without the page's script: the text is drawn on the server, and
each form of the editor goes through the same action as the live socket's, with the
same refusals; a deletion asks for a tick first and is undone by a new revision."""

from __future__ import annotations

import re

from plenipot.negotiation.models import Draft, Revision


def _post(client, room, **fields):
    data = {"base": Draft.objects.get(pk=room.draft.pk).head, "meeting": ""} | fields
    return client.post(f"/drafts/{room.draft.pk}/edit/", data)


def _text(room, eid: str) -> list:
    draft = Draft.objects.get(pk=room.draft.pk)
    return next(p for p in draft.state["provisions"] if p["eid"] == eid)["segments"]


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_text_and_the_editor_are_drawn_without_the_script(client, room):
    client.force_login(room.chair)
    page = client.get(f"/drafts/{room.draft.pk}/").content.decode()
    # Every provision is in the page, with its brackets and sources, and a link to edit it.
    assert 'id="p-considering__a"' in page and "critical to development" in page
    assert re.search(r'<span class="alt" data-sources="EUR">the highest<sup> EUR', page)
    assert 'href="?edit=resolves__para_1#p-resolves__para_1"' in page
    editor = client.get(f"/drafts/{room.draft.pk}/?edit=resolves__para_1").content.decode()
    assert 'class="editor editor-forms"' in editor
    for do in ("edit_text", "edit_alternative", "choose_alternative:1:1", "bracket_span",
               "remove_brackets", "add_footnote", "set_status", "add_provision",
               "move_provision", "delete_provision"):  # fmt: skip
        assert f'value="{do}"' in editor, do
    # A watcher gets the text, and neither links nor forms to change it.
    client.force_login(room.delegate)
    watching = client.get(f"/drafts/{room.draft.pk}/?edit=resolves__para_1").content.decode()
    assert "critical to development" in watching
    assert 'class="editor editor-forms"' not in watching and 'class="edit-link"' not in watching
    assert "delete-dialog" not in watching


def test_each_form_makes_its_revision(client, room):
    client.force_login(room.chair)
    response = _post(client, room, do="edit_text", eid="title", segment=0, text="Example of a form")
    assert response.status_code == 302 and response["Location"].endswith("?edit=title#p-title")
    assert _text(room, "title") == ["Example of a form"]
    # The words to bracket are named by themselves: no selection without the script.
    _post(client, room, do="bracket_span", eid="considering__a", words="critical",
          source="usa", text="vital")  # fmt: skip
    pieces = _text(room, "considering__a")
    assert pieces[1] == [
        {"text": "critical", "sources": ["BASE"]},
        {"text": "vital", "sources": ["USA"]},
    ]
    _post(client, room, do="choose_alternative:1:1", eid="considering__a")
    assert _text(room, "considering__a") == [
        "that information and communication technologies are vital to development;"
    ]
    _post(client, room, do="add_footnote", eid="considering__a", text="From the chair.")
    _post(client, room, do="set_status", eid="considering__a", status="agreed")
    response = _post(client, room, do="add_provision", eid="considering__a", kind="preamble_item",
                     depth=0, text="that forms work without the script;", sponsors="eur, usa")  # fmt: skip
    added = Revision.objects.get(draft=room.draft, number=6).operation
    assert added["sponsors"] == ["EUR", "USA"] and added["after"] == "considering__a"
    assert response["Location"].endswith(f"?edit={added['eid']}#p-{added['eid']}")
    _post(client, room, do="move_provision", eid=added["eid"], after="considering")
    order = [p["eid"] for p in Draft.objects.get(pk=room.draft.pk).state["provisions"]]
    assert order.index(added["eid"]) == order.index("considering") + 1
    draft = Draft.objects.get(pk=room.draft.pk)
    assert draft.head == 7
    assert list(Revision.objects.filter(draft=draft).values_list("author", flat=True)) == [room.chair.pk] * 7


def test_a_deletion_asks_for_the_tick_and_is_undone_by_a_new_revision(client, room):
    client.force_login(room.chair)
    response = _post(client, room, do="delete_provision", eid="considering__b")
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert any("Tick the box" in m for m in _messages(follow))
    assert Draft.objects.get(pk=room.draft.pk).head == 0
    response = _post(client, room, do="delete_provision", eid="considering__b", confirm="yes")
    assert response["Location"].endswith("?deleted=1#undo-bar")
    page = client.get(response["Location"]).content.decode()
    assert "considering__b" not in [p["eid"] for p in Draft.objects.get(pk=room.draft.pk).state["provisions"]]
    assert f'action="/drafts/{room.draft.pk}/undo/"' in page and 'name="number" value="1"' in page
    response = client.post(f"/drafts/{room.draft.pk}/undo/", {"number": 1, "meeting": ""})
    assert response.status_code == 302 and response["Location"].endswith("#p-considering__b")
    undo = Revision.objects.get(draft=room.draft, number=2)
    assert undo.undoes == 1 and undo.eids == ["considering__b"]
    assert _text(room, "considering__b") == ["that security in their use is a shared concern,"]
    # History is kept: the deletion is still revision 1.
    assert Revision.objects.get(draft=room.draft, number=1).operation["op"] == "delete_provision"


def test_refusals_are_named_and_change_nothing(client, room):
    client.force_login(room.chair)
    cases = [
        ({"do": "bracket_span", "eid": "considering__a", "words": "not there", "source": "USA"},
         "are not in the agreed text"),
        ({"do": "bracket_span", "eid": "considering__a", "words": " "}, "Write the words"),
        ({"do": "set_status", "eid": "resolves__para_1", "status": "agreed"}, "bracket"),
        ({"do": "edit_text", "eid": "nowhere", "segment": 0, "text": "x"}, "nowhere"),
        ({"do": "explode", "eid": "title"}, "no change the editor knows"),
        ({"do": "edit_text", "eid": "title", "text": "x"}, "incomplete"),
        ({"do": "move_provision", "eid": "considering__a", "after": "resolves"}, ""),
    ]  # fmt: skip
    for fields, words in cases:
        response = _post(client, room, **fields)
        assert response.status_code == 302, fields
        said = " ".join(_messages(client.get(response["Location"])))
        assert said and words in said, (fields, said)
    assert Draft.objects.get(pk=room.draft.pk).head == 0
    # A stale edit is refused with what changed, not merged.
    _post(client, room, do="edit_text", eid="title", segment=0, text="Example of a first edit")
    response = _post(client, room, do="edit_text", eid="title", segment=0, text="Late", base=0)
    assert "changed" in " ".join(_messages(client.get(response["Location"]))).lower()
    assert _text(room, "title") == ["Example of a first edit"]


def test_only_the_pen_posts_and_strangers_see_nothing(client, room):
    client.force_login(room.delegate)
    response = _post(client, room, do="edit_text", eid="title", segment=0, text="Mine")
    assert response.status_code == 403
    assert client.post(f"/drafts/{room.draft.pk}/undo/", {"number": 1}).status_code == 403
    client.force_login(room.outsider)
    assert _post(client, room, do="edit_text", eid="title", segment=0, text="Mine").status_code == 404
    client.logout()
    response = _post(client, room, do="edit_text", eid="title", segment=0, text="Mine")
    assert response.status_code == 302 and "next=" in response["Location"]
    assert client.get(f"/drafts/{room.draft.pk}/edit/").status_code == 405
    assert Draft.objects.get(pk=room.draft.pk).head == 0
