"""Who may see and change an upload before it is submitted."""

from __future__ import annotations

from plenipot.core.actor import Actor


def may_change_upload(actor: Actor, *, uploader_id: int, uploader_delegation_id: int | None) -> bool:
    """An upload under review belongs to its delegation: any of its members may see it,
    correct it and submit it (a head of delegation finishing what an adviser began).
    Someone outside a delegation (the secretariat) works on their own uploads."""
    if actor.user_id is not None and actor.user_id == uploader_id:
        return True
    return actor.delegation_id is not None and actor.delegation_id == uploader_delegation_id
