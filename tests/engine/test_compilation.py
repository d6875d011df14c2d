from test_instrument import EXAMPLE

from plenipot.engine.compilation import compile_synopsis, print_synopsis, synopsis_to_dict
from plenipot.engine.instrument import parse_instrument
from plenipot.engine.proposals import Mark, derive_proposals


def test_the_synoptic_table_lists_base_and_every_proposal_in_order():
    base = parse_instrument(EXAMPLE)
    eur = parse_instrument(
        EXAMPLE.replace("high priority", "the highest priority").replace(
            "2 to invite", "2 to ask all Member States\n3 to invite"
        )
    )
    usa = parse_instrument(
        EXAMPLE.replace("b) that security in their use is a shared concern,\n", "")
    )
    proposals = [
        *derive_proposals(base, usa, source="USA", noc=True),
        *derive_proposals(base, eur, source="EUR", noc=True),
    ]
    synopsis = compile_synopsis(base, proposals)
    rows = {row.eid: row for row in synopsis.rows}
    assert [(e.source, e.mark) for e in rows["resolves__para_1"].entries] == [
        ("EUR", Mark.MOD),
        ("USA", Mark.NOC),
    ]
    assert [(e.source, e.mark) for e in rows["considering__b"].entries] == [
        ("EUR", Mark.NOC),
        ("USA", Mark.SUP),
    ]
    eids = [row.eid for row in synopsis.rows]
    new = next(row for row in synopsis.rows if row.base is None)
    assert new.anchor == "resolves__para_1"
    assert eids.index(new.eid) == eids.index("resolves__para_1") + 1
    text = print_synopsis(synopsis)
    assert "resolves__para_1  1\n    BASE" in text
    assert "EUR  MOD  EUR/1/10  to continue to give this work the highest priority;" in text
    assert synopsis_to_dict(synopsis)["rows"][0]["eid"] == "number"
