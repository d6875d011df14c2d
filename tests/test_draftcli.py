"""`plenipot draft`: the drafting room from a terminal, through the same services and
access policy as the page and the API."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from plenipot.cli import main

# The drafting room of tests/negotiation (a fixture of that folder's conftest).
_spec = importlib.util.spec_from_file_location(
    "negotiation_room_fixture", Path(__file__).parent / "negotiation" / "conftest.py"
)
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
room = _module.room


def _edit(room, eid, words, base, *, op="edit_text", **extra):
    from plenipot.negotiation.services import operation_apply

    operation = {"op": op, "eid": eid, **extra}
    if op == "edit_text":
        operation.update(segment=0, text=words)
    return operation_apply(
        draft_id=room.draft.pk, user=room.chair, operation=operation, base=base, description=words
    )


def run(capsys, *args):
    code = main(["draft", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_only_the_drafts_the_account_may_watch(room, capsys):
    code, out, _ = run(capsys, "list", "--user", "delegate")
    assert code == 0
    assert f"{room.draft.pk}  AHG-999  r0" in out and "Resolution 999" in out
    # The ad hoc group is open to delegations only: a visitor and an outsider see nothing.
    assert run(capsys, "list")[1] == "No drafts.\n"
    assert run(capsys, "list", "--user", "outsider")[1] == "No drafts.\n"
    assert "AHG-999" in run(capsys, "list", "--user", "delegate", "--body", "AHG-999")[1]
    assert run(capsys, "list", "--user", "delegate", "--body", "PL")[1] == "No drafts.\n"
    code, _, err = run(capsys, "list", "--body", "NOPE")
    assert code == 2 and "there is no body NOPE in PP-14" in err
    code, _, err = run(capsys, "list", "--user", "nobody")
    assert code == 2 and "no active account 'nobody'" in err


def test_show_prints_the_text_now_or_at_a_revision(room, capsys):
    from plenipot.engine.draftformat import parse_draft
    from plenipot.negotiation.selectors import draft_text

    _edit(room, "title", "Example of an amended instrument", 0)
    _edit(room, "resolves__para_2", "", 1, op="set_status", status="agreed_ad_referendum")
    _edit(room, "resolves__para_1", "", 2, op="add_footnote", text="One delegation reserves.")
    draft_id = str(room.draft.pk)

    code, out, _ = run(capsys, "show", draft_id, "--user", "delegate")
    assert code == 0
    assert out.startswith("Resolution 999 · AHG-999 · revision 3 of 3\n")
    assert "Example of an amended instrument" in out
    assert (
        "1 to continue to give this work [BASE: high | EUR: the highest] priority;\n"
        "    [1] One delegation reserves.\n"
        "2 to invite the Sectors to report to the Council,  (agreed ad referendum)\n" in out
    )

    code, out, _ = run(capsys, "show", draft_id, "--user", "delegate", "--revision", "0")
    assert code == 0 and "revision 0 of 3" in out
    assert "Example of an amended instrument" not in out and "(agreed" not in out

    # The bracketed format reads back as the same draft.
    code, out, _ = run(capsys, "show", draft_id, "--user", "chair", "--format", "bracketed")
    assert code == 0
    room.draft.refresh_from_db()
    assert parse_draft(out) == draft_text(room.draft).draft


def test_show_refuses_bad_input(room, capsys):
    draft_id = str(room.draft.pk)
    code, _, err = run(capsys, "show", draft_id, "--user", "delegate", "--revision", "4")
    assert code == 2
    assert f"there is no revision 4 of draft {draft_id}: its revisions are 0 to 0" in err
    code, _, err = run(capsys, "show", draft_id, "--user", "delegate", "--revision", "-1")
    assert code == 2 and "revision must be a number from 0, not '-1'" in err
    code, _, err = run(capsys, "show", draft_id, "--user", "delegate", "--revision", "last")
    assert code == 2 and "revision must be a number, not 'last'" in err
    code, _, err = run(capsys, "show", "DT/1", "--user", "delegate")
    assert code == 2 and "a draft is named by its number, not 'DT/1'" in err
    with pytest.raises(SystemExit):
        main(["draft", "show", draft_id, "--format", "html"])
    capsys.readouterr()


def test_a_draft_the_account_may_not_watch_is_answered_as_a_missing_one(room, capsys):
    missing = str(room.draft.pk + 1000)
    draft_id = str(room.draft.pk)
    expected = "plenipot: error: there is no draft {}\n"
    for command in (
        ["show"],
        ["history"],
        ["provenance"],
        ["diff", "__ID__", "0", "0"],
        ["snapshot", "__ID__", "First reading"],
    ):
        for identifier, user in ((missing, "chair"), (draft_id, "outsider"), (draft_id, None)):
            args = [identifier if a == "__ID__" else a for a in command]
            if len(args) == 1:
                args.append(identifier)
            if user is not None:
                args += ["--user", user]
            elif command[0] == "snapshot":
                continue  # --user is required there
            code, out, err = run(capsys, *args)
            assert (code, out, err) == (2, "", expected.format(identifier)), args


def test_history_and_diff(room, capsys):
    _edit(room, "title", "Example of an amended instrument", 0)
    _edit(room, "resolves__para_2", "to invite all three Sectors to report to the Council,", 1)
    draft_id = str(room.draft.pk)

    code, out, _ = run(capsys, "history", draft_id, "--user", "delegate")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Resolution 999 · AHG-999 · 2 revisions"
    assert lines[1].startswith("r1  ") and "  chair  " in lines[1]
    assert lines[1].endswith("Example of an amended instrument  [title]")
    assert lines[2].startswith("r2  ") and lines[2].endswith("[resolves__para_2]")

    code, out, _ = run(capsys, "diff", draft_id, "1", "2", "--user", "delegate")
    assert code == 0
    assert "revision 1 → 2" in out
    assert "resolves__para_2 (changed)" in out and "{+all three+}" in out
    assert "title" not in out.split("\n", 1)[1]
    code, out, _ = run(capsys, "diff", draft_id, "2", "2", "--user", "delegate")
    assert out.endswith("No change.\n")

    code, _, err = run(capsys, "diff", draft_id, "0", "3", "--user", "delegate")
    assert code == 2
    assert f"there is no revision 3 of draft {draft_id}: its revisions are 0 to 2" in err
    code, _, err = run(capsys, "diff", draft_id, "x", "1", "--user", "delegate")
    assert code == 2 and "revision A must be a number, not 'x'" in err


def test_provenance_names_who_put_the_words_there(room, capsys):
    _edit(room, "resolves__para_2", "to invite all three Sectors to report to the Council,", 0)
    code, out, _ = run(capsys, "provenance", str(room.draft.pk), "--user", "delegate")
    assert code == 0
    # The EUR amendment's wording, and the pen's edit in revision 1.
    assert "  BASE (alternative 1): high\n  EUR (alternative 2): the highest\n" in out
    assert "\nresolves__para_2\n" in out
    after = out.split("\nresolves__para_2\n", 1)[1]
    assert after.startswith(
        "  BASE: to invite\n  PEN/r1: all three\n  BASE: Sectors to report to the Council,\n"
    )


def test_snapshot_is_saved_by_the_pen_only(room, capsys):
    from plenipot.negotiation.models import Snapshot

    draft_id = str(room.draft.pk)
    code, _, err = run(capsys, "snapshot", draft_id, "First reading", "--user", "delegate")
    assert code == 2
    # The action's words, as the API and the drafting room's socket say them.
    assert err == "plenipot: error: Only the pen (the body's chair and secretariat) saves snapshots.\n"
    code, _, err = run(capsys, "snapshot", draft_id, "  ", "--user", "chair")
    assert code == 2 and err == "plenipot: error: A snapshot needs a name.\n"
    assert not Snapshot.objects.exists()

    code, out, _ = run(capsys, "snapshot", draft_id, "First reading", "--user", "chair")
    assert code == 0
    first = Snapshot.objects.get()
    assert out == f"Saved 'First reading' at revision 0 of draft {draft_id} as {first.document}\n"
    _edit(room, "title", "Example of an amended instrument", 0)
    code, out, _ = run(capsys, "snapshot", draft_id, "Second reading", "--user", "secretariat")
    assert code == 0
    second = Snapshot.objects.get(name="Second reading")
    assert second.revision == 1 and second.document.revision == 1
    assert str(second.document) in out and "(Rev.1)" in out
