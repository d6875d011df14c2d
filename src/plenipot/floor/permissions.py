"""Who may do what on the floor of a meeting: pure predicates over an actor."""

from __future__ import annotations

from plenipot.core.actor import Actor


def may_chair_floor(actor: Actor, body_id: int | None) -> bool:
    """The body's chair or a vice-chair runs the list of speakers; the secretariat
    may do so for them (at the chair's table, the secretary keeps the list)."""
    return actor.is_secretariat or actor.presides(body_id)


def may_ask_floor(actor: Actor, conference_id: int) -> bool:
    """Any member of a delegation at the conference asks for the floor for it."""
    return actor.in_delegation_of(conference_id)
