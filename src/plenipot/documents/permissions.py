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


def may_return_document(actor: Actor) -> bool:
    """The secretariat returns a submission it will not register, with the reason."""
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


def may_issue_document(actor: Actor, conference_id: int, series: str) -> bool:
    """A document of any series but the main one (registered from submissions) and DTs
    (issued by bodies): the secretariat; a delegation issues its own information
    documents (INF)."""
    if actor.is_secretariat:
        return True
    return series == "INF" and actor.in_delegation_of(conference_id)


def may_add_language_file(actor: Actor, *, series: str, sources: frozenset[int]) -> bool:
    """A language version's file: the secretariat, or a source of an information
    document for its own document."""
    if actor.is_secretariat:
        return True
    return series == "INF" and bool(actor.reader.organisations & sources)
