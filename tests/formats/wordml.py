"""Small Word files written by hand for the tests: paragraphs with tracked changes,
tracked paragraph marks, ITU marks (underline, strike-through), styles and tables.

A run is a string (plain text) or a pair ``(how, text)`` where ``how`` is ``ins``,
``del``, ``moveFrom``, ``moveTo`` (Word's tracked changes), ``u`` (underlined) or ``s``
(struck through).
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DATE = "2014-10-21T10:00:00Z"

Run = str | tuple[str, str]


def _run(run: Run, author: str) -> str:
    how, text = ("", run) if isinstance(run, str) else run
    parts = []
    for n, piece in enumerate(text.split("\t")):
        if n:
            parts.append("<w:tab/>")
        if piece:
            tag = "w:delText" if how in ("del", "moveFrom") else "w:t"
            parts.append(f'<{tag} xml:space="preserve">{escape(piece)}</{tag}>')
    props = {"u": '<w:rPr><w:u w:val="single"/></w:rPr>', "s": "<w:rPr><w:strike/></w:rPr>"}
    body = f"<w:r>{props.get(how, '')}{''.join(parts)}</w:r>"
    if how in ("ins", "del", "moveFrom", "moveTo"):
        return f'<w:{how} w:id="1" w:author="{author}" w:date="{_DATE}">{body}</w:{how}>'
    return body


def p(*runs: Run, style: str = "", mark: str = "", author: str = "EUR") -> str:
    """A paragraph; ``mark`` ``ins`` or ``del`` tracks its paragraph mark."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if mark:
        props += f'<w:rPr><w:{mark} w:id="2" w:author="{author}" w:date="{_DATE}"/></w:rPr>'
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{''.join(_run(r, author) for r in runs)}</w:p>"


def table(*cells: Run) -> str:
    """A table of one row, one paragraph per cell."""
    row = "".join(f"<w:tc>{p(cell)}</w:tc>" for cell in cells)
    return f"<w:tbl><w:tr>{row}</w:tr></w:tbl>"


_TRANSITIONAL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"


def docx(
    *body: str,
    parts: dict[str, str] | None = None,
    main: str = "word/document.xml",
    strict: bool = False,
) -> bytes:
    """A Word file whose body holds these paragraphs and tables; ``parts`` are more XML
    parts by name, ``main`` where the main document part is, ``strict`` a file saved as
    Strict Open XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{_STRICT if strict else _TRANSITIONAL}" Target="{main}"/></Relationships>',
        )
        z.writestr(
            main,
            f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{"".join(body)}'
            "</w:body></w:document>",
        )
        for name, xml in (parts or {}).items():
            z.writestr(name, xml)
    return out.getvalue()


def lines(text: str) -> list[str]:
    """A plain-text instrument as Word paragraphs: one per non-blank line, the label
    followed by a tab as Word users type it."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        head, _, rest = line.strip().partition(" ")
        if rest and (head.rstrip(")").isalnum() and (head.endswith(")") or head.isdigit())):
            out.append(f"{head}\t{rest}")
        else:
            out.append(line.strip())
    return out
