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

Reading our own AKN back gives the same instrument (:func:`akn_instrument`), which
also reads resolutions in the layouts of AKN4UN, the UN's profile, and refuses any
other document, layout or version by name.

Public API: :func:`instrument_akn`, :func:`draft_akn`, :func:`akn_instrument`,
:data:`AKN_NS`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from plenipot.engine.consolidation import BASE, Draft, Segment
from plenipot.engine.instrument import (
    MAX_DEPTH,
    Instrument,
    Kind,
    Unit,
    build,
    flatten,
    heading_eid,
    item_eid,
    labelled,
    unique,
)
from plenipot.engine.proposals import Mark, Proposal
from plenipot.formats.safety import FormatError, Message, parse_xml

#: Where a message is made: the template is found for translation under this name.
_ = Message

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
        raise FormatError(_("an instrument needs its number, title and formula"))
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
            if line.label:
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

#: Elements that only carry inline text or notes: read for their text, never refused.
_STRUCTURE = {"num", "heading", "subheading", "content", "intro", "wrapUp", "list", "blockList"}


def _name_of(element: etree._Element) -> str:
    tag = etree.QName(element).localname if isinstance(element.tag, str) else "comment"
    eid = element.get("eId") or element.get("id") or ""
    return f"<{tag}>" + (f" {eid}" if eid else "")


def _text(element: etree._Element | None) -> str:
    """The text of an element, every run of whitespace made one space (the XML's own
    line breaks and indentation are not the text's)."""
    if element is None:
        return ""
    if element.find(f".//{_A}inline[@name='bracket']") is not None:
        raise FormatError(
            _(
                "the provision %(eid)s holds square brackets; only an agreed text can be read "
                "as an instrument",
                eid=element.getparent().get("eId", ""),
            )
        )
    return " ".join("".join(element.itertext()).split())


def _ps(element: etree._Element | None) -> str:
    """The text of the ``p`` elements of a block (``content``, ``intro``), joined."""
    if element is None:
        return ""
    ps = element.findall(_A + "p")
    return " ".join(_text(p) for p in ps) if ps else _text(element)


def _lead(p: etree._Element) -> tuple[str, str]:
    """A UN paragraph's leading words in italics (*Recognizing*, *Requests*) and the rest:
    AKN4UN writes each preambular and operative paragraph that way."""
    first = next(iter(p), None)
    if first is None or (p.text or "").strip():
        return "", _text(p)
    tag = etree.QName(first).localname
    italic = tag == "i" or (tag == "span" and "italic" in (first.get("class") or "").split())
    if not italic:
        return "", _text(p)
    lead = " ".join("".join(first.itertext()).split())
    rest = " ".join(
        (
            (first.tail or "")
            + "".join(_text(x) + " " + (x.tail or "") for x in first.itersiblings())
        ).split()
    )
    return lead, rest


class _Reader:
    """Builds the units of an instrument from AKN, in our layout or in AKN4UN's."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.taken: set[str] = {"number", "title", "formula"}
        self.counted = {Kind.PREAMBLE_HEADING: 0, Kind.OPERATIVE_HEADING: 0}
        self.own_ids = True  # off inside an AKN4UN paragraph: its ids follow our rules

    def eid(self, element: etree._Element | None, fallback: str) -> str:
        eid = element.get("eId", "") if element is not None and self.own_ids else ""
        out = unique(eid or fallback, self.taken)
        self.taken.add(out)
        return out

    def heading(
        self, element: etree._Element | None, kind: Kind, title: str, unnumbered: bool = False
    ) -> str:
        self.counted.setdefault(kind, 0)
        self.counted[kind] += 1
        fallback = (
            heading_eid(title, kind, self.counted[kind])
            if kind is not Kind.ANNEX
            else f"annex_{self.counted[kind]}"
        )
        eid = self.eid(element, fallback)
        self.units.append(Unit(eid, kind, 0, title, unnumbered))
        return eid

    def item(
        self, element: etree._Element | None, kind: Kind, depth: int, text: str, fallback: str
    ) -> str:
        if not text:
            where = _name_of(element) if element is not None else "an item"
            raise FormatError(
                _("the Akoma Ntoso file has an empty provision: %(where)s", where=where)
            )
        eid = self.eid(element, fallback)
        self.units.append(Unit(eid, kind, depth, text))
        return eid

    # -- operative provisions ------------------------------------------------------

    def provisions(self, parent: etree._Element, heading: str, kind: Kind, depth: int) -> int:
        """Read the paragraphs or points of ``parent`` as items at ``depth``; their count."""
        n = 0
        for element in parent:
            if not isinstance(element.tag, str):
                continue
            tag = etree.QName(element).localname
            if tag in ("paragraph", "point", "item", "subparagraph"):
                n += 1
                self.provision(element, heading, kind, depth, n)
            elif tag == "wrapUp":
                self.wrap_up(element)
            elif tag not in _STRUCTURE:
                raise FormatError(
                    _(
                        "the Akoma Ntoso file has %(element)s in %(parent)s, which is not read; "
                        "a resolution holds paragraphs, points and lists",
                        element=_name_of(element),
                        parent=_name_of(parent),
                    )
                )
        return n

    def provision(
        self, element: etree._Element, parent: str, kind: Kind, depth: int, n: int
    ) -> None:
        if depth > MAX_DEPTH[kind]:
            raise FormatError(
                _(
                    "the Akoma Ntoso file nests %(element)s deeper than an instrument goes "
                    "(items, sub-items and sub-sub-items)",
                    element=_name_of(element),
                )
            )
        lists = element.findall(_A + "list") + element.findall(_A + "blockList")
        body = element.find(_A + "content")
        if body is None:
            body = element.find(_A + "intro")
        if body is None:
            intros = [x.find(_A + "intro") for x in lists]
            body = next((x for x in intros if x is not None), None)
        eid = self.item(element, kind, depth, _ps(body), item_eid(parent, kind, depth, n))
        for child in element:
            if not isinstance(child.tag, str):
                continue
            tag = etree.QName(child).localname
            if tag in ("list", "blockList"):
                self.provisions(child, eid, kind, depth + 1)
            elif tag == "wrapUp":
                self.wrap_up(child)
            elif tag not in _STRUCTURE:
                raise FormatError(
                    _(
                        "the Akoma Ntoso file has %(element)s in %(parent)s, which is not read; "
                        "a provision holds its number, its text and its sub-items",
                        element=_name_of(child),
                        parent=_name_of(element),
                    )
                )

    def wrap_up(self, element: etree._Element) -> None:
        """The words after a list (``wrapUp``) go on with its last point."""
        text = _ps(element)
        if text and self.units and self.units[-1].kind.is_item:
            last = self.units[-1]
            self.units[-1] = Unit(last.eid, last.kind, last.depth, f"{last.text} {text}")

    def split(
        self, element: etree._Element, p: etree._Element | None, kind: Kind, name: str = ""
    ) -> None:
        """An AKN4UN paragraph: its words in italics are the heading, the rest its single
        item (*Recognizing* / the harm of …)."""
        lead, rest = _lead(p) if p is not None else ("", "")
        if not lead and name and rest.casefold().startswith(name.casefold() + " "):
            lead, rest = rest[: len(name)], rest[len(name) :].strip()
        if not lead or not rest:
            raise FormatError(
                _(
                    "the Akoma Ntoso file has %(element)s without a heading: a paragraph outside "
                    "a heading must start with its words in italics (Recognizing …, Requests …), "
                    "as AKN4UN writes them",
                    element=_name_of(element),
                )
            )
        self.own_ids = False
        heading = self.heading(
            None,
            Kind.OPERATIVE_HEADING if kind is Kind.OPERATIVE_ITEM else Kind.PREAMBLE_HEADING,
            lead,
            True,
        )
        eid = self.item(element, kind, 0, rest, item_eid(heading, kind, 0, 1))
        for child in element if element is not p else ():
            if not isinstance(child.tag, str):
                continue
            tag = etree.QName(child).localname
            if tag == "list":
                self.provisions(child, eid, kind, 1)
            elif tag not in _STRUCTURE and child is not p:
                raise FormatError(
                    _(
                        "the Akoma Ntoso file has %(element)s in %(parent)s, which is not read; "
                        "a paragraph holds its number, its text and its sub-items",
                        element=_name_of(child),
                        parent=_name_of(element),
                    )
                )
        self.own_ids = True


_KNOWN_TYPES = "act bill debate debateReport doc documentCollection judgment officialGazette portion amendment amendmentList".split()


def _document(root: etree._Element) -> etree._Element:
    """The statement inside ``akomaNtoso``, or a refusal that names what the file is."""
    tag = etree.QName(root).localname if isinstance(root.tag, str) else ""
    namespace = etree.QName(root).namespace or ""
    if tag.casefold() != "akomantoso":
        raise FormatError(
            _("expected an Akoma Ntoso document (<akomaNtoso>), found <%(tag)s>", tag=tag)
        )
    if namespace != AKN_NS or tag != "akomaNtoso":
        if namespace:
            raise FormatError(
                _(
                    "the file is Akoma Ntoso in the namespace %(namespace)s; only Akoma Ntoso "
                    "3.0 (%(version)s) is read: convert it to that version first",
                    namespace=namespace,
                    version=AKN_NS,
                )
            )
        raise FormatError(
            _(
                "the file is Akoma Ntoso in no namespace; only Akoma Ntoso 3.0 (%(version)s) is "
                "read: convert it to that version first",
                version=AKN_NS,
            )
        )
    children = [c for c in root if isinstance(c.tag, str)]
    statement = root.find(_A + "statement")
    if statement is None:
        found = etree.QName(children[0]).localname if children else "nothing"
        name = f' name="{children[0].get("name")}"' if children and children[0].get("name") else ""
        raise FormatError(
            _(
                "the file is an Akoma Ntoso <%(found)s>, not a <statement>: only resolutions, "
                "decisions and recommendations (statement) are read",
                found=found + name,
            )
        )
    return statement


def akn_instrument(data: bytes) -> Instrument:
    """Read an instrument from Akoma Ntoso 3.0: a ``statement`` as :func:`instrument_akn`
    writes it, or in the layouts of AKN4UN.

    Our layout keeps its eIds as the provision ids. In AKN4UN's, each preambular
    ``container`` and each ``paragraph`` straight in ``mainBody`` starts with its words
    in italics: they become a heading and the rest its single unnumbered item
    (*Recognizing* / the harm of …); ``paragraph`` elements in an ``hcontainer`` with a
    ``heading`` are its numbered items; a ``list`` in a paragraph holds its sub-items
    (its ``intro`` is the paragraph's text, its ``wrapUp`` goes on with the last point).
    Ids of provisions that have none follow the plain-text format's rules. Anything
    else is refused with the element and its eId.
    """
    root = parse_xml(data, "the Akoma Ntoso file")
    statement = _document(root)
    number = _text(statement.find(f"{_A}preface//{_A}docNumber"))
    if number and not any(char.isalpha() for char in number):
        # AKN4UN writes only the symbol ("79/275."): the statement's name says what it is
        name = statement.get("name", "")
        if name in ("resolution", "decision", "recommendation"):
            number = f"{name.capitalize()} {number.rstrip('.')}"
    title = _text(statement.find(f"{_A}preface//{_A}docTitle"))
    formula = _ps(statement.find(f"{_A}preamble/{_A}formula"))
    reader = _Reader()
    reader.units += [
        Unit("number", Kind.NUMBER, 0, number),
        Unit("title", Kind.TITLE, 0, title),
        Unit("formula", Kind.FORMULA, 0, formula),
    ]
    preamble = statement.find(_A + "preamble")
    for element in preamble if preamble is not None else ():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        if tag == "formula":
            continue
        if tag in ("container", "recital"):
            lists = element.findall(_A + "blockList")
            if lists:  # our layout: the heading in a p, its items in a blockList
                items = [i for lst in lists for i in lst.findall(_A + "item")]
                heading = reader.heading(
                    element,
                    Kind.PREAMBLE_HEADING,
                    _text(element.find(_A + "p")),
                    len(items) == 1 and items[0].find(_A + "num") is None,
                )
                for n, item in enumerate(items, start=1):
                    reader.item(
                        item,
                        Kind.PREAMBLE_ITEM,
                        0,
                        _ps(item),
                        item_eid(heading, Kind.PREAMBLE_ITEM, 0, n),
                    )
            else:
                reader.split(
                    element, element.find(_A + "p"), Kind.PREAMBLE_ITEM, element.get("name", "")
                )
        elif tag == "recitals":
            for recital in element.findall(_A + "recital"):
                reader.split(
                    recital, recital.find(_A + "p"), Kind.PREAMBLE_ITEM, recital.get("name", "")
                )
        elif tag == "p" and _text(element):
            reader.split(element, element, Kind.PREAMBLE_ITEM)
        elif tag not in ("p", "longTitle"):
            raise FormatError(
                _(
                    "the Akoma Ntoso file has %(element)s in its preamble, which is not read",
                    element=_name_of(element),
                )
            )
    main = statement.find(_A + "mainBody")
    for element in main if main is not None else ():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        if tag == "hcontainer":
            annex = element.get("name") == "annex"
            kind = Kind.ANNEX if annex else Kind.OPERATIVE_HEADING
            items = [
                x
                for x in element
                if isinstance(x.tag, str) and etree.QName(x).localname in ("paragraph", "point")
            ]
            unnumbered = not annex and len(items) == 1 and items[0].find(_A + "num") is None
            heading = reader.heading(element, kind, _text(element.find(_A + "heading")), unnumbered)
            reader.provisions(
                element, heading, Kind.ANNEX_PARAGRAPH if annex else Kind.OPERATIVE_ITEM, 0
            )
        elif tag == "paragraph":
            reader.split(element, _first_p(element), Kind.OPERATIVE_ITEM)
        elif tag == "p" and not _text(element):
            continue  # the empty main body of a text whose operative part is all deleted
        else:
            raise FormatError(
                _(
                    "the Akoma Ntoso file has %(element)s in its main body, which is not read",
                    element=_name_of(element),
                )
            )
    try:
        return build(reader.units)
    except ValueError as exc:
        raise FormatError(
            _("the Akoma Ntoso file does not hold an instrument: %(reason)s", reason=str(exc))
        ) from None


def _first_p(paragraph: etree._Element) -> etree._Element | None:
    """The p that holds a paragraph's own text: in its content, or in its list's intro."""
    for path in (f"{_A}content/{_A}p", f"{_A}intro/{_A}p", f"{_A}list/{_A}intro/{_A}p"):
        found = paragraph.find(path)
        if found is not None:
            return found
    return None


def akn_language(data: bytes) -> str:
    """The two-letter language of an AKN expression (``en`` when not stated)."""
    root = parse_xml(data, "the Akoma Ntoso file")
    element = root.find(f".//{_A}FRBRExpression/{_A}FRBRlanguage")
    code = element.get("language", "eng") if element is not None else "eng"
    return _TWO_LETTER.get(code, code)


__all__ = ["AKN_NS", "akn_instrument", "akn_language", "draft_akn", "instrument_akn"]
