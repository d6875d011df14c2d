from test_instrument import EXAMPLE

from plenipot.engine.diff import (
    DiffOp,
    diff_instruments,
    diff_provision,
    instrument_diff_html,
    instrument_diff_text,
    ops_to_html,
    ops_to_text,
)
from plenipot.engine.instrument import parse_instrument


def test_word_diff_as_operations_text_and_html():
    ops = diff_provision(
        "to give this work high priority;", "to give this work the highest priority;"
    )
    assert ops == (
        DiffOp("equal", "to give this work "),
        DiffOp("delete", "high"),
        DiffOp("insert", "the highest"),
        DiffOp("equal", " priority;"),
    )
    assert ops_to_text(ops) == "to give this work [-high-]{+the highest+} priority;"
    assert ops_to_html(ops) == "to give this work <del>high</del><ins>the highest</ins> priority;"


def test_changes_separated_only_by_spaces_read_as_one_change():
    ops = diff_provision("to continue to give this work", "to keep giving this work")
    assert ops_to_text(ops) == "to [-continue to give-]{+keep giving+} this work"


def test_html_is_escaped_and_chinese_is_diffed_per_character():
    assert ops_to_html(diff_provision("a < b", "a > b")) == "a <del>&lt;</del><ins>&gt;</ins> b"
    assert ops_to_text(diff_provision("国际电信联盟", "国际电联")) == "国际电[-信-]联[-盟-]"


def test_a_diff_never_spills_across_a_provision_boundary():
    new = (
        EXAMPLE.replace("b) that security in their use is a shared concern,\n", "")
        .replace("2 to invite the Sectors", "2 to ask all Member States\n3 to invite the Sectors")
        .replace("high priority", "top priority")
    )
    diffs = diff_instruments(parse_instrument(EXAMPLE), parse_instrument(new))
    by_eid = {d.eid: d for d in diffs}
    assert by_eid["considering__b"].status == "deleted"
    assert by_eid["resolves__para_2"].status == "unchanged"
    assert by_eid["resolves__para_2"].label == "3"
    assert by_eid["resolves__para_1"].status == "modified"
    added = [d for d in diffs if d.status == "added"]
    assert [d.ops for d in added] == [(DiffOp("insert", "to ask all Member States"),)]
    for d in diffs:  # each provision's operations rebuild exactly its own texts
        old_text = "".join(op.text for op in d.ops if op.op != "insert")
        assert "\n" not in old_text
    text = instrument_diff_text(diffs)
    assert "~ 1 to continue to give this work [-high-]{+top+} priority;" in text
    assert "+ 2 {+to ask all Member States+}" in text
    assert "- b) [-that security" in text
    assert (
        '<p class="deleted preamble_item depth-0" data-eid="considering__b">'
        in instrument_diff_html(diffs)
    )
