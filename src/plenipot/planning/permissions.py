"""Who may plan the timetable."""

from __future__ import annotations

from plenipot.core.actor import Actor


def may_plan(actor: Actor) -> bool:
    """Only the secretariat runs the planner, keeps the rooms and publishes timetables."""
    return actor.is_secretariat


def may_see_clashes(actor: Actor, delegation_id: int) -> bool:
    """A delegation's clashes are for its members and the secretariat."""
    return actor.is_secretariat or actor.delegation_id == delegation_id
