"""Who may do what with votes and elections: pure predicates over an actor.

Whether a delegation has the right to vote, or whether a vote is still open, is a fact
about the data that the actions check; these only say who the person acting is.
"""

from __future__ import annotations

from plenipot.core.actor import Actor


def may_conduct(actor: Actor, body_id: int | None) -> bool:
    """Opening, closing and announcing votes and ballot rounds in a body's meetings: the
    body's chair or vice-chairs, and the secretariat."""
    return actor.is_secretariat or actor.presides(body_id)


def may_record(actor: Actor) -> bool:
    """Recording what happens in the room (presence, a show of hands, the answers of a
    roll-call): the secretariat."""
    return actor.is_secretariat


def may_manage_elections(actor: Actor) -> bool:
    """Setting up elections, receiving candidatures, designating tellers: the
    secretariat."""
    return actor.is_secretariat


def may_record_proxies(actor: Actor) -> bool:
    """Recording a proxy given in writing, and its withdrawal: the secretariat."""
    return actor.is_secretariat


def may_see_proxies(actor: Actor) -> bool:
    """The list of proxies in force: the secretariat and the delegations."""
    return actor.is_secretariat or actor.delegation_id is not None


def may_vote_for(actor: Actor, conference_id: int) -> bool:
    """Casting a vote or a ballot: any member of a delegation of the conference, for
    that delegation (and for the one whose proxy it holds)."""
    return actor.in_delegation_of(conference_id)


def may_count(actor: Actor, tellers: frozenset[int]) -> bool:
    """Typing in paper ballots: the election's tellers."""
    return actor.user_id is not None and actor.user_id in tellers


def may_see_tally(actor: Actor, body_id: int | None, tellers: frozenset[int]) -> bool:
    """A round's tally before it is announced: its tellers, and whoever conducts it."""
    return may_count(actor, tellers) or may_conduct(actor, body_id)
