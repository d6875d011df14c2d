"""Every export of a text: DOCX, PDF, Akoma Ntoso and HTML, with the document header."""

from __future__ import annotations

from plenipot.engine.draftformat import agreed_text, parse_draft
from plenipot.engine.instrument import ParseError, parse_instrument
from plenipot.formats import akn, docx_out, html_out, pdf
from plenipot.formats.common import DocumentHeader
from plenipot.formats.safety import FormatError

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
    "akn": ("application/akn+xml", "xml"),
    "html": ("text/html; charset=utf-8", "html"),
}


def export_text(text: str, kind: str, fmt: str, header: DocumentHeader, date: str) -> bytes:
    """The text (an instrument or a bracketed draft) in one format.

    Any other text is exported as plain paragraphs, except to Akoma Ntoso, where
    ``FormatError`` is raised.
    """
    try:
        if kind == "draft":
            draft = parse_draft(text)
            out = {
                "docx": lambda: docx_out.draft_docx(draft, header),
                "pdf": lambda: pdf.draft_pdf(draft, header),
                "akn": lambda: akn.draft_akn(draft, language=header.language, date=date),
                "html": lambda: html_out.draft_html(draft, header),
            }[fmt]()
        else:
            inst = parse_instrument(text)
            out = {
                "docx": lambda: docx_out.instrument_docx(inst, header),
                "pdf": lambda: pdf.instrument_pdf(inst, header),
                "akn": lambda: akn.instrument_akn(inst, language=header.language, date=date),
                "html": lambda: html_out.instrument_html(inst, header),
            }[fmt]()
    except ParseError as exc:
        if fmt == "akn":
            raise FormatError(f"the stored text is not an instrument: {exc}") from None
        out = {
            "docx": lambda: docx_out.prose_docx(text, header),
            "pdf": lambda: pdf.html_pdf(html_out.prose_html(text, header)),
            "html": lambda: html_out.prose_html(text, header),
        }[fmt]()
    return out.encode("utf-8") if isinstance(out, str) else out


def export_revision(
    base_text: str, text: str, fmt: str, header: DocumentHeader, marks: str
) -> bytes:
    """``text`` with its changes against ``base_text`` marked: Word tracked changes or
    the conference's underline and strike-through (always the latter in PDF and HTML).

    Raises ``FormatError`` when either text is not an instrument, or for Akoma Ntoso.
    """
    try:
        base, new = parse_instrument(base_text), parse_instrument(text)
    except ParseError as exc:
        raise FormatError(f"revision marks need two instruments: {exc}") from None
    out = {
        "docx": lambda: docx_out.revision_docx(base, new, header, marks=marks),  # type: ignore[arg-type]
        "pdf": lambda: pdf.revision_pdf(base, new, header),
        "html": lambda: html_out.revision_html(base, new, header),
    }.get(fmt)
    if out is None:
        raise FormatError("revision marks are exported to Word, PDF and HTML")
    data = out()
    return data.encode("utf-8") if isinstance(data, str) else data


def export_instruments(texts: list[str], fmt: str, header: DocumentHeader) -> bytes:
    """Several instruments in one file, each from a new page (the Final Acts)."""
    try:
        insts = [parse_instrument(agreed_text(text)) for text in texts]
    except ParseError as exc:
        raise FormatError(f"an adopted text cannot be read: {exc}") from None
    out = {
        "docx": lambda: docx_out.instruments_docx(insts, header),
        "pdf": lambda: pdf.instruments_pdf(insts, header),
        "html": lambda: html_out.instruments_html(insts, header),
    }.get(fmt)
    if out is None:
        raise FormatError("the Final Acts are exported to Word, PDF and HTML")
    data = out()
    return data.encode("utf-8") if isinstance(data, str) else data
