from pathlib import Path

import pytest
from hypothesis import given, settings
from instrument_strategies import render, trees

from plenipot.engine.instrument import (
    Kind,
    ParseError,
    build,
    flatten,
    parse_instrument,
    print_instrument,
)

EXAMPLE = """\
Resolution 999 (Rev. Busan, 2014)
Example of an instrument

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

considering
a) that information and communication technologies are critical to development;
b) that security in their use is a shared concern,

recognizing
a) the work already done by the Sectors,

resolves
1 to continue to give this work high priority;
2 to invite the Sectors
  a) to share their results;
  b) to report to the Council,

instructs the Secretary-General
1 to report to the next plenipotentiary conference.
"""


def test_the_example_parses_into_its_parts():
    inst = parse_instrument(EXAMPLE)
    assert inst.number == "Resolution 999 (Rev. Busan, 2014)"
    assert inst.title == "Example of an instrument"
    assert inst.formula.startswith("The Plenipotentiary Conference")
    assert [p.title for p in inst.preamble] == ["considering", "recognizing"]
    assert [[i.eid for i in p.items] for p in inst.preamble] == [
        ["considering__a", "considering__b"],
        ["recognizing__a"],
    ]
    assert [p.title for p in inst.operative] == ["resolves", "instructs the Secretary-General"]
    resolves, instructs = inst.operative
    assert [i.eid for i in resolves.items] == ["resolves__para_1", "resolves__para_2"]
    assert [i.eid for i in resolves.items[1].items] == [
        "resolves__para_2__point_a",
        "resolves__para_2__point_b",
    ]
    assert resolves.items[1].items[1].text == "to report to the Council,"
    assert instructs.eid == "instructs_the_secretary_general"
    assert [i.eid for i in instructs.items] == ["instructs_the_secretary_general__para_1"]


def test_the_example_round_trips_exactly():
    assert print_instrument(parse_instrument(EXAMPLE)) == EXAMPLE


def test_ids_of_sub_sub_items_repeated_headings_and_annexes():
    text = (
        EXAMPLE.replace(
            "  b) to report to the Council,",
            "  b) to report to the Council\n    i) every year;\n    ii) on request,",
        )
        + "\nresolves\n1 again.\n\nAnnex 1 to Resolution 999\nFirst paragraph.\nSecond paragraph.\n"
    )
    inst = parse_instrument(text)
    eids = inst.eids()
    assert "resolves__para_2__point_b__point_ii" in eids
    assert "resolves_2__para_1" in eids
    assert ("annex_1__para_2") in eids
    assert inst.annexes[0].title == "Annex 1 to Resolution 999"
    assert print_instrument(inst) == text


def test_demo_resolutions_round_trip():
    folder = Path(__file__).parents[2] / "src/plenipot/demo/data/resolutions"
    files = sorted(folder.glob("*.txt"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert print_instrument(parse_instrument(text)) == text, path.name


def _error(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_instrument(text)
    return caught.value


def test_a_heading_with_no_items_names_its_line():
    error = _error(
        EXAMPLE.replace("recognizing\na) the work already done by the Sectors,\n", "recognizing\n")
    )
    assert error.line == 10
    assert "'recognizing' has no items" in str(error)
    assert "expected" in str(error)


def test_mixed_numbering_names_the_line_and_the_expected_number():
    text = EXAMPLE.replace("2 to invite the Sectors", "b) to invite the Sectors")
    error = _error(text)
    assert error.line == 15
    assert "expected an item numbered with a number like 1, 2, 3" in str(error)
    assert "found 'b)'" in str(error)


def test_other_slips_are_reported_with_what_was_expected():
    assert _error("").line == 1
    assert "title" in str(_error("Resolution 1\n"))
    assert "blank line after the formula" in str(
        _error(EXAMPLE.replace("(Busan, 2014),\n\n", "(Busan, 2014),\n"))
    )
    assert "two spaces" in str(_error(EXAMPLE.replace("  a) to share", "   a) to share")))
    assert "preamble items have no sub-items" in str(
        _error(EXAMPLE.replace("b) that security", "  a) that security"))
    )
    assert "before the operative headings" in str(_error(EXAMPLE + "\nnoting\na) late.\n"))


def test_build_drops_empty_headings_and_refuses_orphans():
    units = [u for u in flatten(parse_instrument(EXAMPLE)) if u.eid != "recognizing__a"]
    assert [p.eid for p in build(units).preamble] == ["considering"]
    orphan = [u for u in flatten(parse_instrument(EXAMPLE)) if u.eid != "resolves__para_2"]
    rebuilt = build(orphan)  # the sub-items now follow item 1
    assert rebuilt.operative[0].items[0].items[0].eid == "resolves__para_2__point_a"
    with pytest.raises(ValueError):
        build(
            [u for u in flatten(parse_instrument(EXAMPLE)) if u.kind is not Kind.OPERATIVE_HEADING]
        )


@settings(max_examples=500)
@given(trees)
def test_plain_text_round_trips(tree):
    text = render(tree)
    inst = parse_instrument(text)
    assert print_instrument(inst) == text
    assert parse_instrument(print_instrument(inst)) == inst
    assert build(flatten(inst)) == inst
    assert len(set(inst.eids())) == len(inst.eids())
