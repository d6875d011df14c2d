"""Who may move a text along its path and record what the conference decided."""

from __future__ import annotations

from collections.abc import Iterable

from plenipot.core.actor import Actor


def may_move_text(actor: Actor, path_bodies: Iterable[int], target_body: int | None = None) -> bool:
    """The secretariat, or whoever presides over the body handling the text, a body
    above it (``path_bodies``: that body and its ancestors), or the body it moves to."""
    if actor.is_secretariat:
        return True
    return any(actor.presides(body) for body in path_bodies) or actor.presides(target_body)


def may_record_decision(actor: Actor, body_id: int) -> bool:
    """Only whoever presides over the meeting's body declares its decisions."""
    return actor.presides(body_id)


def may_record_declaration(actor: Actor) -> bool:
    """The secretariat records the declarations and reservations made for the Final Acts."""
    return actor.is_secretariat


def may_open_registry(actor: Actor, conference_id: int) -> bool:
    """The registry desk: the secretariat, and the Steering Committee, which allocates."""
    return actor.is_secretariat or conference_id in actor.steers
