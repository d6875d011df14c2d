"""Akoma Ntoso 3.0 out and in.

An instrument is an AKN ``statement`` with ``name="resolution"`` (or ``decision``,
``recommendation``):

* ``preface``: the number as ``docNumber``, the title as ``docTitle``;
* ``preamble``: the formula, then each preambular heading as a ``container`` (its
  name and eId are the heading's id) holding the heading in a ``p`` and its lettered
  items as a ``blockList``;
* ``mainBody``: each operative heading as an ``hcontainer`` with a ``heading``,
  holding ``paragraph`` elements (``num`` and ``content``); sub-items are ``point``
  elements of a ``list``, with the item's own text as the paragraph's ``intro``;
  annexes are ``hcontainer name="annex"`` with unnumbered paragraphs;
* ``conclusions``: the place and year of the conference, from the number.

eIds are the provision ids. Each language is its own expression: one document per
language, with ``FRBRlanguage``. Adopted changes are listed as
``passiveModifications``. Square brackets, which AKN lacks, are ``inline`` elements
named ``bracket`` holding one ``inline name="alternative"`` per wording, whose
``refersTo`` names the sources (each declared in ``references``).

Reading our own AKN back gives the same instrument (:func:`akn_instrument`).

Public API: :func:`instrument_akn`, :func:`draft_akn`, :func:`akn_instrument`,
:data:`AKN_NS`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from plenipot.engine.consolidation import BASE, Draft, Segment
from plenipot.engine.instrument import Instrument, Kind, Unit, build, flatten, labelled
from plenipot.engine.proposals import Mark, Proposal
from plenipot.formats.safety import FormatError, parse_xml

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_A = f"{{{AKN_NS}}}"

#: ISO 639-2 codes, which AKN uses in FRBRlanguage and in URIs.
LANGUAGE_CODES = {"ar": "ara", "zh": "zho", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}
_TWO_LETTER = {three: two for two, three in LANGUAGE_CODES.items()}

_MOD_TYPE = {
    Mark.MOD: "substitution",
    Mark.EDITORIAL: "substitution",
    Mark.ADD: "insertion",
    Mark.ADD_MOVED: "insertion",
    Mark.SUP: "repeal",
    Mark.SUP_MOVED: "repeal",
}


def _el(parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str):
    element = etree.Element(_A + tag) if parent is None else etree.SubElement(parent, _A + tag)
    for key, value in attrs.items():
        element.set(key.rstrip("_"), value)
    if text is not None:
        element.text = text
    return element


def _ref(label: str) -> str:
    """A source label as an eId: ``B+CAN`` becomes ``src_b_can``."""
    return "src_" + re.sub(r"[^0-9a-z]+", "_", label.lower()).strip("_")


@dataclass(frozen=True)
class _Line:
    unit: Unit
    label: str
    segments: tuple[Segment, ...]
    sponsors: tuple[str, ...] = ()


def _doc_name(number: str) -> str:
    word = number.split()[0].lower() if number.split() else "resolution"
    return word if word in ("resolution", "decision", "recommendation") else "resolution"


def _work_number(number: str) -> str:
    match = re.search(r"\d+|[A-Z]+\d*/\d+", number)
    return re.sub(r"[^0-9A-Za-z]+", "-", match.group(0)) if match else "1"


def _fill(element: etree._Element, segments: Sequence[Segment], sources: set[str]) -> None:
    """Write text and brackets into ``element``."""
    last = None
    for segment in segments:
        if isinstance(segment, str):
            if last is None:
                element.text = (element.text or "") + segment
            else:
                last.tail = (last.tail or "") + segment
            continue
        bracket = _el(element, "inline", name="bracket")
        for alternative in segment.alternatives:
            sources.update(alternative.sources)
            _el(
                bracket,
                "inline",
                alternative.text,
                name="alternative",
                refersTo=" ".join("#" + _ref(s) for s in alternative.sources),
            )
        last = bracket


def _build(
    lines: Sequence[_Line],
    *,
    language: str,
    date: str,
    modifications: Sequence[Proposal],
    source_document: str,
) -> bytes:
    if len(lines) < 3:
        raise FormatError("an instrument needs its number, title and formula")
    number = "".join(s for s in lines[0].segments if isinstance(s, str))
    lang = LANGUAGE_CODES.get(language, language)
    name = _doc_name(number)
    work = f"/akn/int/statement/{name}/itu/{date}/{_work_number(number)}"
    expression = f"{work}/{lang}@"
    sources: set[str] = set()

    root = etree.Element(_A + "akomaNtoso", nsmap={None: AKN_NS})
    statement = _el(root, "statement", name=name)
    meta = _el(statement, "meta")
    ident = _el(meta, "identification", source="#plenipot")
    for level, this in (
        ("FRBRWork", work),
        ("FRBRExpression", expression),
        ("FRBRManifestation", f"{expression}/main.xml"),
    ):
        frbr = _el(ident, level)
        _el(frbr, "FRBRthis", value=f"{this}/!main" if level != "FRBRManifestation" else this)
        _el(frbr, "FRBRuri", value=this)
        _el(frbr, "FRBRdate", date=date, name="adoption" if level == "FRBRWork" else "version")
        _el(frbr, "FRBRauthor", href="#itu")
        if level == "FRBRWork":
            _el(frbr, "FRBRcountry", value="int")
        if level == "FRBRExpression":
            _el(frbr, "FRBRlanguage", language=lang)
    if modifications:
        analysis = _el(meta, "analysis", source="#plenipot")
        passive = _el(analysis, "passiveModifications")
        for n, proposal in enumerate(modifications, start=1):
            if proposal.mark not in _MOD_TYPE:
                continue
            mod = _el(passive, "textualMod", type=_MOD_TYPE[proposal.mark], eId=f"pmod_{n}")
            _el(mod, "source", href=f"{source_document}#{proposal.symbol}")
            target = proposal.eid if proposal.mark.adds and proposal.eid else proposal.target
            _el(mod, "destination", href=f"#{target}")

    preface = _el(statement, "preface")
    _fill(_el(_el(preface, "p"), "docNumber"), lines[0].segments, sources)
    _fill(_el(_el(preface, "p"), "docTitle"), lines[1].segments, sources)

    preamble = _el(statement, "preamble")
    formula = _el(preamble, "formula", name="enactingFormula")
    _fill(_el(formula, "p"), lines[2].segments, sources)

    main = None
    parents: list[etree._Element] = []  # by depth: the element that holds the next item
    for line in lines[3:]:
        unit = line.unit
        if unit.kind is Kind.PREAMBLE_HEADING:
            container = _el(preamble, "container", name=_name(unit.eid), eId=unit.eid)
            _mark_new(container, line.sponsors, sources)
            _fill(_el(container, "p"), line.segments, sources)
            parents = [_el(container, "blockList", eId=f"{unit.eid}__list")]
            continue
        if unit.kind in (Kind.OPERATIVE_HEADING, Kind.ANNEX):
            if main is None:
                main = _el(statement, "mainBody")
            hcontainer = _el(
                main,
                "hcontainer",
                name="annex" if unit.kind is Kind.ANNEX else _name(unit.eid),
                eId=unit.eid,
            )
            _mark_new(hcontainer, line.sponsors, sources)
            _fill(_el(hcontainer, "heading"), line.segments, sources)
            parents = [hcontainer]
            continue
        if unit.kind is Kind.PREAMBLE_ITEM:
            item = _el(parents[0], "item", eId=unit.eid)
            _mark_new(item, line.sponsors, sources)
            _el(item, "num", line.label)
            _fill(_el(item, "p"), line.segments, sources)
            continue
        # operative items and annex paragraphs
        holder = parents[unit.depth]
        if unit.depth:
            if holder.tag == _A + "content":  # the parent item gets its first sub-item
                parent = holder.getparent()
                holder.tag = _A + "intro"
                holder = _el(parent, "list", eId=f"{parent.get('eId')}__list")
                parents[unit.depth] = holder
        element = _el(holder, "paragraph" if unit.depth == 0 else "point", eId=unit.eid)
        _mark_new(element, line.sponsors, sources)
        if line.label:
            _el(element, "num", line.label)
        content = _el(element, "content")
        _fill(_el(content, "p"), line.segments, sources)
        del parents[unit.depth + 1 :]
        parents.append(content)
    if main is None:  # every operative provision deleted: AKN still needs a main body
        main = _el(statement, "mainBody")
        _el(main, "p")

    conclusions = _el(statement, "conclusions")
    place = re.search(r"\(([^()]*)\)\s*$", number)
    _el(conclusions, "p", place.group(1) if place else number)

    references = _el(meta, "references", source="#plenipot")
    _el(references, "TLCOrganization", eId="itu", href="/ontology/organization/itu", showAs="ITU")
    _el(
        references,
        "TLCOrganization",
        eId="plenipot",
        href="/ontology/organization/plenipot",
        showAs="Plenipot",
    )
    for label in sorted(sources):
        if label == BASE:
            _el(
                references,
                "TLCConcept",
                eId=_ref(label),
                href="/ontology/concept/base",
                showAs="base text",
            )
        else:
            _el(
                references,
                "TLCOrganization",
                eId=_ref(label),
                href=f"/ontology/organization/itu/{label}",
                showAs=label,
            )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _name(eid: str) -> str:
    return re.sub(r"_\d+$", "", eid) or "heading"


def _mark_new(element: etree._Element, sponsors: Sequence[str], sources: set[str]) -> None:
    """A new provision of a draft names its sponsors."""
    if sponsors:
        sources.update(sponsors)
        element.set("refersTo", " ".join("#" + _ref(s) for s in sponsors))
        element.set("class", "added")


def instrument_akn(
    inst: Instrument,
    *,
    language: str = "en",
    date: str = "2014-11-07",
    modifications: Sequence[Proposal] = (),
    source_document: str = "",
) -> bytes:
    """One language version of an instrument as Akoma Ntoso XML.

    ``modifications`` are the adopted proposals that made this text, written as
    ``passiveModifications`` whose source is ``source_document``.
    """
    lines = [_Line(u, label, (u.text,)) for u, label in labelled(flatten(inst))]
    return _build(
        lines,
        language=language,
        date=date,
        modifications=modifications,
        source_document=source_document,
    )


def draft_akn(draft: Draft, *, language: str = "en", date: str = "2014-11-07") -> bytes:
    """A bracketed draft as Akoma Ntoso: brackets as ``inline name="bracket"``."""
    units = [Unit(p.eid, p.kind, p.depth, "") for p in draft.provisions]
    lines = [
        _Line(unit, label, provision.segments, provision.sponsors)
        for provision, (unit, label) in zip(draft.provisions, labelled(units), strict=True)
    ]
    return _build(lines, language=language, date=date, modifications=(), source_document="")


# --- in -------------------------------------------------------------------------------


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    if element.find(f".//{_A}inline[@name='bracket']") is not None:
        raise FormatError(
            f"the provision {element.getparent().get('eId', '')} holds square brackets; "
            "only an agreed text can be read as an instrument"
        )
    return "".join(element.itertext())


def akn_instrument(data: bytes) -> Instrument:
    """Read an instrument from Akoma Ntoso written as :func:`instrument_akn` writes it."""
    root = parse_xml(data, "the Akoma Ntoso file")
    statement = root.find(_A + "statement")
    if root.tag != _A + "akomaNtoso" or statement is None:
        raise FormatError("expected an Akoma Ntoso 3.0 statement")
    number = _text(statement.find(f"{_A}preface//{_A}docNumber"))
    title = _text(statement.find(f"{_A}preface//{_A}docTitle"))
    formula = _text(statement.find(f"{_A}preamble/{_A}formula/{_A}p"))
    units = [
        Unit("number", Kind.NUMBER, 0, number),
        Unit("title", Kind.TITLE, 0, title),
        Unit("formula", Kind.FORMULA, 0, formula),
    ]
    preamble = statement.find(_A + "preamble")
    for container in preamble.iterchildren(_A + "container") if preamble is not None else ():
        units.append(
            Unit(
                container.get("eId", ""), Kind.PREAMBLE_HEADING, 0, _text(container.find(_A + "p"))
            )
        )
        for item in container.iter(_A + "item"):
            units.append(
                Unit(item.get("eId", ""), Kind.PREAMBLE_ITEM, 0, _text(item.find(_A + "p")))
            )

    def items(parent: etree._Element, kind: Kind, depth: int) -> None:
        for element in parent.iterchildren(_A + "paragraph", _A + "point"):
            body = element.find(_A + "content")
            if body is None:
                body = element.find(_A + "intro")
            units.append(Unit(element.get("eId", ""), kind, depth, _text(body.find(_A + "p"))))
            for sub in element.iterchildren(_A + "list"):
                items(sub, kind, depth + 1)

    main = statement.find(_A + "mainBody")
    for hcontainer in main.iterchildren(_A + "hcontainer") if main is not None else ():
        kind = Kind.ANNEX if hcontainer.get("name") == "annex" else Kind.OPERATIVE_HEADING
        title_text = _text(hcontainer.find(_A + "heading"))
        units.append(Unit(hcontainer.get("eId", ""), kind, 0, title_text))
        items(hcontainer, Kind.ANNEX_PARAGRAPH if kind is Kind.ANNEX else Kind.OPERATIVE_ITEM, 0)
    try:
        return build(units)
    except ValueError as exc:
        raise FormatError(f"the Akoma Ntoso file does not hold an instrument: {exc}") from None


def akn_language(data: bytes) -> str:
    """The two-letter language of an AKN expression (``en`` when not stated)."""
    root = parse_xml(data, "the Akoma Ntoso file")
    element = root.find(f".//{_A}FRBRExpression/{_A}FRBRlanguage")
    code = element.get("language", "eng") if element is not None else "eng"
    return _TWO_LETTER.get(code, code)


__all__ = ["AKN_NS", "akn_instrument", "akn_language", "draft_akn", "instrument_akn"]
