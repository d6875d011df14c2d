"""Live news of the tracker: when a text moves or a public decision is recorded, the
watchers of the tracker pages hear of it over the channel layer.

What goes out is what the tracker pages show everyone: the text, its stage and the
body handling it; a decision only when its meeting is public. Sent once the transaction
commits, so a refused move announces nothing.
"""

from __future__ import annotations

import logging
import time

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def tracker_group(conference_id: int) -> str:
    return f"tracker-{conference_id}"


def _send(conference_id: int, payload: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    # When it was committed (this runs on commit): each watcher's socket observes the
    # fan-out delay from it (`plenipot_tracker_fanout_delay_seconds`).
    message = {"type": "tracker.event", "payload": payload, "time": time.time()}
    try:
        async_to_sync(layer.group_send)(tracker_group(conference_id), message)
    except Exception:  # a live notice is never worth failing the move it reports
        logger.exception("tracker: could not announce %s", payload.get("event"))


def path_payload(path) -> dict:
    instrument = path.instrument
    return {
        "event": "moved",
        "kind": instrument.kind,
        "number": instrument.number,
        "label": f"{instrument.get_kind_display()} {path.adopted_number or instrument.number}",
        "stage": path.stage,
        "stage_label": str(path.get_stage_display()),
        "body": path.body.code if path.body_id else "",
    }


def announce_move(path) -> None:
    payload = path_payload(path)
    transaction.on_commit(lambda: _send(path.conference_id, payload))


def announce_decision(decision) -> None:
    meeting = decision.agenda_item.meeting
    if meeting.openness != "public" or decision.path_id is None:
        return
    path = decision.path
    payload = {
        **path_payload(path),
        "event": "decision",
        "outcome": decision.outcome,
        "outcome_label": str(decision.get_outcome_display()),
        "meeting": meeting.pk,
    }
    transaction.on_commit(lambda: _send(path.conference_id, payload))
