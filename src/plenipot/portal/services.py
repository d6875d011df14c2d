"""What the portal writes: a person's last visit to a drafting room."""

from __future__ import annotations

from django.utils import timezone

from plenipot.negotiation.models import Draft
from plenipot.portal.models import DraftVisit


def draft_visit_record(*, user, draft_id: int) -> None:
    """Remember that `user` has seen the draft as it stands now (its latest revision).
    Two queries: the draft's head, and one insert-or-update."""
    if user is None or not user.is_authenticated:
        return
    head = Draft.objects.filter(pk=draft_id).values_list("head", flat=True).first()
    if head is None:
        return
    DraftVisit.objects.bulk_create(
        [DraftVisit(user=user, draft_id=draft_id, revision=head, visited_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "draft"],
        update_fields=["revision", "visited_at"],
    )
