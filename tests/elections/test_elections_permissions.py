"""The predicates of votes and elections decide from the actor alone."""

from __future__ import annotations

from types import SimpleNamespace

from plenipot.core.actor import ANONYMOUS, SYSTEM, Actor
from plenipot.elections import permissions as p

SECRETARIAT = Actor(user=SimpleNamespace(pk=1), role="secretariat")
CHAIR = Actor(user=SimpleNamespace(pk=2), role="chair", presided=frozenset({10}))
DELEGATE = Actor(
    user=SimpleNamespace(pk=3), role="delegate", delegation_id=7, delegation_conference_id=5
)
TELLER = Actor(user=SimpleNamespace(pk=4), role="observer")


def test_who_conducts_and_records():
    assert p.may_conduct(CHAIR, 10) and p.may_conduct(SECRETARIAT, 10) and p.may_conduct(SYSTEM, 10)
    assert not p.may_conduct(CHAIR, 11) and not p.may_conduct(DELEGATE, 10)
    assert not p.may_conduct(ANONYMOUS, 10)
    for predicate in (p.may_record, p.may_manage_elections, p.may_record_proxies):
        assert predicate(SECRETARIAT) and not predicate(CHAIR) and not predicate(DELEGATE)


def test_who_votes_and_counts():
    assert p.may_vote_for(DELEGATE, 5) and not p.may_vote_for(DELEGATE, 6)
    assert not p.may_vote_for(SECRETARIAT, 5) and not p.may_vote_for(TELLER, 5)
    tellers = frozenset({4})
    assert p.may_count(TELLER, tellers) and not p.may_count(SECRETARIAT, tellers)
    assert not p.may_count(ANONYMOUS, tellers)
    assert p.may_see_tally(TELLER, 10, tellers) and p.may_see_tally(CHAIR, 10, tellers)
    assert not p.may_see_tally(DELEGATE, 10, tellers)
    assert p.may_see_proxies(DELEGATE) and p.may_see_proxies(SECRETARIAT)
    assert not p.may_see_proxies(TELLER)
