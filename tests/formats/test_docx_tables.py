"""Tables in Word files are not read, and never dropped in silence: proposals laid out
in a table, a text in force with a table in it, a file whose text is all in tables are
refused or reported, naming the table; the document header, which stands in a table
before the text, is no part of it."""

from __future__ import annotations

import pytest
from test_docx_numbering import BASE
from wordml import docx, lines, p, table

from plenipot.engine import parse_instrument
from plenipot.engine.proposals import Mark
from plenipot.formats.common import DocumentHeader
from plenipot.formats.docx_in import docx_instrument, extract_proposals
from plenipot.formats.docx_out import instrument_docx
from plenipot.formats.safety import FormatError


@pytest.fixture(scope="module")
def base():
    return parse_instrument(BASE)


def _proposal(symbol: str, *text) -> list[str]:
    return [p(f"MOD\t{symbol}"), p("resolves"), *text, p("Reasons:\tClearer.")]


def test_proposals_in_a_table_alone_are_refused_by_their_symbols(base):
    data = docx(p("Proposals of Canada"), table("MOD CAN/5/1", "resolves", "1\tto act;"))
    with pytest.raises(FormatError, match=r"proposals CAN/5/1 are in a table, which is not read"):
        extract_proposals(data, base=base)


def test_a_proposal_in_a_table_beside_others_is_reported(base):
    one, rest = base.text_of("resolves__para_2").split("study")
    data = docx(
        *_proposal("CAN/5/1", p("2\t", one, ("s", "study"), ("u", "agree on"), rest)),
        table("MOD CAN/5/2", "3\tto review this work every year,"),
    )
    found = extract_proposals(data, base=base)
    assert [(x.symbol, x.mark, x.target) for x in found.proposals] == [
        ("CAN/5/1", Mark.MOD, "resolves__para_2")
    ]
    assert any("CAN/5/2 are in a table" in problem for problem in found.problems)


def test_a_table_inside_a_proposal_is_reported_by_its_words(base):
    two = base.text_of("resolves__para_2")
    data = docx(
        *_proposal(
            "CAN/5/1", p("2\t", two, ("u", " and publish them")), table("Band", "Limit in dBW")
        )
    )
    found = extract_proposals(data, base=base)
    assert [x.mark for x in found.proposals] == [Mark.MOD]
    assert any("a table after" in x and "Band Limit in dBW" in x for x in found.problems)


def test_a_text_in_force_with_a_table_in_it_is_refused(base):
    body = [p(line) for line in lines(BASE)]
    body.insert(-2, table("Band", "Limit"))
    with pytest.raises(FormatError, match=r"table after '.*' \('Band Limit'\).*tables are not read"):
        docx_instrument(docx(*body))
    with pytest.raises(FormatError, match="all in tables"):
        docx_instrument(docx(table(*lines(BASE))))


def test_the_header_table_before_the_number_is_no_part_of_the_text(base):
    """Plenipot's own export puts the document's header in a table above the text."""
    exported = instrument_docx(base, DocumentHeader(symbol="Document 5-E", body="Committee 5"))
    assert docx_instrument(exported) == base
