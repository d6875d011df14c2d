"""Live news of votes and ballots, for the room display and the meeting page.

The floor's socket listens on the meeting's group (``meeting_group``) and forwards each
``floor.event`` to its watchers, who may already follow the meeting. What goes out is
what the results page shows once the chair has announced: the question and its
totals, a round's count; never who voted how in a secret vote, and nothing about a
ballot while the round is open. Sent once the transaction commits, so a refused step
announces nothing.
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

KINDS = frozenset({"vote_opened", "vote_closed", "vote_result", "round_opened", "round_closed", "ballot_result"})


def meeting_group(meeting_id: int) -> str:
    """The channel group of a meeting's floor: its room display and its page."""
    return f"floor.meeting.{meeting_id}"


def _send(meeting_id: int, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            meeting_group(meeting_id), {"type": "floor.event", "event": event}
        )
    except Exception:  # a live notice is never worth failing the step it reports
        logger.exception("elections: could not announce %s", event.get("kind"))


def announce(meeting_id: int, event: dict) -> None:
    """Send `event` (with its ``kind``, one of ``KINDS``) to the meeting's group once
    the current transaction commits."""
    if event.get("kind") not in KINDS:
        raise ValueError(f"unknown event kind {event.get('kind')!r}")
    payload = dict(event, meeting=meeting_id)
    transaction.on_commit(lambda: _send(meeting_id, payload))
