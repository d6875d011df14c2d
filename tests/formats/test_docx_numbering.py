"""Word's automatic numbering: the numbers come from the numbering definitions
(``word/numbering.xml``) and the styles that use them (``word/styles.xml``), not from the
paragraph's text; the lists count as Word counts them (start values, restarts, lists that
share a definition, levels)."""

from __future__ import annotations

import io

import docx as python_docx
import pytest
from wordml import W_NS, docx

from plenipot.engine import parse_instrument
from plenipot.engine.proposals import Mark
from plenipot.formats.docx_in import docx_instrument, extract_proposals, read_paragraphs

BASE = """\
Resolution 998 (Busan, 2014)
Shared monitoring of radio frequencies

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

considering
a) that monitoring stations detect harmful interference early;
b) that few countries can afford a full monitoring network,

resolves
1 to encourage Member States to share monitoring results;
  a) in a common format;
  b) within a month;
2 to invite the Sectors to study common formats for those results;
3 to review this work at the next conference,

instructs the Secretary-General
to report on the work done.
"""

#: Two abstract numberings: letters for the preamble (style "Considering"), and
#: numbers with lettered sub-items for the operative part (style "Resolves", level 1
#: named by the style "ResolvesSub"). numId 1 and 2 use them; numId 3 restarts the
#: second at 1; numId 4 shares it without a restart; numId 5 numbers in Arabic
#: letters.
NUMBERING = f"""<?xml version="1.0"?><w:numbering xmlns:w="{W_NS}">
<w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:start w:val="1"/>
  <w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="20">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Resolves"/>
    <w:lvlText w:val="%1"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>
    <w:pStyle w:val="ResolvesSub"/><w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="30"><w:lvl w:ilvl="0"><w:start w:val="1"/>
  <w:numFmt w:val="arabicAbjad"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="40"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>
  <w:lvlText w:val="-"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="20"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="20"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="30"/></w:num>
<w:num w:numId="6"><w:abstractNumId w:val="40"/></w:num>
</w:numbering>"""

STYLES = f"""<?xml version="1.0"?><w:styles xmlns:w="{W_NS}">
<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Considering"><w:basedOn w:val="Normal"/>
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Resolves"><w:basedOn w:val="Normal"/>
  <w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ResolvesSub"><w:basedOn w:val="Resolves"/></w:style>
<w:style w:type="paragraph" w:styleId="ResolvesSubIndented"><w:basedOn w:val="ResolvesSub"/>
  <w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>"""

PARTS = {"word/numbering.xml": NUMBERING, "word/styles.xml": STYLES}


def para(text: str, *, num: str = "", level: str = "", style: str = "", op: str = "") -> str:
    """A paragraph numbered by ``num`` (and ``level``), or by its ``style``, without any
    typed number; ``op`` "ins" tracks the whole paragraph as inserted."""
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num or level:
        props += "<w:numPr>"
        props += f'<w:ilvl w:val="{level}"/>' if level else ""
        props += f'<w:numId w:val="{num}"/>' if num else ""
        props += "</w:numPr>"
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    if op == "ins":
        run = f'<w:ins w:id="1" w:author="EUR" w:date="2014-10-01T00:00:00Z">{run}</w:ins>'
    return f"<w:p>{'<w:pPr>' + props + '</w:pPr>' if props else ''}{run}</w:p>"


@pytest.fixture(scope="module")
def base():
    return parse_instrument(BASE)


def _numbered_copy(base, *, preamble: dict, items: dict, subs: dict) -> list[str]:
    """The base as paragraphs whose numbers all come from Word's numbering."""
    body = [para(base.number), para(base.title), para(base.formula)]
    for heading in base.preamble:
        body.append(para(heading.title))
        body += [para(item.text, **preamble) for item in heading.items]
    for heading in base.operative:
        body.append(para(heading.title))
        if heading.eid != "resolves":
            body += [para(item.text) for item in heading.items]
            continue
        for item in heading.items:
            body.append(para(item.text, **items))
            body += [para(sub.text, **subs) for sub in item.items]
    return body


@pytest.mark.parametrize(
    ("preamble", "items", "subs"),
    [
        ({"num": "1"}, {"num": "2"}, {"num": "2", "level": "1"}),  # numPr on each paragraph
        ({"style": "Considering"}, {"style": "Resolves"}, {"style": "ResolvesSub"}),  # styles
        ({"num": "5"}, {"style": "Resolves"}, {"style": "ResolvesSubIndented"}),  # abjad, inherited
    ],
    ids=["numPr", "styles", "arabic-letters-and-inherited-level"],
)
def test_a_text_in_force_numbered_by_word_reads_as_typed(base, preamble, items, subs):
    data = docx(*_numbered_copy(base, preamble=preamble, items=items, subs=subs), parts=PARTS)
    assert docx_instrument(data) == base


def test_the_numbers_are_word_s_not_the_text_s(base):
    """A provision that starts with a number of its own ("2030 …") keeps it in its text:
    the number Word shows is the numbering's."""
    body = [para(base.number), para(base.title), para(base.formula), para("resolves"),
            para("2030 is the year by which the networks are to be shared;", num="2"),
            para("to review this work.", num="2")]  # fmt: skip
    found = [p.old for p in read_paragraphs(docx(*body, parts=PARTS))]
    assert found[4:] == [
        "1\t2030 is the year by which the networks are to be shared;",
        "2\tto review this work.",
    ]


def test_lists_count_as_word_counts_them():
    """Lists that share a definition count on; a restart (startOverride) starts again;
    a level starts again after a paragraph of the level above; numId 0 takes a style's
    number off; bullets are no number."""
    body = [
        para("one", num="2"),
        para("two", num="2"),
        para("sub", num="2", level="1"),
        para("three, the same list under another numId", num="4"),
        para("sub again", num="2", level="1"),
        para("restarted", num="3"),
        para("no number, though styled", style="Resolves", num="0"),
        para("a bullet", num="6"),
        para("restarted list goes on", num="3"),
    ]
    found = [p.old for p in read_paragraphs(docx(*body, parts=PARTS))]
    assert found == [
        "1\tone",
        "2\ttwo",
        "a)\tsub",
        "3\tthree, the same list under another numId",
        "a)\tsub again",
        "1\trestarted",
        "no number, though styled",
        "a bullet",
        "2\trestarted list goes on",
    ]


def test_an_added_item_numbered_by_word_is_an_addition(base):
    body = _numbered_copy(base, preamble={"num": "1"}, items={"num": "2"},
                          subs={"num": "2", "level": "1"})  # fmt: skip
    at = next(n for n, x in enumerate(body) if "to review this work" in x)
    body.insert(at + 1, para("to report every year,", num="2", op="ins"))
    found = extract_proposals(docx(*body, parts=PARTS), base=base, source="EUR")
    assert found.problems == []
    assert [(x.mark, x.target, x.text) for x in found.proposals] == [
        (Mark.ADD, "resolves__para_3", "to report every year,")
    ]


def test_a_list_made_with_python_docx_list_number_style_is_numbered():
    """python-docx's own template numbers "List Number" through its style: a generator
    people use, whose numbers are in no paragraph's text."""
    document = python_docx.Document()
    for text in ("Resolution 997 (Busan, 2014)", "Open data",
                 "The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),",
                 "resolves"):  # fmt: skip
        document.add_paragraph(text)
    document.add_paragraph("to open the data;", style="List Number")
    document.add_paragraph("to report on it.", style="List Number")
    out = io.BytesIO()
    document.save(out)
    inst = docx_instrument(out.getvalue())
    assert [(u.eid, u.text) for u in inst.operative[0].items] == [
        ("resolves__para_1", "to open the data;"),
        ("resolves__para_2", "to report on it."),
    ]
