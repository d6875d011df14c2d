"""The path of a text through the conference, as a state machine.

Every instrument moves along one main line — proposals, allocated, in a body, in an ad
hoc group, DT, approved by the body, Editorial Committee, blue document (first reading),
pink document (second reading), adopted, Final Acts — with three side exits: withdrawn,
referred back and no consensus. The table below is the single place that says which
moves are allowed; the site keeps the stage and an audit trail, and asks `check_move`
before every change so that a skipped stage is refused with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum


class PathError(ValueError):
    """A move the path does not allow; the message says why."""


class Stage(StrEnum):
    PROPOSALS = "proposals"
    ALLOCATED = "allocated"
    IN_BODY = "in_body"
    AD_HOC = "ad_hoc"
    DT = "dt"
    APPROVED = "approved"
    EDITORIAL = "editorial"
    FIRST_READING = "first_reading"
    SECOND_READING = "second_reading"
    ADOPTED = "adopted"
    FINAL_ACTS = "final_acts"
    WITHDRAWN = "withdrawn"
    REFERRED_BACK = "referred_back"
    NO_CONSENSUS = "no_consensus"


#: The main line, in order.
MAIN_LINE: tuple[Stage, ...] = (
    Stage.PROPOSALS,
    Stage.ALLOCATED,
    Stage.IN_BODY,
    Stage.AD_HOC,
    Stage.DT,
    Stage.APPROVED,
    Stage.EDITORIAL,
    Stage.FIRST_READING,
    Stage.SECOND_READING,
    Stage.ADOPTED,
    Stage.FINAL_ACTS,
)
SIDE_EXITS: tuple[Stage, ...] = (Stage.WITHDRAWN, Stage.REFERRED_BACK, Stage.NO_CONSENSUS)

_BEFORE_ADOPTION = MAIN_LINE[: MAIN_LINE.index(Stage.ADOPTED)]
_DEBATED = (
    Stage.IN_BODY,
    Stage.AD_HOC,
    Stage.DT,
    Stage.APPROVED,
    Stage.EDITORIAL,
    Stage.FIRST_READING,
    Stage.SECOND_READING,
)

#: Allowed moves. A body may debate a text and output a DT itself, without an ad hoc
#: group; a DT may go back to a group; a text referred back or without consensus may be
#: taken up again by a body.
MOVES: dict[Stage, frozenset[Stage]] = {
    Stage.PROPOSALS: frozenset({Stage.ALLOCATED}),
    Stage.ALLOCATED: frozenset({Stage.IN_BODY}),
    Stage.IN_BODY: frozenset({Stage.AD_HOC, Stage.DT}),
    Stage.AD_HOC: frozenset({Stage.DT}),
    Stage.DT: frozenset({Stage.APPROVED, Stage.AD_HOC}),
    Stage.APPROVED: frozenset({Stage.EDITORIAL}),
    Stage.EDITORIAL: frozenset({Stage.FIRST_READING}),
    Stage.FIRST_READING: frozenset({Stage.SECOND_READING}),
    Stage.SECOND_READING: frozenset({Stage.ADOPTED}),
    Stage.ADOPTED: frozenset({Stage.FINAL_ACTS}),
    Stage.FINAL_ACTS: frozenset(),
    Stage.WITHDRAWN: frozenset(),
    Stage.REFERRED_BACK: frozenset({Stage.IN_BODY, Stage.AD_HOC, Stage.DT}),
    Stage.NO_CONSENSUS: frozenset({Stage.IN_BODY, Stage.AD_HOC}),
}
for _stage in _BEFORE_ADOPTION:
    MOVES[_stage] = MOVES[_stage] | {Stage.WITHDRAWN}
for _stage in _DEBATED:
    MOVES[_stage] = MOVES[_stage] | {Stage.NO_CONSENSUS}
for _stage in (Stage.APPROVED, Stage.EDITORIAL, Stage.FIRST_READING, Stage.SECOND_READING):
    MOVES[_stage] = MOVES[_stage] | {Stage.REFERRED_BACK}
MOVES[Stage.REFERRED_BACK] = MOVES[Stage.REFERRED_BACK] | {Stage.WITHDRAWN}
MOVES[Stage.NO_CONSENSUS] = MOVES[Stage.NO_CONSENSUS] | {Stage.WITHDRAWN}

FINISHED: frozenset[Stage] = frozenset({Stage.FINAL_ACTS, Stage.WITHDRAWN})


def check_move(current: Stage | str, target: Stage | str) -> None:
    """Raise `PathError` unless the path allows moving from `current` to `target`."""
    try:
        here, there = Stage(current), Stage(target)
    except ValueError as exc:
        raise PathError(f"unknown stage: {exc}") from None
    if there in MOVES[here]:
        return
    if here == there:
        raise PathError(f"the text is already at the stage {here.value}")
    if here in FINISHED:
        raise PathError(f"the text's path has ended at {here.value}; it cannot move on")
    if here in MAIN_LINE and there in MAIN_LINE:
        if MAIN_LINE.index(there) > MAIN_LINE.index(here):
            expected = sorted(s.value for s in MOVES[here] if s in MAIN_LINE)
            raise PathError(
                f"{there.value} skips a stage: from {here.value} the text goes next to "
                f"{' or '.join(expected)}"
            )
        raise PathError(
            f"a text cannot go back from {here.value} to {there.value}; refer it back instead"
        )
    allowed = ", ".join(sorted(s.value for s in MOVES[here]))
    raise PathError(f"from {here.value} the text can only go to: {allowed}")


def next_stage(current: Stage | str) -> Stage | None:
    """The next stage on the main line (from a side exit: back into a body)."""
    here = Stage(current)
    if here in (Stage.REFERRED_BACK, Stage.NO_CONSENSUS):
        return Stage.IN_BODY
    if here not in MAIN_LINE or here == Stage.FINAL_ACTS:
        return None
    if here == Stage.IN_BODY:
        return Stage.AD_HOC
    return MAIN_LINE[MAIN_LINE.index(here) + 1]


def progress(stage: Stage | str) -> float:
    """How far along the main line a text is, from 0 to 1 (side exits count as 0)."""
    here = Stage(stage)
    if here not in MAIN_LINE:
        return 0.0
    return MAIN_LINE.index(here) / (len(MAIN_LINE) - 1)


_NUMBERED = re.compile(r"^\d+$")


def number_on_adoption(
    *, current: str, in_force: bool, revision_tag: str, taken: Iterable[str]
) -> str:
    """The number an instrument carries once adopted.

    A resolution in force keeps its number and gains the revision tag:
    "101 (Rev. Busan, 2014)". A new one, still carrying a provisional name such as
    "COM5/2", takes the next number free after all those taken.
    """
    if in_force:
        if not _NUMBERED.match(current):
            raise PathError(f"an instrument in force needs a plain number, not {current!r}")
        return f"{current} ({revision_tag})"
    numbers = [int(n) for n in (t.split(" ")[0] for t in taken) if _NUMBERED.match(n)]
    return str(max(numbers, default=0) + 1)
