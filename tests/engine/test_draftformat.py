import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plenipot.engine.consolidation import Alternative, Bracket, Draft, DraftProvision
from plenipot.engine.draftformat import draft_to_dict, draft_to_html, parse_draft, print_draft
from plenipot.engine.instrument import Kind, ParseError

DRAFT = """\
Resolution 999 (Rev. Busan, 2014)
Example of an instrument

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

resolves  {resolves; operative}
1 to give this work [BASE: high | ARB, EUR: the highest | USA (no text)] priority \\[sic\\];  {resolves__para_1}
[ADD B+CAN] 2 to report \\| to act  {resolves__para_2_new}

Annex 1  {annex_1; annex}
1 A paragraph.  {annex_1__para_1; paragraph}
"""


def test_the_draft_format_reads_brackets_sources_sponsors_and_escapes():
    draft = parse_draft(DRAFT)
    para = draft.provisions[4]
    assert para.segments == (
        "to give this work ",
        Bracket(
            (
                Alternative("high", ("BASE",)),
                Alternative("the highest", ("ARB", "EUR")),
                Alternative("", ("USA",)),
            )
        ),
        " priority [sic];",
    )
    new = draft.provisions[5]
    assert new.sponsors == ("B+CAN",) and new.segments == ("to report | to act",)
    assert draft.provisions[7].kind is Kind.ANNEX_PARAGRAPH
    assert draft.provisions[7].segments == ("1 A paragraph.",)
    assert print_draft(draft) == DRAFT
    assert draft_to_dict(draft)["provisions"][4]["segments"][1]["bracket"][2] == {
        "text": "",
        "sources": ["USA"],
    }
    assert (
        '<span class="alt" data-sources="ARB, EUR">the highest <sup>ARB, EUR</sup></span>'
        in draft_to_html(draft)
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "1 to give [BASE: high | EUR: top priority;  {resolves__para_1}",
            "expected ']' to close the bracket opened at column 11",
        ),
        (
            "1 to give high] priority;  {resolves__para_1}",
            "expected '[' before the ']' at column 15",
        ),
        (
            "1 to [BASE: a [EUR: b]] c  {resolves__para_1}",
            "expected ']' to close the bracket opened at column 6",
        ),
        ("1 to [BASE: a] c  {resolves__para_1}", "at least two alternatives"),
        ("1 to [high | EUR: b] c  {resolves__para_1}", "start with its sources"),
        ("1 to give  high priority;", "expected the provision id"),
    ],
)
def test_unbalanced_brackets_and_other_slips_name_the_line(line, expected):
    text = DRAFT.replace(DRAFT.splitlines()[6], line)
    with pytest.raises(ParseError) as caught:
        parse_draft(text)
    assert caught.value.line == 7
    assert expected in str(caught.value)
    assert "unbalanced" in str(caught.value) or "expected" in str(caught.value)


texts = st.text(alphabet=st.sampled_from("ab [ ]|{}\\:,()-"), min_size=1, max_size=12)
sources = st.lists(
    st.sampled_from(["BASE", "EUR", "ARB", "B+CAN", "USA"]), min_size=1, max_size=3, unique=True
).map(tuple)
brackets = st.lists(
    st.builds(Alternative, st.one_of(st.just(""), texts), sources), min_size=2, max_size=3
).map(lambda alts: Bracket(tuple(alts)))


def _segments(items):
    out = []
    for item in items:
        if isinstance(item, str) and out and isinstance(out[-1], str):
            out[-1] += item
        else:
            out.append(item)
    return tuple(out)


segments = st.lists(st.one_of(texts, brackets), min_size=1, max_size=4).map(_segments)


@settings(max_examples=500)
@given(
    st.lists(
        st.tuples(segments, st.sampled_from([(), ("EUR",), ("ARB", "EUR")])), min_size=1, max_size=4
    ),
    segments,
)
def test_any_draft_round_trips_through_the_format(items, title):
    provisions = [
        DraftProvision("number", Kind.NUMBER, 0, ("Resolution 1",)),
        DraftProvision("title", Kind.TITLE, 0, title),
        DraftProvision("formula", Kind.FORMULA, 0, ("The Conference,",)),
        DraftProvision("resolves", Kind.OPERATIVE_HEADING, 0, ("resolves",)),
    ]
    for n, (segs, sponsors) in enumerate(items):
        provisions.append(
            DraftProvision(f"resolves__para_{n}", Kind.OPERATIVE_ITEM, min(n, 1), segs, sponsors)
        )
    draft = Draft(tuple(provisions))
    assert parse_draft(print_draft(draft)) == draft


@settings(max_examples=60)
@given(data=st.data())
def test_an_agreed_draft_reads_back_as_the_instrument_it_stands_for(data):
    """A draft with every bracket settled is adopted as an instrument: the text a room
    started from, consolidated with no proposal, gives back that instrument; the same
    draft with one bracket left is refused, with the count."""
    from instrument_strategies import render, trees

    from plenipot.engine.consolidation import consolidate
    from plenipot.engine.draftformat import NotAgreed, agreed_text, read_draft
    from plenipot.engine.instrument import parse_instrument

    text = render(data.draw(trees))
    base = parse_instrument(text)
    printed = print_draft(consolidate(base, []))
    assert read_draft(printed) is not None and read_draft(text) is None
    assert parse_instrument(agreed_text(printed)) == base
    assert agreed_text(text) == text
    draft = parse_draft(printed)
    first = next(p for p in draft.provisions if p.kind is Kind.OPERATIVE_ITEM)
    bracketed = DraftProvision(
        first.eid, first.kind, first.depth,
        (Bracket((Alternative(first.segments[0], ("BASE",)), Alternative("other", ("USA",)))),),
    )  # fmt: skip
    unsettled = Draft(tuple(bracketed if p is first else p for p in draft.provisions))
    with pytest.raises(NotAgreed) as caught:
        agreed_text(print_draft(unsettled))
    assert caught.value.brackets == 1


def test_an_agreed_text_refuses_what_is_neither_format():
    from plenipot.engine.draftformat import agreed_text

    with pytest.raises(ParseError):
        agreed_text("Not a resolution at all\n")
