"""HTML out: a standalone page per document, and the source of the PDF.

The same conventions as the Word files: the header table, one block per provision,
additions underlined and deletions struck through, brackets with their sources.
Arabic pages are ``dir="rtl"``; the fonts are the Noto families that Debian packages,
so that Arabic and Chinese shape correctly in the PDF.

Public API: :func:`instrument_html`, :func:`instruments_html`, :func:`revision_html`,
:func:`draft_html`.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from plenipot.engine.consolidation import BASE, Bracket, Draft
from plenipot.engine.diff import diff_instruments
from plenipot.engine.instrument import Instrument, Kind, Unit, flatten, labelled
from plenipot.formats.common import DocumentHeader

NO_HEADER = DocumentHeader()

_CSS = """
@page { size: A4; margin: 2cm 2cm 2.5cm 2cm;
        @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-family: "Noto Serif", "Noto Naskh Arabic", "Noto Serif CJK SC",
       "Noto Sans CJK SC", serif; font-size: 11pt; line-height: 1.4; }
html[lang=ar] body { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Noto Serif", serif; }
html[lang=zh] body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Serif", serif; }
table.header { border-collapse: collapse; margin-bottom: 1.5em; font-size: 10pt; }
table.header th { text-align: start; padding-inline-end: 1em; font-weight: normal; color: #555; }
.number, .title, .annex { font-weight: bold; text-align: center; }
.number { margin-top: 1.5em; }
.formula { margin: 1em 0; }
.heading { font-style: italic; margin: 1em 0 0.3em; }
.item { margin: 0.2em 0; display: flex; gap: 0.6em; }
.item .num { min-width: 2em; flex: none; direction: ltr; unicode-bidi: isolate; }
.depth-1 { margin-inline-start: 2em; } .depth-2 { margin-inline-start: 4em; }
ins { text-decoration: underline; } del { text-decoration: line-through; }
.bracket { font-weight: bold; } .sources { font-size: 8pt; vertical-align: super; color: #444; }
.added { border-inline-start: 3px solid #888; padding-inline-start: 0.4em; }
.instrument + .instrument { break-before: page; }
"""


def _page(header: DocumentHeader, body: str) -> str:
    rows = "".join(
        f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>"
        for label, value in header.rows()
    )
    top = ""
    if header.conference:
        top += f"<p class='title'>{escape(header.conference)}</p>"
    if rows:
        top += f"<table class='header'>{rows}</table>"
    if header.title:
        top += f"<p class='title'>{escape(header.title)}</p>"
    direction = "rtl" if header.rtl else "ltr"
    return (
        f"<!DOCTYPE html><html lang='{escape(header.language)}' dir='{direction}'><head>"
        f"<meta charset='utf-8'><title>{escape(header.symbol or header.title or 'Document')}"
        f"</title><style>{_CSS}</style></head><body>{top}{body}</body></html>"
    )


def _line(unit: Unit, label: str, content: str, extra: str = "") -> str:
    css = {
        Kind.NUMBER: "number",
        Kind.TITLE: "title",
        Kind.FORMULA: "formula",
        Kind.PREAMBLE_HEADING: "heading",
        Kind.OPERATIVE_HEADING: "heading",
        Kind.ANNEX: "annex",
    }.get(unit.kind)
    attrs = f" id='{escape(unit.eid)}'"
    if css:
        return f"<p class='{css}{extra}'{attrs}>{content}</p>"
    num = f"<span class='num'>{escape(label)}</span>" if label else ""
    return f"<div class='item depth-{unit.depth}{extra}'{attrs}>{num}<span>{content}</span></div>"


def _instrument(inst: Instrument) -> str:
    lines = [
        _line(unit, label, escape(unit.text, quote=False))
        for unit, label in labelled(flatten(inst))
    ]
    return "<div class='instrument'>" + "".join(lines) + "</div>"


def instrument_html(inst: Instrument, header: DocumentHeader = NO_HEADER) -> str:
    return _page(header, _instrument(inst))


def instruments_html(insts: Iterable[Instrument], header: DocumentHeader = NO_HEADER) -> str:
    """Several instruments, each from a new page (blue and pink documents, Final Acts)."""
    return _page(header, "".join(_instrument(inst) for inst in insts))


def prose_html(text: str, header: DocumentHeader = NO_HEADER) -> str:
    """A document that is not an instrument: one paragraph per line of text."""
    body = "".join(
        f"<p>{escape(line.strip(), quote=False)}</p>" for line in text.splitlines() if line.strip()
    )
    return _page(header, body)


def revision_html(base: Instrument, new: Instrument, header: DocumentHeader = NO_HEADER) -> str:
    """``new`` with its changes against ``base``: additions underlined, deletions struck."""
    parts = []
    tags = {"equal": "{}", "insert": "<ins>{}</ins>", "delete": "<del>{}</del>"}
    for diff in diff_instruments(base, new):
        content = "".join(tags[op.op].format(escape(op.text, quote=False)) for op in diff.ops)
        label = diff.label
        unit = Unit(diff.eid, diff.kind, diff.depth, "")
        parts.append(_line(unit, label, content, " added" if diff.status == "added" else ""))
    return _page(header, "<div class='instrument'>" + "".join(parts) + "</div>")


def _segments(segments) -> str:
    out = []
    for segment in segments:
        if isinstance(segment, Bracket):
            alternatives = []
            for alternative in segment.alternatives:
                who = ", ".join("base" if s == BASE else s for s in alternative.sources)
                text = escape(alternative.text, quote=False) or "\u2026"
                alternatives.append(f"{text}<span class='sources'>{escape(who)}</span>")
            out.append("<span class='bracket'>[</span>" + " / ".join(alternatives))
            out.append("<span class='bracket'>]</span>")
        else:
            out.append(escape(segment, quote=False))
    return "".join(out)


def draft_html(draft: Draft, header: DocumentHeader = NO_HEADER) -> str:
    """A bracketed draft; each alternative followed by its sources."""
    units = [Unit(p.eid, p.kind, p.depth, "") for p in draft.provisions]
    parts = []
    for provision, (unit, label) in zip(draft.provisions, labelled(units), strict=True):
        content = _segments(provision.segments)
        extra = ""
        if provision.sponsors:
            who = escape(", ".join(provision.sponsors))
            content = f"[{content}]<span class='sources'>{who}</span>"
            extra = " added"
        parts.append(_line(unit, label, content, extra))
    return _page(header, "<div class='instrument'>" + "".join(parts) + "</div>")
