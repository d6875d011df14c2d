"""Who may change documents: pure predicates over an actor, no query of their own.

Pages ask the same predicates to decide which buttons to show.
"""

from __future__ import annotations

from plenipot.core.actor import Actor


def may_submit_document(actor: Actor, conference_id: int) -> bool:
    """A delegation of this conference, or the secretariat."""
    return actor.is_secretariat or actor.in_delegation_of(conference_id)


def may_register_document(actor: Actor) -> bool:
    """The secretariat numbers submissions."""
    return actor.is_secretariat


def may_allocate_document(actor: Actor, conference_id: int) -> bool:
    """The secretariat, or whoever presides over the conference's Steering Committee."""
    return actor.is_secretariat or conference_id in actor.steers


def may_register_child(actor: Actor) -> bool:
    """The secretariat registers revisions, addenda and corrigenda."""
    return actor.is_secretariat


def may_publish_document(actor: Actor, sources: frozenset[int]) -> bool:
    """The secretariat, or a member of one of the document's sources (``sources``: their
    organisations), which covers the Member States of a regional group."""
    return actor.is_secretariat or bool(actor.reader.organisations & sources)
