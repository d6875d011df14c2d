"""Proposals: what a delegation or regional group asks to change in an instrument.

A proposal has a source (``EUR``, ``ARB``, ``USA`` … or several co-signers), a symbol
(``EUR/27A1/5``), a mark, a target provision id, new text and reasons. Marks:

========  ==============================================================
ADD       a new provision; ``target`` is its *anchor*
ADD*      existing text moved in (treated as ADD)
MOD       new wording for the target
(MOD)     editorial change only (treated as MOD)
SUP       delete the target provision (only that line: sub-items are
          provisions of their own and need their own SUP)
SUP*      moved elsewhere (treated as SUP)
NOC       no change; listed in the synoptic table, changes nothing
========  ==============================================================

An ADD is placed **immediately after its anchor in reading order**: the anchor is
the line that precedes the new provision in the amended text, a heading for a first
item, an item (or its last sub-item) otherwise. Several ADDs on one anchor follow
each other in the order given, and an ADD may anchor on a provision added by an
earlier ADD of the same source through that ADD's ``eid``. This keeps the effect of
an ADD exact however the tree is reshaped, which is what lets
:func:`derive_proposals` followed by :func:`apply_proposals` reproduce an edited copy.

Public API: :class:`Mark`, :class:`Proposal`, :class:`ProposalError`,
:func:`derive_proposals`, :func:`apply_proposals`, :func:`parse_proposals`,
:func:`print_proposals`, :func:`source_version`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from plenipot.engine.align import align
from plenipot.engine.instrument import (
    Instrument,
    Kind,
    ParseError,
    Unit,
    build,
    flatten,
    heading_eid,
    item_eid,
    slug,
    unique,
)


class Mark(StrEnum):
    """How a proposal changes its target, in the conference's own notation."""

    ADD = "ADD"
    ADD_MOVED = "ADD*"
    MOD = "MOD"
    EDITORIAL = "(MOD)"
    SUP = "SUP"
    SUP_MOVED = "SUP*"
    NOC = "NOC"

    @property
    def adds(self) -> bool:
        return self in (Mark.ADD, Mark.ADD_MOVED)

    @property
    def modifies(self) -> bool:
        return self in (Mark.MOD, Mark.EDITORIAL)

    @property
    def deletes(self) -> bool:
        return self in (Mark.SUP, Mark.SUP_MOVED)


LABEL = re.compile(r"[A-Z0-9][A-Z0-9_.\-]*")


@dataclass(frozen=True)
class Proposal:
    """One proposal of an input document.

    For an ADD, ``target`` is the anchor, ``kind`` and ``depth`` say what the new
    provision is, and ``eid`` is the id it gets in the amended text. ``line`` is where
    the proposal was read from, for error messages; it takes no part in equality.
    """

    sources: tuple[str, ...]
    symbol: str
    mark: Mark
    target: str
    text: str = ""
    reasons: str = ""
    kind: Kind | None = None
    depth: int = 0
    eid: str = ""
    line: int = field(default=0, compare=False)

    @property
    def label(self) -> str:
        """The name of the source in drafts: co-signers joined by ``+``."""
        return "+".join(self.sources)


class ProposalError(ValueError):
    """A proposal that cannot be applied; carries the line it was read from, if any."""

    def __init__(self, proposal: Proposal | None, message: str) -> None:
        where = f"line {proposal.line}: " if proposal is not None and proposal.line else ""
        symbol = f"{proposal.symbol}: " if proposal is not None else ""
        super().__init__(f"{where}{symbol}{message}")
        self.line = proposal.line if proposal is not None else 0
        self.message = f"{symbol}{message}"


# --- applying -------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One source's proposals resolved against the base, in base coordinates.

    ``texts`` maps a base unit index to its new text ("" when deleted); ``inserts``
    maps a gap (the number of base units before it) to the new units placed there,
    in order, with the proposal that adds each one.
    """

    texts: dict[int, str]
    inserts: dict[int, list[tuple[Unit, Proposal]]]
    changes: dict[int, list[Proposal]]


def _check_text(proposal: Proposal) -> None:
    if not proposal.text or not proposal.text.strip():
        raise ProposalError(proposal, f"{proposal.mark} needs a text; to delete, use SUP")
    if "\n" in proposal.text or "\r" in proposal.text:
        raise ProposalError(proposal, "the text of a provision is one line")


def source_version(base: Sequence[Unit], proposals: Iterable[Proposal]) -> Version:
    """Resolve the proposals of one source against the base units.

    Raises :class:`ProposalError` for an unknown target, an ADD anchored on a
    missing provision, or two proposals that change the same provision.
    """
    index = {unit.eid: i for i, unit in enumerate(base)}
    texts: dict[int, str] = {}
    changes: dict[int, list[Proposal]] = defaultdict(list)
    adds: list[Proposal] = []
    for p in proposals:
        if p.mark.adds:
            adds.append(p)
            continue
        i = index.get(p.target)
        if i is None:
            raise ProposalError(
                p,
                f"{p.mark} targets '{p.target}', which is not a provision of the base text; expected one of its ids",
            )
        changes[i].append(p)
        if p.mark is Mark.NOC:
            continue
        if i in texts:
            raise ProposalError(
                p, f"'{p.target}' is already changed by another proposal of the same source"
            )
        if p.mark.deletes:
            if base[i].kind.is_front:
                raise ProposalError(
                    p, f"the {base[i].kind} of an instrument cannot be deleted; expected MOD"
                )
            texts[i] = ""
        else:
            _check_text(p)
            texts[i] = p.text
    # Place ADDs: entries hold ("base", index) or ("new", unit, proposal).
    order: list[tuple[str, object]] = [("base", i) for i in range(len(base))]
    known = set(index)
    last_on: dict[str, str] = {}
    pending = list(adds)
    while pending:
        placed = [p for p in pending if p.target in known]
        if not placed:
            p = pending[0]
            raise ProposalError(
                p,
                f"ADD is anchored on '{p.target}', which is not a provision of the base text; expected one of its ids or the id of a provision added by an earlier ADD",
            )
        for p in placed:
            pending.remove(p)
            if p.kind is None or p.kind.is_front:
                raise ProposalError(
                    p,
                    "ADD needs the kind of the new provision (a heading, an item or an annex paragraph)",
                )
            _check_text(p)
            eid = p.eid or slug(p.symbol)
            if eid in known:
                raise ProposalError(
                    p, f"ADD gives the new provision the id '{eid}', which is already in use"
                )
            anchor = last_on.get(p.target, p.target)
            last_on[p.target] = eid
            position = next(
                k
                for k, entry in enumerate(order)
                if (entry[0] == "base" and base[entry[1]].eid == anchor)  # type: ignore[index]
                or (entry[0] == "new" and entry[1][0].eid == anchor)  # type: ignore[index]
            )
            order.insert(position + 1, ("new", (Unit(eid, p.kind, p.depth, p.text), p)))
            known.add(eid)
    inserts: dict[int, list[tuple[Unit, Proposal]]] = defaultdict(list)
    gap = 0
    for tag, value in order:
        if tag == "base":
            gap += 1
        else:
            inserts[gap].append(value)  # type: ignore[arg-type]
    return Version(texts, dict(inserts), dict(changes))


def version_units(base: Sequence[Unit], version: Version) -> list[Unit]:
    """The source's text as a flat sequence of units (deleted units left out)."""
    return list(iter_version_units(base, version))


def iter_version_units(base: Sequence[Unit], version: Version) -> Iterator[Unit]:
    """:func:`version_units` one unit at a time, for a caller that only walks them."""
    texts, inserts = version.texts, version.inserts
    for gap, unit in enumerate(base):
        if gap in inserts:
            for new, _ in inserts[gap]:
                yield new
        if gap in texts:
            text = texts[gap]
            if text:
                yield (
                    unit
                    if text == unit.text
                    else Unit(unit.eid, unit.kind, unit.depth, text, unit.unnumbered)
                )
        elif unit.text:
            yield unit
    for new, _ in inserts.get(len(base), ()):
        yield new


def apply_proposals(base: Instrument, proposals: Iterable[Proposal]) -> Instrument:
    """The instrument as it reads once the proposals (of one source) are applied.

    New provisions keep the ids their ADDs give them. Raises :class:`ProposalError`
    when the proposals do not fit the base or leave a text that is not an instrument.
    """
    units = flatten(base)
    proposals = list(proposals)
    try:
        return build(version_units(units, source_version(units, proposals)))
    except ValueError as exc:
        if isinstance(exc, ProposalError):
            raise
        raise ProposalError(
            None, f"the proposals do not leave a well-formed instrument: {exc}"
        ) from exc


# --- deriving -------------------------------------------------------------------------


def _new_eid(units: Sequence[Unit], j: int, eids: dict[int, str], taken: set[str]) -> str:
    unit = units[j]
    if unit.kind in (Kind.PREAMBLE_HEADING, Kind.OPERATIVE_HEADING):
        place = sum(1 for u in units[: j + 1] if u.kind is unit.kind)
        candidate = heading_eid(unit.text, unit.kind, place)
    elif unit.kind is Kind.ANNEX:
        candidate = f"annex_{sum(1 for u in units[: j + 1] if u.kind is Kind.ANNEX)}"
    else:
        # Parent: the nearest earlier heading, or item one level up; count siblings.
        n, k = 1, j - 1
        while k >= 0 and not (units[k].kind.is_heading or units[k].depth < unit.depth):
            if units[k].depth == unit.depth:
                n += 1
            k -= 1
        candidate = item_eid(eids.get(k, "part"), unit.kind, unit.depth, n)
    if candidate in taken:
        candidate += "_new"
    eid = unique(candidate, taken)
    taken.add(eid)
    return eid


def derive_proposals(
    base: Instrument,
    edited: Instrument,
    *,
    source: str | Sequence[str],
    document: str = "1",
    noc: bool = False,
) -> tuple[Proposal, ...]:
    """The proposals that turn ``base`` into ``edited``, the way a delegation edits the
    baseline and the secretariat reads its changes.

    Provisions of the edited copy are aligned to the base (see :mod:`.align`): a
    changed wording becomes a MOD, a provision the copy lacks a SUP, a provision only
    the copy has an ADD anchored on the line before it. Symbols are
    ``SOURCE/DOCUMENT/n`` in reading order. With ``noc``, unchanged provisions get a
    NOC, as in a synoptic table that lists every provision.
    """
    sources = (source,) if isinstance(source, str) else tuple(source)
    label = "+".join(sources)
    a, b = flatten(base), flatten(edited)
    taken = {u.eid for u in a}
    eids: dict[int, str] = {}
    out: list[Proposal] = []

    def emit(mark: Mark, target: str, **extra: object) -> None:
        symbol = f"{label}/{document}/{len(out) + 1}"
        out.append(Proposal(sources, symbol, mark, target, **extra))  # type: ignore[arg-type]

    for i, j in align(a, b):
        if i is not None and j is not None:
            eids[j] = a[i].eid
            if a[i].text != b[j].text:
                emit(Mark.MOD, a[i].eid, text=b[j].text)
            elif noc:
                emit(Mark.NOC, a[i].eid)
        elif i is not None:
            emit(Mark.SUP, a[i].eid)
        else:
            assert j is not None
            eids[j] = _new_eid(b, j, eids, taken)
            unit = b[j]
            emit(
                Mark.ADD, eids[j - 1], text=unit.text, kind=unit.kind, depth=unit.depth, eid=eids[j]
            )
    return tuple(out)


# --- plain-text proposal lists --------------------------------------------------------

_HEADER = re.compile(r"(\S+)\s+(\S+)(?:\s+(\S+))?((?:\s+\S+=\S*)*)\s*")


def parse_proposals(text: str) -> tuple[Proposal, ...]:
    """Parse a list of proposals in the plain-text proposal format.

    One block per proposal, blocks separated by blank lines::

        EUR/27A1/5 MOD resolves__para_1
        to continue to give this work the highest priority;
        Reasons: Stronger wording.

        EUR/27A1/6 ADD resolves__para_2__point_b kind=operative_item depth=0 id=resolves__para_3
        to report to each session of the Council.

    The header is the symbol, the mark and the target; ``sources=B,CAN,USA`` names
    co-signers (by default the part of the symbol before the first ``/``). Raises
    :class:`ParseError` naming the line and what was expected.
    """
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            blocks[-1].append((number, line.rstrip()))
        elif blocks[-1]:
            blocks.append([])
    marks = ", ".join(m.value for m in Mark)
    out: list[Proposal] = []
    for block in blocks:
        if not block:
            continue
        head_line, head = block[0]
        match = _HEADER.fullmatch(head)
        if match is None:
            raise ParseError(
                head_line,
                "expected a proposal header: SYMBOL MARK TARGET, e.g. 'EUR/27A1/5 MOD resolves__para_1'",
            )
        symbol, mark_text, target, options = match.groups()
        try:
            mark = Mark(mark_text)
        except ValueError:
            raise ParseError(head_line, f"expected a mark ({marks}), found '{mark_text}'") from None
        if not target:
            raise ParseError(
                head_line, f"expected the id of the provision that {symbol} targets after {mark}"
            )
        fields = dict(option.split("=", 1) for option in options.split())
        unknown = set(fields) - {"sources", "kind", "depth", "id"}
        if unknown:
            raise ParseError(
                head_line,
                f"expected options sources=, kind=, depth= or id=, found '{sorted(unknown)[0]}='",
            )
        if not re.fullmatch(r"[A-Za-z0-9_.\-]*", fields.get("id", "")):
            raise ParseError(head_line, "expected id= made of letters, digits, '_', '.' or '-'")
        sources = tuple(s for s in fields.get("sources", symbol.split("/", 1)[0]).split(",") if s)
        for source in sources:
            if not LABEL.fullmatch(source):
                raise ParseError(
                    head_line, f"expected a source in capitals like EUR or USA, found '{source}'"
                )
        kind: Kind | None = None
        depth = 0
        if mark.adds:
            kinds = ", ".join(k.value for k in Kind if not k.is_front)
            try:
                kind = Kind(fields.get("kind", ""))
            except ValueError:
                raise ParseError(head_line, f"expected kind= one of {kinds} for an ADD") from None
            if kind.is_front:
                raise ParseError(head_line, f"expected kind= one of {kinds} for an ADD")
            if not fields.get("depth", "0").isdigit():
                raise ParseError(
                    head_line, "expected depth= a whole number (0 for an item, 1 for a sub-item)"
                )
            depth = int(fields.get("depth", "0"))
        body = block[1:]
        reasons = ""
        if body and body[-1][1].startswith("Reasons:"):
            reasons = body[-1][1][len("Reasons:") :].strip()
            body = body[:-1]
        wants_text = mark.adds or mark.modifies
        if wants_text and len(body) != 1:
            where = body[1][0] if len(body) > 1 else head_line + 1
            raise ParseError(
                where,
                f"expected exactly one line of text for {mark} {symbol}, then optionally a 'Reasons:' line",
            )
        if not wants_text and body:
            raise ParseError(
                body[0][0],
                f"expected no text for {mark} {symbol}, only an optional 'Reasons:' line",
            )
        out.append(
            Proposal(
                sources=sources,
                symbol=symbol,
                mark=mark,
                target=target,
                text=body[0][1] if body else "",
                reasons=reasons,
                kind=kind,
                depth=depth,
                eid=fields.get("id", ""),
                line=head_line,
            )
        )
    return tuple(out)


def print_proposals(proposals: Iterable[Proposal]) -> str:
    """Proposals in the plain-text proposal format read by :func:`parse_proposals`."""
    blocks = []
    for p in proposals:
        head = f"{p.symbol} {p.mark.value} {p.target}"
        if p.sources != (p.symbol.split("/", 1)[0],):
            head += f" sources={','.join(p.sources)}"
        if p.mark.adds:
            head += f" kind={p.kind.value if p.kind else ''} depth={p.depth}"
            if p.eid:
                head += f" id={p.eid}"
        lines = [head]
        if p.text:
            lines.append(p.text)
        if p.reasons:
            lines.append(f"Reasons: {p.reasons}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
