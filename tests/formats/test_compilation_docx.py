"""The compilation's Word writer: one row per provision, each proposal beside the text
in force, and the table's words as the caller gives them."""

from __future__ import annotations

import io

from docx import Document

from plenipot.engine.compilation import compile_synopsis
from plenipot.engine.proposals import Mark, derive_proposals
from plenipot.formats.compilation_docx import CompilationLabels, compilation_docx


def test_the_word_compilation_sets_each_proposal_beside_the_text_in_force(base, edited):
    proposals = derive_proposals(base, edited, source="SEN", noc=False)
    synopsis = compile_synopsis(base, proposals)
    labels = CompilationLabels(
        provision="Disposition",
        text_in_force="Texte en vigueur",
        proposals="Propositions",
        new="nouveau",
        new_provision="(nouvelle disposition)",
        reasons="Motifs :",
    )
    data = compilation_docx(
        title="Résolution 101", conference="RPM-27", synopsis=synopsis, labels=labels
    )
    assert data[:2] == b"PK"
    document = Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs[:2]] == ["RPM-27", "Résolution 101"]
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == [
        "Disposition", "Texte en vigueur", "Propositions",
    ]  # fmt: skip
    assert len(table.rows) == len(synopsis.rows) + 1
    by_base = {row.cells[1].text: row.cells[2].text for row in table.rows[1:]}
    changed = next(text for text in by_base if "an important tool" in text)
    assert "SEN · MOD" in by_base[changed]
    assert "an essential tool" in by_base[changed]
    # The new sub-item has a row of its own, named in the reader's language.
    assert "(nouvelle disposition)" in by_base
    assert "SEN · ADD" in by_base["(nouvelle disposition)"]
    marks = {p.mark for p in proposals}
    assert Mark.SUP in marks and f"SEN · {Mark.SUP.value}" in "".join(by_base.values())


def test_without_labels_the_table_speaks_english(base):
    data = compilation_docx(
        title="Resolution 101", conference="PP-14", synopsis=compile_synopsis(base, [])
    )
    table = Document(io.BytesIO(data)).tables[0]
    assert [cell.text for cell in table.rows[0].cells] == [
        "Provision", "Text in force", "Proposals",
    ]  # fmt: skip
