"""Akoma Ntoso in: the layouts of AKN4UN (the UN's profile) as well as our own, the XML's
whitespace left out, and every other document refused with what it is."""

from __future__ import annotations

import pytest

from plenipot.engine import parse_instrument, print_instrument
from plenipot.formats.akn import AKN_NS, akn_instrument, instrument_akn
from plenipot.formats.safety import FormatError

UN = f"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="{AKN_NS}">
  <statement name="resolution">
    <meta><identification source="#x"><FRBRWork><FRBRthis value="/a"/><FRBRuri value="/a"/>
      <FRBRdate date="2024-01-01" name="adoption"/><FRBRauthor href="#x"/><FRBRcountry value="un"/>
      </FRBRWork></identification></meta>
    <preface>
      <p><docNumber>12/34.</docNumber>
        <docTitle>
          <span class="bold">Cooperation on
          emergency telecommunications</span>
        </docTitle></p>
    </preface>
    <preamble>
      <formula name="enactingFormula"><p><span class="italic">The General Assembly</span>,</p></formula>
      <container name="Recalling" eId="container_1">
        <p>   <span class="italic">Recalling</span> its earlier work on
        emergency networks,</p>
      </container>
      <container name="Noting" eId="container_2">
        <p>Noting that disasters cross borders,</p>
      </container>
    </preamble>
    <mainBody>
      BODY
    </mainBody>
  </statement>
</akomaNtoso>
"""

PARAGRAPHS = """
      <paragraph eId="para_1"><num>1.</num>
        <content><p><span class="italic">Encourages</span> Member States to share equipment;</p></content>
      </paragraph>
      <paragraph eId="para_2"><num>2.</num>
        <list eId="para_2_list">
          <intro><p><span class="italic">Requests</span> the Secretary-General:</p></intro>
          <point eId="para_2_list_a"><num>(a)</num><content><p>To keep a list of experts;</p></content></point>
          <point eId="para_2_list_b"><num>(b)</num><content><p>To hold a yearly exercise</p></content></point>
          <wrapUp><p>and to report on both.</p></wrapUp>
        </list>
      </paragraph>
"""

EXPECTED = """\
Resolution 12/34
Cooperation on emergency telecommunications

The General Assembly,

Recalling
its earlier work on emergency networks,

Noting
that disasters cross borders,

Encourages
Member States to share equipment;

Requests
the Secretary-General:
  a) To keep a list of experts;
  b) To hold a yearly exercise and to report on both.
"""


def _un(body: str = PARAGRAPHS) -> bytes:
    return UN.replace("BODY", body).encode()


def test_an_akn4un_resolution_keeps_every_paragraph_and_its_words():
    inst = akn_instrument(_un())
    assert print_instrument(inst) == EXPECTED
    assert inst.preamble[0].eid == "recalling" and inst.operative[1].items[0].items[1].eid == (
        "requests__para_1__point_b"
    )
    assert akn_instrument(instrument_akn(inst)) == inst


def test_paragraphs_in_a_heading_are_its_numbered_items():
    inst = akn_instrument(
        _un(
            f'<hcontainer name="operative" eId="hc_1"><heading>Operative part</heading>{PARAGRAPHS}</hcontainer>'
        )
    )
    operative = inst.operative[0]
    assert operative.title == "Operative part" and not operative.unnumbered
    assert [i.text for i in operative.items] == [
        "Encourages Member States to share equipment;",
        "Requests the Secretary-General:",
    ]
    assert [i.eid for i in operative.items[1].items] == ["para_2_list_a", "para_2_list_b"]


def test_a_single_unnumbered_item_survives_our_own_akn():
    inst = parse_instrument(EXPECTED)
    assert inst.preamble[0].unnumbered
    back = akn_instrument(instrument_akn(inst))
    assert print_instrument(back) == EXPECTED


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="act"/></akomaNtoso>',
         r'an Akoma Ntoso <act name="act">, not a <statement>'),
        (b'<akomaNtoso xmlns="http://www.akomantoso.org/2.0"><act/></akomaNtoso>',
         "in the namespace http://www.akomantoso.org/2.0; only Akoma Ntoso 3.0"),
        (b"<akomaNtoso><debate/></akomaNtoso>", "in no namespace"),
        (_un(PARAGRAPHS.replace("<list", '<table eId="t_1"/><list')), r"<table> t_1 in <paragraph> para_2"),
        (_un('<paragraph eId="para_9"><content><p>No verb in italics.</p></content></paragraph>'),
         r"<paragraph> para_9 without a heading"),
        (_un('<chapter eId="chp_1"/>'), r"<chapter> chp_1 in its main body"),
    ],
)  # fmt: skip
def test_what_is_not_read_is_refused_by_name(data, reason):
    with pytest.raises(FormatError, match=reason):
        akn_instrument(data)


def test_the_paragraph_that_held_a_list_no_longer_crashes():
    # a paragraph with a list and no content of its own, in a heading
    inst = akn_instrument(
        _un(f'<hcontainer name="x"><heading>Operative</heading>{PARAGRAPHS}</hcontainer>')
    )
    assert inst.operative[0].items[1].text == "Requests the Secretary-General:"
