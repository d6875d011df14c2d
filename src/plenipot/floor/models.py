"""The floor of a meeting: who has asked to speak on an agenda item, who has the floor,
how long they spoke, and on which provision of the text under negotiation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SpeakersList(models.Model):
    """The list of speakers of one agenda item, with the clock of whoever has the floor.

    The clock is kept as the seconds already spoken plus, while it runs, the moment it
    was last started: the room display and every phone count the seconds themselves."""

    agenda_item = models.OneToOneField(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="speakers_list",
    )
    closed = models.BooleanField(
        _("closed"),
        default=False,
        help_text=_("Once closed, only points of order and rights of reply are taken."),
    )
    speaking_time = models.PositiveIntegerField(
        _("speaking time (seconds)"), default=180, help_text=_("0: no limit.")
    )
    clock_started_at = models.DateTimeField(_("clock started at"), null=True, blank=True)
    clock_elapsed = models.PositiveIntegerField(
        _("seconds spoken before the clock stopped"), default=0
    )
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("list of speakers")
        verbose_name_plural = _("lists of speakers")

    def __str__(self) -> str:
        return str(self.agenda_item)


class FloorRequest(models.Model):
    """A delegation asking for the floor on an agenda item."""

    class Kind(models.TextChoices):
        POINT_OF_ORDER = "point_of_order", _("Point of order")
        RIGHT_OF_REPLY = "right_of_reply", _("Right of reply")
        SPEAKER = "speaker", _("Speaker")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        SPEAKING = "speaking", _("Has the floor")
        SPOKEN = "spoken", _("Has spoken")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    speakers_list = models.ForeignKey(
        SpeakersList,
        verbose_name=_("list of speakers"),
        on_delete=models.CASCADE,
        related_name="requests",
    )
    delegation = models.ForeignKey(
        "conference.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="floor_requests",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SPEAKER)
    eid = models.CharField(_("provision"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    away = models.BooleanField(
        _("not in the room"),
        default=False,
        help_text=_("The delegation keeps its place and is told when its turn nears."),
    )
    warned = models.BooleanField(_("told that its turn nears"), default=False)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        ordering = ["speakers_list", "position", "pk"]
        verbose_name = _("request for the floor")
        verbose_name_plural = _("requests for the floor")
        constraints = [
            # A delegation waits once per kind on a list: asking again changes nothing.
            models.UniqueConstraint(
                fields=["speakers_list", "delegation", "kind"],
                condition=Q(status="waiting"),
                name="floor_request_once_waiting",
            ),
            # One speaker at a time.
            models.UniqueConstraint(
                fields=["speakers_list"],
                condition=Q(status="speaking"),
                name="floor_one_speaker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegation} ({self.get_kind_display()})"


class Intervention(models.Model):
    """What the meeting's record keeps of each time a delegation had the floor."""

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="interventions",
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="interventions",
    )
    delegation = models.ForeignKey(
        "conference.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="interventions",
    )
    request = models.OneToOneField(
        FloorRequest,
        verbose_name=_("request for the floor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intervention",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FloorRequest.Kind.choices)
    eid = models.CharField(_("provision"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started at"))
    seconds = models.PositiveIntegerField(_("seconds spoken"))

    class Meta:
        ordering = ["meeting", "started_at", "pk"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return f"{self.delegation} ({self.seconds} s)"
