"""PDF out through WeasyPrint: Arabic and Chinese are set in Noto fonts and the text
survives into the PDF."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from plenipot.formats.common import DocumentHeader
from plenipot.formats.html_out import instrument_html
from plenipot.formats.pdf import draft_pdf, instrument_pdf, revision_pdf


def _fonts(path: Path) -> str:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return out.stdout.replace("-", "")


def _text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, base, edited, arabic, chinese) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    out = {
        "en": instrument_pdf(base, DocumentHeader(symbol="Document 27-E")),
        "ar": instrument_pdf(arabic, DocumentHeader(symbol="Document 27-A", language="ar")),
        "zh": instrument_pdf(chinese, DocumentHeader(symbol="Document 27-C", language="zh")),
        "rev": revision_pdf(base, edited),
    }
    paths = {}
    for name, data in out.items():
        assert data.startswith(b"%PDF-")
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


def test_arabic_page_is_right_to_left():
    html = instrument_html(
        __import__("plenipot.engine", fromlist=["parse_instrument"]).parse_instrument(
            (Path(__file__).parent / "data" / "ar.txt").read_text(encoding="utf-8")
        ),
        DocumentHeader(language="ar"),
    )
    assert "dir='rtl'" in html and "lang='ar'" in html


@pytest.mark.poppler
@pytest.mark.noto_fonts
def test_arabic_uses_an_arabic_noto_font(pdfs):
    assert "NotoNaskhArabic" in _fonts(pdfs["ar"]) or "NotoSansArabic" in _fonts(pdfs["ar"])


@pytest.mark.poppler
@pytest.mark.noto_fonts
def test_chinese_uses_a_cjk_noto_font_and_keeps_its_text(pdfs):
    assert "CJK" in _fonts(pdfs["zh"])
    assert "基于互联网协议的网络" in _text(pdfs["zh"]).replace(" ", "")


@pytest.mark.poppler
def test_english_text_is_intact(pdfs, base):
    text = " ".join(_text(pdfs["en"]).split())
    assert base.title in text
    assert "Document 27-E" in text


def test_draft_pdf_renders(base, edited):
    from plenipot.engine import consolidate, derive_proposals

    draft = consolidate(base, derive_proposals(base, edited, source="EUR"))
    assert draft_pdf(draft).startswith(b"%PDF-")


def test_nothing_is_fetched_from_outside(base):
    from plenipot.formats.pdf import html_pdf

    page = "<html><body><img src='http://attacker.example/x.png'><p>ok</p></body></html>"
    assert html_pdf(page).startswith(b"%PDF-")  # the image is refused, the page renders


def test_header_labels_follow_the_document_language():
    rows = DocumentHeader(symbol="Document 64-A", original_language="en", language="ar").rows()
    assert rows == [("الوثيقة", "Document 64-A"), ("الأصل", "الإنكليزية")]
    assert DocumentHeader(body="Committee 5").rows() == [
        ("Original", "English"),
        ("Body", "Committee 5"),
    ]


@pytest.mark.poppler
@pytest.mark.noto_fonts
@pytest.mark.parametrize("language", ["en", "ar", "zh"])
def test_first_page_renders_with_ink(pdfs, language, tmp_path):
    """pdftoppm draws the first page as a greyscale bitmap: a page whose glyphs are
    missing or blank comes out white."""
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "72", "-gray", str(pdfs[language]),
         str(tmp_path / "page")],
        check=True, capture_output=True,
    )
    (bitmap,) = tmp_path.glob("page*.pgm")
    data = bitmap.read_bytes()
    magic, width, height, maxval, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and int(maxval) == 255
    dark = sum(1 for value in pixels[: int(width) * int(height)] if value < 128)
    assert dark > 1000, f"{language}: {dark} dark pixels on the first page"
