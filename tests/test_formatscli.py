"""The file commands: plenipot proposals and plenipot export, without Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from plenipot.cli import main
from plenipot.engine import derive_proposals, parse_instrument, print_instrument
from plenipot.formats.akn import akn_instrument
from plenipot.formats.docx_out import revision_docx

RESOLUTION = Path(__file__).parents[1] / "src" / "plenipot" / "demo" / "data" / "resolutions"


@pytest.fixture
def files(tmp_path):
    base_text = (RESOLUTION / "101.txt").read_text(encoding="utf-8")
    base = parse_instrument(base_text)
    edited = parse_instrument(
        base_text.replace("an important tool", "an essential tool").replace(
            "closer cooperation", "much closer cooperation"
        )
    )
    paths = {"base": tmp_path / "101.txt", "edited": tmp_path / "eur.txt"}
    paths["base"].write_text(base_text, encoding="utf-8")
    paths["edited"].write_text(print_instrument(edited), encoding="utf-8")
    paths["docx"] = tmp_path / "eur.docx"
    paths["docx"].write_bytes(
        revision_docx(base, edited, author="EUR", date="2014-10-21T10:00:00Z")
    )
    paths["objects"] = (base, edited)
    return paths


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_proposals_as_text_and_json(files, capsys):
    code, out, err = run(capsys, "proposals", files["docx"], "--base", files["base"])
    assert code == 2 and "whose proposals these are" in err  # Word's author is no source
    code, out, err = run(
        capsys, "proposals", files["docx"], "--base", files["base"], "--source", "eur"
    )
    assert code == 0, err
    assert "EUR/1/1 MOD recognizing__a" in out or "EUR/1/1 MOD resolves__para_1" in out
    assert "changed by EUR on 2014-10-21T10:00:00Z" in out
    code, out, _ = run(capsys, "proposals", files["docx"], "--format", "json", "--source", "eur")
    data = json.loads(out)
    base, edited = files["objects"]
    assert [p["target"] for p in data["proposals"]] == [
        p.target for p in derive_proposals(base, edited, source="EUR")
    ]
    assert data["proposals"][0]["author"] == "EUR"


def test_unmatched_targets_are_reported_with_status_1(files, capsys, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(
        files["base"].read_text().replace("considering\n", "considering\na) an extra item;\n", 1)
        .replace("\nb) ", "\nc) ").replace("a) that networks", "b) that networks"),
        encoding="utf-8",
    )  # fmt: skip
    code, out, err = run(capsys, "proposals", files["docx"], "--base", other, "--source", "eur")
    assert code == 1
    assert "not matched" in out and "plenipot: warning:" in err


@pytest.mark.parametrize("fmt", ["docx", "pdf", "akn", "html"])
def test_export_every_format(files, capsys, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    code, _, err = run(capsys, "export", fmt, files["base"], "-o", out)
    assert code == 0, err
    data = out.read_bytes()
    start = {"docx": b"PK", "pdf": b"%PDF", "akn": b"<?xml", "html": b"<!DOCTYPE html>"}[fmt]
    assert data.startswith(start)
    if fmt == "akn":
        assert akn_instrument(data) == files["objects"][0]


def test_export_with_revision_marks(files, capsys, tmp_path):
    out = tmp_path / "rev.docx"
    code, _, err = run(
        capsys, "export", "docx", files["edited"], "--base", files["base"], "-o", out
    )
    assert code == 0, err
    code, text, _ = run(capsys, "proposals", out, "--base", files["base"], "--source", "eur")
    assert code == 0 and "MOD" in text


def test_export_a_bracketed_draft(files, capsys, tmp_path):
    draft = tmp_path / "draft.txt"
    code, text, _ = run(capsys, "consolidate", files["base"], files["edited"])
    draft.write_text(text, encoding="utf-8")
    out = tmp_path / "draft.akn"
    code, _, err = run(capsys, "export", "akn", draft, "-o", out)
    assert code == 0, err
    assert b'name="bracket"' in out.read_bytes()


def test_bad_input(files, capsys, tmp_path):
    code, _, err = run(capsys, "proposals", tmp_path / "none.docx")
    assert code == 2 and "none.docx: no such file" in err
    doc = tmp_path / "old.docx"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    code, _, err = run(capsys, "proposals", doc)
    assert code == 2 and "Word 97-2003" in err
    huge = tmp_path / "huge.docx"
    with huge.open("wb") as f:  # a sparse file of 200 MB: refused before it is read
        f.truncate(200 * 1024 * 1024)
    code, _, err = run(capsys, "proposals", huge)
    assert code == 2 and "200.0 MB" in err
    bidi = tmp_path / "bidi.txt"
    bidi.write_text(files["base"].read_text().replace("networks", "net\u202eworks", 1))
    code, _, err = run(capsys, "export", "html", bidi, "-o", tmp_path / "x.html")
    assert code == 2 and "bidirectional override" in err


def test_runs_as_a_subprocess_without_django(files, tmp_path):
    code = (
        "import sys; from plenipot.cli import main; rc = main(sys.argv[1:]); "
        "assert 'django' not in sys.modules, 'Django was imported'; sys.exit(rc)"
    )
    out = tmp_path / "x.docx"
    result = subprocess.run(
        [sys.executable, "-c", code, "export", "docx", str(files["base"]), "-o", str(out)],
        capture_output=True, text=True, check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"PK")
