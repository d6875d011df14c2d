"""What the portal keeps of its own: the last time each person opened a drafting room."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DraftVisit(models.Model):
    """The revision of a drafting room a person last saw, so that their home can say
    what changed since (recorded when they open the room or its history)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="draft_visits",
    )
    draft = models.ForeignKey(
        "negotiation.Draft",
        verbose_name=_("draft"),
        on_delete=models.CASCADE,
        related_name="visits",
    )
    revision = models.PositiveIntegerField(_("revision seen"))
    visited_at = models.DateTimeField(_("visited at"))

    class Meta:
        verbose_name = _("visit to a drafting room")
        verbose_name_plural = _("visits to drafting rooms")
        constraints = [
            models.UniqueConstraint(fields=["user", "draft"], name="draft_visit_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.draft_id} · {self.revision}"
