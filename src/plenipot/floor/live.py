"""Live news of the floor: a list of speakers that changed, a turn that nears.

Every watcher of a meeting's floor (the meeting's page, the room display, a delegate's
phone) is in the meeting's group, the one the votes and elections announce their results
to (`elections.live.meeting_group`). What goes out to it is only that something changed
and its new version: each page then reads the list through the access policy. A turn
that nears goes to the delegation's own group. Sent once the transaction commits.
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from plenipot.elections.live import meeting_group

logger = logging.getLogger(__name__)


def delegation_group(delegation_id: int) -> str:
    return f"floor.delegation.{delegation_id}"


def _send(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": "floor.event", "event": event})
    except Exception:  # a live notice is never worth failing the change it reports
        logger.exception("floor: could not announce %s", event.get("kind"))


def announce_change(*, meeting_id: int, item_id: int, version: int) -> None:
    event = {"kind": "speakers", "item": item_id, "version": version}
    transaction.on_commit(lambda: _send(meeting_group(meeting_id), event))


def announce_turn_near(*, delegation_id: int, meeting_id: int, item_id: int, ahead: int) -> None:
    event = {"kind": "turn_near", "meeting": meeting_id, "item": item_id, "ahead": ahead}
    transaction.on_commit(lambda: _send(delegation_group(delegation_id), event))
