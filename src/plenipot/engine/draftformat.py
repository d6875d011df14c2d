"""The bracketed draft format: a consolidated text diplomats can read and edit.

It looks like the plain-text instrument format, with unagreed text in square
brackets and each wording followed by the sources that propose it::

    resolves  {resolves; operative}
    1 to continue to give this work [BASE: high | ARB, EUR: the highest] priority;  {resolves__para_1}
    [ADD USA] 2 to report [USA: annually | CAN: every year] to the Council;  {resolves__para_2_new}

Rules:

* A bracket is ``[`` alternatives separated by `` | `` ``]``. An alternative is the
  sources (``BASE`` for the base text, co-signers joined by ``+``), a colon, a space
  and the wording; an alternative with no wording (a deletion, or the base where
  sources only insert) is written ``SOURCES (no text)``.
* A new provision starts with ``[ADD SPONSORS]``.
* Every line after the formula ends with two spaces and the provision id in braces;
  heading and annex lines add their kind (``; preamble``, ``; operative``,
  ``; annex``), annex paragraphs ``; paragraph``, so the draft keeps its structure
  even where new provisions of different sources stand side by side.
* In the text, ``\\``, ``[``, ``]``, ``|``, ``{`` and ``}`` are escaped with a backslash.
* Items are numbered from their position in the draft; the numbers are for reading
  only and are not checked when the draft is parsed.

``parse_draft(print_draft(draft)) == draft`` for every draft, and the parser names the
line and what it expected for unbalanced brackets or any other slip.

Public API: :func:`print_draft`, :func:`parse_draft`, :func:`draft_to_html`,
:func:`draft_to_dict`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from plenipot.engine.consolidation import (
    BASE,
    Alternative,
    Bracket,
    Draft,
    DraftProvision,
    Segment,
    pick,
)
from plenipot.engine.instrument import (
    Kind,
    ParseError,
    Unit,
    labelled,
    parse_instrument,
    print_instrument,
)

_ESCAPE = re.compile(r"([\\\[\]|{}])")
_KIND_WORD = {
    Kind.PREAMBLE_HEADING: "preamble",
    Kind.OPERATIVE_HEADING: "operative",
    Kind.ANNEX: "annex",
    Kind.ANNEX_PARAGRAPH: "paragraph",
}
_WORD_KIND = {word: kind for kind, word in _KIND_WORD.items()}
_SOURCE = r"[A-Z0-9][A-Z0-9_.\-]*(?:\+[A-Z0-9][A-Z0-9_.\-]*)*"
_SOURCES = rf"{_SOURCE}(?:, {_SOURCE})*"
_ALTERNATIVE = re.compile(rf"({_SOURCES})(?:: (.*)| \(no text\))", re.DOTALL)
_SPONSORS = re.compile(rf"\[ADD ({_SOURCES})\] ")
_ANNOTATION = re.compile(
    r"(?P<body>.*)  \{(?P<eid>[A-Za-z0-9_.\-]+)(?:; (?P<kind>preamble|operative|annex|paragraph))?\}"
)
_LABELS = {
    0: re.compile(r"(\d+[a-z]*|[a-z]+\)) "),
    1: re.compile(r"([a-z]+\)) "),
    2: re.compile(r"([ivxlcdm]+\)) "),
}


def bracket_margins(segments: Sequence[Segment], k: int) -> tuple[str, str]:
    """The spaces to show before and after bracket ``k`` of a provision when its wordings
    are shown trimmed ("[high | the highest]").

    A wording may carry a space at its start or end: an inserted word brings its space
    with it ("since the previous " + ["" | "plenipotentiary "] + "conference,"). Shown
    as it is, that space is lost inside the bracket and the next word sticks to it
    ("…plenipotentiary]conference,"); it is shown outside instead, unless the text
    beside the bracket already has one."""
    bracket = segments[k]
    assert isinstance(bracket, Bracket)
    before = segments[k - 1] if k > 0 else None
    after = segments[k + 1] if k + 1 < len(segments) else None
    lead = any(a.text[:1].isspace() for a in bracket.alternatives) and not (
        before is None or (isinstance(before, str) and before[-1:].isspace())
    )
    trail = any(a.text[-1:].isspace() for a in bracket.alternatives) and not (
        after is None or (isinstance(after, str) and after[:1].isspace())
    )
    return (" " if lead else "", " " if trail else "")


def escape(text: str) -> str:
    """Text with the characters that have a meaning in the draft format escaped."""
    return _ESCAPE.sub(r"\\\1", text)


def _print_segments(segments: tuple[Segment, ...]) -> str:
    out: list[str] = []
    for segment in segments:
        if isinstance(segment, str):
            out.append(escape(segment))
            continue
        alternatives = []
        for alternative in segment.alternatives:
            sources = ", ".join(alternative.sources)
            if alternative.text:
                alternatives.append(f"{sources}: {escape(alternative.text)}")
            else:
                alternatives.append(f"{sources} (no text)")
        out.append("[" + " | ".join(alternatives) + "]")
    return "".join(out)


def print_draft(draft: Draft) -> str:
    """The draft in the bracketed format."""
    units = [Unit(p.eid, p.kind, p.depth, "") for p in draft.provisions]
    lines: list[str] = []
    for n, (provision, (_, label)) in enumerate(
        zip(draft.provisions, labelled(units), strict=True)
    ):
        content = _print_segments(provision.segments)
        if n < 3:
            lines.extend(([""] if n == 2 else []) + [content])
            continue
        if provision.kind.is_heading:
            lines.append("")
        sponsors = f"[ADD {', '.join(provision.sponsors)}] " if provision.sponsors else ""
        number = f"{label} " if label else ""
        kind = f"; {_KIND_WORD[provision.kind]}" if provision.kind in _KIND_WORD else ""
        lines.append(
            f"{'  ' * provision.depth}{sponsors}{number}{content}  {{{provision.eid}{kind}}}"
        )
    return "\n".join(lines) + "\n"


def _parse_segments(line_number: int, content: str, offset: int = 0) -> tuple[Segment, ...]:
    """Split a line's text into agreed text and brackets, undoing the escapes.

    ``offset`` is where ``content`` starts in its line, so that columns in messages
    count from the start of the line."""
    segments: list[Segment] = []
    agreed: list[str] = []
    raw: list[str] | None = None  # raw text of the open bracket, escapes kept
    opened = 0
    i = 0
    while i < len(content):
        char = content[i]
        if char == "\\":
            if i + 1 == len(content):
                raise ParseError(
                    line_number, "expected a character after the backslash at the end of the line"
                )
            if raw is not None:
                raw.append(content[i : i + 2])
            else:
                agreed.append(content[i + 1])
            i += 2
            continue
        if char == "[":
            if raw is not None:
                raise ParseError(
                    line_number,
                    f"unbalanced brackets: expected ']' to close the bracket opened at column {offset + opened + 1} before another '[' at column {offset + i + 1} (write \\[ for a literal bracket)",
                )
            if agreed:
                segments.append("".join(agreed))
                agreed = []
            raw, opened = [], i
        elif char == "]":
            if raw is None:
                raise ParseError(
                    line_number,
                    f"unbalanced brackets: expected '[' before the ']' at column {offset + i + 1} (write \\] for a literal bracket)",
                )
            segments.append(_parse_bracket(line_number, offset + opened, "".join(raw)))
            raw = None
        elif char in "{}|" and raw is None:
            raise ParseError(
                line_number,
                f"expected '\\{char}' for a literal '{char}' at column {offset + i + 1}",
            )
        elif char in "{}" and raw is not None:
            raise ParseError(
                line_number,
                f"expected '\\{char}' for a literal '{char}' at column {offset + i + 1}",
            )
        elif raw is not None:
            raw.append(char)
        else:
            agreed.append(char)
        i += 1
    if raw is not None:
        raise ParseError(
            line_number,
            f"unbalanced brackets: expected ']' to close the bracket opened at column {offset + opened + 1} before the end of the line",
        )
    if agreed:
        segments.append("".join(agreed))
    return tuple(segments)


def _split_alternatives(raw: str) -> list[str]:
    pieces, current, i = [], [], 0
    while i < len(raw):
        if raw[i] == "\\":
            current.append(raw[i : i + 2])
            i += 2
            continue
        if raw[i] == "|":
            pieces.append("".join(current))
            current = []
        else:
            current.append(raw[i])
        i += 1
    pieces.append("".join(current))
    # The separator is " | ": drop the space it adds on each side.
    for k in range(len(pieces)):
        if k < len(pieces) - 1:
            pieces[k] = pieces[k][:-1] if pieces[k].endswith(" ") else pieces[k]
        if k > 0:
            pieces[k] = pieces[k][1:] if pieces[k].startswith(" ") else pieces[k]
    return pieces


def _parse_bracket(line_number: int, column: int, raw: str) -> Bracket:
    alternatives = []
    for piece in _split_alternatives(raw):
        match = _ALTERNATIVE.fullmatch(piece)
        if match is None:
            raise ParseError(
                line_number,
                f"expected each alternative of the bracket at column {column + 1} to start with its sources, like 'EUR: wording', 'ARB, EUR: wording' or 'USA (no text)'; found '{piece[:30]}'",
            )
        text = re.sub(r"\\(.)", r"\1", match.group(2) or "", flags=re.DOTALL)
        alternatives.append(Alternative(text, tuple(match.group(1).split(", "))))
    if len(alternatives) < 2:
        raise ParseError(
            line_number,
            f"expected at least two alternatives separated by ' | ' in the bracket at column {column + 1}",
        )
    return Bracket(tuple(alternatives))


def parse_draft(text: str) -> Draft:
    """Parse the bracketed format. Raises :class:`ParseError` naming the line."""
    lines = text.splitlines()
    if len(lines) < 4 or lines[2] != "":
        raise ParseError(
            min(len(lines) + 1, 3),
            "expected the number and title on the first two lines, then a blank line and the formula",
        )
    front = (Kind.NUMBER, Kind.TITLE, Kind.FORMULA)
    provisions = [
        DraftProvision(kind.value, kind, 0, _parse_segments(number, lines[number - 1]))
        for kind, number in zip(front, (1, 2, 4), strict=True)
    ]
    for number, line in enumerate(lines[4:], start=5):
        if not line.strip():
            continue
        match = _ANNOTATION.fullmatch(line)
        if match is None:
            raise ParseError(
                number,
                "expected the provision id at the end of the line after two spaces, like '  {resolves__para_1}'",
            )
        body, eid, word = match.group("body", "eid", "kind")
        stripped = body.lstrip(" ")
        indent = len(body) - len(stripped)
        if indent % 2 or indent > 4:
            raise ParseError(number, "expected an indentation of 0, 2 or 4 spaces")
        depth = indent // 2
        sponsors: tuple[str, ...] = ()
        sponsor_match = _SPONSORS.match(stripped)
        if sponsor_match:
            sponsors = tuple(sponsor_match.group(1).split(", "))
            stripped = stripped[sponsor_match.end() :]
        if word:
            kind = _WORD_KIND[word]
            if depth:
                raise ParseError(number, f"expected a {word} line without indentation")
        else:
            label = _LABELS[depth].match(stripped)
            if label is None:
                raise ParseError(
                    number,
                    "expected an item number like 1, a) or i) before the text (or a kind such as '; preamble' after the id)",
                )
            kind = (
                Kind.PREAMBLE_ITEM
                if depth == 0 and label.group(1).endswith(")")
                else Kind.OPERATIVE_ITEM
            )
            stripped = stripped[label.end() :]
        offset = len(body) - len(stripped)
        provisions.append(
            DraftProvision(eid, kind, depth, _parse_segments(number, stripped, offset), sponsors)
        )
    return Draft(tuple(provisions))


# --- other renderings ------------------------------------------------------------------


def draft_to_dict(draft: Draft) -> dict[str, Any]:
    """The draft as plain data, for JSON."""
    units = [Unit(p.eid, p.kind, p.depth, "") for p in draft.provisions]
    provisions = []
    for provision, (_, label) in zip(draft.provisions, labelled(units), strict=True):
        segments: list[dict[str, Any]] = []
        for segment in provision.segments:
            if isinstance(segment, str):
                segments.append({"agreed": segment})
            else:
                segments.append(
                    {
                        "bracket": [
                            {"text": a.text, "sources": list(a.sources)}
                            for a in segment.alternatives
                        ]
                    }
                )
        provisions.append(
            {
                "eid": provision.eid,
                "kind": provision.kind.value,
                "depth": provision.depth,
                "label": label,
                "sponsors": list(provision.sponsors),
                "segments": segments,
            }
        )
    return {"labels": list(draft.labels()), "provisions": provisions}


def draft_to_html(draft: Draft) -> str:
    """The draft as an HTML fragment: brackets and sources marked up for styling."""
    units = [Unit(p.eid, p.kind, p.depth, "") for p in draft.provisions]
    out = ['<div class="draft">']
    for provision, (_, label) in zip(draft.provisions, labelled(units), strict=True):
        parts: list[str] = []
        if provision.sponsors:
            parts.append(
                f'<span class="add">[ADD {html.escape(", ".join(provision.sponsors))}]</span> '
            )
        if label:
            parts.append(f'<span class="num">{html.escape(label)}</span> ')
        for k, segment in enumerate(provision.segments):
            if isinstance(segment, str):
                parts.append(html.escape(segment, quote=False))
                continue
            alternatives = []
            for a in segment.alternatives:
                sources = html.escape(", ".join(a.sources))
                wording = a.text.strip() or a.text
                text = html.escape(wording, quote=False) if wording else "<em>(no text)</em>"
                alternatives.append(
                    f'<span class="alt" data-sources="{sources}">{text} <sup>{sources}</sup></span>'
                )
            lead, trail = bracket_margins(provision.segments, k)
            parts.append(
                f'{lead}<span class="bracket">[' + " | ".join(alternatives) + f"]</span>{trail}"
            )
        classes = f"{provision.kind.value} depth-{provision.depth}" + (
            " new" if provision.sponsors else ""
        )
        out.append(f'<p class="{classes}" id="{html.escape(provision.eid)}">{"".join(parts)}</p>')
    out.append("</div>")
    return "\n".join(out) + "\n"


def read_draft(text: str) -> Draft | None:
    """The draft a text is, or None when it is not in the draft format.

    Asked before reading a text as an instrument: a draft with no bracket left would
    also read as one, its provision ids taken for words."""
    try:
        return parse_draft(text)
    except ParseError:
        return None


class NotAgreed(ParseError):
    """A draft that still has brackets or new provisions awaiting agreement."""

    def __init__(self, brackets: int) -> None:
        super().__init__(1, f"{brackets} bracket(s) still open: the text is not agreed")
        self.brackets = brackets


def agreed_text(text: str) -> str:
    """An adopted text in the plain instrument format.

    A text in force or an edited instrument is returned as it is. A snapshot of a
    drafting room (the bracketed draft format) is printed as the instrument it stands
    for once no bracket and no new provision awaits agreement. ``NotAgreed`` when
    brackets are still open, ``ParseError`` when the text is neither."""
    draft = read_draft(text)
    if draft is None:
        parse_instrument(text)
        return text
    open_brackets = draft.brackets()
    if open_brackets:
        raise NotAgreed(open_brackets)
    try:
        return print_instrument(pick(draft, BASE))
    except ValueError as exc:
        raise ParseError(1, str(exc)) from None
