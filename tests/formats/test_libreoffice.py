"""A real peer: every DOCX we write opens in LibreOffice (headless) and converts to PDF
with the text intact, and a DOCX that LibreOffice writes from a document with tracked
changes imports as the same proposals.

LibreOffice runs once per session for all files (it takes a few seconds to start)."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest

from plenipot.engine import consolidate, derive_proposals
from plenipot.formats.common import DocumentHeader
from plenipot.formats.docx_in import extract_proposals
from plenipot.formats.docx_out import draft_docx, instrument_docx, proposals_docx, revision_docx

pytestmark = [pytest.mark.libreoffice, pytest.mark.poppler]


def _soffice(folder: Path, target: str, files: list[Path], outdir: Path) -> None:
    subprocess.run(
        [
            "soffice", "--headless", "--norestore",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--convert-to", target, "--outdir", str(outdir), *map(str, files),
        ],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip


@pytest.fixture(scope="session")
def converted(tmp_path_factory, base, edited, arabic):
    folder = tmp_path_factory.mktemp("libreoffice")
    draft = consolidate(base, derive_proposals(base, edited, source="EUR"))
    docs = {
        "instrument": instrument_docx(base, DocumentHeader(symbol="Document 27-E")),
        "tracked": revision_docx(base, edited, author="EUR", date="2014-10-21T10:00:00Z"),
        "itu": revision_docx(base, edited, marks="itu"),
        "draft": draft_docx(draft),
        "arabic": instrument_docx(arabic, DocumentHeader(language="ar")),
        "proposals": proposals_docx(base, derive_proposals(base, edited, source="EUR")),
    }
    paths = []
    for name, data in docs.items():
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        paths.append(path)
    pdf_dir, odt_dir, back_dir = folder / "pdf", folder / "odt", folder / "back"
    _soffice(folder, "pdf", paths, pdf_dir)
    # LibreOffice reads our tracked changes, keeps them in its own format, writes a new DOCX
    _soffice(folder, "odt", [folder / "tracked.docx"], odt_dir)
    _soffice(folder, "docx:MS Word 2007 XML", [odt_dir / "tracked.odt"], back_dir)
    return {
        "folder": folder,
        "pdf": pdf_dir,
        "back": back_dir / "tracked.docx",
        "names": list(docs),
    }


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    return " ".join(out.split())


def test_every_docx_converts_to_pdf(converted):
    for name in converted["names"]:
        assert (converted["pdf"] / f"{name}.pdf").stat().st_size > 1000, name


def test_text_is_intact_in_libreoffice(converted, base):
    text = _text(converted["pdf"] / "instrument.pdf")
    for eid in base.eids():
        words = " ".join(base.text_of(eid).split()[:6])
        assert words in text, eid


def test_tracked_changes_show_both_wordings(converted):
    text = _text(converted["pdf"] / "tracked.pdf")
    assert "important" in text and "essential" in text  # LibreOffice shows changes by default


def test_libreoffice_docx_with_tracked_changes_imports(converted, base, edited):
    data = converted["back"].read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # written by LibreOffice, not by us
        assert b"LibreOffice" in z.read("docProps/app.xml")
    found = extract_proposals(data, base=base, source="EUR")
    assert found.problems == []
    assert found.proposals == list(derive_proposals(base, edited, source="EUR"))
    assert set(found.authors.values()) == {("EUR", "2014-10-21T10:00:00Z")}


def test_arabic_survives(converted):
    assert "الشبكات" in _text(converted["pdf"] / "arabic.pdf")
