"""DOCX out and in: revision marks written as Word's tracked changes and as ITU marks,
read back into the same proposals; ITU-style proposal documents; drafts with footnotes;
right-to-left paragraphs."""

from __future__ import annotations

import io
import zipfile

import pytest

from plenipot.engine import consolidate, derive_proposals
from plenipot.engine.instrument import Kind
from plenipot.engine.proposals import Mark, Proposal
from plenipot.formats.common import DocumentHeader
from plenipot.formats.docx_in import extract_proposals, instrument_text
from plenipot.formats.docx_out import (
    draft_docx,
    instrument_docx,
    instruments_docx,
    proposals_docx,
    revision_docx,
)
from plenipot.formats.safety import FormatError

HEADER = DocumentHeader(
    symbol="Document 27(Add.1)-E",
    date="2014-09-01",
    original_language="en",
    body="Committee 5",
    source="European Conference of Postal and Telecommunications Administrations",
)


def _xml(data: bytes, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(part).decode("utf-8")


def test_instrument_docx_has_header_and_every_provision(base):
    data = instrument_docx(base, HEADER)
    xml = _xml(data)
    assert "Document 27(Add.1)-E" in xml and "Committee 5" in xml
    assert "<w:tbl>" in xml  # the header is a table, outside the text
    for eid in base.eids():
        assert base.text_of(eid).split()[0] in xml


def test_tracked_changes_are_real_word_revisions(base, edited):
    xml = _xml(revision_docx(base, edited, HEADER, author="EUR", date="2014-10-21T10:00:00Z"))
    assert '<w:ins w:id="' in xml and 'w:author="EUR"' in xml
    assert "<w:delText" in xml
    assert 'w:date="2014-10-21T10:00:00Z"' in xml
    # the deleted item's paragraph mark is tracked, so accepting removes the paragraph
    assert "<w:rPr><w:del " in xml
    assert "<w:rPr><w:ins " in xml


def test_itu_marks_underline_and_strike(base, edited):
    xml = _xml(revision_docx(base, edited, marks="itu"))
    assert '<w:u w:val="single"/>' in xml and "<w:strike/>" in xml
    assert "<w:ins " not in xml and "<w:del " not in xml


@pytest.mark.parametrize("marks", ["tracked", "itu"])
def test_exported_revision_reads_back_as_the_same_proposals(base, edited, marks):
    data = revision_docx(base, edited, marks=marks, author="EUR")
    found = extract_proposals(data, base=base, source="EUR")
    assert found.problems == []
    assert found.proposals == list(derive_proposals(base, edited, source="EUR"))
    assert {p.mark for p in found.proposals} == {Mark.MOD, Mark.SUP, Mark.ADD}


def test_author_and_date_are_kept_as_the_author_never_as_the_source(base, edited):
    data = revision_docx(base, edited, author="Jane Delegate", date="2014-10-22T09:30:00Z")
    with pytest.raises(FormatError, match="whose proposals these are.*Jane Delegate"):
        extract_proposals(data, base=base)
    found = extract_proposals(data, base=base, source="SEN")
    assert found.proposals and found.proposals[0].sources == ("SEN",)
    assert set(found.authors.values()) == {("Jane Delegate", "2014-10-22T09:30:00Z")}


def test_move_marks_on_text_that_went_nowhere_read_as_its_changes(base, edited):
    xml = _xml(revision_docx(base, edited, author="EUR"))
    moved = xml.replace("<w:ins ", "<w:moveTo ").replace("</w:ins>", "</w:moveTo>")
    moved = moved.replace("<w:del ", "<w:moveFrom ").replace("</w:del>", "</w:moveFrom>")
    data = revision_docx(base, edited, author="EUR")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = moved.encode() if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info.filename, content)
    found = extract_proposals(out.getvalue(), base=base, source="EUR")
    assert found.proposals == list(derive_proposals(base, edited, source="EUR"))


def test_a_file_made_from_another_text_reports_what_does_not_match(base, edited):
    data = revision_docx(edited, edited)  # no changes at all
    with pytest.raises(Exception, match="no proposals found"):
        extract_proposals(data, base=base)
    other = revision_docx(edited, base, author="EUR")  # the changes undo ours
    found = extract_proposals(other, base=base, source="EUR")
    assert any(
        "differs from the base" in p or "missing" in p or "not in the base" in p
        for p in found.problems
    )


PROPOSALS = [
    Proposal(("EUR",), "EUR/27A1/1", Mark.MOD, "recognizing__a",
             text="that IP-based networks are an essential tool for economic and social development;",
             reasons="Stronger wording."),
    Proposal(("EUR",), "EUR/27A1/2", Mark.SUP, "considering__b", reasons="Covered elsewhere."),
    Proposal(("EUR",), "EUR/27A1/3", Mark.ADD, "resolves__para_3__point_c",
             text="to report every year to the Council on the work done;", reasons="Follow-up.",
             kind=Kind.OPERATIVE_ITEM, depth=0, eid="resolves__para_3bis"),
    Proposal(("EUR",), "EUR/27A1/4", Mark.NOC, "resolves__para_1", reasons="Still valid."),
]  # fmt: skip


def test_itu_proposal_document_reads_back(base):
    data = proposals_docx(base, PROPOSALS, HEADER)
    xml = _xml(data)
    assert "Reasons:" in xml and "EUR/27A1/3" in xml
    found = extract_proposals(data, base=base)
    assert found.kind == "itu"
    assert found.problems == []
    assert found.proposals == PROPOSALS


def test_itu_proposal_with_unknown_target_is_reported(base):
    wrong = Proposal(("EUR",), "EUR/27A1/9", Mark.MOD, "recognizing__a", text="x y z")
    data = proposals_docx(base, [PROPOSALS[0], wrong])
    other = base.__class__(
        base.number, base.title, base.formula, base.preamble[:1], base.operative, base.annexes
    )  # recognizing is not in this base
    found = extract_proposals(data, base=other)
    assert found.proposals == []
    assert all("matches no provision" in problem for problem in found.problems)
    assert {problem.split(":")[0] for problem in found.problems} == {"EUR/27A1/1", "EUR/27A1/9"}
    assert any("'recognizing'" in problem for problem in found.problems)  # even the heading


def test_a_block_may_change_several_provisions(base):
    from plenipot.formats.docx_out import _Writer

    writer = _Writer(DocumentHeader())
    writer.paragraph("MOD\tEUR/27A1/7")
    writer.paragraph("recognizing", italic=True)
    para = writer.paragraph()
    writer.run(para, "a)\tthat IP-based networks are an ")
    writer.run(para, "important", strike=True)
    writer.run(para, "essential", underline=True)
    writer.run(para, " tool for economic and social development;")
    writer.run(writer.paragraph(), base.text_of("recognizing__b"), strike=True)
    writer.paragraph("c)\t" + base.text_of("recognizing__c"))  # unchanged: context
    writer.run(writer.paragraph(), "d)\tthat a new item follows;", underline=True)
    writer.paragraph("Reasons:\tUpdate.")
    found = extract_proposals(writer.save(), base=base)
    assert found.problems == []
    assert [(p.symbol, p.mark, p.target) for p in found.proposals] == [
        ("EUR/27A1/7", Mark.MOD, "recognizing__a"),
        ("EUR/27A1/7.2", Mark.SUP, "recognizing__b"),
        ("EUR/27A1/7.3", Mark.ADD, "recognizing__c"),
    ]
    assert found.proposals[2].kind is Kind.PREAMBLE_ITEM


def test_itu_proposals_without_base_are_not_guessed(base):
    found = extract_proposals(proposals_docx(base, PROPOSALS[:1]))
    assert found.proposals == [] and "no base text" in found.problems[0]


def test_draft_has_brackets_and_sources_as_footnotes(base, edited):
    other = base.__class__(
        base.number, base.title.replace("networks", "systems"), base.formula,
        base.preamble, base.operative, base.annexes,
    )  # fmt: skip
    draft = consolidate(
        base,
        list(derive_proposals(base, edited, source="EUR"))
        + list(derive_proposals(base, other, source="ARB")),
    )
    data = draft_docx(draft, HEADER)
    xml = _xml(data)
    assert "<w:footnoteReference" in xml
    notes = _xml(data, "word/footnotes.xml")
    assert "EUR" in notes and "ARB" in notes and "base text" in notes
    assert "Proposed by EUR." in notes  # the new provision's sponsors


def test_arabic_paragraphs_run_right_to_left(arabic):
    xml = _xml(instrument_docx(arabic, DocumentHeader(language="ar")))
    assert xml.count("<w:bidi/>") >= len(arabic.eids())
    assert "<w:rtl/>" in xml


def test_final_acts_put_each_instrument_on_its_own_page(base, arabic):
    xml = _xml(instruments_docx([base, base], HEADER))
    assert xml.count('w:type="page"') == 1


def test_structure_is_recognised_from_typed_numbers():
    lines = [
        "Resolution 1", "Title", "The Conference,", "considering", "a)\tthat one;",
        "resolves", "1\tto do;", "a)\tfirst;", "i)\tdeeper;", "b)\tsecond;", "h)\teighth;",
        "i)\tninth;", "2\tto do more.", "Annex 1 to Resolution 1", "A paragraph.",
    ]  # fmt: skip
    text = instrument_text(lines)
    assert "    i) deeper;" in text  # after a): a sub-sub-item
    assert "\n  i) ninth;" in text  # after h): the letter i
    assert "\nA paragraph." in text


def _minimal_docx(paragraphs: list[str], numbering: str) -> bytes:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document {w}><w:body>{"".join(paragraphs)}</w:body></w:document>',
        )
        z.writestr(
            "word/numbering.xml", f'<?xml version="1.0"?><w:numbering {w}>{numbering}</w:numbering>'
        )
    return out.getvalue()


def test_word_automatic_numbering_is_read_as_labels(base):
    def p(text: str, num: str = "", level: str = "0", op: str = "") -> str:
        numpr = (
            f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
            if num
            else ""
        )
        run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
        if op == "ins":
            run = f'<w:ins w:id="1" w:author="EUR" w:date="2014-10-01T00:00:00Z">{run}</w:ins>'
        return f"<w:p>{numpr}{run}</w:p>"

    numbering = (
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="lowerLetter"/>'
        '</w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">'
        '<w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="lowerLetter"/>'
        '</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    )
    body = [p(base.number), p(base.title), p(base.formula)]
    for part, num in ((base.preamble, "1"), (base.operative, "2")):
        for heading in part:
            body.append(p(heading.title))
            for item in heading.items:
                body.append(p(item.text, num, "0"))
                for sub in item.items:
                    body.append(p(sub.text, num, "1"))
            if heading.eid == "resolves":
                body.append(p("to report every year.", num, "0", op="ins"))
    found = extract_proposals(_minimal_docx(body, numbering), base=base, source="EUR")
    assert found.problems == []
    assert [(x.mark, x.target, x.kind) for x in found.proposals] == [
        (Mark.ADD, "resolves__para_3__point_c", Kind.OPERATIVE_ITEM)
    ]
