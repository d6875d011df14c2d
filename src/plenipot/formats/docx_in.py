"""DOCX in: proposals from a delegation's Word file.

Two kinds of file are read:

* **An ITU-style proposal document.** Each proposal is headed by a paragraph with its
  mark and symbol (``MOD  EUR/27A1/5``), followed by its text (optionally preceded by
  the heading it stands under, such as *resolves*) and a "Reasons:" paragraph. In a
  MOD, additions are underlined and deletions struck through. The text before the
  changes is matched to a provision of the base to find the target.
* **An edited copy of an instrument with tracked changes** (``w:ins``, ``w:del``,
  ``w:moveFrom``, ``w:moveTo``), or with ITU marks (underline and strike-through)
  instead. The text before and after the changes are both read as instruments, and
  the proposals are derived from the difference, anchored on the ids of the base. The
  author and date of the changes are kept.

Paragraphs are read from the body of the document (never from tables, headers or
footers, where the document header stands). Numbers typed at the start of a
paragraph (``1``, ``a)``, ``ii)``, ``3bis``) tell items from headings. Anything that
cannot be matched to the base is reported in :attr:`Extraction.problems`, never
guessed.

Public API: :class:`Extraction`, :class:`Paragraph`, :func:`read_paragraphs`,
:func:`extract_proposals`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from plenipot.engine.instrument import (
    Instrument,
    Kind,
    ParseError,
    flatten,
    labelled,
    parse_instrument,
)
from plenipot.engine.proposals import Mark, Proposal, derive_proposals
from plenipot.formats.safety import DEFAULT_LIMITS, FormatError, Limits, check_text, open_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_INSERTED = {f"{W}ins", f"{W}moveTo"}
_DELETED = {f"{W}del", f"{W}moveFrom"}


@dataclass(frozen=True)
class Piece:
    """A stretch of a paragraph's text: kept, inserted or deleted."""

    text: str
    op: str  # "equal", "insert", "delete"
    author: str = ""
    date: str = ""


@dataclass(frozen=True)
class Paragraph:
    """One body paragraph, as pieces; ``tracked`` when its marks are Word's own."""

    pieces: tuple[Piece, ...]
    indent: int = 0
    mark: str = ""  # "insert" or "delete" when the paragraph mark itself is tracked

    @property
    def old(self) -> str:
        return "".join(p.text for p in self.pieces if p.op != "insert").strip()

    @property
    def new(self) -> str:
        return "".join(p.text for p in self.pieces if p.op != "delete").strip()

    @property
    def changed(self) -> bool:
        return any(p.op != "equal" and p.text.strip() for p in self.pieces)

    def who(self) -> tuple[str, str]:
        for piece in self.pieces:
            if piece.op != "equal" and piece.author:
                return piece.author, piece.date
        return "", ""


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


def _run_text(run: etree._Element, deleted: bool) -> str:
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
        op, author, date = "equal", "", ""
        ancestor = run.getparent()
        while ancestor is not None and ancestor is not p:
            if ancestor.tag in _INSERTED:
                op = "insert"
            elif ancestor.tag in _DELETED:
                op = "delete"
            if op != "equal":
                author, date = ancestor.get(W + "author", ""), ancestor.get(W + "date", "")
                break
            ancestor = ancestor.getparent()
        text = _run_text(run, op == "delete")
        if not text:
            continue
        if op == "equal":  # the conference's own marks: underline adds, strike deletes
            rpr = run.find(W + "rPr")
            if _on(rpr, "strike") or _on(rpr, "dstrike"):
                op = "delete"
            elif rpr is not None and rpr.find(W + "u") is not None and _on(rpr, "u"):
                op = "insert"
        pieces.append(Piece(text, op, author, date))
    mark = ""
    ppr = p.find(W + "pPr")
    indent = 0
    if ppr is not None:
        rpr = ppr.find(W + "rPr")
        if rpr is not None:
            if rpr.find(W + "ins") is not None:
                mark = "insert"
            elif rpr.find(W + "del") is not None:
                mark = "delete"
        ind = ppr.find(W + "ind")
        if ind is not None:
            value = ind.get(W + "left") or ind.get(W + "start") or "0"
            indent = int(value) if value.lstrip("-").isdigit() else 0
    return Paragraph(tuple(pieces), indent, mark)


def _numbering_formats(package) -> dict[tuple[str, str], str]:
    """``(numId, ilvl) -> numFmt`` from ``word/numbering.xml``: Word's automatic numbers."""
    root = package.xml("word/numbering.xml")
    if root is None:
        return {}
    abstract: dict[str, dict[str, str]] = {}
    for element in root.iter(W + "abstractNum"):
        levels = {}
        for level in element.iter(W + "lvl"):
            fmt = level.find(W + "numFmt")
            levels[level.get(W + "ilvl", "0")] = fmt.get(W + "val", "") if fmt is not None else ""
        abstract[element.get(W + "abstractNumId", "")] = levels
    formats: dict[tuple[str, str], str] = {}
    for num in root.iter(W + "num"):
        ref = num.find(W + "abstractNumId")
        levels = abstract.get(ref.get(W + "val", "") if ref is not None else "", {})
        for ilvl, fmt in levels.items():
            formats[(num.get(W + "numId", ""), ilvl)] = fmt
    return formats


class _Numbers:
    """Counts Word's automatic numbers and renders them as typed labels."""

    def __init__(self, formats: dict[tuple[str, str], str]) -> None:
        self.formats = formats
        self.counters: dict[str, list[int]] = {}

    def label(self, p: etree._Element) -> str:
        from plenipot.engine.instrument import letters, roman

        numpr = p.find(f"{W}pPr/{W}numPr")
        if numpr is None:
            return ""
        num, ilvl = numpr.find(W + "numId"), numpr.find(W + "ilvl")
        num_id = num.get(W + "val", "0") if num is not None else "0"
        level = ilvl.get(W + "val", "0") if ilvl is not None else "0"
        fmt = self.formats.get((num_id, level), "")
        if num_id == "0" or fmt not in ("decimal", "lowerLetter", "lowerRoman"):
            return ""
        depth = int(level) if level.isdigit() else 0
        counters = self.counters.setdefault(num_id, [])
        del counters[depth + 1 :]
        while len(counters) <= depth:
            counters.append(0)
        counters[depth] += 1
        n = counters[depth]
        return {"decimal": str(n), "lowerLetter": f"{letters(n)})", "lowerRoman": f"{roman(n)})"}[
            fmt
        ]


def read_paragraphs(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[Paragraph]:
    """The body paragraphs of a DOCX that passed the safety checks; text checked too.

    Word's automatic numbering is written out as typed labels (``1``, ``a)``, ``i)``),
    so that a numbered list reads like a typed one.
    """
    package = open_docx(data, limits)
    root = package.xml("word/document.xml")
    body = root.find(W + "body") if root is not None else None
    if body is None:
        raise FormatError("the file has no document body")
    numbers = _Numbers(_numbering_formats(package))
    paragraphs = []
    for p in body.iterchildren(W + "p", W + "sdt"):
        for para in [p] if p.tag == W + "p" else p.iter(W + "p"):
            paragraph = _paragraph(para)
            label = numbers.label(para)
            if label and paragraph.pieces and not _LABEL.match(paragraph.new or paragraph.old):
                ops = {piece.op for piece in paragraph.pieces}
                op = ops.pop() if len(ops) == 1 else "equal"
                first = paragraph.pieces[0]
                paragraph = Paragraph(
                    (Piece(label + "\t", op, first.author, first.date), *paragraph.pieces),
                    paragraph.indent,
                    paragraph.mark,
                )
            for piece in paragraph.pieces:
                check_text(piece.text, f"paragraph {len(paragraphs) + 1}")
            if paragraph.old or paragraph.new:
                paragraphs.append(paragraph)
    return paragraphs


# --- structure ------------------------------------------------------------------------

_LABEL = re.compile(r"^\s*(\d+[a-z]*|[a-z]+\))[\s\t]+(.*)$", re.DOTALL)
_ROMAN = re.compile(r"^[ivxlc]+\)$")
_MARK_LINE = re.compile(
    r"^\s*(\(?[A-Z]{2,4}\)?\*?)[\s\t]+([A-Z][A-Z0-9]*(?:/[A-Za-z0-9]+){2,})\s*$"
)
_REASONS = re.compile(r"^\s*Reasons\s*:\s*(.*)$", re.DOTALL | re.IGNORECASE)
_MARKS = {m.value: m for m in Mark}


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


def instrument_text(lines: list[str]) -> str:
    """Lines of a Word file (one per paragraph) in the plain-text instrument format.

    The first three lines are the number, title and formula; a line without a number
    before numbered lines is a heading; lines after ``Annex …`` are its paragraphs.
    Depth comes from the label: numbers are items, letters in the operative part are
    sub-items, roman numerals sub-sub-items. ``i)``, ``v)`` and ``x)`` are both: they
    are letters when they follow the letter before them (``h)``, ``u)``, ``w)``), and
    ``v)`` and ``x)`` are numerals only inside a run of numerals.
    """
    if len(lines) < 3:
        raise FormatError("expected an instrument: its number, title and formula, then the text")
    out = [lines[0], lines[1], "", lines[2]]
    operative = False
    in_annex = False
    last_letter = ""
    in_numerals = False
    for index, line in enumerate(lines[3:], start=3):
        match = _LABEL.match(line)
        if line.startswith("Annex"):
            in_annex = True
            out += ["", line]
            continue
        if in_annex:
            out.append(line)
            continue
        if not match:
            following = lines[index + 1] if index + 1 < len(lines) else ""
            nxt = _LABEL.match(following)
            operative = bool(nxt and nxt.group(1)[0].isdigit())
            out += ["", line]
            last_letter = ""
            continue
        label, text = match.group(1), " ".join(match.group(2).split())
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


def _instrument(lines: list[str], what: str) -> Instrument:
    try:
        return parse_instrument(instrument_text(lines))
    except ParseError as exc:
        raise FormatError(f"the {what} is not an instrument the reader recognises: {exc}") from None


# --- tracked changes ------------------------------------------------------------------


def _from_tracked(
    paragraphs: list[Paragraph], base: Instrument | None, source: str, document: str
) -> Extraction:
    result = Extraction("tracked")
    old_lines = [p.old for p in paragraphs if p.old and not (p.mark == "insert" and not p.old)]
    new_lines = [p.new for p in paragraphs if p.new]
    old = _instrument(old_lines, "text before the changes")
    new = _instrument(new_lines, "text after the changes")
    if base is None:
        base = old
    else:
        for proposal in derive_proposals(base, old, source="X"):
            where = proposal.target
            if proposal.mark.adds:
                result.problems.append(
                    f"the file has a provision that is not in the base, after {where}: "
                    f"'{proposal.text[:60]}'"
                )
            elif proposal.mark.deletes:
                result.problems.append(f"the base provision {where} is missing from the file")
            else:
                result.problems.append(
                    f"the provision {where} differs from the base outside the tracked changes"
                )
    result.proposals = list(derive_proposals(base, new, source=source, document=document))
    # who made each change: the paragraph whose text (without its number) is the
    # proposal's new text, or for a deletion the base text it removes
    by_new = {_strip_label(p.new)[1]: p.who() for p in paragraphs if p.changed}
    by_old = {_strip_label(p.old)[1]: p.who() for p in paragraphs if p.changed}
    base_text = {u.eid: u.text for u in flatten(base)}
    for proposal in result.proposals:
        if proposal.mark.deletes:
            who = by_old.get(base_text.get(proposal.target, ""), ("", ""))
        else:
            who = by_new.get(proposal.text, ("", ""))
        if who[0]:
            result.authors[proposal.symbol] = who
    return result


# --- ITU-style proposals --------------------------------------------------------------


@dataclass
class _Block:
    mark: Mark
    symbol: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    reasons: str = ""


def _blocks(paragraphs: list[Paragraph]) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, paragraph in enumerate(paragraphs, start=1):
        line = paragraph.new or paragraph.old
        mark_line = _MARK_LINE.match(line.replace("\t", " "))
        if mark_line:
            word, symbol = mark_line.groups()
            if word not in _MARKS:
                raise FormatError(
                    f"paragraph {number}: '{word}' before {symbol} is not a mark; expected one "
                    "of ADD, ADD*, MOD, (MOD), SUP, SUP*, NOC"
                )
            current = _Block(_MARKS[word], symbol)
            blocks.append(current)
            continue
        reasons = _REASONS.match(line)
        if reasons:
            if current is None:
                raise FormatError(
                    f"paragraph {number}: 'Reasons:' follows a proposal with no recognisable "
                    "mark; head each proposal with its mark and symbol, like 'MOD EUR/27A1/5'"
                )
            current.reasons = " ".join(reasons.group(1).split())
            current = None
            continue
        if current is not None:
            current.paragraphs.append(paragraph)
    return blocks


def _strip_label(text: str) -> tuple[str, str]:
    match = _LABEL.match(text)
    if match:
        return match.group(1), " ".join(match.group(2).split())
    return "", " ".join(text.split())


def _from_itu(blocks: list[_Block], base: Instrument | None) -> Extraction:
    """Proposals from mark blocks.

    A block may hold several paragraphs (a MOD of a whole resolution does): a paragraph
    that names a heading of the base sets the context; in a MOD each changed paragraph
    is a proposal, a wholly struck one a SUP, a wholly underlined one an ADD; in a SUP
    or NOC block each paragraph names its target; in an ADD block each paragraph is new.
    The first proposal of a block takes its symbol, the next ones ``SYMBOL.2`` …
    Every paragraph that matches nothing is reported.
    """
    result = Extraction("itu")
    if base is None:
        result.problems += [
            f"{b.symbol}: no base text given, the target is not resolved" for b in blocks
        ]
        return result
    units = flatten(base)
    headings = [u for u in units if u.kind.is_heading]
    unnumbered = {unit.text for unit, number in labelled(units) if not number}
    heading_eid = ""
    for block in blocks:
        source = block.symbol.split("/")[0]
        made: list[Proposal] = []
        previous = ""  # the provision the next new one follows, inside this block
        previous_depth = 0

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

        content = [p for p in block.paragraphs if (p.new or p.old)]
        for paragraph in content:
            old_label, old_text = _strip_label(paragraph.old)
            whole = " ".join(paragraph.old.split())
            if old_label and whole in unnumbered:  # a title like "2030 Agenda …"
                old_label, old_text = "", whole
            if old_text and not old_label:  # the new wording has no number either
                new_label, new_text = "", " ".join(paragraph.new.split())
            else:
                new_label, new_text = _strip_label(paragraph.new)
            label = old_label or new_label
            same = [u for u in headings if u.text == old_text]
            heading = same[0] if len(same) == 1 else None
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
                    result.problems.append(
                        f"{block.symbol}: cannot place the new provision '{label}' "
                        f"({text[:60]}); name its heading before it"
                    )
                    continue
                eid = _new_eid(units, heading_eid, label, result.proposals)
                mark = block.mark if block.mark.adds else Mark.ADD
                emit(mark, anchor, text=text, kind=kind, depth=depth, eid=eid)
                previous, previous_depth = eid, depth
                continue
            target = _match(units, heading_eid, old_text, old_label)
            if target is _AMBIGUOUS:
                result.problems.append(
                    f"{block.symbol}: the text '{old_text[:60]}' matches several provisions of "
                    "the base; give its heading and number before it"
                )
                continue
            if target is None:
                result.problems.append(
                    f"{block.symbol}: the text '{old_text[:60]}' matches no provision of the base"
                )
                continue
            previous, previous_depth = target.eid, target.depth
            if block.mark in (Mark.SUP, Mark.SUP_MOVED, Mark.NOC):
                emit(block.mark, target.eid)
            elif not new_text:
                emit(Mark.SUP, target.eid)
            elif new_text != target.text:
                mark = block.mark if block.mark.modifies else Mark.MOD
                emit(mark, target.eid, text=new_text)
            elif len(content) == 1:
                result.problems.append(f"{block.symbol}: {block.mark} but the text is unchanged")
        if not made and not any(x.startswith(block.symbol + ":") for x in result.problems):
            result.problems.append(f"{block.symbol}: no text follows the mark")
    return result


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
    strike-through) are the proposals, labelled ``source`` (the most frequent author
    of the changes in capitals when not given).
    """
    paragraphs = read_paragraphs(data, limits)
    if not paragraphs:
        raise FormatError("the document is empty")
    blocks = _blocks(paragraphs)
    if blocks:
        return _from_itu(blocks, base)
    if not any(p.changed for p in paragraphs):
        raise FormatError(
            "no proposals found: head each proposal with its mark and symbol (like "
            "'MOD EUR/27A1/5') or mark the changes as tracked changes"
        )
    if any(_REASONS.match(p.new or p.old) for p in paragraphs):
        raise FormatError(
            "'Reasons:' follows a proposal with no recognisable mark; head each proposal "
            "with its mark and symbol, like 'MOD EUR/27A1/5'"
        )
    if not source:
        authors = [p.who()[0] for p in paragraphs if p.changed and p.who()[0]]
        word = max(set(authors), key=authors.count) if authors else "EDIT"
        source = re.sub(r"[^A-Z0-9]+", "", word.upper()) or "EDIT"
    return _from_tracked(paragraphs, base, source, document)
