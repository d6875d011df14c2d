import pytest
from hypothesis import given, settings
from instrument_strategies import base_and_variants
from test_instrument import EXAMPLE

from plenipot.engine.instrument import Kind, ParseError, parse_instrument, print_instrument
from plenipot.engine.proposals import (
    Mark,
    Proposal,
    ProposalError,
    apply_proposals,
    derive_proposals,
    parse_proposals,
    print_proposals,
)

BASE = parse_instrument(EXAMPLE)


def test_an_edited_copy_that_inserts_an_item_keeps_the_other_ids():
    edited = parse_instrument(
        EXAMPLE.replace("1 to continue", "1 to start anew;\n2 to continue").replace(
            "2 to invite", "3 to invite"
        )
    )
    proposals = derive_proposals(BASE, edited, source="EUR", document="27A1")
    assert [(p.symbol, p.mark, p.target) for p in proposals] == [
        ("EUR/27A1/1", Mark.ADD, "resolves"),
    ]
    (add,) = proposals
    assert add.kind is Kind.OPERATIVE_ITEM and add.depth == 0 and add.text == "to start anew;"
    applied = apply_proposals(BASE, proposals)
    assert [i.eid for i in applied.operative[0].items] == [
        add.eid,
        "resolves__para_1",
        "resolves__para_2",
    ]
    assert print_instrument(applied) == print_instrument(edited)


def test_derive_marks_mod_sup_and_noc():
    edited = parse_instrument(
        EXAMPLE.replace("high priority", "top priority").replace(
            "b) that security in their use is a shared concern,\n", ""
        )
    )
    marks = {
        p.target: p.mark for p in derive_proposals(BASE, edited, source=("B", "CAN"), noc=True)
    }
    assert marks["resolves__para_1"] is Mark.MOD
    assert marks["considering__b"] is Mark.SUP
    assert marks["considering__a"] is Mark.NOC


def test_sub_items_are_provisions_of_their_own_under_sup():
    proposals = [Proposal(("USA",), "USA/1/1", Mark.SUP, "resolves__para_2__point_a")]
    applied = apply_proposals(BASE, proposals)
    assert [i.eid for i in applied.operative[0].items[1].items] == ["resolves__para_2__point_b"]


def test_proposal_errors_name_the_problem():
    with pytest.raises(ProposalError, match="not a provision of the base text"):
        apply_proposals(BASE, [Proposal(("USA",), "USA/1/1", Mark.MOD, "resolves__para_9", "x")])
    with pytest.raises(ProposalError, match="already changed"):
        apply_proposals(
            BASE,
            [
                Proposal(("USA",), "USA/1/1", Mark.MOD, "resolves__para_1", "x"),
                Proposal(("USA",), "USA/1/2", Mark.SUP, "resolves__para_1"),
            ],
        )
    with pytest.raises(ProposalError, match="cannot be deleted"):
        apply_proposals(BASE, [Proposal(("USA",), "USA/1/1", Mark.SUP, "title")])
    with pytest.raises(ProposalError, match="needs a text"):
        apply_proposals(BASE, [Proposal(("USA",), "USA/1/1", Mark.MOD, "title", " ")])


PROPOSALS = """\
EUR/27A1/5 MOD resolves__para_1
to continue to give this work the highest priority;
Reasons: Stronger wording.

EUR/27A1/6 ADD resolves__para_2__point_b kind=operative_item depth=0 id=resolves__para_3
to report to each session of the Council.

EUR/27A1/7 SUP considering__b
Reasons: Covered by considering a).

B/3/1 NOC recognizing__a sources=B,CAN
"""


def test_the_proposal_format_parses_and_prints_back():
    proposals = parse_proposals(PROPOSALS)
    assert [p.mark for p in proposals] == [Mark.MOD, Mark.ADD, Mark.SUP, Mark.NOC]
    assert proposals[0].reasons == "Stronger wording."
    assert proposals[1].eid == "resolves__para_3" and proposals[1].line == 5
    assert proposals[3].sources == ("B", "CAN")
    assert print_proposals(proposals) == PROPOSALS
    applied = apply_proposals(BASE, proposals[:3])
    assert applied.operative[0].items[-1].text == "to report to each session of the Council."


def test_an_unknown_mark_names_the_line_and_the_marks_expected():
    with pytest.raises(ParseError) as caught:
        parse_proposals(PROPOSALS.replace("EUR/27A1/7 SUP", "EUR/27A1/7 DEL"))
    assert caught.value.line == 8
    assert "expected a mark (ADD, ADD*, MOD, (MOD), SUP, SUP*, NOC), found 'DEL'" in str(
        caught.value
    )


def test_an_add_anchored_on_a_missing_provision_names_its_line():
    proposals = parse_proposals(
        PROPOSALS.replace("ADD resolves__para_2__point_b", "ADD resolves__para_7")
    )
    with pytest.raises(ProposalError) as caught:
        apply_proposals(BASE, proposals)
    assert caught.value.line == 5
    assert "anchored on 'resolves__para_7'" in str(caught.value)
    assert "expected one of its ids" in str(caught.value)


def test_other_proposal_format_slips():
    with pytest.raises(ParseError, match="exactly one line of text"):
        parse_proposals("EUR/1/1 MOD title\n")
    with pytest.raises(ParseError, match="no text for SUP"):
        parse_proposals("EUR/1/1 SUP title\nsome text\n")
    with pytest.raises(ParseError, match="kind="):
        parse_proposals("EUR/1/1 ADD title kind=chapter\ntext\n")


@settings(max_examples=500)
@given(base_and_variants(max_variants=1))
def test_derived_proposals_applied_give_the_edited_copy_and_print_back(case):
    base_text, variants = case
    base = parse_instrument(base_text)
    ((label, text),) = variants.items()
    proposals = derive_proposals(base, parse_instrument(text), source=label)
    assert print_instrument(apply_proposals(base, proposals)) == text
    assert parse_proposals(print_proposals(proposals)) == proposals
