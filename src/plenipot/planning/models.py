"""Runs of the meeting planner: the problem built from the conference and what came back."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from plenipot.conference.names import in_language


class PlanningRun(models.Model):
    """One run of the planner over a window of conference days, started by the secretariat."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Timetable found")
        INFEASIBLE = "infeasible", _("Infeasible")
        TIMEOUT = "timeout", _("No timetable within the time limit")
        FAILED = "failed", _("Failed")
        PUBLISHED = "published", _("Published")

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="planning_runs",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    first_day = models.DateField(_("first day planned"))
    days = models.PositiveSmallIntegerField(_("days planned"))
    time_limit = models.FloatField(_("time limit (seconds)"))
    problem = models.JSONField(_("problem"), default=dict)
    current = models.JSONField(_("timetable in force"), default=list)
    origins = models.JSONField(
        _("origins"), default=dict, help_text=_("Meeting request id to the meeting it re-plans.")
    )
    result = models.JSONField(_("result"), default=dict)
    figures = models.JSONField(_("figures"), default=dict)
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="planning_runs",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("planning run")
        verbose_name_plural = _("planning runs")

    def __str__(self) -> str:
        return _("Planning run %(pk)s (%(status)s)") % {
            "pk": self.pk,
            "status": self.get_status_display(),
        }

    @property
    def finished(self) -> bool:
        return self.status not in (self.Status.QUEUED, self.Status.RUNNING)


class Room(models.Model):
    """A meeting room of the conference venue, as the planner sees it."""

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="planning_rooms",
    )
    name = models.CharField(_("name"), max_length=100)
    # {language code: name}; `name` is the fallback and the planner's key.
    names = models.JSONField(_("name in other languages"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1)], help_text=_("How many people it seats.")
    )
    interpretation = models.BooleanField(
        _("interpretation booths"),
        default=False,
        help_text=_("Only rooms with booths can host an interpreted meeting."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "name"], name="planning_room_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="planning_room_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The room's name in the reader's language."""
        return in_language(self.name, self.names)
