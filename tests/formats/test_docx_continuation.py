"""A provision typed over several Word paragraphs is one provision: a paragraph without a
number after a numbered one goes on with it, in a proposal document (MOD, ADD, SUP, NOC
blocks), in an edited copy with tracked changes, in a text in force, and whether the
number is typed or Word's own. Splitting it gives no addition of half a sentence."""

from __future__ import annotations

import pytest
from test_docx_numbering import BASE, PARTS, para
from wordml import docx, lines, p

from plenipot.engine import parse_instrument
from plenipot.engine.proposals import Mark
from plenipot.formats.docx_in import docx_instrument, extract_proposals


@pytest.fixture(scope="module")
def base():
    return parse_instrument(BASE)


FIRST, SECOND = "to encourage Member States", "to share monitoring results;"


def _block(mark: str, *paragraphs: str) -> bytes:
    return docx(p(f"{mark}\tCAN/5/1"), p("resolves"), *paragraphs, p("Reasons:\tClearer."))


def _proposals(found) -> list[tuple]:
    assert found.problems == []
    return [(x.mark, x.target, x.text) for x in found.proposals]


def test_a_change_in_the_second_paragraph_of_a_provision_modifies_it(base):
    data = _block(
        "MOD",
        p(f"1\t{FIRST}"),
        p("to share ", ("s", "monitoring "), ("u", "all "), "results;"),
    )
    assert _proposals(extract_proposals(data, base=base)) == [
        (Mark.MOD, "resolves__para_1", "to encourage Member States to share all results;")
    ]


def test_a_new_provision_over_two_paragraphs_is_one_addition(base):
    data = _block("ADD", p(("u", "3bis\tto publish the results")), p(("u", "every year;")))
    assert _proposals(extract_proposals(data, base=base)) == [
        (Mark.ADD, "resolves__para_3", "to publish the results every year;")
    ]


@pytest.mark.parametrize("mark", [Mark.SUP, Mark.NOC])
def test_a_provision_over_two_paragraphs_is_named_once(base, mark):
    struck = "s" if mark is Mark.SUP else ""
    data = _block(
        mark.value,
        p((struck, f"1\t{FIRST}") if struck else f"1\t{FIRST}"),
        p((struck, SECOND) if struck else SECOND),
    )
    assert _proposals(extract_proposals(data, base=base)) == [(mark, "resolves__para_1", "")]


def test_word_numbering_and_a_continuation_in_an_edited_copy(base):
    """Word numbers the provision; its second paragraph has no number, and the tracked
    change is in it."""
    body = [para(line) for line in lines(BASE)[:4]]  # number, title, formula, considering
    body += [para(item.text, num="1") for item in base.preamble[0].items]
    body += [para("resolves"), para(FIRST, num="2")]
    body.append(p("to share monitoring results", ("ins", " every month"), ";"))
    body += [para("in a common format;", num="2", level="1"),
             para("within a month;", num="2", level="1")]  # fmt: skip
    for item in base.operative[0].items[1:]:
        body.append(para(item.text, num="2"))
    body += [para("instructs the Secretary-General"), para("to report on the work done.")]
    found = extract_proposals(docx(*body, parts=PARTS), base=base, source="CAN")
    assert _proposals(found) == [
        (
            Mark.MOD,
            "resolves__para_1",
            "to encourage Member States to share monitoring results every month;",
        )
    ]


def test_a_text_in_force_with_provisions_over_two_paragraphs(base):
    body = []
    for line in lines(BASE):
        if line.startswith("1\t"):
            body += [p(f"1\t{FIRST}"), p(SECOND)]
        elif line.startswith("to report"):
            body += [p("to report on"), p("the work done.")]
        else:
            body.append(p(line))
    assert docx_instrument(docx(*body)) == base
