"""The secretariat's compilation of the proposals on an instrument as a Word file: the
synoptic table committees start from, one row per provision of the text in force (and
per provision proposed), with every source's proposal beside it.

The column heads and the few words the table prints are passed in by the caller, in
the reader's language: this layer translates nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from plenipot.engine.compilation import Synopsis


@dataclass(frozen=True)
class CompilationLabels:
    """The words the table prints, in the reader's language."""

    provision: str = "Provision"
    text_in_force: str = "Text in force"
    proposals: str = "Proposals"
    new: str = "new"
    new_provision: str = "(new provision)"
    reasons: str = "Reasons:"


def compilation_docx(
    *,
    title: str,
    conference: str,
    synopsis: Synopsis,
    labels: CompilationLabels = CompilationLabels(),
) -> bytes:
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
    heads = (labels.provision, labels.text_in_force, labels.proposals)
    for cell, label in zip(table.rows[0].cells, heads, strict=True):
        cell.paragraphs[0].add_run(label).bold = True
    for row in synopsis.rows:
        cells = table.add_row().cells
        cells[0].text = row.number or (labels.new if row.base is None else "")
        if row.base is None:
            cells[1].paragraphs[0].add_run(labels.new_provision).italic = True
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
                reasons.add_run(labels.reasons + " ").italic = True
                reasons.add_run(entry.reasons)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
