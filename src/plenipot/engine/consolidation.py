"""Order-independent N-way consolidation of proposals into one bracketed draft.

Method (star alignment). Each source's proposals are resolved against the base on
their own (:func:`plenipot.engine.proposals.source_version`), never against one
another:

1. by provision id: a MOD or SUP lands on its base provision; an ADD lands in the gap
   after its anchor, in base coordinates (the number of base provisions before it);
2. by word, inside one provision: each source's new wording is diffed against the
   base wording on its own (:func:`plenipot.engine.diff.token_edits`), giving edits in
   base token coordinates;
3. the edits of all sources on one provision are sorted and every edit that overlaps
   or touches the previous one joins its *conflict region*;
4. each region becomes a :class:`Bracket`. Its alternatives are the base wording
   (always, credited to ``BASE``; empty when the sources only insert) and every
   source's wording of the region; identical wordings are merged and credited to all
   their sources; a deletion is an empty alternative. Text outside the regions is
   agreed text;
5. new provisions are gathered per gap. Sources that add a sequence of the same shape
   whose texts are all at least :data:`ADD_SIMILARITY` alike are merged into one
   sequence of new provisions, whose wordings are merged the same way around the
   first sponsor's text; every new provision carries its sponsors.

Everything is sorted by source label (alternatives after the base one, sources
inside an alternative, groups of new provisions in a gap), so the draft does not
depend on the order in which proposals are given. The work is one diff per changed
provision per source plus sorting, so it grows linearly with the text and the
number of proposals.

A draft gives back any participant's text: :func:`pick` chooses, in every bracket,
the alternative credited to a label, or the base wording where that label proposed
nothing, and keeps new provisions only for their sponsors.

Public API: :data:`BASE`, :class:`Alternative`, :class:`Bracket`, :data:`Segment`,
:class:`DraftProvision`, :class:`Draft`, :func:`consolidate`, :func:`pick`,
:func:`pick_units`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from plenipot.engine.diff import token_edits
from plenipot.engine.instrument import Instrument, Kind, Unit, build, check_units, flatten, unique
from plenipot.engine.proposals import (
    LABEL,
    Proposal,
    ProposalError,
    iter_version_units,
    source_version,
)
from plenipot.engine.tokens import tokenize

#: The label of the base text's alternatives.
BASE = "BASE"

#: How alike (0–1, rapidfuzz ratio) new provisions of different sources must be to
#: become alternatives of one new provision.
ADD_SIMILARITY = 0.8


@dataclass(frozen=True)
class Alternative:
    """One wording of a bracket and the sources that propose it (sorted)."""

    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Bracket:
    """Unagreed text: two or more alternative wordings of the same stretch."""

    alternatives: tuple[Alternative, ...]


#: A piece of a provision: agreed text (``str``) or a :class:`Bracket`.
Segment = str | Bracket


@dataclass(frozen=True)
class DraftProvision:
    """A provision of the draft. ``sponsors`` is empty for a base provision and lists
    the sources of a new (ADD) provision."""

    eid: str
    kind: Kind
    depth: int
    segments: tuple[Segment, ...]
    sponsors: tuple[str, ...] = ()

    @property
    def is_new(self) -> bool:
        return bool(self.sponsors)

    @property
    def is_agreed(self) -> bool:
        """No brackets and not a new provision."""
        return not self.sponsors and all(isinstance(s, str) for s in self.segments)


@dataclass(frozen=True)
class Draft:
    """A consolidated negotiating text: provisions in reading order."""

    provisions: tuple[DraftProvision, ...]

    def labels(self) -> tuple[str, ...]:
        """``BASE`` and every source that appears in the draft, sorted."""
        found = {BASE}
        for provision in self.provisions:
            found.update(provision.sponsors)
            for segment in provision.segments:
                if isinstance(segment, Bracket):
                    for alternative in segment.alternatives:
                        found.update(alternative.sources)
        return tuple(sorted(found))

    def brackets(self) -> int:
        """How many brackets remain open (new provisions count as one each)."""
        return sum(
            provision.is_new + sum(isinstance(s, Bracket) for s in provision.segments)
            for provision in self.provisions
        )


# --- merging wordings ----------------------------------------------------------------


def merge_wordings(
    center: Sequence[str],
    center_sources: tuple[str, ...],
    variants: Sequence[tuple[str, Sequence[str]]],
    *,
    list_all: bool,
) -> tuple[Segment, ...]:
    """Merge token lists that are variants of ``center`` into agreed text and brackets.

    ``variants`` are (label, tokens), sorted by label. With ``list_all`` every label is
    credited in every bracket (new provisions: there is no base to fall back on);
    otherwise a label that left a region as the center reads leaves it uncredited.
    """
    edits: list[tuple[int, int, str, Sequence[str]]] = []
    for label, tokens in variants:
        for i1, i2, j1, j2 in token_edits(center, tokens):
            edits.append((i1, i2, label, tokens[j1:j2]))
    edits.sort(key=lambda e: (e[0], e[1]))
    regions: list[list] = []
    for edit in edits:
        if regions and edit[0] <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], edit[1])
            regions[-1][2].append(edit)
        else:
            regions.append([edit[0], edit[1], [edit]])
    labels = [label for label, _ in variants]
    segments: list[Segment] = []
    pos = 0
    for start, end, region_edits in regions:
        if pos < start:
            segments.append("".join(center[pos:start]))
        by_label: dict[str, list[tuple[int, int, str, Sequence[str]]]] = defaultdict(list)
        for edit in region_edits:
            by_label[edit[2]].append(edit)
        center_text = "".join(center[start:end])
        wordings: dict[str, list[str]] = defaultdict(list)
        for label in labels:
            own = by_label.get(label)
            if not own:
                if list_all:
                    wordings[center_text].append(label)
                continue
            pieces: list[str] = []
            cursor = start
            for i1, i2, _, replacement in own:
                pieces.extend(center[cursor:i1])
                pieces.extend(replacement)
                cursor = i2
            pieces.extend(center[cursor:end])
            wordings["".join(pieces)].append(label)
        first = Alternative(
            center_text, tuple(sorted({*center_sources, *wordings.pop(center_text, ())}))
        )
        others = sorted(
            (Alternative(text, tuple(sorted(srcs))) for text, srcs in wordings.items()),
            key=lambda a: a.sources,
        )
        if others:
            segments.append(Bracket((first, *others)))
        else:
            segments.append(center_text)
        pos = end
    if pos < len(center):
        segments.append("".join(center[pos:]))
    merged: list[Segment] = []
    for segment in segments:
        if isinstance(segment, str) and merged and isinstance(merged[-1], str):
            merged[-1] += segment
        elif segment != "":
            merged.append(segment)
    return tuple(merged)


# --- consolidation -------------------------------------------------------------------


def _alike(a: Sequence[Unit], b: Sequence[Unit], threshold: float) -> bool:
    return len(a) == len(b) and all(
        x.kind is y.kind
        and x.depth == y.depth
        and fuzz.ratio(x.text, y.text, score_cutoff=threshold * 100) >= threshold * 100
        for x, y in zip(a, b, strict=True)
    )


_PART_ORDER = {Kind.PREAMBLE_HEADING: 0, Kind.OPERATIVE_HEADING: 1, Kind.ANNEX: 2}


def _new_provisions(
    sequences: list[tuple[str, list[Unit]]], threshold: float, taken: set[str]
) -> list[DraftProvision]:
    groups: list[list[tuple[str, list[Unit]]]] = []
    for label, units in sequences:
        for group in groups:
            if _alike(group[0][1], units, threshold):
                group.append((label, units))
                break
        else:
            groups.append([(label, units)])
    # Deeper items first: they continue the provision before the gap; then shallower
    # items, then headings, which open new parts. Sources break ties.
    groups.sort(
        key=lambda g: (
            g[0][1][0].kind.is_heading,
            _PART_ORDER.get(g[0][1][0].kind, 0),
            -g[0][1][0].depth,
            g[0][0],
        )
    )
    out: list[DraftProvision] = []
    for group in groups:
        sponsors = tuple(sorted(label for label, _ in group))
        first_label, first_units = group[0]
        for k, unit in enumerate(first_units):
            segments = merge_wordings(
                tokenize(unit.text),
                (first_label,),
                [(label, tokenize(units[k].text)) for label, units in group[1:]],
                list_all=True,
            )
            eid = unique(unit.eid, taken)
            taken.add(eid)
            out.append(DraftProvision(eid, unit.kind, unit.depth, segments, sponsors))
    return out


def consolidate(
    base: Instrument, proposals: Iterable[Proposal], *, threshold: float = ADD_SIMILARITY
) -> Draft:
    """Consolidate the proposals of all sources on ``base`` into one bracketed draft.

    Proposals are grouped by source label (co-signers joined by ``+``); each group is
    one participant's text. Raises :class:`ProposalError` if a proposal does not fit
    the base or a label is not a valid source name.
    """
    units = flatten(base)
    by_label: dict[str, list[Proposal]] = defaultdict(list)
    for proposal in proposals:
        by_label[proposal.label].append(proposal)
    changed: dict[int, list[tuple[str, str]]] = defaultdict(list)
    inserted: dict[int, list[tuple[str, list[Unit]]]] = defaultdict(list)
    for label in sorted(by_label):
        if label == BASE or not all(LABEL.fullmatch(s) for s in label.split("+")):
            raise ProposalError(
                by_label[label][0],
                f"'{label}' cannot name a source; expected capitals like EUR (BASE is reserved)",
            )
        version = source_version(units, by_label[label])
        try:
            check_units(iter_version_units(units, version))
        except ValueError as exc:
            raise ProposalError(
                None, f"the proposals of {label} do not leave a well-formed instrument: {exc}"
            ) from exc
        for index, text in version.texts.items():
            changed[index].append((label, text))
        for gap, added in version.inserts.items():
            inserted[gap].append((label, [unit for unit, _ in added]))
    taken = {unit.eid for unit in units}
    provisions: list[DraftProvision] = []
    for gap in range(len(units) + 1):
        if gap in inserted:
            provisions.extend(_new_provisions(inserted[gap], threshold, taken))
        if gap == len(units):
            break
        unit = units[gap]
        if gap in changed:
            segments = merge_wordings(
                tokenize(unit.text),
                (BASE,),
                [(label, tokenize(text)) for label, text in changed[gap]],
                list_all=False,
            )
        else:
            segments = (unit.text,)
        provisions.append(DraftProvision(unit.eid, unit.kind, unit.depth, segments))
    return Draft(tuple(provisions))


def _choose(bracket: Bracket, label: str) -> str:
    fallback = None
    for alternative in bracket.alternatives:
        if label in alternative.sources:
            return alternative.text
        if BASE in alternative.sources:
            fallback = alternative.text
    return fallback if fallback is not None else bracket.alternatives[0].text


def pick_units(draft: Draft, label: str) -> list[Unit]:
    """The flat text a label reads in the draft: its alternative in every bracket (the
    base wording where it proposed none), new provisions only where it is a sponsor,
    provisions left empty dropped."""
    out: list[Unit] = []
    for provision in draft.provisions:
        if provision.sponsors and label not in provision.sponsors:
            continue
        text = "".join(s if isinstance(s, str) else _choose(s, label) for s in provision.segments)
        if text:
            out.append(Unit(provision.eid, provision.kind, provision.depth, text))
    return out


def pick(draft: Draft, label: str) -> Instrument:
    """The instrument a label's choices give (``BASE`` for the base text).

    The label is matched case-insensitively. A label that appears nowhere in the draft
    proposed nothing, so it reads the base text. Raises ``ValueError`` if the choices
    do not form an instrument (which a draft made by :func:`consolidate` never does).
    """
    return build(pick_units(draft, label.upper()))
