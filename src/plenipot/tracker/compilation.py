"""The secretariat's compilation of the proposals on an instrument, as a Word file and a
PDF: the synoptic table committees start from, one row per provision of the text in
force (and per provision proposed), with every source's proposal beside it.

The PDF is printed from the page's own template through the formats' PDF writer; the
Word file is a table written with python-docx.
"""

from __future__ import annotations

import io
from html import escape

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from plenipot.engine.compilation import Synopsis
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
    # python-docx is loaded by the one download that needs it.
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.add_paragraph(conference).runs[0].font.size = Pt(9)
    heading = document.add_paragraph()
    heading.add_run(title).bold = True
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, label in zip(
        table.rows[0].cells, (_("Provision"), _("Text in force"), _("Proposals")), strict=True
    ):
        cell.paragraphs[0].add_run(label).bold = True
    for row in synopsis.rows:
        cells = table.add_row().cells
        cells[0].text = row.number or (_("new") if row.base is None else "")
        if row.base is None:
            cells[1].paragraphs[0].add_run(_("(new provision)")).italic = True
        else:
            cells[1].text = row.base
        first = True
        for entry in row.entries:
            paragraph = cells[2].paragraphs[0] if first else cells[2].add_paragraph()
            first = False
            paragraph.add_run(f"{entry.source} · {entry.mark.value} · {entry.symbol}").bold = True
            if entry.text:
                cells[2].add_paragraph(entry.text)
            if entry.reasons:
                reasons = cells[2].add_paragraph()
                reasons.add_run(_("Reasons:") + " ").italic = True
                reasons.add_run(entry.reasons)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
