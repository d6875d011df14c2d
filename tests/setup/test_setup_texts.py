"""The texts in force of a set-up file: a Word file is read as the site reads an imported
text (the same reader as plain text and Akoma Ntoso), in any of the six languages; a
file that holds another instrument, or one with tracked changes, is refused with its
line; and a text that proposals already depend on is not changed by running the file
again."""

from __future__ import annotations

from pathlib import Path

import pytest

from plenipot.cli import main
from plenipot.engine import parse_instrument, print_instrument
from plenipot.formats.common import DocumentHeader
from plenipot.formats.docx_out import instrument_docx, revision_docx

ROOT = Path(__file__).resolve().parents[2]
TEXT_101 = (ROOT / "examples" / "resolution-101.txt").read_text(encoding="utf-8")
ARABIC_101 = (ROOT / "tests" / "formats" / "data" / "ar.txt").read_text(encoding="utf-8")

pytestmark = pytest.mark.django_db

SETUP = """member_states = ["EGY", "JOR", "MAR"]
delegations = "all"

[conference]
name = "Arab Regional Preparatory Meeting"
short_name = "ARB-RPM"
city = "Cairo"
country = "Egypt"
start = 2027-05-03
end = 2027-05-05
languages = ["ar", "en"]

[[bodies]]
code = "PL"
name = "Plenary"
"""


def _setup(tmp_path, capsys, instruments: str, files: dict[str, bytes]) -> tuple[int, str, str]:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    path = tmp_path / "arb.toml"
    path.write_text(SETUP + instruments, encoding="utf-8")
    capsys.readouterr()
    code = main(["setup", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_word_files_are_read_as_the_site_reads_an_imported_text(tmp_path, capsys):
    from plenipot.negotiation.models import Instrument

    english = instrument_docx(parse_instrument(TEXT_101), DocumentHeader(symbol="Document 4-E"))
    arabic = instrument_docx(parse_instrument(ARABIC_101), DocumentHeader(language="ar"))
    code, _out, err = _setup(
        tmp_path, capsys,
        '[[instruments]]\nnumber = "101"\nfile = "r101.docx"\n\n'
        '[[instruments]]\nkind = "decision"\nnumber = "1"\nfile = "stand-in.txt"\n',
        {"r101.docx": english, "stand-in.txt": _decision()},
    )  # fmt: skip
    assert code == 0, err
    r101 = Instrument.objects.get(conference__short_name="ARB-RPM", kind="resolution")
    assert r101.text == print_instrument(parse_instrument(TEXT_101))
    assert r101.title == "Internet Protocol-based networks"
    # The same file in Arabic: its number line names Resolution 101 too.
    code, _out, err = _setup(
        tmp_path, capsys, '[[instruments]]\nnumber = "101"\nfile = "r101-ar.docx"\n',
        {"r101-ar.docx": arabic},
    )  # fmt: skip
    assert code == 0, err
    r101.refresh_from_db()
    assert r101.text == print_instrument(parse_instrument(ARABIC_101))
    assert r101.title == "الشبكات القائمة على بروتوكول الإنترنت"


def _decision() -> bytes:
    return (
        b"Decision 1 (Cairo, 2027)\nWorking methods\n\nThe Regional Preparatory Meeting,\n\n"
        b"decides\nto meet once a year.\n"
    )


@pytest.mark.parametrize(
    ("entry", "data", "words"),
    [
        ('number = "102"\nfile = "r.docx"', "plain", "r.docx holds Resolution 101 (Rev. Guadalajara, 2010), not Resolution 102."),
        ('kind = "decision"\nnumber = "101"\nfile = "r.docx"', "plain", "r.docx holds Resolution 101 (Rev. Guadalajara, 2010), not Decision 101."),
        ('number = "101"\nfile = "r.docx"', "tracked", "r.docx: the file has tracked changes"),
        ('number = "101"\nfile = "r.docx"', "table", "r.docx: the text has a table after 'resolves' ('Band')"),
    ],
    ids=["another-number", "another-kind", "tracked-changes", "a-table"],
)  # fmt: skip
def test_a_word_file_that_is_not_the_text_in_force_is_refused_with_its_line(
    tmp_path, capsys, entry, data, words
):
    from plenipot.conference.models import Conference

    base = parse_instrument(TEXT_101)
    content = {
        "plain": lambda: instrument_docx(base),
        "tracked": lambda: revision_docx(
            base, parse_instrument(TEXT_101.replace("Internet Protocol", "IP", 1))
        ),
        "table": lambda: _with_table(instrument_docx(base)),
    }[data]()
    code, _out, err = _setup(tmp_path, capsys, f"[[instruments]]\n{entry}\n", {"r.docx": content})
    assert code == 2
    # Another instrument is refused on its number, an unreadable file on the file.
    key = "number" if data == "plain" else "file"
    keys = [line.split(" ")[0] for line in entry.splitlines()]
    line = len((SETUP + "[[instruments]]\n").splitlines()) + keys.index(key) + 1
    assert f"arb.toml, line {line}: {words}" in err, err
    assert not Conference.objects.filter(short_name="ARB-RPM").exists()


def _with_table(data: bytes) -> bytes:
    """A Word file with a table put in the middle of its text."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["word/document.xml"].decode()
    at = xml.index("<w:p>", xml.index("resolves"))  # a paragraph after the heading
    table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Band</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    parts["word/document.xml"] = (xml[:at] + table + xml[at:]).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, part in parts.items():
            z.writestr(name, part)
    return out.getvalue()


def test_a_text_that_proposals_depend_on_is_not_changed_by_the_file(tmp_path, capsys):
    from plenipot.documents.services import document_create, proposal_create
    from plenipot.negotiation.models import Instrument

    entry = '[[instruments]]\nnumber = "101"\nfile = "r101.txt"\n'
    code, _out, err = _setup(tmp_path, capsys, entry, {"r101.txt": TEXT_101.encode()})
    assert code == 0, err
    instrument = Instrument.objects.get(number="101")
    changed = TEXT_101.replace("Internet Protocol-based networks", "IP-based networks", 1)
    # Nothing depends on the text yet: the file changes it.
    code, out, err = _setup(tmp_path, capsys, entry, {"r101.txt": changed.encode()})
    assert code == 0 and "Resolution 101: changed" in out, err
    document = document_create(
        conference=instrument.conference, number="5", kind="input", title="Proposals",
        date=instrument.conference.start,
    )  # fmt: skip
    proposal_create(document=document, symbol="EGY/5/1", mark="SUP", instrument=instrument,
                    target="resolves__para_1")  # fmt: skip
    code, _out, err = _setup(tmp_path, capsys, entry, {"r101.txt": TEXT_101.encode()})
    assert code == 2
    assert "The text of Resolution 101 can no longer be replaced: proposals (1) depend on it." in err
    instrument.refresh_from_db()
    assert instrument.title == "IP-based networks"
