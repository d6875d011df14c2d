"""The conference archive: the demo's public record as static files whose links all
resolve inside the folder, with no script or form, and nothing the access policy keeps
from the public (the leak crawl's needles, run over every file of the archive)."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from plenipot.operations.archive import ArchiveError, _file_name, _key, archive_write

LINK = re.compile(r'(?:href|src)="([^"]*)"')


def test_addresses_map_to_files_and_only_the_public_record_is_followed():
    assert _file_name("/", page=True) == "index.html"
    assert _file_name("/documents/12/", page=True) == "documents/12/index.html"
    assert _file_name("/documents/?page=2", page=True) == "documents/index-page-2.html"
    assert _file_name("/feeds/documents.atom", page=False) == "feeds/documents.atom"
    assert (
        _file_name("/submissions/export/document/7.pdf?marks=itu", page=False)
        == "submissions/export/document/7-marks-itu.pdf"
    )
    assert _key("/documents/?page=2&q=x") is None  # searches are not the record
    assert _key("/documents/?page=2") == "/documents/?page=2"
    for private in ("/admin/", "/api/v1/documents", "/accounts/login/", "/tracker/registry/",
                    "/planning/", "/translation/", "/metrics", "https://elsewhere.example/"):
        assert _key(private) is None, private


def test_the_demo_archive_is_whole_and_holds_nothing_restricted(demo_conference, tmp_path):
    from plenipot.documents.access import document_readable
    from plenipot.documents.models import Document
    from test_leaks import _needles

    outcome = archive_write(dest=tmp_path / "archive", languages=["en"])
    root = outcome.folder
    assert not outcome.failures
    assert outcome.pages > 150 and outcome.files > 20

    documents = list(Document.objects.select_related("body", "release").prefetch_related("sources"))
    public = [d for d in documents if document_readable(None, d)]
    restricted = [d for d in documents if not document_readable(None, d)]
    assert len(restricted) >= 3 and public
    needles = [(d, kind, pattern) for d in restricted for kind, pattern in _needles(d)]

    leaks, broken, scripts = [], [], []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix in (".pdf", ".docx"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for document, kind, pattern in needles:
            if pattern.search(text):
                leaks.append(f"{path.relative_to(root)}: {kind} of {document.number or document.pk}")
        if path.suffix != ".html":
            continue
        if "<script" in text or "<form" in text:
            scripts.append(str(path.relative_to(root)))
        for link in LINK.findall(text):
            if not link or link.startswith(("#", "http:", "https:", "mailto:")):
                continue
            if not (path.parent / unquote(link.split("#")[0])).is_file():
                broken.append(f"{path.relative_to(root)} -> {link}")
    assert not leaks, "\n".join(leaks[:20])
    assert not broken, "\n".join(broken[:20])
    assert not scripts, scripts[:5]
    for document in restricted:
        assert not (root / "en" / "documents" / str(document.pk)).exists()
    for document in public[:5]:
        assert (root / "en" / "documents" / str(document.pk) / "index.html").is_file()
    assert (root / "en" / "tracker" / "final-acts" / "index.html").is_file()
    assert list((root / "submissions" / "export").rglob("*.pdf"))
    assert list((root / "submissions" / "export").rglob("*.akn"))
    index = (root / "index.html").read_text(encoding="utf-8")
    assert 'href="en/index.html"' in index and demo_conference.name in index


def test_an_archive_goes_only_into_a_new_folder(conference, tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file").write_text("x")
    with pytest.raises(ArchiveError, match="not an empty folder"):
        archive_write(dest=tmp_path / "taken")
    with pytest.raises(ArchiveError, match="'xx' is not a language"):
        archive_write(dest=tmp_path / "new", languages=["xx"])
    assert not (tmp_path / "new").exists()


@pytest.fixture
def demo_conference(db):
    from plenipot.demo.loader import demo_load

    return demo_load().conference


