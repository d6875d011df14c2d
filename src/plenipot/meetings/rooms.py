"""The names of a conference's rooms in the reader's language, for any app's pages.

A meeting knows its room by the name the planner keeps it under (`Meeting.room`); the
rooms themselves, with their names in the six languages, are the planner's
(`planning.Room`). The apps beside the planner, the floor among them, do not read its
tables, so the planner lends its look-up here when the apps load (`planning.apps`) and
a page of any app asks this module. Without the planner, a room keeps the name it was
given.
"""

from __future__ import annotations

from collections.abc import Callable

from plenipot.conference.models import Conference

RoomLabels = Callable[[Conference], dict[str, str]]

_lookup: list[RoomLabels] = []


def rooms_named_by(lookup: RoomLabels) -> None:
    """Name the conference's rooms with `lookup` (the planner's, once the apps load)."""
    _lookup[:] = [lookup]


def room_labels(conference: Conference) -> dict[str, str]:
    """{the name a meeting gives its room: the room's name in the reader's language};
    empty when nobody lent a look-up."""
    return _lookup[0](conference) if _lookup else {}
