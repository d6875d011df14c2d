"""Votes on a question: the quorum, the majority, abstentions, ties and the roll-call.

A conference of the Union decides by consensus, and votes only when it cannot agree.
When it votes, the General Rules of conferences, assemblies and meetings of the Union
decide the outcome (docs/floor.md gives each rule and its source):

- a vote is valid only with a quorum: more than half of the delegations accredited to
  the conference and having the right to vote, present or represented by a proxy;
- the majority is more than half of the delegations *present and voting*, that is
  voting for or against: abstentions are not counted;
- when the abstentions exceed half of the votes cast (for, against and abstentions),
  the question is postponed to a later meeting, where abstentions are not taken into
  account (No. 416 of the Convention as it stood in 1992, now in the General Rules);
- a tie rejects the proposal;
- a roll-call follows the French alphabetical order of the names of the Member States,
  starting from a place drawn by lot.

The site records who voted how (or, for a secret vote, only the totals) and hands the
totals here; nothing in this module knows about delegations, meetings or users.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

ADOPTED = "adopted"
REJECTED = "rejected"
POSTPONED = "postponed"
NO_QUORUM = "no_quorum"
OUTCOMES = (ADOPTED, REJECTED, POSTPONED, NO_QUORUM)

# Machine codes for why a vote came out as it did; the site words them for readers.
REASON_NO_QUORUM = "no_quorum"
REASON_ABSTENTIONS = "abstentions_exceed_half"
REASON_TIE = "tie"
REASON_NO_MAJORITY = "no_majority"


@dataclass(frozen=True)
class VoteCount:
    """The totals of a vote on a question (a proposal, an amendment, a motion).

    `present` counts the delegations with the right to vote that are present *or
    represented*: a delegation that gave its proxy to another one is represented, so
    it counts for the quorum and its vote is cast by the holder of the proxy.
    `entitled` counts the delegations accredited to the conference with the right to
    vote. A delegation present that takes no part in the vote counts for the quorum
    but neither as voting nor as abstaining.
    """

    yes: int
    no: int
    abstain: int
    present: int
    entitled: int

    def __post_init__(self) -> None:
        for name in ("yes", "no", "abstain", "present", "entitled"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name}: expected a whole number of at least 0, found {value!r}")
        if self.present > self.entitled:
            raise ValueError(
                f"present: {self.present} delegations present, more than the "
                f"{self.entitled} with the right to vote"
            )
        cast = self.yes + self.no + self.abstain
        if cast > self.present:
            raise ValueError(
                f"{cast} votes and abstentions, more than the {self.present} delegations "
                "present or represented"
            )


@dataclass(frozen=True)
class VoteResult:
    """What the chair announces.

    `outcome` is one of `OUTCOMES`; `voting` the delegations present and voting (for or
    against); `majority` the votes for that adopt (more than half of `voting`);
    `quorum` the delegations that must be present or represented; `reasons` machine
    codes, empty when the proposal is adopted.
    """

    outcome: str
    voting: int
    majority: int
    quorum: int
    reasons: tuple[str, ...]


def quorum_for(entitled: int) -> int:
    """More than half of the delegations with the right to vote."""
    return entitled // 2 + 1


def majority_of(voting: int) -> int:
    """More than half of those voting: the smallest whole number above half."""
    return voting // 2 + 1


def abstentions_exceed_half(count: VoteCount) -> bool:
    """Whether the abstentions are more than half of the votes cast, abstentions
    included (for, against and abstentions)."""
    return count.abstain * 2 > count.yes + count.no + count.abstain


def vote_result(count: VoteCount, *, abstentions_already_postponed: bool = False) -> VoteResult:
    """The outcome of a vote under the General Rules.

    The quorum is checked first: without it the vote is not valid at all. Then the
    abstentions: when they exceed half of the votes cast the question is postponed,
    unless this vote is the one held at the later meeting
    (`abstentions_already_postponed`), where abstentions are not taken into account.
    Then the majority of those present and voting; a tie rejects.
    """
    voting = count.yes + count.no
    majority = majority_of(voting)
    quorum = quorum_for(count.entitled)
    if count.present < quorum:
        return VoteResult(NO_QUORUM, voting, majority, quorum, (REASON_NO_QUORUM,))
    if not abstentions_already_postponed and abstentions_exceed_half(count):
        return VoteResult(POSTPONED, voting, majority, quorum, (REASON_ABSTENTIONS,))
    if count.yes >= majority:
        return VoteResult(ADOPTED, voting, majority, quorum, ())
    reason = REASON_TIE if count.yes == count.no else REASON_NO_MAJORITY
    return VoteResult(REJECTED, voting, majority, quorum, (reason,))


# --- the roll-call ---------------------------------------------------------------------

# Letters that do not decompose into a base letter and an accent.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def french_sort_key(name: str) -> str:
    """The key a French alphabetical list sorts a name by.

    Accents and case are ignored ("Émirats arabes unis" files under E, between
    "El Salvador" and "Équateur"), and so are spaces, hyphens, apostrophes and
    brackets: only letters and digits count, as in a printed list of countries.
    """
    text = unicodedata.normalize("NFKD", name.translate(_LIGATURES))
    return "".join(
        ch for ch in text.casefold() if ch.isalnum() and not unicodedata.combining(ch)
    )


def french_order(names: Mapping[str, str]) -> list[str]:
    """The keys of `names` (key -> French name) in French alphabetical order.

    Names with the same key are ordered by the name as written and then by key, so
    that the order never depends on the order of the mapping.
    """
    return sorted(names, key=lambda key: (french_sort_key(names[key]), names[key].casefold(), key))


def roll_call_order(names: Mapping[str, str], *, letter: str) -> list[str]:
    """The order in which the roll is called: the French alphabetical order of the
    names, starting from the first name at or after `letter` and going round to A.

    `letter` is what was drawn by lot: a letter, or the beginning of a name (the
    drawn name itself starts the roll). Accents and case in it are ignored as in the
    names. When no name comes at or after it, the roll starts from A.
    """
    start = french_sort_key(letter)
    if not start:
        raise ValueError(f"letter: expected a letter, found {letter!r}")
    ordered = french_order(names)
    for index, key in enumerate(ordered):
        if french_sort_key(names[key]) >= start:
            return ordered[index:] + ordered[:index]
    return ordered
