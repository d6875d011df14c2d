"""Who may do what in a drafting room: pure predicates over an actor."""

from __future__ import annotations

from plenipot.core.actor import Actor


def may_hold_pen(actor: Actor, body_id: int) -> bool:
    """The pen: whoever presides over the draft's body (chair, vice-chairs), and the
    secretariat."""
    return actor.is_secretariat or actor.presides(body_id)


def may_suggest(actor: Actor, conference_id: int, taking_part: frozenset[int]) -> bool:
    """Suggesting a wording: a delegate of a delegation taking part in the draft, which
    is every delegation of the conference when the draft names none (`taking_part`)."""
    if not actor.in_delegation_of(conference_id):
        return False
    return not taking_part or actor.delegation_id in taking_part


def may_open_draft(actor: Actor, body_id: int) -> bool:
    """Opening a drafting room in a body, closing it, handing its text up: whoever
    presides over the body, and the secretariat."""
    return actor.is_secretariat or actor.presides(body_id)


def may_hand_over_draft(actor: Actor, body_id: int, parent_id: int | None) -> bool:
    """Handing a group's text to the body that created it: the group's chair or the
    parent body's, and the secretariat."""
    return may_open_draft(actor, body_id) or (parent_id is not None and actor.presides(parent_id))


def may_import_instrument(actor: Actor) -> bool:
    """Importing a text in force from a file (Word, Akoma Ntoso, plain text), as a new
    instrument or in place of the text of one that nothing depends on yet: the
    secretariat."""
    return actor.is_secretariat
