"""The consolidation invariants (a)–(e), each under hypothesis, and worked examples."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from instrument_strategies import base_and_variants
from test_instrument import EXAMPLE

from plenipot.engine.consolidation import BASE, Bracket, consolidate, pick
from plenipot.engine.diff import token_edits
from plenipot.engine.draftformat import parse_draft, print_draft
from plenipot.engine.instrument import flatten, parse_instrument, print_instrument
from plenipot.engine.proposals import derive_proposals, source_version
from plenipot.engine.tokens import tokenize


def _proposals(base_text: str, variants: dict[str, str]):
    base = parse_instrument(base_text)
    proposals = []
    for label, text in variants.items():
        proposals.extend(derive_proposals(base, parse_instrument(text), source=label))
    return base, proposals


@settings(max_examples=500)
@given(base_and_variants())
def test_a_choosing_a_sources_alternatives_gives_back_its_text(case):
    base_text, variants = case
    base, proposals = _proposals(base_text, variants)
    draft = consolidate(base, proposals)
    for label, text in variants.items():
        assert print_instrument(pick(draft, label)) == text


@settings(max_examples=500)
@given(base_and_variants())
def test_b_choosing_the_base_gives_back_the_base(case):
    base_text, variants = case
    base, proposals = _proposals(base_text, variants)
    picked = pick(consolidate(base, proposals), BASE)
    assert picked == base
    assert print_instrument(picked) == base_text


@settings(max_examples=500)
@given(base_and_variants())
def test_c_untouched_text_stays_outside_brackets_and_unchanged(case):
    base_text, variants = case
    base, proposals = _proposals(base_text, variants)
    units = flatten(base)
    versions = [
        source_version(units, [p for p in proposals if p.label == label]) for label in variants
    ]
    draft = {p.eid: p for p in consolidate(base, proposals).provisions}
    for index, unit in enumerate(units):
        tokens = tokenize(unit.text)
        touched = set()
        changed = False
        for version in versions:
            if index in version.texts:
                changed = True
                for i1, i2, _, _ in token_edits(tokens, tokenize(version.texts[index])):
                    touched.update(range(i1, i2))
        provision = draft[unit.eid]
        assert not provision.sponsors
        agreed = "".join(s for s in provision.segments if isinstance(s, str))
        assert agreed == "".join(t for k, t in enumerate(tokens) if k not in touched)
        if not changed:
            assert provision.segments == (unit.text,)


@settings(max_examples=500)
@given(base_and_variants(), st.randoms(use_true_random=False))
def test_d_the_order_of_proposals_changes_nothing(case, random):
    base_text, variants = case
    base, proposals = _proposals(base_text, variants)
    shuffled = list(proposals)
    random.shuffle(shuffled)
    assert consolidate(base, shuffled) == consolidate(base, proposals)


def _balanced(line: str) -> bool:
    depth, i = 0, 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] == "[":
            depth += 1
            if depth > 1:
                return False
        elif line[i] == "]":
            depth -= 1
            if depth < 0:
                return False
        i += 1
    return depth == 0


@settings(max_examples=500)
@given(base_and_variants())
def test_e_brackets_are_balanced_and_the_draft_round_trips(case):
    base_text, variants = case
    base, proposals = _proposals(base_text, variants)
    draft = consolidate(base, proposals)
    text = print_draft(draft)
    assert all(_balanced(line) for line in text.splitlines())
    assert parse_draft(text) == draft
    assert print_draft(parse_draft(text)) == text


# --- worked examples ---------------------------------------------------------------------


def _draft(**variants: str):
    base = parse_instrument(EXAMPLE)
    return consolidate(base, _proposals(EXAMPLE, {k.upper(): v for k, v in variants.items()})[1])


def test_identical_wordings_are_merged_and_the_base_is_one_alternative():
    high = EXAMPLE.replace("high priority", "the highest priority")
    draft = _draft(eur=high, arb=high, usa=EXAMPLE.replace("high priority", "priority"))
    (provision,) = [p for p in draft.provisions if p.eid == "resolves__para_1"]
    (bracket,) = [s for s in provision.segments if isinstance(s, Bracket)]
    assert [a.sources for a in bracket.alternatives] == [("BASE",), ("ARB", "EUR"), ("USA",)]
    assert bracket.alternatives[0].text.strip() == "high"
    assert bracket.alternatives[2].text == ""  # a deletion is an alternative too
    assert provision.segments[0] == "to continue to give this work "


def test_a_deleted_provision_is_bracketed_with_an_empty_alternative():
    draft = _draft(usa=EXAMPLE.replace("b) that security in their use is a shared concern,\n", ""))
    (provision,) = [p for p in draft.provisions if p.eid == "considering__b"]
    (bracket,) = provision.segments
    assert [(a.text, a.sources) for a in bracket.alternatives] == [
        ("that security in their use is a shared concern,", ("BASE",)),
        ("", ("USA",)),
    ]
    assert "considering__b" not in pick(draft, "USA").eids()


def test_near_identical_adds_become_alternatives_of_one_new_provision():
    eur = EXAMPLE.replace(
        "2 to invite", "2 to report annually to the Council on this work;\n3 to invite"
    )
    arb = EXAMPLE.replace(
        "2 to invite", "2 to report every year to the Council on this work;\n3 to invite"
    )
    can = EXAMPLE.replace("2 to invite", "2 to hold a workshop;\n3 to invite")
    draft = _draft(eur=eur, arb=arb, can=can)
    new = [p for p in draft.provisions if p.is_new]
    assert [p.sponsors for p in new] == [("ARB", "EUR"), ("CAN",)]
    merged = new[0]
    bracket = next(s for s in merged.segments if isinstance(s, Bracket))
    assert {a.sources for a in bracket.alternatives} == {("ARB",), ("EUR",)}
    assert print_instrument(pick(draft, "eur")) == eur
    assert print_instrument(pick(draft, "CAN")) == can
    assert (
        "[ADD ARB, EUR] 2 to report [ARB: every year | EUR: annually] to the Council"
        in print_draft(draft)
    )


def test_dissimilar_adds_stay_apart():
    eur = EXAMPLE.replace("2 to invite", "2 to report annually;\n3 to invite")
    arb = EXAMPLE.replace(
        "2 to invite", "2 to establish a new group of experts on the matter;\n3 to invite"
    )
    draft = _draft(eur=eur, arb=arb)
    assert [p.sponsors for p in draft.provisions if p.is_new] == [("ARB",), ("EUR",)]


def test_adds_from_hand_written_proposals_with_a_moved_mark():
    from plenipot.engine.instrument import Kind
    from plenipot.engine.proposals import Mark, Proposal

    base = parse_instrument(EXAMPLE)
    proposals = [
        Proposal(
            ("B", "CAN"),
            "B/5/1",
            Mark.ADD_MOVED,
            "resolves__para_2__point_b",
            "to act.",
            kind=Kind.OPERATIVE_ITEM,
            eid="resolves__para_3",
        ),
        Proposal(("USA",), "USA/9/1", Mark.NOC, "resolves__para_1", reasons="Fine as it is."),
    ]
    draft = consolidate(base, proposals)
    assert "B+CAN" in draft.labels()
    assert pick(draft, "b+can").operative[0].items[-1].text == "to act."
    assert pick(draft, "USA") == base
