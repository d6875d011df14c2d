"""Counting elections: a single post over several rounds, and seats by region."""

from __future__ import annotations

import random
from itertools import zip_longest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plenipot.engine.elections import (
    ALL,
    SEATS_BY_REGION,
    SINGLE,
    Candidate,
    Election,
    ElectionError,
    RoundsRule,
    count_election,
    count_round,
)


def single(*ids: str, rule: RoundsRule | None = None) -> Election:
    return Election(
        kind=SINGLE,
        candidates=tuple(Candidate(i, f"Candidate {i}", f"State of {i}") for i in ids),
        seats={"": 1},
        rule=rule or RoundsRule(),
    )


def papers(**votes: int) -> list[list[str]]:
    """Ballot papers: `X=3` is three papers marking X; `blank=2` two blank papers."""
    out: list[list[str]] = []
    for key, number in votes.items():
        out.extend([[] if key == "blank" else [key]] * number)
    return out


# --- a single post -----------------------------------------------------------------------


def test_a_single_post_elected_in_the_third_round():
    election = single("ALBA", "BRUN", "CORA", "DIAZ")
    first = papers(ALBA=40, BRUN=35, CORA=30, DIAZ=20, blank=5) + [["ALBA", "BRUN"]] * 2
    second = papers(ALBA=50, BRUN=45, CORA=25, DIAZ=5, blank=4)
    third = papers(ALBA=66, BRUN=50, CORA=10, blank=9) + [["DIAZ", "CORA"]]
    result = count_election(election, [first, second, third])

    one, two, three = result.rounds
    assert (one.ballots, one.valid, one.blank, one.invalid) == (132, 125, 5, 2)
    assert one.majority == 63
    assert one.elected == () and one.next_round == ("ALBA", "BRUN", "CORA", "DIAZ")
    assert (two.valid, two.majority, two.elected) == (125, 63, ())
    # Every candidate stands in the first three rounds.
    assert two.next_round == ("ALBA", "BRUN", "CORA", "DIAZ")
    assert (three.valid, three.blank, three.invalid, three.majority) == (126, 9, 1, 64)
    assert three.votes == {"ALBA": 66, "BRUN": 50, "CORA": 10, "DIAZ": 0}
    assert three.elected == ("ALBA",) and three.finished and three.next_round == ()
    assert result.elected == ("ALBA",) and result.finished


def test_after_three_open_rounds_only_the_two_with_most_votes_go_on():
    election = single("ALBA", "BRUN", "CORA", "DIAZ")
    spread = papers(ALBA=30, BRUN=28, CORA=25, DIAZ=17)
    fourth = papers(BRUN=52, ALBA=47) + [["CORA"]]  # CORA no longer stands: invalid
    result = count_election(election, [spread, spread, spread, fourth])
    assert result.rounds[2].next_round == ("ALBA", "BRUN")
    last = result.rounds[3]
    assert last.standing == ("ALBA", "BRUN")
    assert (last.valid, last.invalid, last.majority) == (99, 1, 50)
    assert last.elected == ("BRUN",)


def test_a_tie_for_second_place_keeps_every_tied_candidate():
    election = single("ALBA", "BRUN", "CORA", "DIAZ")
    spread = papers(ALBA=40, BRUN=25, CORA=25, DIAZ=10)
    result = count_election(election, [spread] * 3)
    assert result.rounds[2].next_round == ("ALBA", "BRUN", "CORA")


def test_the_open_rounds_are_the_conference_s_choice():
    spread = papers(ALBA=40, BRUN=35, CORA=25)
    one_open = count_election(single("ALBA", "BRUN", "CORA", rule=RoundsRule(open_rounds=1)), [spread])
    assert one_open.rounds[0].next_round == ("ALBA", "BRUN")
    never = count_election(
        single("ALBA", "BRUN", "CORA", rule=RoundsRule(open_rounds=1, then=ALL)), [spread] * 5
    )
    assert never.rounds[-1].next_round == ("ALBA", "BRUN", "CORA")


def test_blank_papers_are_abstentions_and_a_sole_candidate_needs_one_vote():
    election = single("ALBA")
    result = count_round(election, number=1, standing=["ALBA"], ballots=papers(ALBA=1, blank=150))
    assert (result.valid, result.blank, result.majority, result.elected) == (1, 150, 1, ("ALBA",))
    assert result.abstentions_exceed_half and not result.postponed


def test_blank_papers_exceeding_half_put_the_round_off_when_the_rule_says_so():
    election = single("ALBA", "BRUN", rule=RoundsRule(abstentions_postpone=True))
    many_blank = papers(ALBA=30, BRUN=10, blank=41)
    later = papers(ALBA=30, BRUN=10, blank=45)
    result = count_election(election, [many_blank, later])
    first, second = result.rounds
    assert first.postponed and first.elected == () and first.next_round == ("ALBA", "BRUN")
    # At the later meeting abstentions are not taken into account.
    assert second.abstentions_exceed_half and not second.postponed
    assert second.elected == ("ALBA",)


def test_withdrawn_candidates_leave_the_ballot():
    election = single("ALBA", "BRUN", "CORA")
    first = papers(ALBA=40, BRUN=35, CORA=25)
    second = papers(ALBA=55, BRUN=44) + [["CORA"]]
    result = count_election(election, [first, second], withdrawn={2: ["CORA"]})
    assert result.rounds[1].standing == ("ALBA", "BRUN")
    assert result.rounds[1].invalid == 1
    assert result.elected == ("ALBA",)


def test_malformed_input_is_an_election_error():
    election = single("ALBA", "BRUN")
    with pytest.raises(ElectionError, match="'ZED' is not a candidate"):
        count_round(election, number=1, standing=["ALBA", "BRUN"], ballots=[["ZED"]])
    with pytest.raises(ElectionError, match="finished in round 1"):
        count_election(election, [papers(ALBA=2), papers(BRUN=2)])
    with pytest.raises(ElectionError):
        count_round(election, number=1, standing=[], ballots=[])
    with pytest.raises(ElectionError):
        count_round(election, number=1, standing=["ALBA"], ballots=["ALBA"])
    with pytest.raises(ElectionError, match="listed twice"):
        single("ALBA", "ALBA")
    with pytest.raises(ElectionError):
        Election(kind="ranked", candidates=(Candidate("A", "A", "X"),), seats={"": 1})
    with pytest.raises(ElectionError):
        RoundsRule(open_rounds=0)
    with pytest.raises(ElectionError):
        RoundsRule(then="lowest_out")


# --- seats by region ----------------------------------------------------------------------

# The Council's 48 seats by region (A Americas, B Western Europe, C Eastern Europe and
# Northern Asia, D Africa, E Asia and Australasia).
COUNCIL = {"A": 9, "B": 8, "C": 5, "D": 13, "E": 13}


def council(candidates_per_region: dict[str, int]) -> Election:
    return Election(
        kind=SEATS_BY_REGION,
        candidates=tuple(
            Candidate(f"{region}{n}", f"Member State {region}{n}", f"{region}{n}", region)
            for region, number in candidates_per_region.items()
            for n in range(1, number + 1)
        ),
        seats=COUNCIL,
    )


def merge(*regions: list[list[str]]) -> list[list[str]]:
    """One paper per position, carrying each region's part of it."""
    return [sum((part or [] for part in parts), []) for parts in zip_longest(*regions)]


def ids(region: str, *numbers: int) -> list[str]:
    return [f"{region}{n}" for n in numbers]


def test_a_council_election_over_five_regions():
    election = council({"A": 11, "B": 8, "C": 7, "D": 15, "E": 14})
    region_a = [ids("A", *range(1, 10))] * 12 + [ids("A", *range(1, 8), 10, 11)] * 8
    region_b = [ids("B", *range(1, 9))] * 15
    region_c = [ids("C", 1, 2, 3, 4, 5)] * 10 + [ids("C", 1, 2, 3, 4, 6)] * 10
    region_d = [ids("D", *range(1, 14))] * 19 + [ids("D", *range(1, 15))]  # 14 marks: invalid for D
    region_e = [ids("E", *range(1, 14))] * 20
    first_papers = merge(region_a, region_b, region_c, region_d, region_e)
    first_papers += [[]]  # a blank paper
    first_papers += [ids("C", *range(1, 8))]  # 7 marks for 5 seats: invalid for C, and wholly
    second_papers = papers(C5=12, C6=9) + [["C5", "C6"]] + [["C5", "A1"]]

    result = count_election(election, [first_papers, second_papers])
    first, second = result.rounds

    assert (first.ballots, first.valid, first.blank, first.invalid) == (22, 20, 1, 1)
    assert first.invalid_for_region == {"A": 0, "B": 0, "C": 1, "D": 1, "E": 0}
    assert first.votes["A1"] == 20 and first.votes["A8"] == 12 and first.votes["A10"] == 8
    assert first.votes["D13"] == 19 and first.votes["D14"] == 0
    assert first.majority is None
    elected = set(first.elected)
    assert elected >= set(ids("A", *range(1, 10))) | set(ids("B", *range(1, 9)))
    assert elected >= set(ids("D", *range(1, 14))) | set(ids("E", *range(1, 14)))
    # C5 and C6 tie for the last seat of region C: neither takes it.
    assert set(ids("C", 1, 2, 3, 4)) <= elected and not {"C5", "C6", "C7"} & elected
    assert len(first.elected) == 9 + 8 + 4 + 13 + 13
    assert first.next_round == ("C5", "C6")
    assert first.seats_open == {"A": 0, "B": 0, "C": 1, "D": 0, "E": 0}

    # The further round is for region C only, between the tied candidates, for one seat.
    assert second.standing == ("C5", "C6")
    # Two marks for one seat: invalid for C; a mark for A1, elected already: a spoilt paper.
    assert (second.valid, second.invalid) == (21, 2)
    assert second.invalid_for_region == {"C": 2}
    assert second.votes == {"C5": 12, "C6": 9}
    assert second.elected == ("C5",) and second.finished
    assert len(result.elected) == sum(COUNCIL.values())


def test_a_region_with_as_many_candidates_as_seats():
    election = council({"A": 2, "C": 5})
    result = count_round(
        election,
        number=1,
        standing=election.ids,
        ballots=[ids("A", 1, 2) + ids("C", 1, 2, 3, 4)] * 3 + [ids("A", 1)],
    )
    assert set(result.elected) == set(ids("A", 1, 2) + ids("C", 1, 2, 3, 4))
    # C5 had no vote: the seat stays open and C5 stands again.
    assert result.next_round == ("C5",)
    assert result.seats_open == {"A": 7, "B": 8, "C": 1, "D": 13, "E": 13}


def test_already_elected_seats_are_not_filled_twice():
    election = council({"C": 7})
    with pytest.raises(ElectionError, match="no seat left"):
        count_round(
            election,
            number=2,
            standing=["C6"],
            ballots=[],
            already_elected={"C": tuple(ids("C", 1, 2, 3, 4, 5))},
        )


# --- properties ---------------------------------------------------------------------------


@st.composite
def elections(draw) -> Election:
    kind = draw(st.sampled_from((SINGLE, SEATS_BY_REGION)))
    if kind == SINGLE:
        number = draw(st.integers(1, 5))
        rule = RoundsRule(
            open_rounds=draw(st.integers(1, 3)),
            then=draw(st.sampled_from(("top_two", "all"))),
            abstentions_postpone=draw(st.booleans()),
        )
        return single(*(f"K{i}" for i in range(number)), rule=rule)
    seats = draw(
        st.dictionaries(st.sampled_from("ABCDE"), st.integers(1, 3), min_size=1, max_size=3)
    )
    candidates = [
        Candidate(f"{region}{i}", f"{region}{i}", "X", region)
        for region in seats
        for i in range(draw(st.integers(1, 5)))
    ]
    return Election(kind=SEATS_BY_REGION, candidates=tuple(candidates), seats=seats)


def ballot_lists(election: Election, most: int = 25):
    return st.lists(
        st.lists(st.sampled_from(election.ids), unique=True, max_size=len(election.ids)),
        max_size=most,
    )


@st.composite
def counted_rounds(draw):
    """An election, the standing of one of its rounds and that round's ballots."""
    election = draw(elections())
    standing = draw(
        st.lists(st.sampled_from(election.ids), unique=True, min_size=1, max_size=len(election.ids))
    )
    ballots = draw(ballot_lists(election))
    return election, standing, ballots


def _region(election: Election, candidate_id: str) -> str:
    return election.candidate(candidate_id).region or ""


@given(counted_rounds())
def test_totals_add_up(case):
    election, standing, ballots = case
    result = count_round(election, number=1, standing=standing, ballots=ballots)
    assert result.valid + result.blank + result.invalid == result.ballots == len(ballots)
    assert result.blank == sum(1 for b in ballots if not b)
    on_paper = set(standing)
    if election.kind == SINGLE:
        assert sum(result.votes.values()) == result.valid
        assert result.valid == sum(1 for b in ballots if len(b) == 1 and b[0] in on_paper)
        return
    # Each valid paper gives one vote to each of its marks in the regions it is valid for.
    expected = 0
    invalid_for: dict[str, int] = dict.fromkeys(result.invalid_for_region, 0)
    for ballot in ballots:
        spoilt = not set(ballot) <= on_paper
        for region in invalid_for:
            marks = [m for m in ballot if _region(election, m) == region]
            if not marks:
                continue
            if spoilt or len(marks) > election.seats[region]:
                invalid_for[region] += 1
            else:
                expected += len(marks)
    assert sum(result.votes.values()) == expected
    assert invalid_for == dict(result.invalid_for_region)


@given(counted_rounds(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_the_ballots(case, rnd: random.Random):
    election, standing, ballots = case
    shuffled = [list(b) for b in ballots]
    rnd.shuffle(shuffled)
    for paper in shuffled:
        rnd.shuffle(paper)
    assert count_round(election, number=1, standing=standing, ballots=ballots) == count_round(
        election, number=1, standing=standing, ballots=shuffled
    )


@given(counted_rounds())
def test_a_candidate_with_a_majority_is_always_elected(case):
    election, standing, ballots = case
    if election.kind != SINGLE:
        return
    result = count_round(election, number=1, standing=standing, ballots=ballots)
    leaders = [c for c, v in result.votes.items() if v * 2 > result.valid]
    if result.postponed:
        assert result.elected == ()
    else:
        assert result.elected == tuple(leaders)
    assert len(result.elected) <= 1


@given(counted_rounds())
def test_seats_go_by_votes_and_a_tie_for_the_last_seat_elects_none_of_the_tied(case):
    election, standing, ballots = case
    if election.kind != SEATS_BY_REGION:
        return
    result = count_round(election, number=1, standing=standing, ballots=ballots)
    for region, seats in election.seats.items():
        mine = [c for c in standing if _region(election, c) == region]
        won = [c for c in mine if c in result.elected]
        lost = [c for c in mine if c not in result.elected]
        assert len(won) <= seats
        # Every elected candidate has more votes than every candidate not elected, so
        # candidates with equal votes are elected together or not at all.
        assert all(result.votes[w] > result.votes[n] for w in won for n in lost)
        assert all(result.votes[w] > 0 for w in won)


@given(counted_rounds())
def test_next_round_candidates_stood_in_this_round(case):
    election, standing, ballots = case
    result = count_round(election, number=1, standing=standing, ballots=ballots)
    assert set(result.next_round) <= set(result.standing) == set(standing)
    assert not set(result.next_round) & set(result.elected)
    assert result.finished == (result.next_round == ())


@st.composite
def whole_elections(draw):
    election = draw(elections())
    rounds = draw(st.lists(ballot_lists(election), min_size=1, max_size=6))
    return election, rounds


def _count_until_finished(election: Election, rounds: list[list[list[str]]]):
    """Count the rounds one at a time and stop at the round that finishes."""
    for end in range(1, len(rounds) + 1):
        result = count_election(election, rounds[:end])
        if result.finished:
            return result
    return result


@given(whole_elections())
def test_at_most_the_seats_are_filled_over_the_whole_election(case):
    election, rounds = case
    result = _count_until_finished(election, rounds)
    assert len(set(result.elected)) == len(result.elected)
    for region, seats in election.seats.items():
        won = [c for c in result.elected if _region(election, c) == region]
        assert len(won) <= (1 if election.kind == SINGLE else seats)
    for before, after in zip(result.rounds, result.rounds[1:], strict=False):
        assert after.standing == before.next_round


@given(whole_elections())
def test_a_single_post_finishes_within_the_rule(case):
    """After the open rounds, under "top_two", a round is between two candidates (more
    only when several tie for second place), and a round between two with unequal
    votes elects one of them."""
    election, rounds = case
    if election.kind != SINGLE:
        return
    result = _count_until_finished(election, rounds)
    rule = election.rule
    held = 0
    for r in result.rounds:
        held += 0 if r.number > 1 and result.rounds[r.number - 2].postponed else 1
        if r.finished or r.postponed:
            continue
        if held >= rule.open_rounds and rule.then == "top_two" and len(r.next_round) > 2:
            ranked = sorted((r.votes[c] for c in r.standing), reverse=True)
            assert all(r.votes[c] >= ranked[1] for c in r.next_round)
            assert sum(1 for c in r.next_round if r.votes[c] == ranked[1]) >= 2
        if len(r.standing) == 2:
            a, b = (r.votes[c] for c in r.standing)
            assert a == b, "two candidates with unequal votes: one has a majority"
