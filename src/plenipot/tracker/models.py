"""Where each text stands on its path, the decisions that moved it, and the Final Acts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plenipot.engine.path import Stage


class StageChoice(models.TextChoices):
    PROPOSALS = Stage.PROPOSALS.value, _("Proposals")
    ALLOCATED = Stage.ALLOCATED.value, _("Allocated")
    IN_BODY = Stage.IN_BODY.value, _("In a body")
    AD_HOC = Stage.AD_HOC.value, _("In an ad hoc group")
    DT = Stage.DT.value, _("Temporary document (DT)")
    APPROVED = Stage.APPROVED.value, _("Approved by the body")
    EDITORIAL = Stage.EDITORIAL.value, _("Editorial Committee")
    FIRST_READING = Stage.FIRST_READING.value, _("Blue document, first reading")
    SECOND_READING = Stage.SECOND_READING.value, _("Pink document, second reading")
    ADOPTED = Stage.ADOPTED.value, _("Adopted")
    FINAL_ACTS = Stage.FINAL_ACTS.value, _("In the Final Acts")
    WITHDRAWN = Stage.WITHDRAWN.value, _("Withdrawn")
    REFERRED_BACK = Stage.REFERRED_BACK.value, _("Referred back")
    NO_CONSENSUS = Stage.NO_CONSENSUS.value, _("No consensus")


class TextPath(models.Model):
    """One instrument's way through the conference; its stage changes only by `path_move`."""

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="paths",
    )
    instrument = models.OneToOneField(
        "negotiation.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="path",
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=StageChoice.choices, default=StageChoice.PROPOSALS
    )
    body = models.ForeignKey(
        "conference.Body",
        verbose_name=_("body handling it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="paths",
    )
    text_in_force = models.TextField(_("text in force"), blank=True)
    current_text = models.TextField(_("current text"), blank=True)
    adopted_number = models.CharField(_("number on adoption"), max_length=60, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["instrument__kind", "instrument__number"]
        verbose_name = _("path of a text")
        verbose_name_plural = _("paths of texts")

    def __str__(self) -> str:
        return f"{self.instrument.number}: {self.get_stage_display()}"


class Decision(models.Model):
    """What a body decided on an agenda item, as its summary record reports it."""

    class Outcome(models.TextChoices):
        CONSENSUS = "consensus", _("Approved by consensus")
        WITH_STATEMENTS = (
            "with_statements",
            _("Approved, with objections, reservations or statements recorded"),
        )
        NOT_APPROVED = "not_approved", _("Not approved")
        DEFERRED = "deferred", _("Deferred")
        REFERRED = "referred", _("Referred to a group")
        VOTE = "vote", _("Put to the vote")

    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    path = models.ForeignKey(
        TextPath,
        verbose_name=_("path"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    text = models.TextField(_("text"), blank=True)
    referred_to = models.ForeignKey(
        "conference.Body",
        verbose_name=_("referred to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"))
    votes_yes = models.PositiveIntegerField(_("yes"), null=True, blank=True)
    votes_no = models.PositiveIntegerField(_("no"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    vote_carried = models.BooleanField(_("carried"), null=True, blank=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.agenda_item}: {self.get_outcome_display()}"


class Statement(models.Model):
    """An objection, reservation or statement for the record, by one delegation."""

    class Kind(models.TextChoices):
        OBJECTION = "objection", _("Objection")
        RESERVATION = "reservation", _("Reservation")
        STATEMENT = "statement", _("Statement for the record")

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="statements"
    )
    delegation = models.ForeignKey(
        "conference.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="statements",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["decision", "pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.delegation}"


class VoteCast(models.Model):
    class Choice(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        ABSTAIN = "abstain", _("Abstain")

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="votes"
    )
    delegation = models.ForeignKey(
        "conference.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="votes",
    )
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["decision", "delegation"], name="vote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.delegation}: {self.choice}"


class PathEvent(models.Model):
    """One step of a text's path; the trail is append-only."""

    path = models.ForeignKey(
        TextPath, verbose_name=_("path"), on_delete=models.CASCADE, related_name="events"
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=StageChoice.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=StageChoice.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.ForeignKey(
        "conference.Body",
        verbose_name=_("body"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="path_events",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="path_events",
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("path event")
        verbose_name_plural = _("path events")

    def __str__(self) -> str:
        return f"{self.path.instrument.number}: {self.from_stage or '—'} → {self.to_stage}"


class Declaration(models.Model):
    """A declaration or reservation a delegation makes for the Final Acts."""

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="declarations",
    )
    number = models.PositiveIntegerField(_("number"))
    delegations = models.ManyToManyField(
        "conference.Delegation", verbose_name=_("delegations"), related_name="declarations"
    )
    text = models.TextField(_("text"))
    made_at = models.DateTimeField(_("made at"))

    class Meta:
        ordering = ["conference", "number"]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        constraints = [
            models.UniqueConstraint(fields=["conference", "number"], name="declaration_number"),
        ]

    def __str__(self) -> str:
        return str(self.number)
