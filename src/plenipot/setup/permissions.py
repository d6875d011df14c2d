"""Who may set a conference up: pure predicates over an actor."""

from __future__ import annotations

from plenipot.core.actor import Actor


def may_set_up_conference(actor: Actor) -> bool:
    """The secretariat (and the site itself, for `plenipot setup`)."""
    return actor.is_secretariat
