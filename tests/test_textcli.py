"""The text commands, through plenipot.cli.main and once as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from plenipot.cli import main

EXAMPLE = (Path(__file__).parent / "engine" / "test_instrument.py").read_text(encoding="utf-8")
EXAMPLE = EXAMPLE.split('EXAMPLE = """\\\n', 1)[1].split('"""', 1)[0]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    texts = {
        "base": EXAMPLE,
        "eur": EXAMPLE.replace("high priority", "the highest priority").replace(
            "2 to invite", "2 to ask all Member States\n3 to invite"
        ),
        "arb": EXAMPLE.replace("high priority", "the highest priority").replace(
            "critical", "essential"
        ),
        "usa": EXAMPLE.replace("b) that security in their use is a shared concern,\n", ""),
    }
    out = {}
    for name, text in texts.items():
        out[name] = tmp_path / f"{name}.txt"
        out[name].write_text(text, encoding="utf-8")
    return out


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_diff_in_three_formats(files, capsys):
    code, out, _ = run(capsys, "diff", files["base"], files["eur"])
    assert code == 0
    assert "~ 1 to continue to give this work [-high-]{+the highest+} priority;" in out
    code, out, _ = run(capsys, "diff", files["base"], files["eur"], "--format", "html")
    assert "<del>high</del><ins>the highest</ins>" in out
    code, out, _ = run(capsys, "diff", files["base"], files["eur"], "--format", "json")
    statuses = {d["eid"]: d["status"] for d in json.loads(out)}
    assert statuses["resolves__para_1"] == "modified"


def test_consolidate_prints_a_bracketed_draft(files, capsys):
    code, out, _ = run(
        capsys, "consolidate", files["base"], files["eur"], files["arb"], files["usa"]
    )
    assert code == 0
    assert "[BASE: critical | ARB: essential]" in out
    assert "[BASE: that security in their use is a shared concern, | USA (no text)]" in out
    assert "[ADD EUR] 2 to ask all Member States" in out
    code, out, _ = run(capsys, "consolidate", files["base"], files["eur"], "--format", "json")
    assert json.loads(out)["labels"] == ["BASE", "EUR"]
    code, out, _ = run(capsys, "consolidate", files["base"], files["eur"], "--format", "html")
    assert '<div class="draft">' in out


@pytest.mark.parametrize("label", ["eur", "arb", "usa", "base", "BASE"])
def test_pick_gives_back_each_file(files, capsys, label):
    code, out, _ = run(
        capsys,
        "consolidate",
        files["base"],
        files["eur"],
        files["arb"],
        files["usa"],
        "--pick",
        label,
    )
    assert code == 0
    assert out == files[label.lower()].read_text(encoding="utf-8")


def test_a_saved_draft_can_be_read_back_and_picked(files, capsys, tmp_path):
    _, out, _ = run(capsys, "consolidate", files["base"], files["eur"], files["usa"])
    draft = tmp_path / "draft.txt"
    draft.write_text(out, encoding="utf-8")
    code, picked, _ = run(capsys, "consolidate", draft, "--pick", "usa")
    assert code == 0 and picked == files["usa"].read_text(encoding="utf-8")
    code, again, _ = run(capsys, "consolidate", draft)
    assert again == out


def test_compile_prints_the_synoptic_table(files, capsys):
    code, out, _ = run(capsys, "compile", files["base"], files["eur"], files["usa"])
    assert code == 0
    assert "considering__b  b)" in out
    assert "USA  SUP  USA/1/6" in out
    assert "EUR  NOC  EUR/1/6" in out
    code, out, _ = run(capsys, "compile", files["base"], files["eur"], "--format", "json")
    assert json.loads(out)["rows"][0]["eid"] == "number"


def test_variants_may_be_proposal_lists(files, capsys, tmp_path):
    proposals = tmp_path / "can.txt"
    proposals.write_text(
        "CAN/12/1 MOD resolves__para_1\nto act now;\nReasons: Urgency.\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "consolidate", files["base"], proposals, "--pick", "can")
    assert code == 0 and "1 to act now;" in out
    code, out, _ = run(capsys, "compile", files["base"], proposals)
    assert "Reasons: Urgency." in out


def _error(capsys, tmp_path, name: str, text: str, *argv: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, *[a.replace("{}", str(path)) for a in argv])
    assert code == 2
    assert err.startswith("plenipot: error: ")
    assert "Traceback" not in err
    return err


def test_bad_input_a_heading_with_no_items(files, capsys, tmp_path):
    text = EXAMPLE.replace(
        "recognizing\na) the work already done by the Sectors,\n", "recognizing\n"
    )
    err = _error(capsys, tmp_path, "eur.txt", text, "consolidate", str(files["base"]), "{}")
    assert f"{tmp_path / 'eur.txt'}:10: heading 'recognizing' has no items; expected" in err


def test_bad_input_mixed_numbering(files, capsys, tmp_path):
    text = EXAMPLE.replace("2 to invite the Sectors", "b) to invite the Sectors")
    err = _error(capsys, tmp_path, "new.txt", text, "diff", str(files["base"]), "{}")
    assert (
        "new.txt:15: expected an item numbered with a number like 1, 2, 3 under 'resolves', found 'b)'"
        in err
    )


def test_bad_input_unbalanced_brackets(files, capsys, tmp_path):
    _, draft, _ = run(capsys, "consolidate", files["base"], files["arb"])
    assert "are [BASE: critical | ARB: essential] to" in draft.splitlines()[6]
    text = draft.replace("ARB: essential] to", "ARB: essential to")
    err = _error(capsys, tmp_path, "draft.txt", text, "consolidate", "{}")
    assert (
        "draft.txt:7: unbalanced brackets: expected ']' to close the bracket opened at column 56"
        in err
    )


def test_bad_input_an_unknown_mark(files, capsys, tmp_path):
    text = "EUR/27/1 MOD resolves__para_1\nto act;\n\nEUR/27/2 CHANGE resolves__para_2\nto act;\n"
    err = _error(capsys, tmp_path, "eur.txt", text, "consolidate", str(files["base"]), "{}")
    assert (
        "eur.txt:4: expected a mark (ADD, ADD*, MOD, (MOD), SUP, SUP*, NOC), found 'CHANGE'" in err
    )


def test_bad_input_an_add_anchored_on_a_missing_provision(files, capsys, tmp_path):
    text = "EUR/27/1 MOD resolves__para_1\nto act;\n\nEUR/27/2 ADD resolves__para_8 kind=operative_item\nto report.\n"
    err = _error(capsys, tmp_path, "eur.txt", text, "compile", str(files["base"]), "{}")
    assert (
        "eur.txt:4: EUR/27/2: ADD is anchored on 'resolves__para_8', which is not a provision of the base text; expected"
        in err
    )


def test_bad_input_missing_file_and_unknown_pick_label(files, capsys, tmp_path):
    code, _, err = run(capsys, "diff", files["base"], tmp_path / "nowhere.txt")
    assert code == 2 and "nowhere.txt: no such file" in err
    code, _, err = run(capsys, "consolidate", files["base"], files["eur"], "--pick", "xyz")
    assert code == 2 and "--pick: expected one of the labels BASE, EUR, found 'xyz'" in err


def test_the_command_runs_as_a_subprocess_without_django(files):
    code = (
        "import sys; from plenipot.cli import main; rc = main(sys.argv[1:]); "
        "assert 'django' not in sys.modules, 'Django was imported'; sys.exit(rc)"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "consolidate",
            str(files["base"]),
            str(files["eur"]),
            "--pick",
            "eur",
        ],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(files["base"].parent)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == files["eur"].read_text(encoding="utf-8")
