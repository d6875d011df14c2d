"""Who may do what in a drafting room: pure predicates over an actor."""

from __future__ import annotations

from plenipot.core.actor import Actor


def may_hold_pen(actor: Actor, body_id: int) -> bool:
    """The pen: whoever presides over the draft's body (chair, vice-chairs), and the
    secretariat."""
    return actor.is_secretariat or actor.presides(body_id)
