"""Word diff with revision marks.

The diff works on tokens (see :mod:`plenipot.engine.tokens`) of one provision at a
time, so a change never spills across a provision boundary: an instrument diff is a
list of provision diffs, each with its own operations.

A minimal token diff matches every shared space and produces confetti
("to [continue|keep] [to give|giving]"). Changes separated only by whitespace are
therefore merged into one change, which is how a person marks a reworded phrase.

Public API: :class:`DiffOp`, :func:`token_edits`, :func:`diff_provision`,
:func:`diff_instruments`, :class:`ProvisionDiff`, :func:`ops_to_text`,
:func:`ops_to_html`, :func:`instrument_diff_text`, :func:`instrument_diff_html`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Indel

from plenipot.engine.align import align
from plenipot.engine.instrument import Instrument, Kind, Unit, flatten, labelled
from plenipot.engine.tokens import tokenize

#: One change in token coordinates: old[i1:i2] becomes new[j1:j2].
Edit = tuple[int, int, int, int]


def token_edits(old: Sequence[str], new: Sequence[str]) -> list[Edit]:
    """The changes that turn token list ``old`` into ``new``, in old coordinates.

    Uses the longest common subsequence (rapidfuzz ``Indel``, linear memory, native
    speed), then merges changes that only whitespace separates.
    """
    if list(old) == list(new):
        return []
    out: list[list[int]] = []
    for tag, i1, i2, j1, j2 in Indel.opcodes(old, new):
        if tag == "equal":
            continue
        if out:
            last = out[-1]
            between = old[last[1] : i1]
            if all(t.isspace() for t in between):
                last[1], last[3] = i2, j2
                continue
        out.append([i1, i2, j1, j2])
    edits: list[Edit] = []
    for i1, i2, j1, j2 in out:
        # Leave a space shared by both sides outside the change.
        while i1 < i2 and j1 < j2 and old[i2 - 1] == new[j2 - 1] and old[i2 - 1].isspace():
            i2, j2 = i2 - 1, j2 - 1
        while i1 < i2 and j1 < j2 and old[i1] == new[j1] and old[i1].isspace():
            i1, j1 = i1 + 1, j1 + 1
        edits.append((i1, i2, j1, j2))
    return edits


@dataclass(frozen=True)
class DiffOp:
    """A run of text that is kept (``equal``), added (``insert``) or removed (``delete``)."""

    op: Literal["equal", "insert", "delete"]
    text: str


def diff_provision(old: str, new: str) -> tuple[DiffOp, ...]:
    """The word diff of one provision's text: deletions come before insertions."""
    a, b = tokenize(old), tokenize(new)
    ops: list[DiffOp] = []
    pos = 0
    for i1, i2, j1, j2 in token_edits(a, b):
        if pos < i1:
            ops.append(DiffOp("equal", "".join(a[pos:i1])))
        if i1 < i2:
            ops.append(DiffOp("delete", "".join(a[i1:i2])))
        if j1 < j2:
            ops.append(DiffOp("insert", "".join(b[j1:j2])))
        pos = i2
    if pos < len(a):
        ops.append(DiffOp("equal", "".join(a[pos:])))
    return tuple(ops)


def ops_to_text(ops: Sequence[DiffOp]) -> str:
    """Plain text with revision marks: ``[-removed-]`` and ``{+added+}``."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[op.op].format(op.text) for op in ops)


def ops_to_html(ops: Sequence[DiffOp]) -> str:
    """HTML with ``<del>`` and ``<ins>``; the text is escaped."""
    tags = {"equal": "{}", "delete": "<del>{}</del>", "insert": "<ins>{}</ins>"}
    return "".join(tags[op.op].format(html.escape(op.text, quote=False)) for op in ops)


@dataclass(frozen=True)
class ProvisionDiff:
    """The diff of one provision between two versions of an instrument.

    ``status`` is ``unchanged``, ``modified``, ``added`` or ``deleted``; ``eid`` is the
    id in the old version (or in the new one for an added provision) and ``label``
    the number it is printed with in its own version.
    """

    eid: str
    kind: Kind
    depth: int
    label: str
    status: Literal["unchanged", "modified", "added", "deleted"]
    ops: tuple[DiffOp, ...]


def diff_instruments(old: Instrument, new: Instrument) -> tuple[ProvisionDiff, ...]:
    """Provision-by-provision word diff, with provisions aligned as in :mod:`.align`."""
    a, b = flatten(old), flatten(new)
    labels_a = [label for _, label in labelled(a)]
    labels_b = [label for _, label in labelled(b)]
    out: list[ProvisionDiff] = []
    for i, j in align(a, b):
        if i is not None and j is not None:
            ua, ub = a[i], b[j]
            ops = diff_provision(ua.text, ub.text)
            status = "unchanged" if ua.text == ub.text else "modified"
            out.append(ProvisionDiff(ua.eid, ua.kind, ua.depth, labels_b[j], status, ops))
        elif i is not None:
            unit = a[i]
            out.append(_whole(unit, labels_a[i], "deleted"))
        else:
            assert j is not None
            out.append(_whole(b[j], labels_b[j], "added"))
    return tuple(out)


def _whole(unit: Unit, label: str, status: Literal["added", "deleted"]) -> ProvisionDiff:
    op: Literal["insert", "delete"] = "insert" if status == "added" else "delete"
    return ProvisionDiff(unit.eid, unit.kind, unit.depth, label, status, (DiffOp(op, unit.text),))


_PREFIX = {"unchanged": "  ", "modified": "~ ", "added": "+ ", "deleted": "- "}


def instrument_diff_text(diffs: Sequence[ProvisionDiff]) -> str:
    """The diff laid out like the plain-text format, one provision a line.

    A line starts with ``~`` (modified), ``+`` (added), ``-`` (deleted) or two spaces.
    """
    lines: list[str] = []
    for n, d in enumerate(diffs):
        if d.kind.is_heading or n == 2:
            lines.append("")
        label = f"{d.label} " if d.label else ""
        lines.append(f"{_PREFIX[d.status]}{'  ' * d.depth}{label}{ops_to_text(d.ops)}")
    return "\n".join(lines) + "\n"


def instrument_diff_html(diffs: Sequence[ProvisionDiff]) -> str:
    """The diff as an HTML fragment: one ``<p>`` per provision, classed by status."""
    lines = ['<div class="diff">']
    for d in diffs:
        label = f'<span class="num">{html.escape(d.label)}</span> ' if d.label else ""
        lines.append(
            f'<p class="{d.status} {d.kind.value} depth-{d.depth}" data-eid="{html.escape(d.eid)}">'
            f"{label}{ops_to_html(d.ops)}</p>"
        )
    lines.append("</div>")
    return "\n".join(lines) + "\n"
