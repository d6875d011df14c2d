"""A bracket on only the words that differ: choosing either wording gives each text back,
common words at either end stay outside the bracket, and the same text needs none."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plenipot.engine.consolidation import BASE, Alternative, Bracket, Draft, DraftProvision
from plenipot.engine.draftformat import bracket_margins, draft_to_html
from plenipot.engine.drafting import (
    BracketSpan,
    DraftingError,
    NegotiatingText,
    apply,
    bracket_difference,
    provision_reading,
    smallest_difference,
)
from plenipot.engine.instrument import Kind
from plenipot.engine.tokens import tokenize

WORDS = ["to", "the", "Council", "report", "high", "highest", "priority", "ITU", "الاتحاد",
         "国际电联", "Member", "States", ",", ";", " ", "  ", "(IP)"]  # fmt: skip
texts = st.lists(st.sampled_from(WORDS), max_size=12).map(lambda ws: " ".join(ws))


def _choose(segments, alternative: int) -> str:
    return "".join(
        s if isinstance(s, str) else s.alternatives[alternative].text for s in segments
    )


def _related(draw_old: str, edits: list[tuple[int, str]]) -> str:
    words = draw_old.split(" ")
    for at, word in edits:
        words.insert(at % (len(words) + 1), word)
    return " ".join(words)


pairs = st.one_of(
    st.tuples(texts, texts),
    texts.flatmap(
        lambda old: st.lists(st.tuples(st.integers(0, 12), st.sampled_from(WORDS)), max_size=3).map(
            lambda edits: (old, _related(old, edits))
        )
    ),
    texts.map(lambda t: (t, t)),
)


@given(pairs)
def test_choosing_either_wording_gives_each_text_back(pair):
    old, new = pair
    segments = bracket_difference(old, new, new_sources=("EUR",))
    assert _choose(segments, 0) == old
    assert _choose(segments, 1) == new
    brackets = [s for s in segments if isinstance(s, Bracket)]
    if old == new:
        assert not brackets
        assert segments == ((old,) if old else ())
    else:
        assert len(brackets) == 1
        first, second = brackets[0].alternatives
        assert (first.sources, second.sources) == ((BASE,), ("EUR",))


@given(pairs)
def test_the_bracket_is_the_smallest_span_on_word_boundaries(pair):
    old, new = pair
    difference = smallest_difference(old, new)
    if old == new:
        assert difference is None
        return
    a, b = tokenize(old), tokenize(new)
    before, after = old[: difference.start], old[difference.end :]
    # Every common word at the start and at the end stays outside the bracket …
    assert tokenize(before) == os.path.commonprefix([a, b])
    assert new.startswith(before) and new.endswith(after)
    assert new[len(before) : len(new) - len(after)] == difference.new
    # … and no word is split: the pieces cut the texts where their words end.
    assert tokenize(before) + tokenize(difference.old) + tokenize(after) == a
    assert tokenize(before) + tokenize(difference.new) + tokenize(after) == b
    # Minimal: the two wordings neither start nor end with a common word.
    x, y = tokenize(difference.old), tokenize(difference.new)
    if x and y:
        assert x[0] != y[0] and x[-1] != y[-1]
    assert x or y


def test_a_reworded_phrase_is_bracketed_alone():
    old = "to continue to give this work high priority;"
    segments = bracket_difference(old, "to continue to give this work the highest priority;",
                                  new_sources=("EUR",))  # fmt: skip
    assert segments[0] == "to continue to give this work "
    assert [a.text for a in segments[1].alternatives] == ["high", "the highest"]
    assert segments[2] == " priority;"
    inserted = bracket_difference(
        "since the previous conference,", "since the previous plenipotentiary conference,",
        new_sources=("EUR",),
    )  # fmt: skip
    assert [a.text for a in inserted[1].alternatives] == ["", "plenipotentiary "]
    assert (inserted[0], inserted[2]) == ("since the previous ", "conference,")


@given(pairs)
def test_the_pen_brackets_the_same_span_as_the_function(pair):
    """The drafting room accepts a suggestion with a BracketSpan on the smallest span:
    the provision then reads exactly as :func:`bracket_difference` says."""
    old, new = pair
    difference = smallest_difference(old, new)
    if difference is None or not old.strip() or old != old.strip():
        return
    provision = DraftProvision("resolves__para_1", Kind.OPERATIVE_ITEM, 0, (old,))
    heading = DraftProvision("resolves", Kind.OPERATIVE_HEADING, 0, ("resolves",))
    front = [DraftProvision(k.value, k, 0, ("x",)) for k in (Kind.NUMBER, Kind.TITLE, Kind.FORMULA)]
    text = NegotiatingText(Draft((*front, heading, provision)))
    after = apply(
        text,
        BracketSpan("resolves__para_1", 0, difference.start, difference.end, "EUR", difference.new),
    )
    assert after.provision("resolves__para_1").segments == bracket_difference(
        old, new, new_sources=("EUR",)
    )


def test_a_space_an_inserted_word_carries_is_shown_outside_the_bracket():
    """Resolution 133, considering c): EUR inserts "plenipotentiary " before
    "conference"; shown as it is stored, the space stays inside the bracket and the next
    word sticks to it ("…plenipotentiary]conference,")."""
    segments = bracket_difference(
        "that several multilingual top-level domains have come into use since the previous conference,",
        "that several multilingual top-level domains have come into use since the previous plenipotentiary conference,",
        new_sources=("EUR",),
    )
    assert bracket_margins(segments, 1) == ("", " ")
    provision = DraftProvision("considering__c", Kind.PREAMBLE_ITEM, 0, segments)
    reading = provision_reading(provision)
    assert reading.endswith("since the previous [BASE (no text) | EUR: plenipotentiary] conference,")
    html = draft_to_html(Draft((provision,)))
    assert "plenipotentiary <sup>EUR</sup></span>]</span> conference," in html
    # A wording that starts with a space, after text that ends without one: the space
    # goes before the bracket.
    leading = ("made,", Bracket((Alternative("", (BASE,)), Alternative(" in cooperation", ("EUR",)))))
    assert bracket_margins(leading, 1) == (" ", "")
    assert bracket_margins((Bracket(leading[1].alternatives),), 0) == ("", "")


def test_an_empty_span_brackets_an_insertion_and_nothing_else():
    heading = DraftProvision("resolves", Kind.OPERATIVE_HEADING, 0, ("resolves",))
    item = DraftProvision("resolves__para_1", Kind.OPERATIVE_ITEM, 0, ("to act now;",))
    front = [DraftProvision(k.value, k, 0, ("x",)) for k in (Kind.NUMBER, Kind.TITLE, Kind.FORMULA)]
    text = NegotiatingText(Draft((*front, heading, item)))
    after = apply(text, BracketSpan("resolves__para_1", 0, 3, 3, "EUR", "decide to "))
    assert [a.text for a in after.provision("resolves__para_1").segments[1].alternatives] == [
        "",
        "decide to ",
    ]
    with pytest.raises(DraftingError, match="empty or reversed"):
        apply(text, BracketSpan("resolves__para_1", 0, 3, 3, "EUR", ""))
