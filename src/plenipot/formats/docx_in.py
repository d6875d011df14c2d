"""DOCX in: proposals from a delegation's Word file.

Two kinds of file are read:

* **An ITU-style proposal document.** Each proposal is headed by a paragraph with its
  mark and symbol (``MOD  EUR/27A1/5``), followed by its text (optionally preceded by
  the heading it stands under, such as *resolves*) and a "Reasons:" paragraph. In a
  MOD, additions are underlined and deletions struck through (or tracked). The text
  before the changes is matched to a provision of the base to find the target. A
  block that holds the whole instrument (its number first) is read as an edited copy.
* **An edited copy of an instrument with tracked changes** (``w:ins``, ``w:del``,
  ``w:moveFrom``, ``w:moveTo``), or with ITU marks (underline and strike-through)
  instead. The text before and after the changes are both read as instruments, and
  the proposals are derived from their difference, anchored on the ids of the base.
  The author and date of the changes are kept as the author, never as the source.

The six languages of the conference are read as each writes its texts (see
:mod:`plenipot.formats.languages`): item labels (``a)``, Arabic ``أ)`` ``ب)`` in their
order, Cyrillic ``а)`` ``б)``, Chinese ``一、``, Arabic-Indic digits), "Reasons:"
(``Motifs:``, ``Motivos:``, ``Основания:``, ``الأسباب:``, ``理由：``) and annexes.
Labels are read as the Latin labels of the plain-text format (``أ)`` is ``a)``).

A tracked paragraph mark is a merge or a split: the text before the changes joins a
paragraph whose mark was inserted to the next one, the text after them one whose mark
was deleted; a merge reads as a MOD of the first provision and a SUP of the second, a
split as a MOD and an ADD. A provision moved whole (``w:moveFrom``/``w:moveTo``) is a
SUP* and an ADD*. A paragraph with no label that follows an item continues it (Word
users break a long provision into paragraphs); a heading of the ITU template (style
``Call``) or a short line that reads like one starts a heading.

Word's automatic numbers are read from the numbering definitions (a paragraph's own
``w:numPr`` or its style's), counted as Word counts them, in place of any number in the
paragraph's text.

Paragraphs are read from the body of the document; tables, footnotes, headers and
footers are not read (the document header stands in a table). A table inside a
proposal, proposals laid out in a table (named by their symbols), and tracked changes
in a table or outside the body, are reported; a text in force with a table in it is
refused. Anything
that cannot be matched to the base is reported in :attr:`Extraction.problems`, never
guessed. An edited copy must look like an instrument (its first paragraph names a
resolution, decision or recommendation), and its source comes from the file's
symbols or the caller, never from Word's author.

Public API: :class:`Extraction`, :class:`Paragraph`, :func:`read_paragraphs`,
:func:`extract_proposals`, :func:`docx_instrument`, :func:`instrument_text`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from os.path import commonprefix

from lxml import etree
from rapidfuzz import fuzz

from plenipot.engine.instrument import (
    Instrument,
    Kind,
    ParseError,
    build,
    flatten,
    heading_part,
    labelled,
    letters,
    names_instrument,
    parse_instrument,
    roman,
)
from plenipot.engine.proposals import Mark, Proposal, derive_proposals
from plenipot.formats.languages import (
    ANNEX,
    SYMBOL_IN_TEXT,
    instrument_missing,
    mark_line,
    reasons,
    split_label,
    uses_cyrillic_letters,
)
from plenipot.formats.safety import (
    DEFAULT_LIMITS,
    FormatError,
    Limits,
    Message,
    check_text,
    open_docx,
)

#: Where a message is made: the template is found for translation under this name.
_ = Message

_MARKS = {m.value: m for m in Mark}

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_INSERTED = {f"{W}ins", f"{W}moveTo"}
_DELETED = {f"{W}del", f"{W}moveFrom"}
_MOVED = {f"{W}moveTo", f"{W}moveFrom"}


@dataclass(frozen=True)
class Piece:
    """A stretch of a paragraph's text: kept, inserted or deleted (``moved`` when Word
    tracked it as a move)."""

    text: str
    op: str  # "equal", "insert", "delete"
    author: str = ""
    date: str = ""
    moved: bool = False


@dataclass(frozen=True)
class Paragraph:
    """One body paragraph, as pieces.

    ``mark`` is ``insert`` or ``delete`` when the paragraph mark itself is tracked: an
    inserted mark splits a paragraph in two, a deleted one joins it to the next.
    ``style`` is the id of the paragraph's style (the ITU template's ``Call`` marks a
    heading).
    """

    pieces: tuple[Piece, ...]
    indent: int = 0
    mark: str = ""
    style: str = ""
    mark_author: str = ""
    mark_date: str = ""

    @property
    def old(self) -> str:
        return "".join(p.text for p in self.pieces if p.op != "insert").strip()

    @property
    def new(self) -> str:
        return "".join(p.text for p in self.pieces if p.op != "delete").strip()

    @property
    def changed(self) -> bool:
        return bool(self.mark) or any(p.op != "equal" and p.text.strip() for p in self.pieces)

    def who(self) -> tuple[str, str]:
        for piece in self.pieces:
            if piece.op != "equal" and piece.author:
                return piece.author, piece.date
        return self.mark_author, self.mark_date


@dataclass
class Extraction:
    """What was read from a file: the proposals, who made each change, and problems."""

    kind: str  # "itu" or "tracked"
    proposals: list[Proposal] = field(default_factory=list)
    authors: dict[str, tuple[str, str]] = field(default_factory=dict)  # symbol -> (author, date)
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "proposals": [
                {
                    "symbol": p.symbol,
                    "mark": str(p.mark),
                    "target": p.target,
                    "text": p.text,
                    "reasons": p.reasons,
                    "kind": str(p.kind) if p.kind else None,
                    "depth": p.depth,
                    "eid": p.eid,
                    "sources": list(p.sources),
                    "author": self.authors.get(p.symbol, ("", ""))[0],
                    "date": self.authors.get(p.symbol, ("", ""))[1],
                }
                for p in self.proposals
            ],
            "problems": list(self.problems),
        }


# --- reading paragraphs -----------------------------------------------------------------


def _on(rpr: etree._Element | None, tag: str) -> bool:
    if rpr is None:
        return False
    element = rpr.find(W + tag)
    if element is None:
        return False
    return element.get(W + "val", "true").lower() not in ("0", "false", "none")


def _run_text(run: etree._Element) -> str:
    out = []
    for child in run:
        if child.tag in (W + "t", W + "delText") and child.text:
            out.append(child.text)
        elif child.tag == W + "tab":
            out.append("\t")
        elif child.tag in (W + "br", W + "cr"):
            out.append(" ")
        elif child.tag == W + "noBreakHyphen":
            out.append("\u2011")
    return "".join(out)


def _paragraph(p: etree._Element) -> Paragraph:
    pieces: list[Piece] = []
    for run in p.iter(W + "r"):
        if run.getparent() is not None and run.getparent().tag == W + "rPr":
            continue
        op, author, date, moved = "equal", "", "", False
        ancestor = run.getparent()
        while ancestor is not None and ancestor is not p:
            if ancestor.tag in _INSERTED:
                op = "insert"
            elif ancestor.tag in _DELETED:
                op = "delete"
            if op != "equal":
                author, date = ancestor.get(W + "author", ""), ancestor.get(W + "date", "")
                moved = ancestor.tag in _MOVED
                break
            ancestor = ancestor.getparent()
        text = _run_text(run)
        if not text:
            continue
        if op == "equal":  # the conference's own marks: underline adds, strike deletes
            rpr = run.find(W + "rPr")
            if _on(rpr, "strike") or _on(rpr, "dstrike"):
                op = "delete"
            elif rpr is not None and rpr.find(W + "u") is not None and _on(rpr, "u"):
                op = "insert"
        pieces.append(Piece(text, op, author, date, moved))
    mark, mark_author, mark_date, style = "", "", "", ""
    ppr = p.find(W + "pPr")
    indent = 0
    if ppr is not None:
        rpr = ppr.find(W + "rPr")
        if rpr is not None:
            for tag, what in (
                ("ins", "insert"),
                ("moveTo", "insert"),
                ("del", "delete"),
                ("moveFrom", "delete"),
            ):
                element = rpr.find(W + tag)
                if element is not None:
                    mark = what
                    mark_author, mark_date = (
                        element.get(W + "author", ""),
                        element.get(W + "date", ""),
                    )
                    break
        ind = ppr.find(W + "ind")
        if ind is not None:
            value = ind.get(W + "left") or ind.get(W + "start") or "0"
            indent = int(value) if value.lstrip("-").isdigit() else 0
        pstyle = ppr.find(W + "pStyle")
        if pstyle is not None:
            style = pstyle.get(W + "val", "")
    return Paragraph(tuple(pieces), indent, mark, style, mark_author, mark_date)


def _val(element: etree._Element | None, tag: str) -> str | None:
    """The ``w:val`` of the child ``tag`` of ``element``, or None when there is none."""
    child = element.find(W + tag) if element is not None else None
    return child.get(W + "val") if child is not None else None


def _start(element: etree._Element | None, default: int = 1) -> int:
    value = _val(element, "start") or _val(element, "startOverride") or ""
    return int(value) if value.isdigit() else default


@dataclass
class _Numbering:
    """Word's automatic numbering (``word/numbering.xml``) and the styles that number
    their paragraphs (``word/styles.xml``), as the paragraphs' numbers need them."""

    #: abstractNumId -> ilvl -> (number format, first number)
    levels: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)
    #: abstractNumId -> style id -> the ilvl of the level that names that style
    level_styles: dict[str, dict[str, str]] = field(default_factory=dict)
    #: numId -> (abstractNumId, ilvl -> the number a restarted list starts from)
    nums: dict[str, tuple[str, dict[str, int]]] = field(default_factory=dict)
    #: paragraph style id -> (numId, ilvl or None), inherited through ``w:basedOn``
    styles: dict[str, tuple[str, str | None]] = field(default_factory=dict)


def _numbering(package, main: str) -> _Numbering:
    numbering = _Numbering()
    root = package.xml(package.related(main, "numbering") or "word/numbering.xml")
    if root is not None:
        for element in root.iter(W + "abstractNum"):
            abstract = element.get(W + "abstractNumId", "")
            levels, styles = {}, {}
            for level in element.iter(W + "lvl"):
                ilvl = level.get(W + "ilvl", "0")
                levels[ilvl] = (_val(level, "numFmt") or "decimal", _start(level))
                style = _val(level, "pStyle")
                if style:
                    styles[style] = ilvl
            numbering.levels[abstract] = levels
            numbering.level_styles[abstract] = styles
        for num in root.iter(W + "num"):
            overrides = {
                override.get(W + "ilvl", "0"): _start(override)
                for override in num.iter(W + "lvlOverride")
                if override.find(W + "startOverride") is not None
            }
            numbering.nums[num.get(W + "numId", "")] = (_val(num, "abstractNumId") or "", overrides)
    styles = package.xml(package.related(main, "styles") or "word/styles.xml")
    if styles is None:
        return numbering
    own: dict[str, tuple[str | None, str | None]] = {}
    based: dict[str, str] = {}
    for style in styles.iter(W + "style"):
        if style.get(W + "type", "paragraph") != "paragraph":
            continue
        name = style.get(W + "styleId", "")
        numpr = style.find(f"{W}pPr/{W}numPr")
        own[name] = (_val(numpr, "numId"), _val(numpr, "ilvl")) if numpr is not None else (None, None)
        based[name] = _val(style, "basedOn") or ""
    for name in own:
        # A style inherits its list and its level from the styles it is based on, each
        # from the nearest that sets it.
        num_id, ilvl, seen, current = None, None, set(), name
        while current and current not in seen:
            seen.add(current)
            num_id = num_id or own.get(current, (None, None))[0]
            ilvl = ilvl or own.get(current, (None, None))[1]
            current = based.get(current, "")
        if num_id is not None:
            numbering.styles[name] = (num_id, ilvl)
    return numbering


#: Word's number formats, by what they count in: numbers, letters, roman numerals.
_DECIMAL_FORMATS = frozenset(
    """decimal decimalFullWidth decimalFullWidth2 decimalHalfWidth decimalZero
    chineseCounting chineseCountingThousand chineseLegalSimplified ideographDigital
    japaneseCounting hindiNumbers arabicNumbers""".split()
)
_LETTER_FORMATS = frozenset("lowerLetter arabicAbjad arabicAlpha russianLower".split())
_ROMAN_FORMATS = frozenset({"lowerRoman"})


class _Numbers:
    """Counts Word's automatic numbers and renders them as typed labels.

    A paragraph is numbered by its own ``w:numPr`` or by its style's (``List Number``,
    or a template's numbered style); ``w:numId`` 0 takes the style's numbering off. As
    Word does, the lists that share an abstract numbering count on together unless one
    restarts (``w:startOverride``), a level starts from its ``w:start``, and a level
    restarts after a paragraph of a higher one.
    """

    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering
        self.counters: dict[str, dict[int, int]] = {}

    def label(self, p: etree._Element) -> str:
        ppr = p.find(W + "pPr")
        if ppr is None:
            return ""
        style = _val(ppr, "pStyle") or ""
        numpr = ppr.find(W + "numPr")
        num_id = _val(numpr, "numId") if numpr is not None else None
        ilvl = _val(numpr, "ilvl") if numpr is not None else None
        if num_id is None and style in self.numbering.styles:
            num_id, styled_level = self.numbering.styles[style]
            ilvl = ilvl or styled_level
        if not num_id or num_id == "0" or num_id not in self.numbering.nums:
            return ""
        abstract, overrides = self.numbering.nums[num_id]
        if ilvl is None:
            ilvl = self.numbering.level_styles.get(abstract, {}).get(style, "0")
        fmt, start = self.numbering.levels.get(abstract, {}).get(ilvl, ("", 1))
        if fmt not in _DECIMAL_FORMATS | _LETTER_FORMATS | _ROMAN_FORMATS:
            return ""  # bullets, and formats no instrument numbers with
        depth = int(ilvl) if ilvl.isdigit() else 0
        counters = self.counters.setdefault(num_id if overrides else abstract, {})
        for deeper in [level for level in counters if level > depth]:
            del counters[deeper]
        counters[depth] = counters[depth] + 1 if depth in counters else overrides.get(ilvl, start)
        n = counters[depth]
        if fmt in _DECIMAL_FORMATS:
            return str(n)
        if n < 1:
            return ""
        if fmt in _LETTER_FORMATS:
            return f"{letters(n)})"
        return f"{roman(n)})"


@dataclass(frozen=True)
class _Table:
    """A table of the body: before which paragraph it stands, its first words, and
    whether it holds tracked changes or marks."""

    before: int
    text: str
    changed: bool
    #: The symbols of the proposal mark lines in it (``MOD EUR/27A1/5``): proposals laid
    #: out in a table, which are not read.
    marks: tuple[str, ...] = ()


@dataclass
class _Body:
    """Every paragraph of the body in order (empty ones too: a tracked mark on an empty
    paragraph still joins or splits), and the tables between them."""

    paragraphs: list[Paragraph]
    tables: list[_Table]
    #: Parts other than the body (footnotes, headers …) that hold tracked changes.
    elsewhere: list[str] = field(default_factory=list)


def _table(table: etree._Element, before: int) -> _Table:
    words: list[str] = []
    changed = False
    marks: list[str] = []
    for p in table.iter(W + "p"):
        paragraph = _paragraph(p)
        changed = changed or paragraph.changed
        line = paragraph.new or paragraph.old
        if len(words) < 8:
            words += line.split()
        marked = mark_line(line.replace("\t", " "))
        if marked:
            marks.append(marked[1])
    return _Table(before, " ".join(words[:8]), changed, tuple(marks))


def _read_body(data: bytes, limits: Limits) -> _Body:
    package = open_docx(data, limits)
    root = package.xml(package.main)
    body = root.find(W + "body") if root is not None else None
    if body is None:
        raise FormatError(_("the file has no document body"))
    numbers = _Numbers(_numbering(package, package.main))
    paragraphs: list[Paragraph] = []
    tables: list[_Table] = []

    def walk(parent: etree._Element) -> None:
        for child in parent:
            if child.tag == W + "p":
                paragraph = _paragraph(child)
                label = numbers.label(child)
                if label and paragraph.pieces:  # Word's number, not the paragraph's text
                    ops = {piece.op for piece in paragraph.pieces}
                    op = ops.pop() if len(ops) == 1 else "equal"
                    first = paragraph.pieces[0]
                    paragraph = replace(
                        paragraph,
                        pieces=(
                            Piece(label + "\t", op, first.author, first.date),
                            *paragraph.pieces,
                        ),
                    )
                for piece in paragraph.pieces:
                    check_text(piece.text, _("paragraph %(number)d", number=len(paragraphs) + 1))
                paragraphs.append(paragraph)
            elif child.tag == W + "tbl":
                tables.append(_table(child, len(paragraphs)))
            elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "del"):
                walk(child)

    walk(body)
    elsewhere = [
        name
        for name, part in sorted(package.parts.items())
        if name != package.main
        and name.endswith(".xml")
        and name.startswith("word/")
        and (b"<w:ins " in part or b"<w:del " in part or b"<w:moveTo " in part)
    ]
    return _Body(paragraphs, tables, elsewhere)


def _elsewhere_problems(body: _Body) -> list[str]:
    """Tracked changes outside the body are not read: say so rather than drop them."""
    return [
        f"the tracked changes in {name.removeprefix('word/').removesuffix('.xml')} are not "
        "read: only the body of the document is; make the changes in the text"
        for name in body.elsewhere
    ]


def read_paragraphs(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[Paragraph]:
    """The body paragraphs of a DOCX that passed the safety checks; text checked too.

    Word's automatic numbering is written out as typed labels (``1``, ``a)``, ``i)``),
    so that a numbered list reads like a typed one. Empty paragraphs are left out.
    """
    return [p for p in _read_body(data, limits).paragraphs if p.old or p.new]


# --- the text before and after the changes -------------------------------------------


@dataclass(frozen=True)
class _Line:
    """A paragraph of the text before or after the changes: Word paragraphs joined where
    a tracked paragraph mark says so. ``sources`` are the indexes of those paragraphs."""

    text: str
    style: str
    sources: tuple[int, ...]
    #: How many of those paragraphs hold some of the text: more than one is a join.
    parts: int = 1


def _view(paragraphs: Sequence[Paragraph], side: str, offset: int = 0) -> list[_Line]:
    """The paragraphs as they read before (``old``) or after (``new``) the changes.

    A paragraph whose mark was inserted was one with the next before the changes; one
    whose mark was deleted is one with the next after them. Word joins the text as it
    stands, so the joined text is the plain concatenation.
    """
    dropped = "insert" if side == "old" else "delete"
    lines: list[_Line] = []
    text, sources, parts = "", [], 0
    for n, paragraph in enumerate(paragraphs):
        own = "".join(p.text for p in paragraph.pieces if p.op != dropped)
        if text.strip() and own.strip():
            text = _join(text, own)
        else:
            text += own
        sources.append(offset + n)
        parts += bool(own.strip())
        if paragraph.mark == dropped and n + 1 < len(paragraphs):
            continue
        if text.strip():
            lines.append(_Line(text.strip(), paragraph.style, tuple(sources), parts))
        text, sources, parts = "", [], 0
    return lines


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _glue(first: str, then: str) -> str:
    """Two texts one after the other: a space between, except in Chinese."""
    first, then = first.rstrip(), then.lstrip()
    if not first or not then or _wide(first[-1]) or _wide(then[0]):
        return first + then
    return f"{first} {then}"


def _join(first: str, then: str) -> str:
    """Two paragraphs made one by a tracked paragraph mark. The typed number of the
    second goes (numbers are structure, given again at output), and a space keeps two
    words from running together, except in Chinese, which puts none."""
    label, rest = split_label(then)
    return _glue(first, rest if label else then)


_HEADING_STYLES = frozenset({"call"})  # the ITU template's style for "considering", "resolves"
_CONTINUATION_START = ("-", "–", "—", "•", "·")
_FINAL_PUNCTUATION = ".,;:!?،؛。；，：！？"


def _looks_like_heading(text: str) -> bool:
    """A heading is short and does not end like a sentence or an item does."""
    words = text.split()
    if not words or text.startswith(_CONTINUATION_START):
        return False
    if heading_part(text) is not None and len(words) <= 12:
        return text[-1] not in ";؛；"
    return len(words) <= 8 and text[-1] not in _FINAL_PUNCTUATION


def instrument_text(
    lines: Sequence[str], styles: Sequence[str] | None = None, *, cyrillic: bool | None = None
) -> str:
    """Lines of a Word file (one per paragraph) in the plain-text instrument format.

    The first three lines are the number, title and formula; lines after ``Annex …``
    (in any of the six languages) are its paragraphs. A line without a number is a
    heading when its style is the ITU template's ``Call``, or, in a file without that
    style, when it follows the formula or reads like a heading (short, not ending like
    a sentence); after a heading it is the heading's single unnumbered item, after an
    item the continuation of that item (joined to it). Depth comes from the label:
    numbers are items, letters in the operative part are sub-items, roman numerals
    sub-sub-items. ``i)``, ``v)`` and ``x)`` are both: they are letters when they follow
    the letter before them (``h)``, ``u)``, ``w)``), and ``v)`` and ``x)`` are numerals
    only inside a run of numerals.
    """
    styles = list(styles) if styles is not None else [""] * len(lines)
    entries = [
        (line, style.casefold())
        for line, style in zip(lines, styles, strict=True)
        if any(char.isalnum() for char in line)
    ]
    if len(entries) < 3:
        raise FormatError(
            _("expected an instrument: its number, title and formula, then the text")
        )
    if cyrillic is None:
        cyrillic = uses_cyrillic_letters([line for line, _style in entries])
    styled = any(style in _HEADING_STYLES for _line, style in entries)
    out = [
        " ".join(entries[0][0].split()),
        " ".join(entries[1][0].split()),
        "",
        " ".join(entries[2][0].split()),
    ]
    operative = False
    in_annex = False
    last_letter = ""
    in_numerals = False
    heading_open = False  # a heading with no item yet
    has_item = False  # the current heading has an item that a continuation may extend
    labelled_lines = [split_label(line, cyrillic=cyrillic)[0] for line, _style in entries]
    for index in range(3, len(entries)):
        line, style = entries[index]
        label, text = split_label(line, cyrillic=cyrillic)
        if ANNEX.match(line) and not label:
            in_annex, heading_open, has_item = True, False, False
            out += ["", text]
            continue
        if in_annex:
            out.append(" ".join(line.split()))
            continue
        if not label:
            following = labelled_lines[index + 1] if index + 1 < len(entries) else ""
            if style in _HEADING_STYLES:
                heading = True
            elif styled:
                heading = False
            elif heading_open:  # a heading with nothing under it before this one
                heading = bool(following) and _looks_like_heading(text)
            else:
                heading = not has_item or _looks_like_heading(text)
            if heading:
                operative = following[:1].isdigit()
                out += ["", text]
                last_letter, heading_open, has_item = "", True, False
            elif heading_open:  # the heading's single item, written without a number
                out.append(text)
                operative = True  # letters after it are its sub-items
                heading_open, has_item, last_letter = False, True, ""
            else:  # a provision that goes on in another paragraph
                out[-1] = _glue(out[-1], text)
            continue
        heading_open, has_item = False, True
        if not operative:
            depth = 0
        elif label[0].isdigit():
            depth, last_letter = 0, ""
        elif _is_numeral(label, last_letter, in_numerals):
            depth = 2
        else:
            depth, last_letter = 1, label
        in_numerals = depth == 2
        out.append(f"{'  ' * depth}{label} {text}")
    return "\n".join(out) + "\n"


_ROMAN = re.compile(r"^[ivxlc]+\)$")


def _previous_letter(label: str) -> str:
    core = label.rstrip(")")
    if len(core) == 1 and core > "a":
        return chr(ord(core) - 1) + ")"
    return ""


def _is_numeral(label: str, last_letter: str, in_numerals: bool) -> bool:
    """Whether an operative label is a roman numeral (sub-sub-item) or a letter."""
    core = label.rstrip(")")
    if not _ROMAN.match(label) or core in ("c", "l"):
        return False
    if len(core) > 1:  # "ii", "iv", "xi": no list of sub-items runs that far in letters
        return True
    if core == "i":
        return last_letter != "h)"
    return in_numerals and _previous_letter(label) != last_letter


def _implausible(lines: Sequence[str]) -> Message | None:
    """What keeps these paragraphs from being an instrument, or None when nothing does:
    the first must name a resolution, decision or recommendation."""
    lines = [line for line in lines if any(char.isalnum() for char in line)]
    first = lines[0] if lines else ""
    if not names_instrument(first):
        return _(
            "its first paragraph ('%(first)s') names no resolution, decision or recommendation",
            first=first[:60],
        )
    return None


#: What is read, as refusals name it.
_THE_FILE = _("the file")
_BEFORE = _("the text before the changes")
_AFTER = _("the text after the changes")


def _instrument(
    lines: Sequence[_Line], what: Message, cyrillic: bool, *, checked: bool = True
) -> Instrument:
    """The lines read as an instrument. ``checked``: they must also look like one (the
    text before the changes must; the text after them may delete whole parts)."""
    texts = [line.text for line in lines]
    problem = _implausible(texts) if checked else None
    if problem:
        raise FormatError(
            _(
                "%(what)s does not look like an instrument: %(problem)s; an instrument starts "
                "with its number, title and formula",
                what=what,
                problem=problem,
            )
        )
    try:
        inst = parse_instrument(
            instrument_text(texts, [line.style for line in lines], cyrillic=cyrillic)
        )
    except ParseError as exc:
        raise FormatError(
            _(
                "%(what)s is not an instrument the reader recognises: %(reason)s",
                what=what,
                reason=str(exc),
            )
        ) from None
    missing = instrument_missing(inst) if checked else []
    if missing:
        raise FormatError(
            _("%(what)s does not look like an instrument: %(missing)s", what=what, missing=missing)
        )
    return inst


# --- tracked changes ------------------------------------------------------------------


def _spaced(inst: Instrument) -> Instrument:
    """The instrument with the spaces of each text made single, as a Word file's text
    is read: a double space typed in the base is no difference."""
    units = flatten(inst)
    if all(" ".join(u.text.split()) == u.text for u in units):
        return inst
    return build([replace(u, text=" ".join(u.text.split())) for u in units])


def _base_problems(base: Instrument, old: Instrument, prefix: str = "") -> list[str]:
    """How the text before the changes differs from the base: reported, never proposed."""
    problems = []
    for proposal in derive_proposals(_spaced(base), old, source="X"):
        where = proposal.target
        if proposal.mark.adds:
            problems.append(
                f"{prefix}the file has a provision that is not in the base, after {where}: "
                f"'{proposal.text[:60]}'"
            )
        elif proposal.mark.deletes:
            problems.append(f"{prefix}the base provision {where} is missing from the file")
        else:
            problems.append(
                f"{prefix}the provision {where} differs from the base outside the tracked changes"
            )
    return problems


def _who(paragraphs: Sequence[Paragraph], line: _Line) -> tuple[str, str]:
    for n in line.sources:
        if paragraphs[n].changed:
            who = paragraphs[n].who()
            if who[0]:
                return who
    return "", ""


_MOVED_IN = "\ue000"  # put after the text of a paragraph moved in, while it is aligned


def _moved_in(paragraphs: Sequence[Paragraph], line: _Line) -> bool:
    """Whether the whole text of a line after the changes was moved there (``w:moveTo``)."""
    moved = kept = ""
    for n in line.sources:
        for piece in paragraphs[n].pieces:
            if piece.op == "insert" and piece.moved:
                moved += piece.text
            elif piece.op == "equal":
                kept += piece.text
    return bool(moved.strip()) and not split_label(kept)[1]


def _unmark(proposals: list[Proposal], base: Instrument) -> list[Proposal]:
    """The proposals with the mark of moved text taken off; a "change" that was only
    that mark is none."""
    texts = {unit.eid: unit.text for unit in flatten(base)}
    out = []
    for proposal in proposals:
        if _MOVED_IN in proposal.text:
            proposal = replace(proposal, text=proposal.text.replace(_MOVED_IN, "").rstrip())
            if proposal.mark.modifies and proposal.text == " ".join(
                texts.get(proposal.target, "").split()
            ):
                continue
        out.append(proposal)
    return out


def _moves(
    paragraphs: Sequence[Paragraph], proposals: list[Proposal], base: Instrument
) -> list[Proposal]:
    """Word's tracked moves as moves: a SUP whose text was moved away and an ADD of the
    same text moved in become SUP* and ADD*."""
    moved = {
        " ".join("".join(p.text for p in paragraph.pieces if p.moved).split())
        for paragraph in paragraphs
    } - {""}
    if not moved:
        return proposals
    texts = {unit.eid: unit.text for unit in flatten(base)}
    gone = {
        texts.get(p.target, "")
        for p in proposals
        if p.mark is Mark.SUP and any(texts.get(p.target, "\0") in text for text in moved)
    }
    arrived = {
        p.text for p in proposals if p.mark is Mark.ADD and any(p.text in text for text in moved)
    }
    both = gone & arrived
    out = []
    for p in proposals:
        if p.mark is Mark.SUP and texts.get(p.target) in both:
            p = replace(p, mark=Mark.SUP_MOVED)
        elif p.mark is Mark.ADD and p.text in both:
            p = replace(p, mark=Mark.ADD_MOVED)
        out.append(p)
    return out


def _joined(lines: Sequence[_Line], cyrillic: bool) -> set[str]:
    """The texts (without their numbers) of the lines made of several Word paragraphs."""
    return {split_label(line.text, cyrillic=cyrillic)[1] for line in lines if line.parts > 1}


def _merges(
    proposals: list[Proposal], base: Instrument, merged: set[str], split: set[str]
) -> list[Proposal]:
    """Two provisions merged into one read as a MOD of the first and a SUP of the
    second, as Word merges them (the text of the first goes on with the second),
    whichever of the two the alignment kept."""
    units = flatten(base)
    position = {unit.eid: n for n, unit in enumerate(units)}
    out = list(proposals)
    for n in range(len(out) - 1):
        sup, mod = out[n], out[n + 1]
        if sup.mark is Mark.ADD and mod.mark is Mark.MOD:
            target = position.get(mod.target)
            if target is not None and " ".join(units[target].text.split()) in split:
                out[n], out[n + 1] = _split(sup, mod, units, position)
            continue
        if sup.mark is not Mark.SUP or mod.mark is not Mark.MOD or mod.text not in merged:
            continue
        a, b = position.get(sup.target), position.get(mod.target)
        if (
            a is None
            or b != a + 1
            or (units[a].kind, units[a].depth) != (units[b].kind, units[b].depth)
        ):
            continue
        first = " ".join(units[a].text.split())
        if first and " ".join(mod.text.split()).startswith(first):
            out[n] = replace(mod, symbol=sup.symbol, target=sup.target)
            out[n + 1] = replace(sup, symbol=mod.symbol, target=mod.target)
    return out


def _split(add: Proposal, mod: Proposal, units, position) -> tuple[Proposal, Proposal]:
    """A provision split in two read as a MOD of the first part and an ADD of the second
    after it, as Word splits it (the first paragraph stays), whichever part the
    alignment kept: an ADD just before the MOD of a provision whose text begins the
    way the added text does."""
    b = position.get(mod.target)
    if b is None or position.get(add.target) != b - 1:
        return add, mod
    unit = units[b]
    if (add.kind, add.depth) != (unit.kind, unit.depth):
        return add, mod
    old = " ".join(unit.text.split())
    if len(commonprefix([add.text, old])) <= len(commonprefix([mod.text, old])):
        return add, mod
    first = replace(mod, symbol=add.symbol, text=add.text)
    second = replace(add, symbol=mod.symbol, target=mod.target, text=mod.text)
    return first, second


def _table_problems(
    tables: Sequence[_Table],
    lines: Sequence[_Line],
    start: int,
    end: int,
    prefix: str = "",
    *,
    changed_only: bool = False,
) -> list[str]:
    """Tables between paragraphs ``start`` and ``end`` that hold text (``changed_only``:
    tracked changes or marks): not read, and said so."""
    problems = []
    for table in tables:
        if not (start < table.before <= end) or not (table.changed or table.text):
            continue
        if changed_only and not table.changed and not table.marks:
            continue
        before = [line for line in lines if line.sources[-1] < table.before]
        last = " ".join(before[-1].text.split())[:40] if before else ""
        problems.append(_table_problem(table, last, prefix))
    return problems


def _table_problem(table: _Table, last: str, prefix: str = "") -> Message:
    """A table that is not read, named by its first words and the paragraph before it."""
    words = table.text[:40]
    if table.marks:
        return _(
            "%(prefix)sthe proposals %(symbols)s are in a table, which is not read: write each "
            "proposal as paragraphs (its mark and symbol, its text, then 'Reasons:')",
            prefix=prefix,
            symbols=", ".join(table.marks[:5]),
        )
    if table.changed and last:
        return _(
            "%(prefix)sa table with tracked changes after '%(last)s' ('%(words)s') is not "
            "read: tables are not read; write its text as paragraphs or submit it separately",
            prefix=prefix,
            last=last,
            words=words,
        )
    if table.changed:
        return _(
            "%(prefix)sa table with tracked changes at the start ('%(words)s') is not read: "
            "tables are not read; write its text as paragraphs or submit it separately",
            prefix=prefix,
            words=words,
        )
    if last:
        return _(
            "%(prefix)sa table after '%(last)s' ('%(words)s') is not read: tables are not read; "
            "write its text as paragraphs or submit it separately",
            prefix=prefix,
            last=last,
            words=words,
        )
    return _(
        "%(prefix)sa table at the start ('%(words)s') is not read: tables are not read; write "
        "its text as paragraphs or submit it separately",
        prefix=prefix,
        words=words,
    )


def _from_tracked(
    body: _Body, base: Instrument | None, source: str, document: str, cyrillic: bool
) -> Extraction:
    result = Extraction("tracked")
    paragraphs = body.paragraphs
    old_lines = _view(paragraphs, "old")
    new_lines = _view(paragraphs, "new")
    old = _instrument(old_lines, _BEFORE, cyrillic)
    new = _instrument(new_lines, _AFTER, cyrillic, checked=False)
    if not source:
        authors = sorted({p.who()[0] for p in paragraphs if p.changed and p.who()[0]})
        if authors:
            raise FormatError(
                _(
                    "the file does not say whose proposals these are: no symbol like "
                    "'EUR/27A1/5' names a source (Word names %(authors)s as who typed the "
                    "changes, which is no source); give the source",
                    authors=", ".join(authors[:3]),
                )
            )
        raise FormatError(
            _(
                "the file does not say whose proposals these are: no symbol like 'EUR/27A1/5' "
                "names a source; give the source"
            )
        )
    if base is None:
        base = old
    else:
        result.problems += _base_problems(base, old)
    first = min((line.sources[0] for line in old_lines[:1]), default=0)
    result.problems += _table_problems(
        body.tables, old_lines, first, len(paragraphs), changed_only=True
    )
    result.problems += _elsewhere_problems(body)
    if any(_moved_in(paragraphs, line) for line in new_lines):
        # a paragraph moved in is never the same provision as the one it left
        marked = [
            replace(line, text=line.text + _MOVED_IN) if _moved_in(paragraphs, line) else line
            for line in new_lines
        ]
        new = _instrument(marked, _AFTER, cyrillic, checked=False)
    proposals = list(derive_proposals(_spaced(base), new, source=source, document=document))
    proposals = _unmark(proposals, base)
    result.proposals = [
        replace(x, symbol=f"{source}/{document}/{n}")
        for n, x in enumerate(
            _moves(
                paragraphs,
                _merges(
                    proposals, base, _joined(new_lines, cyrillic), _joined(old_lines, cyrillic)
                ),
                base,
            ),
            start=1,
        )
    ]
    # who made each change: the line whose text (without its number) is the proposal's
    # new text, or for a deletion the base text it removes
    by_new = {
        split_label(line.text, cyrillic=cyrillic)[1]: _who(paragraphs, line) for line in new_lines
    }
    by_old = {
        split_label(line.text, cyrillic=cyrillic)[1]: _who(paragraphs, line) for line in old_lines
    }
    base_text = {u.eid: u.text for u in flatten(base)}
    for proposal in result.proposals:
        if proposal.mark.deletes:
            who = by_old.get(base_text.get(proposal.target, ""), ("", ""))
        else:
            who = by_new.get(proposal.text, ("", ""))
        if not who[0]:  # a provision whose text grew by a join: its first paragraph
            who = next(
                (
                    _who(paragraphs, line)
                    for line in new_lines
                    if proposal.text and proposal.text in " ".join(line.text.split())
                ),
                ("", ""),
            )
        if who[0]:
            result.authors[proposal.symbol] = who
    return result


# --- ITU-style proposals --------------------------------------------------------------


@dataclass
class _Block:
    mark: Mark
    symbol: str
    start: int  # index of the mark paragraph
    paragraphs: list[Paragraph] = field(default_factory=list)
    reasons: str = ""

    @property
    def end(self) -> int:
        """The index of the paragraph after the block's text (its "Reasons:"): a table
        that stands before it is inside the block."""
        return self.start + len(self.paragraphs) + 1


def _blocks(paragraphs: Sequence[Paragraph]) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    number = 0
    for index, paragraph in enumerate(paragraphs):
        line = paragraph.new or paragraph.old
        if not line:
            if current is not None:
                current.paragraphs.append(paragraph)
            continue
        number += 1
        marked = mark_line(line.replace("\t", " "))
        if marked:
            word, symbol = marked
            if word not in _MARKS:
                raise FormatError(
                    _(
                        "paragraph %(number)d: '%(word)s' before %(symbol)s is not a mark; "
                        "expected one of ADD, ADD*, MOD, (MOD), SUP, SUP*, NOC",
                        number=number,
                        word=word,
                        symbol=symbol,
                    )
                )
            current = _Block(_MARKS[word], symbol, index)
            blocks.append(current)
            continue
        found = reasons(line)
        if found:
            if current is None:
                raise FormatError(
                    _(
                        "paragraph %(number)d: 'Reasons:' follows a proposal with no "
                        "recognisable mark; head each proposal with its mark and symbol, like "
                        "'MOD EUR/27A1/5'",
                        number=number,
                    )
                )
            current.reasons = " ".join(found.group(1).split())
            current = None
            continue
        if current is not None:
            current.paragraphs.append(paragraph)
    return blocks


def _pairs(block: _Block, cyrillic: bool) -> list[tuple[str, str]]:
    """The block's provisions as (text before, text after) pairs.

    Paragraphs joined by tracked paragraph marks are one run: its lines before and after
    the changes are paired by likeness (a merge is a changed line and a line with
    nothing after; a split a changed line and a line with nothing before).
    """
    pairs: list[tuple[str, str]] = []
    run: list[Paragraph] = []
    for n, paragraph in enumerate(block.paragraphs):
        run.append(paragraph)
        if paragraph.mark and n + 1 < len(block.paragraphs):
            continue
        old = [line.text for line in _view(run, "old")]
        new = [line.text for line in _view(run, "new")]
        run = []
        if len(old) <= 1 and len(new) <= 1:
            if old or new:
                pairs.append((old[0] if old else "", new[0] if new else ""))
            continue
        matcher = SequenceMatcher(
            None,
            [split_label(x, cyrillic=cyrillic)[1] for x in old],
            [split_label(x, cyrillic=cyrillic)[1] for x in new],
            autojunk=False,
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                pairs += list(zip(old[i1:i2], new[j1:j2], strict=True))
            else:
                common = min(i2 - i1, j2 - j1)
                pairs += list(zip(old[i1 : i1 + common], new[j1 : j1 + common], strict=True))
                pairs += [(x, "") for x in old[i1 + common : i2]]
                pairs += [("", x) for x in new[j1 + common : j2]]
    return pairs


def _whole(block: _Block, base: Instrument) -> bool:
    """Whether the block holds the whole instrument: its first line is the number."""
    lines = _view(block.paragraphs, "old")
    if len(lines) < 4:
        return False
    first = " ".join(lines[0].text.split())
    if first == base.number:
        return True
    return fuzz.ratio(first, base.number) >= 90


def _from_whole(
    block: _Block, base: Instrument, cyrillic: bool, tables: Sequence[_Table], result: Extraction
) -> None:
    """A block that modifies the whole instrument, read as an edited copy of it."""
    prefix = f"{block.symbol}: "
    old_lines = _view(block.paragraphs, "old", block.start + 1)
    new_lines = _view(block.paragraphs, "new", block.start + 1)
    try:
        old = _instrument(old_lines, _BEFORE, cyrillic)
        new = _instrument(new_lines, _AFTER, cyrillic, checked=False)
    except FormatError as exc:
        result.problems.append(prefix + str(exc))
        return
    result.problems += _base_problems(base, old, prefix)
    result.problems += _table_problems(tables, new_lines, block.start, block.end, prefix)
    source = block.symbol.split("/")[0]
    made = _merges(
        list(derive_proposals(_spaced(base), new, source=source)),
        base,
        _joined(new_lines, cyrillic),
        _joined(old_lines, cyrillic),
    )
    if not made:
        result.problems.append(f"{prefix}{block.mark} but the text is unchanged")
    for n, proposal in enumerate(made):
        symbol = block.symbol if n == 0 else f"{block.symbol}.{n + 1}"
        mark = proposal.mark
        if mark is Mark.MOD and block.mark is Mark.EDITORIAL:
            mark = Mark.EDITORIAL
        result.proposals.append(replace(proposal, symbol=symbol, mark=mark, reasons=block.reasons))


def _strip_label(text: str, cyrillic: bool = False) -> tuple[str, str]:
    return split_label(text, cyrillic=cyrillic)


def _from_itu(
    blocks: list[_Block], base: Instrument | None, body: _Body, cyrillic: bool
) -> Extraction:
    """Proposals from mark blocks.

    A block may hold several paragraphs (a MOD of a whole resolution does): a paragraph
    that names a heading of the base sets the context; in a MOD each changed paragraph
    is a proposal, a wholly struck one a SUP, a wholly underlined one an ADD; in a SUP
    or NOC block each paragraph names its target; in an ADD block each paragraph is new.
    A paragraph with no number that follows an item and matches nothing by itself
    continues that item. The first proposal of a block takes its symbol, the next ones
    ``SYMBOL.2`` … Every paragraph that matches nothing is reported; a block none of
    whose text is in the base is reported once, as concerning another text.
    """
    result = Extraction("itu")
    if base is None:
        result.problems += [
            f"{b.symbol}: no base text given, the target is not resolved" for b in blocks
        ]
        return result
    units = flatten(base)
    headings = [u for u in units if u.kind.is_heading]
    texts = {u.text for u in units}
    unnumbered = {unit.text for unit, number in labelled(units) if not number}
    for block in blocks:
        if _whole(block, base):
            _from_whole(block, base, cyrillic, body.tables, result)
            continue
        block_problems: list[str] = []
        result.problems += _table_problems(
            body.tables,
            _view(block.paragraphs, "new", block.start + 1),
            block.start,
            block.end,
            f"{block.symbol}: ",
        )
        heading_eid = ""
        source = block.symbol.split("/")[0]
        made: list[Proposal] = []
        previous = ""  # the provision the next new one follows, inside this block
        previous_depth = 0
        matched_any = False

        def emit(
            mark: Mark,
            target: str,
            *,
            block: _Block = block,
            made: list[Proposal] = made,
            source: str = source,
            **extra: object,
        ) -> None:
            symbol = block.symbol if not made else f"{block.symbol}.{len(made) + 1}"
            proposal = Proposal((source,), symbol, mark, target, reasons=block.reasons, **extra)  # type: ignore[arg-type]
            made.append(proposal)
            result.proposals.append(proposal)

        content = _continued(_pairs(block, cyrillic), texts, headings, cyrillic)
        moved_from, moved_to = _moved_texts(block.paragraphs, cyrillic)
        for old, new in content:
            old_label, old_text = _strip_label(old, cyrillic)
            whole = " ".join(old.split())
            if old_label and whole in unnumbered:  # a title like "2030 Agenda …"
                old_label, old_text = "", whole
            if old_text and not old_label:  # the new wording has no number either
                new_label, new_text = "", " ".join(new.split())
            else:
                new_label, new_text = _strip_label(new, cyrillic)
            label = old_label or new_label
            same = [u for u in headings if u.text == old_text]
            heading = same[0] if len(same) == 1 else None
            if same:
                matched_any = True
            if len(same) > 1 and old_text == new_text and len(content) > 1:
                heading_eid, previous = "", ""  # which of the headings is meant is unknown
                continue
            if heading is not None:
                heading_eid = heading.eid
                if old_text == new_text and len(content) > 1:  # context for what follows
                    previous, previous_depth = heading.eid, 0
                    continue
            wholly_new = block.mark.adds or (not old_text and new_text)
            if wholly_new:
                text = new_text or old_text
                kind, depth = _new_kind(units, heading_eid, label, previous_depth)
                anchor = previous
                if not anchor or anchor == heading_eid:
                    anchor, kind, depth = _add_anchor(units, heading_eid, label)
                if anchor is None or kind is None:
                    block_problems.append(
                        f"{block.symbol}: cannot place the new provision '{label}' "
                        f"({text[:60]}); name its heading before it"
                    )
                    continue
                eid = _new_eid(units, heading_eid, label, result.proposals)
                mark = block.mark if block.mark.adds else Mark.ADD
                if mark is Mark.ADD and text in moved_to:
                    mark = Mark.ADD_MOVED
                emit(mark, anchor, text=text, kind=kind, depth=depth, eid=eid)
                previous, previous_depth = eid, depth
                continue
            target = _match(units, heading_eid, old_text, old_label)
            if target is _AMBIGUOUS:
                matched_any = True
                block_problems.append(
                    f"{block.symbol}: the text '{old_text[:60]}' matches several provisions of "
                    "the base; give its heading and number before it"
                )
                continue
            if target is None:
                block_problems.append(
                    f"{block.symbol}: the text '{old_text[:60]}' matches no provision of the base"
                )
                continue
            matched_any = True
            previous, previous_depth = target.eid, target.depth
            if block.mark in (Mark.SUP, Mark.SUP_MOVED, Mark.NOC):
                emit(block.mark, target.eid)
            elif not new_text:
                emit(Mark.SUP_MOVED if old_text in moved_from else Mark.SUP, target.eid)
            elif new_text != target.text:
                mark = block.mark if block.mark.modifies else Mark.MOD
                emit(mark, target.eid, text=new_text)
            elif len(content) == 1:
                block_problems.append(f"{block.symbol}: {block.mark} but the text is unchanged")
        if not matched_any and not made and content and not block.mark.adds:
            first = next((_strip_label(old or new, cyrillic)[1] for old, new in content), "")
            block_problems = [
                f"{block.symbol}: the text under the mark ('{first[:60]}') matches no provision "
                "of the base; if the proposal concerns another text, read it against that text"
            ]
        result.problems += block_problems
        if (
            not made
            and not block_problems
            and not any(x.startswith(block.symbol + ":") for x in result.problems)
        ):
            result.problems.append(f"{block.symbol}: no text follows the mark")
    return result


def _moved_texts(paragraphs: Sequence[Paragraph], cyrillic: bool) -> tuple[set[str], set[str]]:
    """The texts (without numbers) of the paragraphs Word tracked as moved away and
    moved in, whole."""
    away: set[str] = set()
    into: set[str] = set()
    for paragraph in paragraphs:
        changed = [p for p in paragraph.pieces if p.op != "equal" and p.text.strip()]
        if changed and all(p.moved for p in changed):
            if paragraph.old and not paragraph.new:
                away.add(split_label(paragraph.old, cyrillic=cyrillic)[1])
            elif paragraph.new and not paragraph.old:
                into.add(split_label(paragraph.new, cyrillic=cyrillic)[1])
    return away, into


def _continued(
    pairs: list[tuple[str, str]], texts: set[str], headings: Sequence, cyrillic: bool
) -> list[tuple[str, str]]:
    """Pairs with a provision's continuation paragraphs joined to it: a pair with no
    number, that is not a heading of the base and whose text is not a provision by
    itself, after a numbered pair."""
    out: list[tuple[str, str]] = []
    heading_texts = {u.text for u in headings}
    for old, new in pairs:
        label, text = _strip_label(old or new, cyrillic)
        if out and not label:
            prev_label = _strip_label(out[-1][0] or out[-1][1], cyrillic)[0]
            own = " ".join(old.split())
            if (
                prev_label
                and own not in texts
                and own not in heading_texts
                and not _looks_like_heading(text)
            ):
                prev_old, prev_new = out[-1]
                joined_old = _glue(" ".join(prev_old.split()), " ".join(old.split()))
                joined_new = _glue(" ".join(prev_new.split()), " ".join(new.split()))
                out[-1] = (joined_old, joined_new)
                continue
        out.append((old, new))
    return out


def _new_kind(units, heading_eid: str, label: str, previous_depth: int) -> tuple[Kind | None, int]:
    """What a new provision under the heading is, from its typed label."""
    heading = next((u for u in units if u.eid == heading_eid), None)
    if heading is None:
        return None, 0
    kind = {
        Kind.PREAMBLE_HEADING: Kind.PREAMBLE_ITEM,
        Kind.OPERATIVE_HEADING: Kind.OPERATIVE_ITEM,
        Kind.ANNEX: Kind.ANNEX_PARAGRAPH,
    }[heading.kind]
    if kind is not Kind.OPERATIVE_ITEM or not label or label[0].isdigit():
        return kind, 0
    if _ROMAN.match(label) and previous_depth >= 1 and _previous_letter(label) == "":
        return kind, 2
    return kind, 1 if not _ROMAN.match(label) or previous_depth < 2 else 2


_AMBIGUOUS = object()


def _match(units, heading_eid: str, text: str, label: str = ""):
    """The base provision with exactly this text: under the heading if it is known,
    with this number if several remain. ``_AMBIGUOUS`` when still more than one."""
    exact = [u for u in units if u.text == text]
    if len(exact) > 1 and heading_eid:
        exact = [u for u in exact if u.eid.startswith(heading_eid + "__")] or exact
    if len(exact) > 1:  # the number tells items apart; no number, a line without one
        numbers = dict((unit.eid, number) for unit, number in labelled(units))
        exact = [u for u in exact if numbers.get(u.eid, "") == label] or exact
    if len(exact) == 1:
        return exact[0]
    if exact:
        return _AMBIGUOUS  # reported, not guessed
    from rapidfuzz import fuzz

    scored = sorted(((fuzz.ratio(u.text, text), u) for u in units), key=lambda s: -s[0])
    if scored and scored[0][0] >= 95 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][1]
    return None


def _add_anchor(units, heading_eid: str, label: str):
    """Where an ADD goes: ``3bis`` after item 3 and its sub-items, ``3`` after item 2."""
    heading = next((u for u in units if u.eid == heading_eid), None)
    if heading is None:
        return None, None, 0
    kind = {
        Kind.PREAMBLE_HEADING: Kind.PREAMBLE_ITEM,
        Kind.OPERATIVE_HEADING: Kind.OPERATIVE_ITEM,
        Kind.ANNEX: Kind.ANNEX_PARAGRAPH,
    }[heading.kind]
    under = [u for u in units if u.eid.startswith(heading_eid + "__")]
    numeric = re.match(r"(\d+)", label)
    letter = re.match(r"([a-z]+?)(bis|ter|quater)?\)", label)
    depth = 0
    if numeric and kind is Kind.OPERATIVE_ITEM:
        position = int(numeric.group(1)) - (0 if label[len(numeric.group(1)) :] else 1)
    elif letter and kind is Kind.PREAMBLE_ITEM:
        position = ord(letter.group(1)[0]) - ord("a") + (1 if letter.group(2) else 0)
    else:
        return None, None, 0
    tops = [u for u in under if u.depth == 0]
    if position <= 0:
        return heading.eid, kind, depth
    if position > len(tops):
        return (under[-1].eid if under else heading.eid), kind, depth
    last = tops[position - 1]
    following = [u for u in under if u.eid.startswith(last.eid + "__")]
    return (following[-1].eid if following else last.eid), kind, depth


def _new_eid(units, heading_eid: str, label: str, taken_proposals: list[Proposal]) -> str:
    taken = {u.eid for u in units} | {p.eid for p in taken_proposals}
    core = re.sub(r"[^0-9a-z]+", "", label) or "new"
    candidate = f"{heading_eid}__{'para_' if core[0].isdigit() else ''}{core}"
    n = 2
    out = candidate
    while out in taken:
        out = f"{candidate}_{n}"
        n += 1
    return out


# --- entry point ----------------------------------------------------------------------


def _source_of(paragraphs: Sequence[Paragraph]) -> tuple[str, str]:
    """The source and document a file's symbols name (``MEX/18A3/1`` → ``MEX``, ``18A3``),
    when they all name the same."""
    found = {
        tuple(match.group(1).split("/")[:2])
        for paragraph in paragraphs
        for match in SYMBOL_IN_TEXT.finditer(paragraph.new or paragraph.old)
    }
    if len(found) == 1:
        source, document = next(iter(found))
        return source, document
    return "", ""


def docx_instrument(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Instrument:
    """The instrument a Word file holds, for importing a text in force. A file with
    tracked changes or marks is refused: which text is in force is for the user to
    settle by accepting or rejecting them. So is a table in the text (a table before
    the number, such as a document header, is not the instrument's)."""
    body = _read_body(data, limits)
    paragraphs = [p for p in body.paragraphs if p.old or p.new]
    if not paragraphs:
        _refuse_empty(body)
    if any(p.changed for p in paragraphs) or any(t.changed for t in body.tables):
        raise FormatError(
            _(
                "the file has tracked changes or underlined and struck text; accept or reject "
                "them in Word first (or read them as proposals)"
            )
        )
    cyrillic = uses_cyrillic_letters([p.old for p in paragraphs])
    lines = _view(body.paragraphs, "old")
    inst = _instrument(lines, _THE_FILE, cyrillic)
    start = lines[0].sources[0]
    for table in body.tables:
        if start < table.before and table.text:
            before = [line for line in lines if line.sources[-1] < table.before]
            raise FormatError(
                _(
                    "the text has a table after '%(last)s' ('%(words)s'), which is not read: "
                    "tables are not read; write the instrument as paragraphs",
                    last=" ".join(before[-1].text.split())[:40],
                    words=table.text[:40],
                )
            )
    return inst


def _refuse_empty(body: _Body) -> None:
    """A body without a paragraph of text: empty, or its text all in tables."""
    marks = [mark for table in body.tables for mark in table.marks]
    if marks:
        raise FormatError(_table_problem(_Table(0, "", False, tuple(marks)), ""))
    if any(table.text for table in body.tables):
        raise FormatError(
            _(
                "the document's text is all in tables, which are not read; write the "
                "instrument or the proposals as paragraphs"
            )
        )
    raise FormatError(_("the document is empty"))


def extract_proposals(
    data: bytes,
    *,
    base: Instrument | None = None,
    source: str = "",
    document: str = "1",
    limits: Limits = DEFAULT_LIMITS,
) -> Extraction:
    """Read the proposals of a DOCX; raise :class:`FormatError` for a file refused.

    A file with mark paragraphs (``MOD EUR/27A1/5``) is an ITU-style proposal
    document; otherwise it is an edited copy whose tracked changes (or underline and
    strike-through) are the proposals, labelled ``source``, or the source its symbols
    name (``MEX/18A3/1``) when not given. Without either the file is refused: the
    author of the changes in Word is who typed them, not whose proposals they are.
    Proposals laid out in a table are not read: with other proposals in paragraphs
    they are reported, alone they are refused, naming their symbols.
    """
    body = _read_body(data, limits)
    paragraphs = [p for p in body.paragraphs if p.old or p.new]
    if not paragraphs:
        _refuse_empty(body)
    cyrillic = uses_cyrillic_letters([p.new or p.old for p in paragraphs])
    blocks = _blocks(body.paragraphs)
    in_tables = [table for table in body.tables if table.marks]
    if blocks:
        result = _from_itu(blocks, base, body, cyrillic)
        inside = [(block.start, block.end) for block in blocks]
        result.problems += [
            _table_problem(table, "")
            for table in in_tables
            if not any(start < table.before <= end for start, end in inside)
        ]
        result.problems += _elsewhere_problems(body)
        return result
    if in_tables:
        marks = tuple(mark for table in in_tables for mark in table.marks)
        raise FormatError(_table_problem(_Table(0, "", False, marks), ""))
    if not any(p.changed for p in paragraphs) and not any(t.changed for t in body.tables):
        raise FormatError(
            _(
                "no proposals found: head each proposal with its mark and symbol (like "
                "'MOD EUR/27A1/5') or mark the changes as tracked changes"
            )
        )
    if any(reasons(p.new or p.old) for p in paragraphs):
        raise FormatError(
            _(
                "'Reasons:' follows a proposal with no recognisable mark; head each proposal "
                "with its mark and symbol, like 'MOD EUR/27A1/5'"
            )
        )
    if not source:
        source, named = _source_of(paragraphs)
        if named and document == "1":
            document = named
    return _from_tracked(body, base, source, document, cyrillic)
