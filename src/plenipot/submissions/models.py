"""An uploaded Word file under review, before its proposals are submitted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Upload(models.Model):
    """A delegation's Word file: what was read from it, and the proposals as fixed.

    Only files that passed every check are stored; the file itself is not kept, only
    its rendering (paragraphs with their marks) and the proposals read from it.
    """

    class Status(models.TextChoices):
        REVIEW = "review", _("Under review")
        SUBMITTED = "submitted", _("Submitted")

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="uploads",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="uploads",
    )
    instrument = models.ForeignKey(
        "negotiation.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="uploads",
    )
    title = models.CharField(_("title"), max_length=500)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    kind = models.CharField(_("kind"), max_length=10)  # "itu" or "tracked"
    paragraphs = models.JSONField(_("paragraphs"), default=list, blank=True)
    proposals = models.JSONField(_("proposals"), default=list, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REVIEW
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self) -> str:
        return self.filename
