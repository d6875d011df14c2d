"""PDF out through WeasyPrint, from the HTML of :mod:`plenipot.formats.html_out`.

The fonts are Debian's Noto packages (fonts-noto-core, fonts-noto-cjk), found through
fontconfig; Pango shapes Arabic right to left and Chinese without spaces. WeasyPrint
is given a URL fetcher that fetches nothing: a document never loads anything from
outside, whatever its text says.

Public API: :func:`html_pdf`, :func:`instrument_pdf`, :func:`instruments_pdf`,
:func:`revision_pdf`, :func:`draft_pdf`.
"""

from __future__ import annotations

from collections.abc import Iterable

from plenipot.engine.consolidation import Draft
from plenipot.engine.instrument import Instrument
from plenipot.formats import html_out
from plenipot.formats.common import DocumentHeader

NO_HEADER = DocumentHeader()


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"documents load nothing from outside ({url[:60]})")


def _fetcher():
    """A fetcher that refuses every URL (a class in recent WeasyPrint, a function before)."""
    try:  # WeasyPrint is loaded with the PDF writer, not before
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before the URLFetcher class
        return _no_fetch

    class NoFetch(URLFetcher):
        def fetch(self, url, headers=None):
            return _no_fetch(url)

    return NoFetch()


def html_pdf(page: str) -> bytes:
    """Render one standalone HTML page to PDF."""
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    return HTML(string=page, url_fetcher=_fetcher()).write_pdf()


def instrument_pdf(inst: Instrument, header: DocumentHeader = NO_HEADER) -> bytes:
    return html_pdf(html_out.instrument_html(inst, header))


def instruments_pdf(insts: Iterable[Instrument], header: DocumentHeader = NO_HEADER) -> bytes:
    return html_pdf(html_out.instruments_html(insts, header))


def revision_pdf(base: Instrument, new: Instrument, header: DocumentHeader = NO_HEADER) -> bytes:
    return html_pdf(html_out.revision_html(base, new, header))


def draft_pdf(draft: Draft, header: DocumentHeader = NO_HEADER) -> bytes:
    return html_pdf(html_out.draft_html(draft, header))
