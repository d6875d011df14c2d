"""Counting the ballots of an election by secret ballot, round by round.

A Plenipotentiary Conference elects the Secretary-General, the Deputy
Secretary-General and the three Directors of the Bureaux (one post each), and the
Member States of the Council and the members of the Radio Regulations Board (seats by
region). docs/floor.md gives the rules and their sources; in short:

- **A single post.** A valid ballot paper marks exactly one candidate standing in the
  round. A blank paper is an abstention and does not count towards the majority; a paper
  with more than one mark, or a mark for a candidate who does not stand in the round, is
  invalid. A candidate with more than half of the valid votes is elected. Otherwise
  another round follows under the conference's `RoundsRule`: every remaining candidate
  stands in the first rounds, then only the two with most votes in the last round.
- **Seats by region.** One paper carries every region still to be filled. For each
  region it may mark at most as many candidates as the region has open seats; a paper
  marking more is invalid for that region only. The seats go to the candidates with
  most votes in each region. When candidates tie for the last open seat of a region,
  none of them takes it, and they alone go to a further round for that region, while
  the regions already filled are finished. A mark for a candidate who does not stand in
  the round spoils the whole paper, as it does for a single post.

The count never depends on the order of the ballot papers: a paper is a set of marks,
and every list this module returns is in the order the candidates were listed, or by
votes with that order breaking ties. Nothing here knows who cast which paper.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

SINGLE = "single"
SEATS_BY_REGION = "seats_by_region"
KINDS = (SINGLE, SEATS_BY_REGION)

TOP_TWO = "top_two"
ALL = "all"
AFTER_OPEN_ROUNDS = (TOP_TWO, ALL)

Ballot = frozenset[str]  # the candidate ids marked on one paper; empty = blank


class ElectionError(ValueError):
    """Input that cannot be counted: an id that is not a candidate of the election,
    marks for a finished election, a malformed election."""


@dataclass(frozen=True)
class Candidate:
    """A candidature: the person (or, for the Council, the Member State) and the
    Member State that nominated it. `region` is required for seats by region."""

    id: str
    name: str
    nominated_by: str
    region: str | None = None


@dataclass(frozen=True)
class RoundsRule:
    """What follows a round that fills no single post.

    In the first `open_rounds` rounds every remaining candidate stands. After them,
    with `then="top_two"`, a round is held between the two candidates with most votes
    in the round before (more when candidates tie for second place: none of them is
    left out by chance); with `then="all"` every candidate keeps standing.
    The default, three open rounds and then the two with most votes, is the practice
    of the Plenipotentiary Conferences described in docs/floor.md (where the state of
    its confirmation is said); a conference that adopts another rule sets its own.

    `abstentions_postpone`: when the blank papers exceed half of the papers counted
    (valid and blank), the round elects nobody and is held again at a later meeting,
    where abstentions are not taken into account, as No. 416 of the Convention (1992)
    has it for votes. The election procedure of PP-98 applied it to elections; off by
    default, because blank papers never count towards the majority anyway.
    """

    open_rounds: int = 3
    then: str = TOP_TWO
    abstentions_postpone: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.open_rounds, int) or isinstance(self.open_rounds, bool):
            raise ElectionError(f"open_rounds: expected a whole number, found {self.open_rounds!r}")
        if self.open_rounds < 1:
            raise ElectionError(f"open_rounds: expected 1 or more, found {self.open_rounds}")
        if self.then not in AFTER_OPEN_ROUNDS:
            raise ElectionError(
                f"then: expected one of {', '.join(AFTER_OPEN_ROUNDS)}, found {self.then!r}"
            )


@dataclass(frozen=True)
class Election:
    """One election: a single post, or seats shared out by region.

    `seats` maps each region to its number of seats (seats by region); for a single
    post it is ignored. Candidate ids are unique; for seats by region every candidate
    names a region of `seats`.
    """

    kind: str
    candidates: tuple[Candidate, ...]
    seats: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({"": 1}))
    rule: RoundsRule = RoundsRule()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ElectionError(f"kind: expected one of {', '.join(KINDS)}, found {self.kind!r}")
        object.__setattr__(self, "candidates", tuple(self.candidates))
        object.__setattr__(self, "seats", MappingProxyType(dict(self.seats)))
        seen: set[str] = set()
        for candidate in self.candidates:
            if not isinstance(candidate.id, str) or not candidate.id:
                raise ElectionError(f"candidate id: expected a non-empty text, found {candidate.id!r}")
            if candidate.id in seen:
                raise ElectionError(f"candidate {candidate.id}: listed twice")
            seen.add(candidate.id)
        if not self.candidates:
            raise ElectionError("candidates: expected at least one candidate")
        if self.kind == SEATS_BY_REGION:
            if not self.seats:
                raise ElectionError("seats: expected at least one region")
            for region, number in self.seats.items():
                if not isinstance(number, int) or isinstance(number, bool) or number < 1:
                    raise ElectionError(
                        f"seats {region}: expected a whole number of 1 or more, found {number!r}"
                    )
            for candidate in self.candidates:
                if candidate.region not in self.seats:
                    raise ElectionError(
                        f"candidate {candidate.id}: region {candidate.region!r} has no seats"
                    )

    def __hash__(self) -> int:
        return hash((self.kind, self.candidates, tuple(self.seats.items()), self.rule))

    @property
    def ids(self) -> tuple[str, ...]:
        """Candidate ids in the order the candidates are listed."""
        return tuple(candidate.id for candidate in self.candidates)

    def candidate(self, candidate_id: str) -> Candidate:
        for candidate in self.candidates:
            if candidate.id == candidate_id:
                return candidate
        raise ElectionError(f"{candidate_id!r} is not a candidate in this election")

    def regions(self) -> tuple[str, ...]:
        """The regions in the order of `seats` (seats by region)."""
        return tuple(self.seats)


@dataclass(frozen=True)
class RoundResult:
    """The count of one round, as the tellers report it.

    `ballots` = `valid` + `blank` + `invalid`. For a single post a valid paper carries
    one vote. For seats by region a paper is blank when it marks nobody, invalid when
    it counts for no region (it marks someone not standing, or too many candidates in
    every region it marks), and valid otherwise; `invalid_for_region` counts, per region
    on the paper, the papers that mark its candidates but do not count for it (too many
    marks for the region, or a paper wholly invalid).
    `votes` lists every candidate standing, in the election's order. `majority` is
    the number of votes that elects to a single post (None for seats). `next_round`
    is who stands in the next round, () when the election is finished. `seats_open`
    gives, for seats by region, the seats of each region still to be filled after this
    round. `abstentions_exceed_half` says whether the blank papers exceed half of the
    papers counted (single post); `postponed` whether that put the round off under the
    rule's `abstentions_postpone`.
    """

    number: int
    standing: tuple[str, ...]
    ballots: int
    valid: int
    blank: int
    invalid: int
    invalid_for_region: Mapping[str, int]
    votes: Mapping[str, int]
    majority: int | None
    elected: tuple[str, ...]
    next_round: tuple[str, ...]
    finished: bool
    seats_open: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    abstentions_exceed_half: bool = False
    postponed: bool = False


@dataclass(frozen=True)
class ElectionResult:
    """Every round counted so far, who was elected (in the order of the rounds), and
    whether the election is over."""

    rounds: tuple[RoundResult, ...]
    elected: tuple[str, ...]
    finished: bool


_NOBODY: Mapping[str, tuple[str, ...]] = MappingProxyType({})


def count_round(
    election: Election,
    *,
    number: int,
    standing: Sequence[str],
    ballots: Iterable[Iterable[str]],
    already_elected: Mapping[str, tuple[str, ...]] = _NOBODY,
    abstentions_already_postponed: bool = False,
    open_rounds_held: int | None = None,
) -> RoundResult:
    """Count one round.

    `standing` is who is on this round's ballot paper; `already_elected` maps each
    region to the candidates it elected in earlier rounds (seats by region), so that
    only the open seats are filled. `open_rounds_held` is how many rounds, this one
    included, count towards the rule's open rounds (default: `number`; a round put
    off for abstentions does not count). A mark for a candidate not standing makes the
    paper invalid (for that region); a mark for an id that is not a candidate at all
    is an `ElectionError`.
    """
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ElectionError(f"round number: expected 1 or more, found {number!r}")
    standing_ids = _standing(election, standing, number)
    papers = _papers(election, ballots, number)
    held = number if open_rounds_held is None else open_rounds_held
    if election.kind == SINGLE:
        return _count_single(
            election,
            number=number,
            standing=standing_ids,
            papers=papers,
            already_postponed=abstentions_already_postponed,
            held=held,
        )
    return _count_seats(
        election, number=number, standing=standing_ids, papers=papers, already=already_elected
    )


def count_election(
    election: Election,
    rounds: Sequence[Iterable[Iterable[str]]],
    *,
    withdrawn: Mapping[int, Iterable[str]] = MappingProxyType({}),
) -> ElectionResult:
    """Count every round given, each under the outcome of the one before.

    The first round has every candidate standing; each next round those the rule
    sends on. `withdrawn` maps a round number to the candidates who withdrew before
    it. Ballots for a round after the election finished are an `ElectionError`.
    """
    for round_number, ids in withdrawn.items():
        if isinstance(round_number, bool) or not isinstance(round_number, int) or round_number < 1:
            raise ElectionError(f"withdrawn: expected round numbers of 1 or more, found {round_number!r}")
        if round_number > len(rounds):
            raise ElectionError(
                f"withdrawn before round {round_number}: only {len(rounds)} rounds are given"
            )
        for candidate_id in ids:
            election.candidate(candidate_id)
    results: list[RoundResult] = []
    elected: list[str] = []
    already: dict[str, tuple[str, ...]] = {}
    standing: tuple[str, ...] = election.ids
    postponed_before = False
    held = 0
    for index, ballots in enumerate(rounds):
        number = index + 1
        if results and results[-1].finished:
            raise ElectionError(
                f"round {number}: the election was finished in round {results[-1].number}"
            )
        gone = set(withdrawn.get(number, ()))
        for candidate_id in gone:
            if candidate_id not in standing:
                raise ElectionError(
                    f"withdrawn before round {number}: {candidate_id} does not stand in it"
                )
        standing = tuple(c for c in standing if c not in gone)
        if not standing:
            raise ElectionError(f"round {number}: no candidate stands")
        if not postponed_before:
            held += 1
        result = count_round(
            election,
            number=number,
            standing=standing,
            ballots=ballots,
            already_elected=already,
            abstentions_already_postponed=postponed_before,
            open_rounds_held=held,
        )
        results.append(result)
        elected.extend(result.elected)
        for candidate_id in result.elected:
            region = election.candidate(candidate_id).region or ""
            already[region] = already.get(region, ()) + (candidate_id,)
        postponed_before = result.postponed
        standing = result.next_round
    finished = bool(results) and results[-1].finished
    return ElectionResult(tuple(results), tuple(elected), finished)


def next_standing(
    election: Election, *, standing: Sequence[str], votes: Mapping[str, int], open_rounds_held: int
) -> tuple[str, ...]:
    """Who stands in the next round of a single post nobody won.

    While fewer than the rule's open rounds have been held, everyone standing goes on;
    after them (with "top_two") the two with most votes, and every candidate tied with
    the second of them.
    """
    ordered = tuple(c for c in election.ids if c in set(standing))
    if open_rounds_held < election.rule.open_rounds or election.rule.then == ALL:
        return ordered
    if len(ordered) <= 2:
        return ordered
    ranked = sorted((votes.get(c, 0) for c in ordered), reverse=True)
    cut = ranked[1]
    return tuple(c for c in ordered if votes.get(c, 0) >= cut)


# --- counting ---------------------------------------------------------------------------


def _standing(election: Election, standing: Sequence[str], number: int) -> tuple[str, ...]:
    if isinstance(standing, str):
        raise ElectionError(f"round {number}: standing must be a list of candidate ids")
    wanted = list(standing)
    for candidate_id in wanted:
        election.candidate(candidate_id)
    if len(set(wanted)) != len(wanted):
        raise ElectionError(f"round {number}: a candidate is listed twice as standing")
    if not wanted:
        raise ElectionError(f"round {number}: no candidate stands")
    chosen = set(wanted)
    return tuple(c for c in election.ids if c in chosen)


def _papers(election: Election, ballots: Iterable[Iterable[str]], number: int) -> list[Ballot]:
    known = set(election.ids)
    papers: list[Ballot] = []
    for position, ballot in enumerate(ballots, start=1):
        if isinstance(ballot, str):
            raise ElectionError(
                f"round {number}, ballot {position}: expected a list of candidate ids, found a text"
            )
        marks = frozenset(ballot)
        for mark in marks:
            if not isinstance(mark, str) or mark not in known:
                raise ElectionError(
                    f"round {number}, ballot {position}: {mark!r} is not a candidate in this election"
                )
        papers.append(marks)
    return papers


def _count_single(
    election: Election,
    *,
    number: int,
    standing: tuple[str, ...],
    papers: list[Ballot],
    already_postponed: bool,
    held: int,
) -> RoundResult:
    on_paper = set(standing)
    votes = dict.fromkeys(standing, 0)
    valid = blank = invalid = 0
    for marks in papers:
        if not marks:
            blank += 1
        elif len(marks) == 1 and marks <= on_paper:
            valid += 1
            votes[next(iter(marks))] += 1
        else:
            invalid += 1
    majority = valid // 2 + 1
    too_many_blank = blank * 2 > valid + blank
    postponed = election.rule.abstentions_postpone and too_many_blank and not already_postponed
    winners = () if postponed else tuple(c for c in standing if votes[c] >= majority)
    if postponed:
        following = standing
    elif winners:
        following = ()
    else:
        following = next_standing(election, standing=standing, votes=votes, open_rounds_held=held)
    return RoundResult(
        number=number,
        standing=standing,
        ballots=len(papers),
        valid=valid,
        blank=blank,
        invalid=invalid,
        invalid_for_region=MappingProxyType({}),
        votes=MappingProxyType(votes),
        majority=majority,
        elected=winners,
        next_round=following,
        finished=bool(winners),
        abstentions_exceed_half=too_many_blank,
        postponed=postponed,
    )


def _count_seats(
    election: Election,
    *,
    number: int,
    standing: tuple[str, ...],
    papers: list[Ballot],
    already: Mapping[str, tuple[str, ...]],
) -> RoundResult:
    region_of = {c.id: c.region or "" for c in election.candidates}
    open_seats: dict[str, int] = {}
    for region in election.regions():
        taken = already.get(region, ())
        open_seats[region] = election.seats[region] - len(taken)
        if open_seats[region] < 0:
            raise ElectionError(
                f"round {number}: region {region} has {len(taken)} elected for "
                f"{election.seats[region]} seats"
            )
    for candidate_id in standing:
        if open_seats[region_of[candidate_id]] == 0:
            raise ElectionError(
                f"round {number}: {candidate_id} stands, but region "
                f"{region_of[candidate_id]} has no seat left"
            )
    on_paper = set(standing)
    # The regions on this round's paper: those with a candidate standing.
    regions = tuple(r for r in election.regions() if any(region_of[c] == r for c in standing))
    votes = dict.fromkeys(standing, 0)
    invalid_for = dict.fromkeys(regions, 0)
    valid = blank = invalid = 0
    for marks in papers:
        if not marks:
            blank += 1
            continue
        by_region: dict[str, set[str]] = {}
        for mark in marks:
            by_region.setdefault(region_of[mark], set()).add(mark)
        if not marks <= on_paper:
            # A mark for someone not on the paper spoils it, as a mark outside the boxes does.
            invalid += 1
            for region in by_region:
                if region in invalid_for:
                    invalid_for[region] += 1
            continue
        counted = False
        for region, marked in by_region.items():
            if len(marked) > open_seats[region]:
                invalid_for[region] += 1
                continue
            counted = True
            for candidate_id in marked:
                votes[candidate_id] += 1
        if counted:
            valid += 1
        else:
            invalid += 1
    winners: list[str] = []
    following: list[str] = []
    left = dict(open_seats)
    for region in regions:
        chosen, tied = _fill(
            [c for c in standing if region_of[c] == region], votes, open_seats[region]
        )
        winners.extend(chosen)
        following.extend(tied)
        left[region] -= len(chosen)
    ordered_next = tuple(c for c in election.ids if c in set(following))
    return RoundResult(
        number=number,
        standing=standing,
        ballots=len(papers),
        valid=valid,
        blank=blank,
        invalid=invalid,
        invalid_for_region=MappingProxyType(invalid_for),
        votes=MappingProxyType(votes),
        majority=None,
        elected=tuple(winners),
        next_round=ordered_next,
        finished=not ordered_next,
        seats_open=MappingProxyType(left),
    )


def _fill(
    candidates: list[str], votes: Mapping[str, int], seats: int
) -> tuple[list[str], list[str]]:
    """The candidates of one region elected to its `seats` open seats, and those who go
    to a further round.

    The seats go by votes. Candidates tied for the last seat are not elected and go on
    alone; a candidate nobody voted for is not elected either (and goes on when a seat
    is left for them). The elected are listed by votes, then in the election's order.
    """
    ranked = sorted(candidates, key=lambda c: -votes[c])  # stable: ties keep list order
    if len(ranked) <= seats:
        return [c for c in ranked if votes[c] > 0], [c for c in candidates if votes[c] == 0]
    last = votes[ranked[seats - 1]]
    if votes[ranked[seats]] < last:
        return ranked[:seats], []
    return [c for c in ranked if votes[c] > last], [c for c in candidates if votes[c] == last]
