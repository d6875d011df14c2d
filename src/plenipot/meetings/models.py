"""Meetings of the bodies, scheduled by hand, with their agendas."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from plenipot.conference.models import Body


class Meeting(models.Model):
    """One session of a body: a time, a room, an agenda and afterwards a summary record."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    body = models.ForeignKey(
        "conference.Body", verbose_name=_("body"), on_delete=models.CASCADE, related_name="meetings"
    )
    number = models.PositiveIntegerField(_("number"), help_text=_("The body's n-th meeting."))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    openness = models.CharField(_("openness"), max_length=20, choices=Body.Openness.choices)
    webcast_url = models.URLField(_("webcast link"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    summary = models.TextField(_("summary record"), blank=True)

    class Meta:
        ordering = ["starts_at", "body__position", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="meeting_unique_number"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["conference", "starts_at"])]

    def __str__(self) -> str:
        return _("%(body)s, meeting %(number)s") % {"body": self.body.code, "number": self.number}


class AgendaItem(models.Model):
    """An item on a meeting's agenda: usually a document, often about one instrument."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=500)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    instrument = models.ForeignKey(
        "negotiation.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"
