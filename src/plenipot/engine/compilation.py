"""Compilation: the synoptic table a secretariat makes from the proposals.

For each provision of the base, in order, the table gives the base text and what
every source proposes for it — MOD with its new text, SUP, NOC — and, where a source
adds provisions, a row for each new provision at the place it would take. It is the
input to the line-by-line negotiation, before anything is consolidated.

Public API: :class:`SynopsisEntry`, :class:`SynopsisRow`, :class:`Synopsis`,
:func:`compile_synopsis`, :func:`print_synopsis`, :func:`synopsis_to_dict`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from plenipot.engine.instrument import Instrument, Kind, flatten, labelled
from plenipot.engine.proposals import Mark, Proposal, source_version


@dataclass(frozen=True)
class SynopsisEntry:
    """One source's proposal on one row."""

    source: str
    symbol: str
    mark: Mark
    text: str
    reasons: str


@dataclass(frozen=True)
class SynopsisRow:
    """A provision of the base (``base`` is its text) or a new one (``base`` is ``None``
    and ``anchor`` the id it follows)."""

    eid: str
    kind: Kind
    depth: int
    number: str
    base: str | None
    entries: tuple[SynopsisEntry, ...]
    anchor: str = ""


@dataclass(frozen=True)
class Synopsis:
    rows: tuple[SynopsisRow, ...]


def _entry(p: Proposal) -> SynopsisEntry:
    return SynopsisEntry(p.label, p.symbol, p.mark, p.text, p.reasons)


def compile_synopsis(base: Instrument, proposals: Iterable[Proposal]) -> Synopsis:
    """The synoptic table of ``proposals`` on ``base``, sources in alphabetical order.

    Raises :class:`plenipot.engine.proposals.ProposalError` if a proposal does not fit.
    """
    units = flatten(base)
    numbers = [label for _, label in labelled(units)]
    by_label: dict[str, list[Proposal]] = defaultdict(list)
    for p in proposals:
        by_label[p.label].append(p)
    on_unit: dict[int, list[SynopsisEntry]] = defaultdict(list)
    added: dict[int, list[SynopsisRow]] = defaultdict(list)
    for label in sorted(by_label):
        version = source_version(units, by_label[label])
        for index, changes in version.changes.items():
            on_unit[index].extend(_entry(p) for p in changes)
        for gap, new in version.inserts.items():
            for unit, p in new:
                added[gap].append(
                    SynopsisRow(unit.eid, unit.kind, unit.depth, "", None, (_entry(p),), p.target)
                )
    rows: list[SynopsisRow] = []
    for gap in range(len(units) + 1):
        rows.extend(added.get(gap, ()))
        if gap < len(units):
            unit = units[gap]
            rows.append(
                SynopsisRow(
                    unit.eid,
                    unit.kind,
                    unit.depth,
                    numbers[gap],
                    unit.text,
                    tuple(on_unit.get(gap, ())),
                )
            )
    return Synopsis(tuple(rows))


def print_synopsis(synopsis: Synopsis) -> str:
    """The table as plain text: a block per provision, one line per text."""
    width = max(
        [4]
        + [len(f"{e.source}  {e.mark.value}  {e.symbol}") for r in synopsis.rows for e in r.entries]
    )
    blocks = []
    for row in synopsis.rows:
        title = row.eid + (f"  {row.number}" if row.number else "")
        if row.base is None:
            title += f"  new, after {row.anchor}"
        lines = [title]
        if row.base is not None:
            lines.append(f"    {'BASE':<{width}}  {row.base}")
        for e in row.entries:
            head = f"{e.source}  {e.mark.value}  {e.symbol}"
            lines.append(f"    {head:<{width}}  {e.text}".rstrip())
            if e.reasons:
                lines.append(f"    {'':<{width}}  Reasons: {e.reasons}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def synopsis_to_dict(synopsis: Synopsis) -> dict[str, Any]:
    """The table as plain data, for JSON."""
    return {"rows": [asdict(row) for row in synopsis.rows]}
