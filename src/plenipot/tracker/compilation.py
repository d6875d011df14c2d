"""The secretariat's compilation of the proposals on an instrument, as a Word file and a
PDF: the synoptic table committees start from, one row per provision of the text in
force (and per provision proposed), with every source's proposal beside it.

The PDF is printed from the page's own template through the formats' PDF writer; the
Word file is written by `plenipot.formats.compilation_docx`, given the table's words in
the reader's language.
"""

from __future__ import annotations

from html import escape

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from plenipot.engine.compilation import Synopsis
from plenipot.formats.compilation_docx import CompilationLabels
from plenipot.formats.compilation_docx import compilation_docx as write_compilation_docx
from plenipot.formats.pdf import html_pdf

# The printed page's style: it never reaches a browser, only the PDF writer.
_PRINT_CSS = """
@page { size: A4 landscape; margin: 1.5cm; @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-family: "Noto Serif", "Noto Naskh Arabic", "Noto Serif CJK SC", "Noto Sans CJK SC", serif;
       font-size: 10pt; }
h1 { font-size: 13pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #888; padding: 4pt; vertical-align: top; text-align: start; }
thead th { background: #eee; }
tr.new td { background: #f6f6f2; }
.entry + .entry { margin-top: 6pt; border-top: 1px dotted #aaa; padding-top: 4pt; }
p { margin: 2pt 0; } .muted { color: #555; } .reasons { color: #333; }
"""


def compilation_pdf(*, title: str, conference: str, synopsis: Synopsis, language: str) -> bytes:
    table = render_to_string("tracker/_compilation_table.html", {"synopsis": synopsis})
    direction = ' dir="rtl"' if language == "ar" else ""
    page = (
        f'<!DOCTYPE html><html lang="{escape(language)}"{direction}><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_PRINT_CSS}</style></head><body>"
        f'<p class="muted">{escape(conference)}</p><h1>{escape(title)}</h1>{table}</body></html>'
    )
    return html_pdf(page)


def compilation_docx(*, title: str, conference: str, synopsis: Synopsis) -> bytes:
    """The Word file, with the table's words in the reader's language."""
    labels = CompilationLabels(
        provision=_("Provision"),
        text_in_force=_("Text in force"),
        proposals=_("Proposals"),
        new=_("new"),
        new_provision=_("(new provision)"),
        reasons=_("Reasons:"),
    )
    return write_compilation_docx(
        title=title, conference=conference, synopsis=synopsis, labels=labels
    )
