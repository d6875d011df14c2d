"""A heading whose single item carries no number ("noting / that …", "instructs the
Secretary-General / to …"), as ITU texts write it; ids of headings written in other
scripts than the Latin one; items that do not pair across headings."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from instrument_strategies import render, trees

from plenipot.engine import derive_proposals
from plenipot.engine.instrument import (
    Kind,
    ParseError,
    build,
    flatten,
    heading_eid,
    heading_part,
    labelled,
    missing_parts,
    parse_instrument,
    print_instrument,
)
from plenipot.engine.proposals import Mark, apply_proposals

TEXT = """\
Resolution 997 (Busan, 2014)
Regional cooperation on numbering

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

considering
a) that numbering plans are national;
b) that misuse of numbers crosses borders,

noting
that several regions already exchange information on misuse,

resolves
that the Union shall support such exchanges;

instructs the Secretary-General
1 to collect good practice;
2 to report to the Council,

invites Member States
to take part in the exchanges
  a) through their regulators;
  b) through their operators.
"""


def test_a_heading_with_one_unnumbered_item_is_read_and_printed_as_written():
    inst = parse_instrument(TEXT)
    assert print_instrument(inst) == TEXT
    noting, resolves = inst.preamble[1], inst.operative[0]
    assert noting.unnumbered and [i.eid for i in noting.items] == ["noting__a"]
    assert resolves.unnumbered and [i.eid for i in resolves.items] == ["resolves__para_1"]
    invites = inst.operative[2]
    assert (
        invites.unnumbered
        and invites.items[0].items[1].eid == "invites_member_states__para_1__point_b"
    )
    assert not inst.operative[1].unnumbered
    assert build(flatten(inst)) == inst


def test_the_number_is_given_back_once_the_heading_has_two_items():
    inst = parse_instrument(TEXT)
    edited = parse_instrument(
        TEXT.replace(
            "that several regions already exchange information on misuse,",
            "a) that several regions already exchange information on misuse;\n"
            "b) that the exchanges work best between neighbours,",
        )
    )
    added = apply_proposals(inst, derive_proposals(inst, edited, source="ARB"))
    assert added == edited and added.preamble[1].unnumbered  # equal: only the printing differs
    assert "noting\na) that several regions" in print_instrument(added)
    assert "\nb) that the exchanges work best" in print_instrument(added)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (TEXT.replace("that the Union shall support such exchanges;", "that the Union shall support;\nthat it shall help."),
         "only a heading's single item may go without a number"),
        (TEXT.replace("considering\na) that numbering plans are national;\nb) that misuse of numbers crosses borders,\n\n", "")
         .replace("noting", "in view of")
         .replace("resolves\nthat", "agrees\nthat"),
         "cannot tell whether 'in view of'"),
    ],
)  # fmt: skip
def test_an_unnumbered_item_that_cannot_be_placed_is_refused(text, message):
    with pytest.raises(ParseError, match=message):
        parse_instrument(text)


def test_the_place_of_a_single_item_comes_from_its_neighbours_or_its_first_word():
    # between the preamble and the operative part only the first word tells
    assert heading_part("noting with concern") is Kind.PREAMBLE_HEADING
    assert heading_part("instructs the Secretary-General") is Kind.OPERATIVE_HEADING
    for title, kind in [
        ("considérant", Kind.PREAMBLE_HEADING), ("charge le Secrétaire général", Kind.OPERATIVE_HEADING),
        ("considerando", Kind.PREAMBLE_HEADING), ("encarga al Secretario General", Kind.OPERATIVE_HEADING),
        ("отмечая", Kind.PREAMBLE_HEADING), ("поручает Генеральному секретарю", Kind.OPERATIVE_HEADING),
        ("وإذ يلاحظ", Kind.PREAMBLE_HEADING), ("يكلف الأمين العام", Kind.OPERATIVE_HEADING),
        ("注意到", Kind.PREAMBLE_HEADING), ("责成秘书长", Kind.OPERATIVE_HEADING),
        ("in view of", None),
    ]:  # fmt: skip
        assert heading_part(title) is kind, title


def test_headings_in_other_scripts_get_ids_from_their_part_and_place():
    arabic = parse_instrument(
        "القرار 1\nعنوان\n\nإن المؤتمر،\n\nإذ يضع في اعتباره\na) أولاً؛\n\nوإذ يلاحظ\na) ثانياً،\n\n"
        "يقرر\n1 ثالثاً.\n"
    )
    assert [u.eid for u in flatten(arabic) if u.kind.is_heading] == [
        "preamble_1",
        "preamble_2",
        "operative_1",
    ]
    assert arabic.eids()[-1] == "operative_1__para_1"
    # a Latin word in a heading of another script does not make its id
    assert (
        heading_eid("يدعو قطاع الاتصالات الراديوية (ITU-R)", Kind.OPERATIVE_HEADING, 2)
        == "operative_2"
    )
    assert heading_eid("décide", Kind.OPERATIVE_HEADING, 1) == "decide"
    assert heading_eid("решает", Kind.OPERATIVE_HEADING, 3) == "operative_3"
    # a new heading proposed in such a text gets an id the same way
    edited = parse_instrument(
        "القرار 1\nعنوان\n\nإن المؤتمر،\n\nإذ يضع في اعتباره\na) أولاً؛\n\nوإذ يلاحظ\na) ثانياً،\n\n"
        "يقرر\n1 ثالثاً.\n\nيكلف الأمين العام\n1 رابعاً.\n"
    )
    (add, _) = [p for p in derive_proposals(arabic, edited, source="ARB") if p.mark.adds]
    assert add.eid == "operative_2"


def test_an_item_under_a_deleted_heading_is_not_reworded_into_another_heading():
    base = parse_instrument(TEXT)
    # "invites Member States" goes; its item shares words with the new item of resolves
    edited = parse_instrument(
        TEXT.replace("that the Union shall support such exchanges;", "1 that the Union shall support such exchanges;\n2 to take part in the exchanges through regulators;")
        .replace("\n\ninvites Member States\nto take part in the exchanges\n  a) through their regulators;\n  b) through their operators.\n", "\n")
    )  # fmt: skip
    proposals = derive_proposals(base, edited, source="ARB")
    assert (Mark.ADD, "resolves__para_1") in [(p.mark, p.target) for p in proposals]
    assert (Mark.SUP, "invites_member_states__para_1") in [(p.mark, p.target) for p in proposals]
    assert apply_proposals(base, proposals) == edited


def test_what_a_text_lacks_to_be_an_instrument():
    assert missing_parts(parse_instrument(TEXT)) == []
    odd = parse_instrument("Minutes\nOf a meeting\n\nThe meeting opened\n")
    assert len(missing_parts(odd)) == 3
    assert missing_parts(parse_instrument(TEXT.replace("Resolution 997", "Résolution 997"))) == []


@st.composite
def unnumbered(draw) -> str:
    """A generated instrument whose single items are sometimes written without their
    number, under headings whose first word sometimes says nothing of their part."""
    tree = draw(trees)
    for part in (tree.preamble, tree.operative):
        for k, (title, items) in enumerate(part):
            part[k] = (draw(st.sampled_from([title, title, "in view of"])), items)
    lines = render(tree).split("\n")
    heads = {title for title, items in (*tree.preamble, *tree.operative) if len(items) == 1}
    out = []
    for n, line in enumerate(lines):
        rest = line.split(" ", 1)[-1]
        looks_numbered = re.match(r"(\d+[a-z]*|[a-z]+\)) ", rest)
        if n and lines[n - 1] in heads and line.startswith(("a) ", "1 ")) and not looks_numbered:
            if draw(st.booleans()):
                line = rest
        out.append(line)
    return "\n".join(out)


@settings(max_examples=150, deadline=None)
@given(unnumbered())
def test_single_unnumbered_items_round_trip_or_are_refused_by_name(text):
    try:
        inst = parse_instrument(text)
    except ParseError as exc:
        assert "cannot tell whether" in str(exc) or "only a heading's single item" in str(exc)
        return
    assert print_instrument(inst) == text
    assert parse_instrument(print_instrument(inst)) == inst
    assert build(flatten(inst)) == inst


@settings(max_examples=150, deadline=None)
@given(trees, st.data())
def test_any_single_item_marked_unnumbered_prints_so_that_it_reads_back(tree, data):
    inst = parse_instrument(render(tree))
    parts = [
        dataclasses.replace(part, unnumbered=data.draw(st.booleans()))
        for part in (*inst.preamble, *inst.operative)
    ]
    marked = dataclasses.replace(
        inst,
        preamble=tuple(parts[: len(inst.preamble)]),
        operative=tuple(parts[len(inst.preamble) :]),
    )
    printed = print_instrument(marked)
    back = parse_instrument(printed)
    assert print_instrument(back) == printed
    assert [u.text for u in flatten(back)] == [u.text for u in flatten(marked)]
    assert back.eids() == marked.eids()
    # what is printed without a number is exactly what labelled() leaves without one
    shown = {u.eid for u, label in labelled(flatten(back)) if u.kind.is_item and not label}
    assert shown == {
        u.eid
        for u, label in labelled(flatten(marked))
        if u.kind.is_item and not label and u.eid in shown
    }
