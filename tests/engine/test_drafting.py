"""Editing operations on a negotiating text: properties under hypothesis and bad input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from instrument_strategies import base_and_variants
from test_instrument import EXAMPLE

from plenipot.engine.consolidation import Bracket, consolidate
from plenipot.engine.draftformat import parse_draft, print_draft
from plenipot.engine.drafting import (
    AddAlternative,
    AddFootnote,
    AddProvision,
    BracketSpan,
    ChooseAlternative,
    DeleteProvision,
    DraftingError,
    EditAlternative,
    EditText,
    MoveProvision,
    NegotiatingText,
    RemoveBrackets,
    SetStatus,
    Status,
    apply,
    carry_provenance,
    initial_provenance,
    inverse,
    operation_from_dict,
    operation_to_dict,
    provision_pieces,
    text_from_dict,
    text_to_dict,
)
from plenipot.engine.instrument import parse_instrument
from plenipot.engine.proposals import derive_proposals
from plenipot.engine.tokens import tokenize


def _text(base_text: str, variants: dict[str, str]) -> NegotiatingText:
    base = parse_instrument(base_text)
    proposals = []
    for label, text in variants.items():
        proposals.extend(derive_proposals(base, parse_instrument(text), source=label))
    return NegotiatingText(consolidate(base, proposals))


WORDS = st.sampled_from(["the", "Union", "shall", "report", "[sic]", "a|b", "données", ""])


@st.composite
def operations(draw: st.DrawFn, text: NegotiatingText):
    """One operation, usually valid for ``text``, sometimes not."""
    provisions = text.draft.provisions
    provision = draw(st.sampled_from(provisions))
    eid = provision.eid
    n = len(provision.segments)
    segment = draw(st.integers(0, max(n, 1)))
    words = draw(st.lists(WORDS, max_size=4).map(" ".join))
    kind = draw(
        st.sampled_from(
            [
                "choose", "edit", "edit_alt", "bracket", "add_alt", "remove", "add",
                "delete", "move", "footnote", "status",
            ]
        )
    )  # fmt: skip
    other = draw(st.sampled_from(provisions)).eid
    if kind == "choose":
        return ChooseAlternative(eid, segment, draw(st.integers(0, 3)))
    if kind == "edit":
        return EditText(eid, segment, words)
    if kind == "edit_alt":
        return EditAlternative(eid, segment, draw(st.integers(0, 3)), words)
    if kind == "bracket":
        start = draw(st.integers(0, 40))
        return BracketSpan(eid, segment, start, start + draw(st.integers(0, 40)), "CAN", words)
    if kind == "add_alt":
        return AddAlternative(eid, segment, draw(st.sampled_from(["CAN", "EUR", "B"])), words)
    if kind == "remove":
        return RemoveBrackets(eid)
    if kind == "add":
        return AddProvision(
            "new_" + draw(st.sampled_from("xyz")), other, provision.kind.value,
            provision.depth, words or "new text", draw(st.sampled_from([(), ("EUR",)])),
        )  # fmt: skip
    if kind == "delete":
        return DeleteProvision(eid)
    if kind == "move":
        return MoveProvision(eid, other)
    if kind == "footnote":
        return AddFootnote(eid, words)
    return SetStatus(eid, draw(st.sampled_from([s.value for s in Status] + ["done"])))


def _content(text: NegotiatingText) -> dict:
    return {
        p.eid: (p, text.status(p.eid), text.footnotes.get(p.eid, ())) for p in text.draft.provisions
    }


def _tokens(provision) -> int:
    return sum(len(tokenize(piece)) for _, _, piece in provision_pieces(provision))


@settings(max_examples=60, deadline=None)
@given(base_and_variants(max_variants=3), st.data())
def test_operations_are_undone_exactly_and_touch_only_their_provision(case, data):
    text = _text(*case)
    provenance = initial_provenance(text.draft)
    for step in range(5):
        operation = data.draw(operations(text), label=f"operation {step}")
        before = text_to_dict(text)
        try:
            after = apply(text, operation)
        except DraftingError as exc:
            assert str(exc)
            assert text_to_dict(text) == before  # refused: nothing changed
            continue
        # Undo gives back the same text, statuses and footnotes included.
        assert apply(after, inverse(text, operation)) == text
        # Other provisions are exactly as they were (only the order may change).
        old, new = _content(text), _content(after)
        for eid in set(old) | set(new):
            if eid not in operation.eids():
                assert old.get(eid) == new.get(eid)
        # The draft format and plain data still round-trip.
        assert parse_draft(print_draft(after.draft)) == after.draft
        assert text_from_dict(text_to_dict(after)) == after
        assert operation_from_dict(operation_to_dict(operation)) == operation
        # Every token of the touched provision has an origin.
        provenance = carry_provenance(text, after, provenance, operation.eids(), f"PEN/r{step}")
        for provision in after.draft.provisions:
            assert len(provenance[provision.eid]) == _tokens(provision)
        text = after


def _example() -> NegotiatingText:
    base = parse_instrument(EXAMPLE)
    edited = EXAMPLE.replace("high priority", "the highest priority", 1)
    return NegotiatingText(
        consolidate(base, derive_proposals(base, parse_instrument(edited), source="EUR"))
    )


def _bracketed(text: NegotiatingText):
    return next(
        (p, k)
        for p in text.draft.provisions
        for k, s in enumerate(p.segments)
        if isinstance(s, Bracket)
    )


def test_the_example_has_a_bracket_to_work_on():
    provision, k = _bracketed(_example())
    assert provision.segments[k].alternatives[1].sources == ("EUR",)


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (EditText("nowhere", 0, "x"), "there is no provision 'nowhere'"),
        (SetStatus("title", "done"), "'done' is not a status"),
        (BracketSpan("title", 0, 0, 10_000, "CAN"), "outside the text"),
        (BracketSpan("title", 0, 5, 2, "CAN"), "empty or reversed"),
        (BracketSpan("title", 0, 0, 3, "can"), "cannot name a delegation"),
        (DeleteProvision("number"), "cannot be deleted"),
        (EditText("title", 0, "two\nlines"), "one line"),
        (AddFootnote("title", "  "), "needs some text"),
    ],
)
def test_bad_operations_are_refused_with_a_clear_message(operation, message):
    text = _example()
    with pytest.raises(DraftingError, match=message):
        apply(text, operation)


def test_brackets_cannot_overlap():
    text = _example()
    provision, k = _bracketed(text)
    with pytest.raises(DraftingError, match="overlaps a bracket"):
        apply(text, BracketSpan(provision.eid, k, 0, 1, "CAN"))
    if k > 0:
        agreed = provision.segments[k - 1]
        with pytest.raises(DraftingError, match="runs into the bracket"):
            apply(text, BracketSpan(provision.eid, k - 1, 0, len(agreed) + 1, "CAN"))


def test_agreeing_needs_the_brackets_gone_and_choosing_credits_the_words():
    text = _example()
    provision, k = _bracketed(text)
    with pytest.raises(DraftingError, match="still has brackets"):
        apply(text, SetStatus(provision.eid, "agreed"))
    chosen = apply(text, ChooseAlternative(provision.eid, k, 1))
    agreed = apply(chosen, SetStatus(provision.eid, "agreed"))
    assert agreed.status(provision.eid) is Status.AGREED
    assert all(isinstance(s, str) for s in agreed.provision(provision.eid).segments)
    provenance = carry_provenance(
        text, chosen, initial_provenance(text.draft), (provision.eid,), "PEN/r1"
    )
    # Choosing moves words, it writes none: EUR's word stays EUR's.
    assert "EUR" in provenance[provision.eid]
    assert "PEN/r1" not in provenance[provision.eid]


def test_edited_words_are_credited_to_the_revision():
    text = _example()
    after = apply(text, EditText("title", 0, text.provision("title").segments[0] + " revised"))
    provenance = carry_provenance(text, after, initial_provenance(text.draft), ("title",), "PEN/r7")
    assert provenance["title"][-1] == "PEN/r7"
    assert provenance["title"][0] == "BASE"


def test_a_span_in_brackets_and_another_alternative():
    text = _example()
    title = text.provision("title").segments[0]
    bracketed = apply(text, BracketSpan("title", 0, 0, len(title.split()[0]), "CAN", "A"))
    assert isinstance(bracketed.provision("title").segments[0], Bracket)
    more = apply(bracketed, AddAlternative("title", 0, "EUR", "A"))
    alternatives = more.provision("title").segments[0].alternatives
    assert [a.sources for a in alternatives] == [("BASE",), ("CAN", "EUR")]
    with pytest.raises(DraftingError, match="already has an alternative"):
        apply(more, AddAlternative("title", 0, "CAN", "B"))


def test_structure_is_checked():
    text = _example()
    with pytest.raises(DraftingError, match="would not form an instrument"):
        apply(
            text, AddProvision("stray", "formula", "operative_item", 0, "an item before a heading")
        )
    heading = next(p for p in text.draft.provisions if p.kind.is_heading)
    with pytest.raises(DraftingError, match="would not form an instrument"):
        apply(text, MoveProvision(text.draft.provisions[-1].eid, "formula"))
    assert heading.eid


def test_malformed_operation_data_is_refused():
    with pytest.raises(DraftingError, match="unknown operation"):
        operation_from_dict({"op": "explode"})
    with pytest.raises(DraftingError, match="needs 'text'"):
        operation_from_dict({"op": "edit_text", "eid": "title", "segment": 0})
    with pytest.raises(DraftingError, match="whole number"):
        operation_from_dict({"op": "edit_text", "eid": "title", "segment": "0", "text": "x"})
    with pytest.raises(DraftingError, match="expected an operation"):
        operation_from_dict(["edit_text"])  # type: ignore[arg-type]
