"""Who may schedule meetings and preside over them: pure predicates over an actor."""

from __future__ import annotations

from plenipot.core.actor import Actor


def may_preside(actor: Actor, body_id: int | None) -> bool:
    """The body's chair or one of its vice-chairs."""
    return actor.presides(body_id)


def may_schedule_meeting(actor: Actor, body_id: int | None) -> bool:
    """The secretariat, or whoever presides over the body."""
    return actor.is_secretariat or actor.presides(body_id)
