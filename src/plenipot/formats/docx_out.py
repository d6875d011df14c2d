"""DOCX out: instruments, drafts, revision marks and ITU-style proposals as Word files.

python-docx writes paragraphs and runs; what it has no model for is written at the
XML level: tracked changes (``w:ins``/``w:del`` with author and date, and the
paragraph mark of an added or deleted provision), footnotes (the sources of each
alternative of a bracket), and right-to-left paragraphs (``w:bidi``/``w:rtl``).

Every provision is one paragraph: its number, a tab, its text. Sub-items are
indented. The document header (symbol, date, original language, body, source) is a
table above the text, so a reader that takes the body paragraphs (our own DOCX in)
skips it.

Public API: :func:`instrument_docx`, :func:`instruments_docx`, :func:`revision_docx`,
:func:`draft_docx`, :func:`proposals_docx`.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Literal

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from plenipot.engine.consolidation import BASE, Draft
from plenipot.engine.diff import diff_instruments, diff_provision
from plenipot.engine.instrument import Instrument, Kind, Unit, flatten, labelled
from plenipot.engine.proposals import Proposal
from plenipot.formats.common import DocumentHeader

Marks = Literal["tracked", "itu"]

NO_HEADER = DocumentHeader()

#: Author written on tracked changes when none is given.
DEFAULT_AUTHOR = "Plenipot"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


class _Writer:
    """One Word document being written; holds the change ids and footnotes."""

    def __init__(self, header: DocumentHeader) -> None:
        self.header = header
        self.doc = Document()
        self.ids = itertools.count(1)
        self.footnotes: list[str] = []
        style = self.doc.styles["Normal"]
        style.font.name = "Noto Serif"
        style.font.size = Pt(11)
        if header.rtl:
            style.font.name = "Noto Naskh Arabic"
        elif header.language == "zh":
            style.font.name = "Noto Serif CJK SC"
        self._write_header()

    # -- header ---------------------------------------------------------------------

    def _write_header(self) -> None:
        """The header is a table, so that reading the body paragraphs back skips it."""
        rows = self.header.rows()
        if self.header.conference:
            rows.insert(0, ("", self.header.conference))
        if self.header.title:
            rows.append(("", self.header.title))
        if not rows:
            return
        table = self.doc.add_table(rows=len(rows), cols=2)
        for row, (label, value) in zip(table.rows, rows, strict=True):
            row.cells[0].text = label
            row.cells[1].text = value
            if not label:
                row.cells[1].paragraphs[0].runs[0].bold = True
        self.doc.add_paragraph()

    # -- paragraphs and runs --------------------------------------------------------

    def paragraph(
        self, text: str = "", *, bold: bool = False, italic: bool = False, depth: int = 0
    ) -> Paragraph:
        para = self.doc.add_paragraph()
        if depth:
            para.paragraph_format.left_indent = Cm(1.0 * depth)
        if self.header.rtl:
            para._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        if text:
            self.run(para, text, bold=bold, italic=italic)
        return para

    def run(
        self,
        para: Paragraph,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        strike: bool = False,
    ):
        run = para.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        if underline:
            run.underline = True
        if strike:
            run.font.strike = True
        if self.header.rtl:
            run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
        return run

    def _change(self, tag: str, author: str, date: str):
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(next(self.ids)))
        element.set(qn("w:author"), author)
        element.set(qn("w:date"), date)
        return element

    def tracked_run(self, para: Paragraph, text: str, op: str, author: str, date: str) -> None:
        """A run inside ``w:ins`` or ``w:del``; deleted text is ``w:delText``."""
        run = self.run(para, text)
        wrapper = self._change("w:ins" if op == "insert" else "w:del", author, date)
        if op == "delete":
            for t in run._r.findall(qn("w:t")):
                t.tag = qn("w:delText")
        run._r.addprevious(wrapper)
        wrapper.append(run._r)

    def mark_paragraph(self, para: Paragraph, op: str, author: str, date: str) -> None:
        """Track the paragraph mark itself, so a whole provision is added or deleted."""
        rpr = para._p.get_or_add_pPr().find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            para._p.get_or_add_pPr().append(rpr)
        rpr.append(self._change("w:ins" if op == "insert" else "w:del", author, date))

    def footnote(self, para: Paragraph, text: str) -> None:
        self.footnotes.append(text)
        number = len(self.footnotes)
        run = para.add_run()
        rpr = run._r.get_or_add_rPr()
        align = OxmlElement("w:vertAlign")
        align.set(qn("w:val"), "superscript")
        rpr.append(align)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(number))
        run._r.append(ref)

    # -- output ---------------------------------------------------------------------

    def _footnotes_part(self) -> None:
        root = etree.Element(qn("w:footnotes"), nsmap={"w": _W})
        for number, kind in ((-1, "separator"), (0, "continuationSeparator")):
            note = etree.SubElement(root, qn("w:footnote"))
            note.set(qn("w:type"), kind)
            note.set(qn("w:id"), str(number))
            run = etree.SubElement(etree.SubElement(note, qn("w:p")), qn("w:r"))
            etree.SubElement(run, qn("w:separator" if number < 0 else "w:continuationSeparator"))
        for number, text in enumerate(self.footnotes, start=1):
            note = etree.SubElement(root, qn("w:footnote"))
            note.set(qn("w:id"), str(number))
            para = etree.SubElement(note, qn("w:p"))
            ref_run = etree.SubElement(para, qn("w:r"))
            rpr = etree.SubElement(ref_run, qn("w:rPr"))
            etree.SubElement(rpr, qn("w:vertAlign")).set(qn("w:val"), "superscript")
            etree.SubElement(ref_run, qn("w:footnoteRef"))
            run = etree.SubElement(para, qn("w:r"))
            t = etree.SubElement(run, qn("w:t"))
            t.text = " " + text
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        part = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_CT, blob, self.doc.part.package)
        self.doc.part.relate_to(part, RT.FOOTNOTES)

    def save(self) -> bytes:
        if self.footnotes:
            self._footnotes_part()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _write_unit(writer: _Writer, unit: Unit, label: str) -> Paragraph:
    if unit.kind is Kind.NUMBER:
        return writer.paragraph(unit.text, bold=True)
    if unit.kind is Kind.TITLE:
        return writer.paragraph(unit.text, bold=True)
    if unit.kind in (Kind.PREAMBLE_HEADING, Kind.OPERATIVE_HEADING):
        return writer.paragraph(unit.text, italic=True)
    if unit.kind is Kind.ANNEX:
        return writer.paragraph(unit.text, bold=True)
    return writer.paragraph(f"{label}\t{unit.text}" if label else unit.text, depth=unit.depth)


def _write_instrument(writer: _Writer, inst: Instrument) -> None:
    for unit, label in labelled(flatten(inst)):
        _write_unit(writer, unit, label)


def instrument_docx(inst: Instrument, header: DocumentHeader = NO_HEADER) -> bytes:
    """One instrument as a Word document."""
    return instruments_docx([inst], header)


def instruments_docx(insts: Iterable[Instrument], header: DocumentHeader = NO_HEADER) -> bytes:
    """Several instruments one after another (blue and pink documents, the Final Acts);
    each starts on a new page."""
    writer = _Writer(header)
    for n, inst in enumerate(insts):
        if n:
            writer.doc.add_page_break()
        _write_instrument(writer, inst)
    return writer.save()


def prose_docx(text: str, header: DocumentHeader = NO_HEADER) -> bytes:
    """A document that is not an instrument: one paragraph per line of text."""
    writer = _Writer(header)
    for line in text.splitlines():
        if line.strip():
            writer.paragraph(line.strip())
    return writer.save()


def revision_docx(
    base: Instrument,
    new: Instrument,
    header: DocumentHeader = NO_HEADER,
    *,
    marks: Marks = "tracked",
    author: str = DEFAULT_AUTHOR,
    date: str | None = None,
) -> bytes:
    """``new`` with its changes against ``base`` marked.

    ``tracked`` writes real Word tracked changes that a reader can accept or reject;
    ``itu`` writes the conference's own convention: additions underlined, deletions
    struck through.
    """
    writer = _Writer(header)
    date = date or _now()
    old_labels = {unit.eid: number for unit, number in labelled(flatten(base))}
    for diff in diff_instruments(base, new):
        unit = Unit(diff.eid, diff.kind, diff.depth, "")
        label = diff.label
        para = _write_unit(writer, unit, "")
        if diff.kind.is_item and diff.kind is not Kind.ANNEX_PARAGRAPH:
            para.paragraph_format.left_indent = Cm(1.0 * diff.depth) if diff.depth else None
        italic = diff.kind in (Kind.PREAMBLE_HEADING, Kind.OPERATIVE_HEADING)
        bold = diff.kind in (Kind.NUMBER, Kind.TITLE, Kind.ANNEX)
        whole = {"added": "insert", "deleted": "delete"}.get(diff.status)
        prefix = f"{label}\t" if label else ""
        before = old_labels.get(diff.eid, "") if not whole else label
        if not whole and before != label:
            # renumbered: the old number goes and the new one comes, so that the text
            # before the changes is numbered as the base and the text after as the new
            for text, op in ((f"{before}\t" if before else "", "delete"), (prefix, "insert")):
                if text and marks == "tracked":
                    writer.tracked_run(para, text, op, author, date)
                elif text:
                    writer.run(para, text, underline=op == "insert", strike=op == "delete")
        elif prefix:
            if whole and marks == "tracked":
                writer.tracked_run(para, prefix, whole, author, date)
            else:
                writer.run(para, prefix, underline=whole == "insert", strike=whole == "delete")
        for op in diff.ops:
            if op.op == "equal":
                writer.run(para, op.text, bold=bold, italic=italic)
            elif marks == "tracked":
                writer.tracked_run(para, op.text, op.op, author, date)
            else:
                writer.run(
                    para,
                    op.text,
                    bold=bold,
                    italic=italic,
                    underline=op.op == "insert",
                    strike=op.op == "delete",
                )
        if whole and marks == "tracked":
            writer.mark_paragraph(para, whole, author, date)
    return writer.save()


def draft_docx(draft: Draft, header: DocumentHeader = NO_HEADER) -> bytes:
    """A bracketed draft: each bracket's alternatives separated by ``/``, the sources of
    each alternative in a footnote, new provisions headed by their sponsors."""
    writer = _Writer(header)
    units = [Unit(p.eid, p.kind, p.depth, "") for p in draft.provisions]
    for provision, (unit, label) in zip(draft.provisions, labelled(units), strict=True):
        para = _write_unit(writer, unit, "")
        italic = provision.kind in (Kind.PREAMBLE_HEADING, Kind.OPERATIVE_HEADING)
        bold = provision.kind in (Kind.NUMBER, Kind.TITLE, Kind.ANNEX)
        if provision.sponsors:
            writer.run(para, "[")
            writer.footnote(para, "Proposed by " + ", ".join(provision.sponsors) + ".")
        if label:
            writer.run(para, f"{label}\t")
        for segment in provision.segments:
            if isinstance(segment, str):
                writer.run(para, segment, bold=bold, italic=italic)
                continue
            writer.run(para, "[")
            for n, alternative in enumerate(segment.alternatives):
                if n:
                    writer.run(para, " / ")
                writer.run(para, alternative.text or "\u2026", bold=bold, italic=italic)
                who = ", ".join(
                    "base text" if source == BASE else source for source in alternative.sources
                )
                writer.footnote(para, who if alternative.text else f"{who} (no text)")
            writer.run(para, "]")
        if provision.sponsors:
            writer.run(para, "]")
    return writer.save()


def _diff_runs(writer: _Writer, para: Paragraph, old: str, new: str) -> None:
    for op in diff_provision(old, new):
        writer.run(para, op.text, underline=op.op == "insert", strike=op.op == "delete")


def proposals_docx(
    base: Instrument, proposals: Sequence[Proposal], header: DocumentHeader = NO_HEADER
) -> bytes:
    """An ITU-style input document: each proposal headed by its mark and symbol, the
    text of a MOD with additions underlined and deletions struck through, then
    "Reasons:"."""
    writer = _Writer(header)
    units = flatten(base)
    labels = {unit.eid: label for unit, label in labelled(units)}
    by_eid = {unit.eid: unit for unit in units}
    heading_of: dict[str, str] = {}
    current = ""
    for unit in units:
        if unit.kind.is_heading:
            current = unit.text
        heading_of[unit.eid] = current
    for proposal in proposals:
        writer.paragraph(f"{proposal.mark}\t{proposal.symbol}", bold=True)
        target = by_eid.get(proposal.target)
        if proposal.mark.adds:
            unit = Unit(proposal.eid, proposal.kind or Kind.OPERATIVE_ITEM, proposal.depth, "")
            heading = heading_of.get(proposal.target, "")
            if target is not None and target.kind.is_heading:
                heading = target.text
            if heading:
                writer.paragraph(heading, italic=True)
            label = _add_label(labels, target, unit)
            para = writer.paragraph(depth=unit.depth if unit.kind.is_item else 0)
            writer.run(para, (f"{label}\t" if label else "") + proposal.text, underline=True)
        elif target is not None:
            if not target.kind.is_heading and heading_of.get(target.eid):
                writer.paragraph(heading_of[target.eid], italic=True)
            label = labels.get(target.eid, "")
            para = writer.paragraph(depth=target.depth)
            if label:
                writer.run(para, f"{label}\t", strike=proposal.mark.deletes)
            if proposal.mark.modifies:
                _diff_runs(writer, para, target.text, proposal.text)
            else:
                writer.run(para, target.text, strike=proposal.mark.deletes)
        if proposal.reasons:
            writer.paragraph(f"Reasons:\t{proposal.reasons}")
        else:
            writer.paragraph("Reasons:")
    return writer.save()


def _add_label(labels: dict[str, str], anchor: Unit | None, unit: Unit) -> str:
    """The number a new provision is proposed under: ``3bis`` after item 3."""
    if not unit.kind.is_item or unit.kind is Kind.ANNEX_PARAGRAPH:
        return ""
    if anchor is None or anchor.kind.is_heading:
        return "1" if unit.kind is Kind.OPERATIVE_ITEM and unit.depth == 0 else "a)"
    eid = anchor.eid
    if anchor.depth > unit.depth:  # after the last sub-item of an item: that item's number
        eid = "__".join(eid.split("__")[: 2 + unit.depth])
    label = labels.get(eid, "")
    if anchor.depth >= unit.depth and label:
        if label.endswith(")"):
            return f"{label[:-1]}bis)"
        return f"{label}bis"
    return "1" if unit.depth == 0 else "a)"


__all__ = [
    "DEFAULT_AUTHOR",
    "draft_docx",
    "instrument_docx",
    "instruments_docx",
    "proposals_docx",
    "prose_docx",
    "revision_docx",
]
