"""Votes on a question: quorum, majority, abstentions, ties, and the roll-call order."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plenipot.engine.voting import (
    ADOPTED,
    NO_QUORUM,
    POSTPONED,
    REJECTED,
    VoteCount,
    french_order,
    french_sort_key,
    majority_of,
    quorum_for,
    roll_call_order,
    vote_result,
)

# --- examples, one per rule --------------------------------------------------------------


def test_the_majority_of_those_present_and_voting_adopts():
    result = vote_result(VoteCount(yes=60, no=50, abstain=20, present=140, entitled=180))
    assert result.outcome == ADOPTED
    assert (result.voting, result.majority, result.quorum, result.reasons) == (110, 56, 91, ())


def test_abstentions_are_not_counted_in_the_majority():
    # 30 for, 29 against, 40 abstaining: 30 is more than half of the 59 voting.
    result = vote_result(VoteCount(yes=30, no=29, abstain=40, present=120, entitled=150))
    assert result.outcome == ADOPTED
    assert result.majority == 30


def test_a_tie_rejects():
    result = vote_result(VoteCount(yes=45, no=45, abstain=3, present=100, entitled=150))
    assert (result.outcome, result.reasons) == (REJECTED, ("tie",))


def test_fewer_for_than_against_rejects():
    result = vote_result(VoteCount(yes=40, no=41, abstain=0, present=100, entitled=150))
    assert (result.outcome, result.reasons) == (REJECTED, ("no_majority",))


def test_abstentions_exceeding_half_postpone_then_do_not_count_at_the_later_meeting():
    count = VoteCount(yes=20, no=15, abstain=36, present=100, entitled=150)
    first = vote_result(count)
    assert (first.outcome, first.reasons) == (POSTPONED, ("abstentions_exceed_half",))
    later = vote_result(count, abstentions_already_postponed=True)
    assert later.outcome == ADOPTED


def test_abstentions_of_exactly_half_do_not_postpone():
    # 35 abstentions are exactly half of the 70 votes cast (for, against, abstentions).
    result = vote_result(VoteCount(yes=20, no=15, abstain=35, present=100, entitled=150))
    assert result.outcome == ADOPTED


def test_without_a_quorum_the_vote_is_not_valid():
    # 150 delegations with the right to vote: the quorum is 76, more than half.
    assert quorum_for(150) == 76
    short = vote_result(VoteCount(yes=70, no=0, abstain=0, present=75, entitled=150))
    assert (short.outcome, short.reasons, short.quorum) == (NO_QUORUM, ("no_quorum",), 76)
    enough = vote_result(VoteCount(yes=70, no=0, abstain=0, present=76, entitled=150))
    assert enough.outcome == ADOPTED


def test_a_delegation_present_that_does_not_vote_counts_for_the_quorum_only():
    result = vote_result(VoteCount(yes=3, no=2, abstain=0, present=80, entitled=150))
    assert result.outcome == ADOPTED
    assert result.voting == 5


@pytest.mark.parametrize(
    ("voting", "majority"),
    [(0, 1), (1, 1), (2, 2), (3, 2), (168, 85), (176, 89), (179, 90)],
)
def test_the_majority_is_more_than_half(voting, majority):
    # 168 voting needed 85 (Deputy Secretary-General, PP-14, fourth round); 176 valid
    # votes needed 89 (Deputy Secretary-General, PP-22).
    assert majority_of(voting) == majority


@pytest.mark.parametrize(
    "fields",
    [
        {"yes": -1, "no": 0, "abstain": 0, "present": 5, "entitled": 5},
        {"yes": 1, "no": 0, "abstain": 0, "present": 6, "entitled": 5},
        {"yes": 3, "no": 2, "abstain": 1, "present": 5, "entitled": 9},
        {"yes": 1.5, "no": 0, "abstain": 0, "present": 5, "entitled": 5},
        {"yes": True, "no": 0, "abstain": 0, "present": 5, "entitled": 5},
    ],
)
def test_impossible_counts_are_refused(fields):
    with pytest.raises(ValueError):
        VoteCount(**fields)


# --- properties --------------------------------------------------------------------------


@st.composite
def counts(draw) -> VoteCount:
    entitled = draw(st.integers(0, 200))
    present = draw(st.integers(0, entitled))
    yes = draw(st.integers(0, present))
    no = draw(st.integers(0, present - yes))
    abstain = draw(st.integers(0, present - yes - no))
    return VoteCount(yes=yes, no=no, abstain=abstain, present=present, entitled=entitled)


@given(counts(), st.booleans())
def test_the_outcome_follows_the_rules(count, postponed_before):
    result = vote_result(count, abstentions_already_postponed=postponed_before)
    assert result.voting == count.yes + count.no
    assert result.majority * 2 > result.voting >= (result.majority - 1) * 2
    assert result.quorum * 2 > count.entitled >= (result.quorum - 1) * 2
    if count.present * 2 <= count.entitled:
        assert result.outcome == NO_QUORUM
    elif not postponed_before and count.abstain > count.yes + count.no:
        assert result.outcome == POSTPONED
    elif count.yes > count.no:
        assert result.outcome == ADOPTED
    else:
        assert result.outcome == REJECTED
        assert result.reasons == (("tie",) if count.yes == count.no else ("no_majority",))


@given(counts())
def test_abstentions_never_decide_once_postponed(count):
    """At the later meeting abstentions are not taken into account: moving votes
    between abstaining and not voting changes nothing."""
    result = vote_result(count, abstentions_already_postponed=True)
    fewer = VoteCount(
        yes=count.yes, no=count.no, abstain=0, present=count.present, entitled=count.entitled
    )
    assert vote_result(fewer, abstentions_already_postponed=True).outcome == result.outcome


# --- the roll-call -----------------------------------------------------------------------

# Member States under their French names, as a French alphabetical list files them.
FRENCH = {
    "ZAF": "Afrique du Sud",
    "ALG": "Algérie",
    "D": "Allemagne",
    "ARS": "Arabie saoudite",
    "BEN": "Bénin",
    "B": "Brésil",
    "CTI": "Côte d'Ivoire",
    "CUB": "Cuba",
    "EGY": "Égypte",
    "SLV": "El Salvador",
    "UAE": "Émirats arabes unis",
    "EQA": "Équateur",
    "E": "Espagne",
    "USA": "États-Unis",
    "ETH": "Éthiopie",
    "F": "France",
    "MHL": "Îles Marshall",
    "SLM": "Îles Salomon",
    "IND": "Inde",
    "IRQ": "Iraq",
    "UGA": "Ouganda",
    "ZWE": "Zimbabwe",
}
IN_FRENCH_ORDER = list(FRENCH)


def test_french_order_ignores_accents_case_spaces_and_hyphens():
    assert french_order(FRENCH) == IN_FRENCH_ORDER
    assert french_sort_key("Émirats arabes unis") == "emiratsarabesunis"
    assert french_sort_key("États-Unis") == "etatsunis"
    assert french_sort_key("Côte d'Ivoire") == "cotedivoire"
    assert french_sort_key("Îles Salomon") == "ilessalomon"


def test_the_roll_starts_at_the_drawn_letter_and_goes_round():
    order = roll_call_order(FRENCH, letter="E")
    assert order[:7] == ["EGY", "SLV", "UAE", "EQA", "E", "USA", "ETH"]
    assert order[-4:] == ["BEN", "B", "CTI", "CUB"]
    assert order == IN_FRENCH_ORDER[8:] + IN_FRENCH_ORDER[:8]


def test_an_accented_or_small_letter_draws_the_same_place():
    assert roll_call_order(FRENCH, letter="é") == roll_call_order(FRENCH, letter="E")
    assert roll_call_order(FRENCH, letter="I")[:2] == ["MHL", "SLM"]


def test_a_letter_with_no_name_starts_at_the_next_one():
    assert roll_call_order(FRENCH, letter="J")[0] == "UGA"
    assert roll_call_order(FRENCH, letter="P")[0] == "ZWE"


def test_a_letter_after_every_name_starts_from_a():
    names = {k: v for k, v in FRENCH.items() if k != "ZWE"}
    assert roll_call_order(names, letter="Z")[0] == "ZAF"


def test_a_drawn_name_starts_the_roll():
    assert roll_call_order(FRENCH, letter="Espagne")[0] == "E"
    assert roll_call_order(FRENCH, letter="Îles Salomon")[0] == "SLM"


def test_no_letter_is_refused():
    with pytest.raises(ValueError):
        roll_call_order(FRENCH, letter=" - ")


@given(
    st.dictionaries(
        st.text("ABCDEFGHIJ", min_size=1, max_size=3),
        st.text("aàâbcçdeéèêëfiîïoôuùûœ -'", min_size=1, max_size=8),
        max_size=12,
    ),
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZÉ"),
    st.randoms(use_true_random=False),
)
def test_the_roll_is_a_rotation_of_the_french_order(names, letter, rnd: random.Random):
    order = roll_call_order(names, letter=letter)
    alphabetical = french_order(names)
    assert sorted(order) == sorted(names)
    if names:
        start = alphabetical.index(order[0])
        assert order == alphabetical[start:] + alphabetical[:start]
    keys = list(names)
    rnd.shuffle(keys)
    assert roll_call_order({k: names[k] for k in keys}, letter=letter) == order
