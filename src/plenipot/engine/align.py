"""Alignment of an edited copy of an instrument to its base, provision by provision.

A delegation edits the baseline in any editor: it rewords items, deletes some and
inserts others, and the numbering shifts. To turn that copy into proposals the
engine must know which provision of the copy *is* which provision of the base, so
that ids stay stable. Units are matched in order:

1. identical lines (same kind, depth and text) by longest common runs
   (``difflib.SequenceMatcher``, no junk heuristic);
2. between two such runs, by a small dynamic programme that pairs units of the same
   kind and depth in order, maximising text similarity; a pair needs a similarity of
   at least :data:`MATCH_THRESHOLD`, except when the gap holds the same number of
   units on both sides, where the units are paired by position (a reworded item that
   kept its place is a MOD, not a SUP and an ADD). Two items pair only when they
   stand under the same heading: the heading at the same place among the headings,
   or one with a similar title. An item of a deleted heading is not "reworded" into
   an item of another heading because the two happen to share words.

The unmatched base units are deletions, the unmatched units of the copy insertions.
The cost is linear in the number of units outside the gaps and quadratic only inside
a gap, which is a handful of units in practice; very large gaps fall back to pairing
by position.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from plenipot.engine.instrument import Unit

#: Minimum similarity (0–1) for pairing two provisions that did not keep their place.
MATCH_THRESHOLD = 0.5

_MAX_GAP_CELLS = 40_000

Pair = tuple[int | None, int | None]


def _comparable(a: Unit, b: Unit) -> bool:
    return a.kind is b.kind and a.depth == b.depth


class _Headings:
    """For every unit of two sequences, the heading it stands under (its place among
    the headings and its title), to tell whether two items may pair."""

    def __init__(self, base: Sequence[Unit], other: Sequence[Unit]) -> None:
        self.base = self._context(base)
        self.other = self._context(other)
        self.similar: dict[tuple[int, int], bool] = {}

    @staticmethod
    def _context(units: Sequence[Unit]) -> list[tuple[int, str]]:
        out, place, title = [], -1, ""
        for unit in units:
            if unit.kind.is_heading:
                place, title = place + 1, unit.text
            out.append((place, title))
        return out

    def same(self, i: int, j: int) -> bool:
        """Whether base unit ``i`` and other unit ``j`` stand under the same heading."""
        (pa, ta), (pb, tb) = self.base[i], self.other[j]
        if pa == pb or ta == tb:
            return True
        key = (pa, pb)
        if key not in self.similar:
            self.similar[key] = fuzz.ratio(ta, tb) / 100 >= MATCH_THRESHOLD
        return self.similar[key]


def _gap(
    base: Sequence[Unit],
    other: Sequence[Unit],
    i1: int,
    i2: int,
    j1: int,
    j2: int,
    headings: _Headings | None = None,
) -> list[Pair]:
    n, m = i2 - i1, j2 - j1
    same_size = n == m
    if n == 0 or m == 0 or n * m > _MAX_GAP_CELLS:
        matches = []
        if same_size or n * m > _MAX_GAP_CELLS:
            matches = [
                (i1 + k, j1 + k)
                for k in range(min(n, m))
                if _comparable(base[i1 + k], other[j1 + k])
            ]
    else:
        # best[i][j]: best total score aligning base[i1+i:] with other[j1+j:]
        best = [[0.0] * (m + 1) for _ in range(n + 1)]
        choice = [[0] * (m + 1) for _ in range(n + 1)]  # 0 skip base, 1 skip other, 2 match
        for i in range(n - 1, -1, -1):
            a = base[i1 + i]
            row, below = best[i], best[i + 1]
            for j in range(m - 1, -1, -1):
                value, move = below[j], 0
                if row[j + 1] > value:
                    value, move = row[j + 1], 1
                b = other[j1 + j]
                if _comparable(a, b) and (
                    headings is None or not a.kind.is_item or headings.same(i1 + i, j1 + j)
                ):
                    score = fuzz.ratio(a.text, b.text) / 100
                    if score >= MATCH_THRESHOLD or (same_size and i == j):
                        score += 1.0  # a match always beats two skips of equal worth
                        if below[j + 1] + score > value:
                            value, move = below[j + 1] + score, 2
                row[j] = value
                choice[i][j] = move
        matches = []
        i = j = 0
        while i < n and j < m:
            move = choice[i][j]
            if move == 2:
                matches.append((i1 + i, j1 + j))
                i += 1
                j += 1
            elif move == 1:
                j += 1
            else:
                i += 1
    pairs: list[Pair] = []
    bi, oj = i1, j1
    for mi, mj in [*matches, (i2, j2)]:
        pairs.extend((k, None) for k in range(bi, mi))
        pairs.extend((None, k) for k in range(oj, mj))
        if mi < i2:
            pairs.append((mi, mj))
        bi, oj = mi + 1, mj + 1
    return pairs


def align(base: Sequence[Unit], other: Sequence[Unit]) -> list[Pair]:
    """Pairs in reading order: ``(i, j)`` matched, ``(i, None)`` only in the base,
    ``(None, j)`` only in the other copy. The number, title and formula always match."""
    pairs: list[Pair] = [(k, k) for k in range(min(3, len(base), len(other)))]
    start = len(pairs)
    # Each distinct (kind, depth, text) becomes a small number: the matcher then hashes
    # and compares numbers, and numbers are equal exactly when the lines are.
    codes: dict[tuple[object, int, str], int] = {}
    keys_a = [codes.setdefault((u.kind, u.depth, u.text), len(codes)) for u in base[start:]]
    keys_b = [codes.setdefault((u.kind, u.depth, u.text), len(codes)) for u in other[start:]]
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    headings: _Headings | None = None
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        i1, i2, j1, j2 = i1 + start, i2 + start, j1 + start, j2 + start
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
        else:
            if headings is None and i2 > i1 and j2 > j1:
                headings = _Headings(base, other)
            pairs.extend(_gap(base, other, i1, i2, j1, j2, headings))
    return pairs
