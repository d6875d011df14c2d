"""Who may work on the language versions: pure predicates over an actor."""

from __future__ import annotations

from plenipot.core.actor import Actor
from plenipot.engine.access import CHAIR


def may_translate(actor: Actor) -> bool:
    """Translators and the secretariat; an assigned translator or reviser may also work
    on the version assigned to them (``may_work_on``)."""
    return actor.is_translator


def may_work_on(actor: Actor, assigned_user_ids) -> bool:
    return may_translate(actor) or (actor.user_id is not None and actor.user_id in assigned_user_ids)


def may_assign(actor: Actor) -> bool:
    """The secretariat sends texts for translation and assigns them."""
    return actor.is_secretariat


def may_edit_glossary(actor: Actor) -> bool:
    """The secretariat keeps the glossary."""
    return actor.is_secretariat


def may_make_final(actor: Actor, reviser_ids) -> bool:
    """With revisers assigned, only one of them (or the secretariat) makes a version final."""
    return not reviser_ids or actor.is_secretariat or actor.user_id in reviser_ids


def may_waive(actor: Actor) -> bool:
    """A chair or the secretariat may let a text pass the checks with a reason."""
    return actor.is_secretariat or actor.role == CHAIR
