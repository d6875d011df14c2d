"""The instrument tree and its plain-text format.

An instrument (a resolution, decision or recommendation) has a heading (number, title
and the formula "The Plenipotentiary Conference …,"), a preamble of headings such as
*considering* with lettered items, an operative part of headings such as *resolves*
with numbered items, sub-items a), b) and sub-sub-items i), ii), and annexes.

Every provision carries an id in Akoma Ntoso eId style that is assigned from the
numbering when a base text is first parsed and never changes afterwards; numbering is
only ever rendered at output. Proposals and drafts anchor on these ids:

* preamble item: ``considering__a``
* operative item: ``resolves__para_2``, sub-item ``resolves__para_2__point_b``,
  sub-sub-item ``resolves__para_2__point_b__point_ii``
* heading: its title as a slug (``instructs_the_secretary_general``); a heading that
  repeats in one instrument gets ``_2``, ``_3`` …; a heading written in another script
  than the Latin one (Arabic, Chinese, Cyrillic) gets its part and its place among that
  part's headings instead (``preamble_2``, ``operative_1``), because a slug would drop
  every letter of it
* annex: ``annex_1``, its paragraphs ``annex_1__para_1``
* the three lines of the instrument heading: ``number``, ``title``, ``formula``

Besides the tree, the engine works on a *flat* view: the instrument as a sequence of
:class:`Unit` (one per line of the plain-text format, with a kind and a depth).
Word diff, proposals and consolidation all operate on that sequence, because an
insertion or deletion in a tree is then a plain insertion or deletion in a list, and
:func:`build` turns any valid sequence back into a tree.

Public API: :class:`Instrument`, :class:`Part`, :class:`Annex`, :class:`Provision`,
:class:`Unit`, :class:`Kind`, :func:`parse_instrument`, :func:`print_instrument`,
:func:`flatten`, :func:`build`, :class:`ParseError`.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class ParseError(ValueError):
    """Input that does not follow a format, with the line (1-based) where it went wrong.

    ``str(error)`` reads ``line N: <what was expected>`` so that a command can prefix
    the file name and print it as it is.
    """

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


class Kind(StrEnum):
    """What a line of an instrument is. Items know which part they belong to."""

    NUMBER = "number"
    TITLE = "title"
    FORMULA = "formula"
    PREAMBLE_HEADING = "preamble_heading"
    PREAMBLE_ITEM = "preamble_item"
    OPERATIVE_HEADING = "operative_heading"
    OPERATIVE_ITEM = "operative_item"
    ANNEX = "annex"
    ANNEX_PARAGRAPH = "annex_paragraph"

    # Set for every member below the class: plain attributes, because the engine asks
    # them for every unit it walks and a property costs a call each time.
    #: A heading line: a preamble or operative heading, or an annex.
    is_heading: bool
    #: An item: a preamble or operative item (or sub-item), or an annex paragraph.
    is_item: bool
    #: The number, title and formula: exactly one of each, never added or removed.
    is_front: bool


HEADING_KINDS = frozenset({Kind.PREAMBLE_HEADING, Kind.OPERATIVE_HEADING, Kind.ANNEX})
ITEM_KINDS = frozenset({Kind.PREAMBLE_ITEM, Kind.OPERATIVE_ITEM, Kind.ANNEX_PARAGRAPH})
FRONT_KINDS = frozenset({Kind.NUMBER, Kind.TITLE, Kind.FORMULA})
for _kind in Kind:
    _kind.is_heading = _kind in HEADING_KINDS
    _kind.is_item = _kind in ITEM_KINDS
    _kind.is_front = _kind in FRONT_KINDS
del _kind


#: Deepest level of sub-items per item kind (0 = items only).
MAX_DEPTH = {Kind.PREAMBLE_ITEM: 0, Kind.OPERATIVE_ITEM: 2, Kind.ANNEX_PARAGRAPH: 0}

#: The item kind that belongs under each heading kind.
ITEM_KIND = {
    Kind.PREAMBLE_HEADING: Kind.PREAMBLE_ITEM,
    Kind.OPERATIVE_HEADING: Kind.OPERATIVE_ITEM,
    Kind.ANNEX: Kind.ANNEX_PARAGRAPH,
}


@dataclass(frozen=True)
class Provision:
    """An item (lettered, numbered or an annex paragraph) and its sub-items."""

    eid: str
    text: str
    items: tuple[Provision, ...] = ()


@dataclass(frozen=True)
class Part:
    """A heading of the preamble or of the operative part, with its items.

    ``unnumbered`` when the heading's only item is written without a number, as ITU
    texts write it ("noting / that …", "instructs the Secretary-General / to …"). It
    only concerns the printing (two instruments that differ only there are equal): the
    item keeps the id of a first item, and once the heading has more than one item,
    they are all numbered.
    """

    eid: str
    title: str
    items: tuple[Provision, ...]
    unnumbered: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Annex:
    """An annex: its heading line (``Annex 1 to Resolution …``) and its paragraphs."""

    eid: str
    title: str
    paragraphs: tuple[Provision, ...]


@dataclass(frozen=True)
class Instrument:
    """A resolution, decision or recommendation."""

    number: str
    title: str
    formula: str
    preamble: tuple[Part, ...] = ()
    operative: tuple[Part, ...] = ()
    annexes: tuple[Annex, ...] = ()

    def eids(self) -> tuple[str, ...]:
        """All provision ids, in reading order."""
        return tuple(unit.eid for unit in flatten(self))

    def text_of(self, eid: str) -> str | None:
        """The text of one provision, or ``None`` if there is no such id."""
        for unit in flatten(self):
            if unit.eid == eid:
                return unit.text
        return None


@dataclass(frozen=True)
class Unit:
    """One line of an instrument in the flat view: a heading line, an item, an annex
    paragraph, or one of the number, title and formula lines."""

    eid: str
    kind: Kind
    depth: int
    text: str
    #: On a heading: its only item is printed without a number (see :class:`Part`).
    unnumbered: bool = field(default=False, compare=False)


_new = object.__new__


def _unit(eid: str, kind: Kind, depth: int, text: str) -> Unit:
    """``Unit(eid, kind, depth, text)`` for the parser's inner loop, at a third of the cost:
    a frozen dataclass sets each field through ``object.__setattr__``. Unit has no
    ``__post_init__`` and no slots, so filling its ``__dict__`` makes the same object."""
    unit = _new(Unit)
    fields = unit.__dict__
    fields["eid"] = eid
    fields["kind"] = kind
    fields["depth"] = depth
    fields["text"] = text
    return unit


def _provision(eid: str, text: str, items: tuple[Provision, ...]) -> Provision:
    """``Provision(eid, text, items)`` for :func:`build`, made the way :func:`_unit` is."""
    provision = _new(Provision)
    fields = provision.__dict__
    fields["eid"] = eid
    fields["text"] = text
    fields["items"] = items
    return provision


# --- numbering and ids --------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa: the letter of the n-th item."""
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


@functools.lru_cache(maxsize=4096)
def roman(n: int) -> str:
    """1 → i, 4 → iv: the numeral of the n-th sub-sub-item."""
    out = ""
    for value, numeral in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out += numeral
            n -= value
    return out


def item_label(kind: Kind, depth: int, n: int) -> str:
    """The number printed before the n-th item of this kind and depth: ``1``, ``a)``, ``ii)``."""
    if kind is Kind.PREAMBLE_ITEM:
        return f"{letters(n)})"
    if depth == 0:
        return str(n)
    if depth == 1:
        return f"{letters(n)})"
    return f"{roman(n)})"


def item_eid(parent: str, kind: Kind, depth: int, n: int) -> str:
    """The id an item gets from its position when a base text is first parsed."""
    if kind is Kind.PREAMBLE_ITEM:
        return f"{parent}__{letters(n)}"
    if kind is Kind.ANNEX_PARAGRAPH or depth == 0:
        return f"{parent}__para_{n}"
    if depth == 1:
        return f"{parent}__point_{letters(n)}"
    return f"{parent}__point_{roman(n)}"


def slug(title: str) -> str:
    """A heading title as an id: lower case, accents dropped, other runs become ``_``."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-z]+", "_", ascii_title.lower()).strip("_")


def is_latin(text: str) -> bool:
    """Whether every letter of ``text`` is a Latin one (accents allowed)."""
    return all(not char.isalpha() or _is_latin_letter(char) for char in text)


@functools.lru_cache(maxsize=4096)
def _is_latin_letter(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def heading_eid(title: str, kind: Kind, n: int) -> str:
    """The id of the ``n``-th heading of its part: the slug of its title when it is
    written in Latin letters, otherwise the part and the place (``preamble_2``,
    ``operative_1``), which stay readable whatever the script."""
    if is_latin(title):
        candidate = slug(title)
        if candidate:
            return candidate
    return f"{'preamble' if kind is Kind.PREAMBLE_HEADING else 'operative'}_{n}"


# How each official language starts a preambular heading ("considering", "noting") and
# an operative one ("resolves", "instructs"): used only to place a heading whose single
# item carries no number and whose place in the text does not settle it.
_PREAMBLE_WORDS = frozenset(
    """aware conscious convinced mindful concerned guided deeply having bearing taking
    conscient consciente convaincu convaincue préoccupé préoccupée ayant tenant
    consciente convencido convencida preocupado preocupada teniendo
    учитывая признавая отмечая принимая напоминая сознавая подчеркивая будучи ссылаясь
    приветствуя выражая""".split()
)
_OPERATIVE_WORDS = frozenset(
    """resolves instructs invites requests encourages urges decides calls endorses
    approves adopts recommends appeals expresses
    décide charge invite prie encourage demande exhorte recommande appelle adopte approuve
    resuelve encarga invita pide alienta insta decide recomienda exhorta aprueba adopta
    решает поручает предлагает просит призывает рекомендует одобряет принимает""".split()
)
_ZH_PREAMBLE = ("考虑", "认识", "注意", "忆及", "回顾", "铭记", "意识", "确认", "认为", "强调")
_ZH_OPERATIVE = ("决议", "做出决议", "责成", "请", "鼓励", "敦促", "决定", "要求", "邀请", "指示")


def heading_part(title: str) -> Kind | None:
    """``PREAMBLE_HEADING`` or ``OPERATIVE_HEADING`` when the heading's first word says
    which (a participle such as *considering*, *considérant*, *учитывая*, Arabic
    ``إذ``; a verb such as *resolves*, *décide*, *يقرر*), ``None`` when it does not."""
    text = title.replace("\u0640", "").strip()  # the Arabic tatweel only stretches a word
    words = [w.strip("\"'«»,;:.").casefold() for w in text.split()]
    words = [w for w in words if w not in ("and", "further", "also", "et", "y", "и", "также")]
    if not words:
        return None
    first = words[0]
    if first in ("إذ", "وإذ") or first.startswith(("إذ", "وإذ")):
        return Kind.PREAMBLE_HEADING
    if first in _PREAMBLE_WORDS or first.endswith(("ing", "ant", "ando", "iendo", "endo")):
        return Kind.PREAMBLE_HEADING
    if first in _OPERATIVE_WORDS:
        return Kind.OPERATIVE_HEADING
    if first[0] in "يو" and first[:1].isalpha() and not is_latin(first):
        return Kind.OPERATIVE_HEADING  # an Arabic verb in the present: يقرر، يكلف، يدعو
    if text.startswith(_ZH_PREAMBLE) or text.endswith("到"):
        return Kind.PREAMBLE_HEADING
    if text.startswith(_ZH_OPERATIVE):
        return Kind.OPERATIVE_HEADING
    if first.endswith("s") and not first.endswith("ss") and is_latin(first):
        return Kind.OPERATIVE_HEADING  # English: "resolves", "requests"
    return None


#: How the number line of an instrument names it, in the six languages.
INSTRUMENT_WORDS = (
    "resolution", "decision", "recommendation", "résolution", "décision", "recommandation",
    "resolución", "decisión", "recomendación", "резолюция", "решение", "рекомендация",
    "قرار", "مقرر", "توصية", "决议", "决定", "建议",
)  # fmt: skip


def names_instrument(line: str) -> bool:
    """Whether a number line names a resolution, decision or recommendation."""
    lowered = line.replace("\u0640", "").casefold()
    return any(word in lowered for word in INSTRUMENT_WORDS)


def missing_parts(inst: Instrument) -> list[str]:
    """What keeps a text that parses from looking like an instrument: a number line that
    names a resolution, decision or recommendation, a formula (which ends with a comma:
    "The Plenipotentiary Conference …,"), at least one heading. Empty when nothing."""
    missing = []
    if not names_instrument(inst.number):
        missing.append(
            f"its first line ('{inst.number[:60]}') names no resolution, decision or recommendation"
        )
    if not inst.formula.rstrip().endswith((",", "،", "，", ":")):
        missing.append(
            f"its formula ('{inst.formula[:60]}') does not end with a comma, as 'The "
            "Plenipotentiary Conference …,' does"
        )
    if not inst.preamble and not inst.operative:
        missing.append("it has no heading such as 'considering' or 'resolves' with its items")
    return missing


def unique(candidate: str, taken: set[str]) -> str:
    """``candidate``, or ``candidate_2``, ``candidate_3`` … whichever is not yet taken."""
    if candidate not in taken:
        return candidate
    n = 2
    while f"{candidate}_{n}" in taken:
        n += 1
    return f"{candidate}_{n}"


# --- flat view ----------------------------------------------------------------------


def flatten(inst: Instrument) -> tuple[Unit, ...]:
    """The instrument as a sequence of units, in reading order."""
    # An instrument never changes, so its flat view is worked out once and kept on it
    # (parsing and building leave the units they started from there). It is not a
    # field: equality, hashing and printing do not see it.
    cached = inst.__dict__.get("_units")
    if cached is not None:
        return cached
    units = [
        Unit("number", Kind.NUMBER, 0, inst.number),
        Unit("title", Kind.TITLE, 0, inst.title),
        Unit("formula", Kind.FORMULA, 0, inst.formula),
    ]

    def items(provisions: Iterable[Provision], kind: Kind, depth: int) -> None:
        for provision in provisions:
            units.append(_unit(provision.eid, kind, depth, provision.text))
            if provision.items:
                items(provision.items, kind, depth + 1)

    for part in inst.preamble:
        units.append(Unit(part.eid, Kind.PREAMBLE_HEADING, 0, part.title, part.unnumbered))
        items(part.items, Kind.PREAMBLE_ITEM, 0)
    for part in inst.operative:
        units.append(Unit(part.eid, Kind.OPERATIVE_HEADING, 0, part.title, part.unnumbered))
        items(part.items, Kind.OPERATIVE_ITEM, 0)
    for annex in inst.annexes:
        units.append(Unit(annex.eid, Kind.ANNEX, 0, annex.title))
        items(annex.paragraphs, Kind.ANNEX_PARAGRAPH, 0)
    flat = tuple(units)
    object.__setattr__(inst, "_units", flat)
    return flat


_ORDER = {
    Kind.PREAMBLE_HEADING: 0,
    Kind.OPERATIVE_HEADING: 1,
    Kind.ANNEX: 2,
}


def check_units(units: Iterable[Unit]) -> None:
    """Raise ``ValueError`` exactly where :func:`build` would, without building the tree."""
    it = iter(units)
    front = [unit.kind for unit in itertools.islice(it, 3)]
    if front != [Kind.NUMBER, Kind.TITLE, Kind.FORMULA]:
        raise ValueError("an instrument starts with its number, title and formula")
    last: Kind | None = None  # kind of the last heading
    item_kind: Kind | None = None
    open_depth = 0  # how many items are open: an item may go at most this deep
    for unit in it:
        kind = unit.kind
        if kind.is_item:
            if last is None:
                raise ValueError(f"{unit.eid}: an item must follow a heading")
            if kind is not item_kind:
                raise ValueError(f"{unit.eid}: a {kind} cannot stand under a {last}")
            depth = unit.depth
            if depth > MAX_DEPTH[kind] or depth > open_depth:
                raise ValueError(f"{unit.eid}: a sub-item at depth {depth} has no parent item")
            if depth < 0:
                raise IndexError("list index out of range")
            open_depth = depth + 1
        elif kind.is_heading:
            if last is not None and _ORDER[kind] < _ORDER[last]:
                raise ValueError(f"{unit.eid}: a {kind} cannot follow a {last}")
            last, item_kind, open_depth = kind, ITEM_KIND[kind], 0
        else:
            raise ValueError(f"{unit.eid}: the {kind} may appear only once, at the top")


def build(units: Sequence[Unit]) -> Instrument:
    """Rebuild the tree from a flat sequence of units.

    A heading left without items is dropped: that is what remains of a heading whose
    items were all deleted. Anything else that cannot form a tree (an item before any
    heading, a sub-item without its parent, a preamble heading after an operative one)
    raises ``ValueError`` naming the unit.
    """
    if (
        len(units) < 3
        or units[0].kind is not Kind.NUMBER
        or units[1].kind is not Kind.TITLE
        or units[2].kind is not Kind.FORMULA
    ):
        raise ValueError("an instrument starts with its number, title and formula")
    parts: dict[Kind, list] = {
        Kind.PREAMBLE_HEADING: [],
        Kind.OPERATIVE_HEADING: [],
        Kind.ANNEX: [],
    }
    heading: Unit | None = None
    item_kind: Kind | None = None
    top: list[Provision] = []  # finished items of the current heading
    stack: list[tuple[Unit, list[Provision]]] = []  # open items, one per depth
    # Whether flatten() of the result gives these very units back: not when a heading
    # is dropped, nor when a line carries a depth or id that the tree does not keep.
    dropped = (
        units[0].eid != "number"
        or units[1].eid != "title"
        or units[2].eid != "formula"
        or units[0].depth != 0
        or units[1].depth != 0
        or units[2].depth != 0
    )

    def close(heading: Unit) -> bool:
        while stack:
            unit, kids = stack.pop()
            (stack[-1][1] if stack else top).append(_provision(unit.eid, unit.text, tuple(kids)))
        if not top:
            return True
        if heading.kind is Kind.ANNEX:
            parts[heading.kind].append(Annex(heading.eid, heading.text, tuple(top)))
        else:
            parts[heading.kind].append(
                Part(heading.eid, heading.text, tuple(top), heading.unnumbered)
            )
        return False

    for unit in units[3:]:
        kind = unit.kind
        if kind.is_item:
            if heading is None:
                raise ValueError(f"{unit.eid}: an item must follow a heading")
            if kind is not item_kind:
                raise ValueError(f"{unit.eid}: a {kind} cannot stand under a {heading.kind}")
            depth = unit.depth
            if depth > MAX_DEPTH[kind] or depth > len(stack):
                raise ValueError(f"{unit.eid}: a sub-item at depth {depth} has no parent item")
            if depth < 0:
                raise IndexError("list index out of range")
            while len(stack) > depth:
                done, kids = stack.pop()
                (stack[-1][1] if stack else top).append(
                    _provision(done.eid, done.text, tuple(kids))
                )
            stack.append((unit, []))
        elif kind.is_heading:
            if unit.depth != 0 or (unit.unnumbered and kind is Kind.ANNEX):
                dropped = True
            if heading is not None:
                if _ORDER[kind] < _ORDER[heading.kind]:
                    raise ValueError(f"{unit.eid}: a {kind} cannot follow a {heading.kind}")
                dropped |= close(heading)
            heading, item_kind, top = unit, ITEM_KIND[kind], []
        else:
            raise ValueError(f"{unit.eid}: the {kind} may appear only once, at the top")
    if heading is not None:
        dropped |= close(heading)
    inst = Instrument(
        units[0].text,
        units[1].text,
        units[2].text,
        tuple(parts[Kind.PREAMBLE_HEADING]),
        tuple(parts[Kind.OPERATIVE_HEADING]),
        tuple(parts[Kind.ANNEX]),
    )
    if not dropped:
        # Nothing was left out, so these units are exactly the instrument's flat view.
        object.__setattr__(inst, "_units", tuple(units))
    return inst


def _sole_unnumbered(units: Sequence[Unit]) -> set[int]:
    """Positions of the items printed without a number: the only first-level item of a
    heading marked ``unnumbered``."""
    sole: set[int] = set()
    first: int | None = None  # the first item of an unnumbered heading, while it is alone
    marked = False
    for n, unit in enumerate(units):
        kind = unit.kind
        if kind.is_heading or kind.is_front:
            if first is not None:
                sole.add(first)
            first, marked = None, kind.is_heading and unit.unnumbered and kind is not Kind.ANNEX
        elif marked and unit.depth == 0:
            if first is None:
                first = n
            else:
                first, marked = None, False
    if first is not None:
        sole.add(first)
    # an item whose text starts like a number would be read back as numbered
    return {n for n in sole if not (_ARABIC.match(units[n].text) or _LETTER.match(units[n].text))}


def labelled(units: Iterable[Unit]) -> list[tuple[Unit, str]]:
    """Each unit with the number it is printed with (empty for headings and paragraphs).

    Numbering counts items of the same depth since the last heading or shallower item,
    which is how a renumbered text reads. The only item of a heading marked
    ``unnumbered`` has no number; its sub-items are numbered as usual.
    """
    units = list(units)
    sole = _sole_unnumbered(units) if any(u.unnumbered for u in units) else set()
    out: list[tuple[Unit, str]] = []
    counters: list[int] = []
    for n, unit in enumerate(units):
        if not unit.kind.is_item:
            counters = []
            out.append((unit, ""))
            continue
        if unit.kind is Kind.ANNEX_PARAGRAPH:
            out.append((unit, ""))
            continue
        if n in sole:
            counters = [1]
            out.append((unit, ""))
            continue
        del counters[unit.depth + 1 :]
        while len(counters) <= unit.depth:
            counters.append(0)
        counters[unit.depth] += 1
        out.append((unit, item_label(unit.kind, unit.depth, counters[unit.depth])))
    return out


# --- plain-text format --------------------------------------------------------------

_ANNEX = re.compile(r"Annex\b")
_ARABIC = re.compile(r"(\d+[a-z]*) (.*)")
_LETTER = re.compile(r"([a-z]+)\) (.*)")
_ROMAN = re.compile(r"([ivxlcdm]+)\) (.*)")
_ANY_LABEL = re.compile(r"(\d+[a-z]*|[a-z]+\))(?: |$)")


def _placeable(units: Sequence[Unit]) -> list[Unit]:
    """The units, with ``unnumbered`` taken off every heading whose single item, printed
    without its number, the parser could not place back in its part (see
    :func:`_place`): such an item is printed with its number."""
    headings = [
        (n, unit)
        for n, unit in enumerate(units)
        if unit.kind.is_heading and unit.kind is not Kind.ANNEX
    ]
    if not any(unit.unnumbered for _, unit in headings):
        return list(units)
    sole = _sole_unnumbered(units)
    kinds = [unit.kind for _, unit in headings]
    subitems = []
    candidates = set()
    for k, (n, _heading) in enumerate(headings):
        end = headings[k + 1][0] if k + 1 < len(headings) else len(units)
        under = [u for u in units[n + 1 : end] if u.kind.is_item]
        subitems.append(any(u.depth for u in under))
        if n + 1 < len(units) and n + 1 in sole:
            candidates.add(k)
    while True:
        parts: list[Kind | None] = [
            None if k in candidates else kind for k, kind in enumerate(kinds)
        ]
        wrong = set()
        for k in sorted(candidates):
            if _place(parts, k, headings[k][1].text, has_subitems=subitems[k]) is not kinds[k]:
                wrong.add(k)
            parts[k] = kinds[k]
        if not wrong:
            break
        candidates -= wrong
    keep = {headings[k][0] for k in candidates}
    return [
        Unit(u.eid, u.kind, u.depth, u.text) if u.unnumbered and n not in keep else u
        for n, u in enumerate(units)
    ]


def print_instrument(inst: Instrument) -> str:
    """The instrument in the plain-text format, numbered from the positions of its items.

    A heading's single item that was written without a number is printed without one,
    as long as the parser can tell its part back from the text."""
    lines = [inst.number, inst.title, "", inst.formula]
    for unit, label in labelled(_placeable(flatten(inst))[3:]):
        if unit.kind.is_heading:
            lines += ["", unit.text]
        elif label:
            lines.append(f"{'  ' * unit.depth}{label} {unit.text}")
        else:
            lines.append(unit.text)
    return "\n".join(lines) + "\n"


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    """Non-blank lines grouped by blank lines, each with its 1-based line number."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    tabs = "\t" in text  # most texts have none, and then no line needs the indentation check
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.rstrip()
        if not line:
            if current:
                blocks.append(current)
                current = []
            continue
        if tabs and "\t" in line[: len(line) - len(line.lstrip())]:
            raise ParseError(number, "expected indentation with spaces, found a tab")
        current.append((number, line))
    if current:
        blocks.append(current)
    return blocks


def _item_pattern(kind: Kind, depth: int) -> tuple[re.Pattern[str], str]:
    if kind is Kind.PREAMBLE_ITEM:
        return _LETTER, "a letter like a), b), c)"
    if depth == 0:
        return _ARABIC, "a number like 1, 2, 3"
    if depth == 1:
        return _LETTER, "a letter like a), b), c)"
    return _ROMAN, "a roman numeral like i), ii), iii)"


def _numbered_part(block: list[tuple[int, str]]) -> Kind | None:
    """The part a heading block belongs to by the number of its first item, or None
    when that item has none (an error unless it is the heading's only item)."""
    if len(block) < 2:
        return Kind.PREAMBLE_HEADING  # reported as a heading without items
    first = block[1][1]
    if _ARABIC.match(first):
        return Kind.OPERATIVE_HEADING
    if _LETTER.match(first):
        return Kind.PREAMBLE_HEADING
    return None


def _place(parts: list[Kind | None], k: int, title: str, *, has_subitems: bool) -> Kind | None:
    """The part of the ``k``-th heading, whose single item has no number: the operative
    part after an operative heading, the preamble before a preamble heading, the
    operative part when the item has sub-items (preamble items have none), otherwise
    what the heading's first word says (:func:`heading_part`)."""
    if Kind.OPERATIVE_HEADING in parts[:k]:
        return Kind.OPERATIVE_HEADING
    if Kind.PREAMBLE_HEADING in parts[k + 1 :]:
        return Kind.PREAMBLE_HEADING
    if has_subitems:
        return Kind.OPERATIVE_HEADING
    return heading_part(title)


def parse_instrument(text: str) -> Instrument:
    """Parse the plain-text format; ids come from the numbering.

    Raises :class:`ParseError` with the line number and what was expected.
    """
    blocks = _blocks(text)
    if not blocks:
        raise ParseError(1, "expected the instrument number on the first line, found an empty text")
    front = blocks[0]
    if len(front) < 2:
        raise ParseError(front[0][0] + 1, "expected the title on the line after the number")
    if len(front) > 2:
        raise ParseError(front[2][0], "expected a blank line after the title, before the formula")
    for number, line in front:
        if line != line.lstrip():
            raise ParseError(number, "expected the number and title without indentation")
    if len(blocks) < 2:
        raise ParseError(front[-1][0] + 2, "expected the formula after a blank line")
    formula_block = blocks[1]
    if len(formula_block) > 1:
        raise ParseError(
            formula_block[1][0], "expected a blank line after the formula (it is one line)"
        )
    units = [
        Unit("number", Kind.NUMBER, 0, front[0][1]),
        Unit("title", Kind.TITLE, 0, front[1][1]),
        Unit("formula", Kind.FORMULA, 0, formula_block[0][1].strip()),
    ]
    taken: set[str] = {"number", "title", "formula"}
    annexes = 0
    seen_kind = Kind.PREAMBLE_HEADING
    # The part of each heading block, as far as its first item tells: lettered items
    # are the preamble's, numbered ones the operative part's; None for a single item
    # without a number, placed by _place() once the blocks around it are known.
    parts: list[Kind | None] = [
        _numbered_part(block) for block in blocks[2:] if not _ANNEX.match(block[0][1])
    ]
    counted = {Kind.PREAMBLE_HEADING: 0, Kind.OPERATIVE_HEADING: 0}
    k = -1
    for block in blocks[2:]:
        head_line, head = block[0]
        if head != head.lstrip():
            raise ParseError(head_line, "expected a heading without indentation")
        body = block[1:]
        if _ANNEX.match(head):
            annexes += 1
            eid = unique(f"annex_{annexes}", taken)
            taken.add(eid)
            if not body:
                raise ParseError(
                    head_line,
                    f"annex '{head}' has no paragraphs; expected at least one line of text after it",
                )
            units.append(Unit(eid, Kind.ANNEX, 0, head))
            for n, (number, line) in enumerate(body, start=1):
                if line != line.lstrip():
                    raise ParseError(number, "expected an annex paragraph without indentation")
                pid = unique(item_eid(eid, Kind.ANNEX_PARAGRAPH, 0, n), taken)
                taken.add(pid)
                units.append(Unit(pid, Kind.ANNEX_PARAGRAPH, 0, line))
            seen_kind = Kind.ANNEX
            continue
        k += 1
        if _ANY_LABEL.match(head):
            raise ParseError(
                head_line,
                f"expected a heading such as 'considering' or 'resolves' before the item '{head.split()[0]}'",
            )
        if not body:
            raise ParseError(
                head_line,
                f"heading '{head}' has no items; expected lettered items a), b) … or numbered items 1, 2 … on the lines below it",
            )
        first_line, first = body[0]
        unnumbered = parts[k] is None
        if unnumbered:
            if first != first.lstrip():
                raise ParseError(
                    first_line,
                    f"expected the first item under '{head}' to start with a letter like a) or a number like 1, then a space and its text",
                )
            more = next((n for n, line in body[1:] if line == line.lstrip()), None)
            if more is not None:
                raise ParseError(
                    more,
                    f"expected the items under '{head}' to be numbered (a), b) … or 1, 2 …): "
                    "only a heading's single item may go without a number",
                )
            placed = _place(parts, k, head, has_subitems=len(body) > 1)
            if placed is None:
                raise ParseError(
                    first_line,
                    f"cannot tell whether '{head}' belongs to the preamble or to the operative "
                    "part; number its single item a) for the preamble or 1 for the operative part",
                )
            parts[k] = placed
        heading_kind = parts[k]
        assert heading_kind is not None
        kind = ITEM_KIND[heading_kind]
        if _ORDER[heading_kind] < _ORDER[seen_kind]:
            raise ParseError(
                head_line,
                f"expected the preamble heading '{head}' before the operative headings and annexes",
            )
        seen_kind = heading_kind
        counted[heading_kind] += 1
        eid = unique(heading_eid(head, heading_kind, counted[heading_kind]), taken)
        taken.add(eid)
        units.append(Unit(eid, heading_kind, 0, head, unnumbered))
        parents = [eid]
        counters: list[int] = []
        max_depth = MAX_DEPTH[kind]
        patterns = [_item_pattern(kind, d) for d in range(max_depth + 1)]
        for number, line in body:
            stripped = line.lstrip(" ")
            indent = len(line) - len(stripped)
            if indent:
                if indent % 2:
                    raise ParseError(
                        number, "expected indentation by two spaces per level of sub-item"
                    )
                depth = indent // 2
                if depth > len(counters):
                    raise ParseError(
                        number,
                        f"expected indentation of at most {2 * len(counters)} spaces: a sub-item must follow its parent item",
                    )
                if depth > max_depth:
                    what = (
                        "preamble items have no sub-items"
                        if kind is Kind.PREAMBLE_ITEM
                        else "operative items go at most three levels deep (1, a), i))"
                    )
                    raise ParseError(number, f"expected no deeper indentation here: {what}")
            else:
                depth = 0
            if unnumbered and depth == 0:
                text = stripped
            else:
                pattern, expected = patterns[depth]
                match = pattern.fullmatch(stripped)
                if match is None:
                    found = stripped.split(" ", 1)[0]
                    raise ParseError(
                        number,
                        f"expected an item numbered with {expected} under '{head}', found '{found}'",
                    )
                text = match.group(2)
                if not text or text.isspace():
                    raise ParseError(number, f"expected the text of item {match.group(1)}")
            if depth == len(counters):
                counters.append(1)
            else:
                del counters[depth + 1 :]
                counters[depth] += 1
            del parents[depth + 1 :]
            pid = item_eid(parents[depth], kind, depth, counters[depth])
            if pid in taken:
                pid = unique(pid, taken)
            taken.add(pid)
            parents.append(pid)
            units.append(_unit(pid, kind, depth, text))
    return build(units)
