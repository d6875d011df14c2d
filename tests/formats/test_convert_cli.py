"""`plenipot convert`: a text in force between plain text, Akoma Ntoso and Word; and the
check that `plenipot proposals --base` is given an instrument."""

from __future__ import annotations

from pathlib import Path

from plenipot.cli import main
from plenipot.engine import parse_instrument, print_instrument

RESOLUTIONS = Path(__file__).parents[2] / "src" / "plenipot" / "demo" / "data" / "resolutions"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_text_goes_round_akn_and_word(tmp_path, capsys):
    source = RESOLUTIONS / "101.txt"
    text = source.read_text(encoding="utf-8")
    assert run(capsys, "convert", source, "--to", "akn", "-o", tmp_path / "101.xml")[0] == 0
    assert (
        run(capsys, "convert", tmp_path / "101.xml", "--to", "docx", "-o", tmp_path / "101.docx")[0]
        == 0
    )
    code, out, err = run(capsys, "convert", tmp_path / "101.docx", "--to", "text")
    assert code == 0, err
    assert parse_instrument(out) == parse_instrument(text)
    assert out == print_instrument(parse_instrument(text))


def test_what_cannot_be_converted_is_said(tmp_path, capsys):
    other = tmp_path / "notes.md"
    other.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "convert", other, "--to", "text")
    assert code == 2 and "expected a .txt, .xml (Akoma Ntoso) or .docx file" in err
    act = tmp_path / "act.xml"
    act.write_text(
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act/></akomaNtoso>'
    )
    code, _, err = run(capsys, "convert", act, "--to", "text")
    assert code == 2 and "<act>, not a <statement>" in err
    code, _, err = run(capsys, "convert", RESOLUTIONS / "101.txt", "--to", "docx")
    assert code == 2 and "-o" in err


def test_a_base_that_is_no_instrument_is_refused_with_what_it_lacks(tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text(
        "Minutes\nOf the first meeting\n\nThe meeting opened at ten\n", encoding="utf-8"
    )
    docx = tmp_path / "x.docx"
    docx.write_bytes(b"PK")
    code, _, err = run(capsys, "proposals", docx, "--base", notes)
    assert code == 2
    assert "names no resolution, decision or recommendation" in err
    assert "does not end with a comma" in err and "no heading" in err
