"""Votes on questions and elections by ballot, with proxies and tellers.

Secrecy is a property of the tables, not of the code that reads them: a secret vote or
an election round keeps *that* a delegation voted (``VoteParticipation``,
``Participation``: no time, no reference to a ballot) apart from *what* was voted (one
box row per vote or round, ``VoteBox`` and ``BallotBox``, whose JSON list of papers is
shuffled as each paper goes in, each paper with its marks and the keyed hash of its
receipt). No row holds a delegation and a ballot together; the order of the papers says
nothing of the order of casting. docs/floor.md, "Secrecy of the ballot", says what this
does not protect against.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from plenipot.conference.models import ItuRegion


class Choice(models.TextChoices):
    """An answer to a question put to the vote."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")


class Proxy(models.Model):
    """A delegation's power to vote on behalf of another (Convention, Nos. 335-338):
    given in writing, recorded by the secretariat; a delegation gives at most one and
    holds at most one."""

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="proxies",
    )
    giver = models.ForeignKey(
        "conference.Delegation",
        verbose_name=_("given by"),
        on_delete=models.CASCADE,
        related_name="proxies_given",
    )
    holder = models.ForeignKey(
        "conference.Delegation",
        verbose_name=_("held by"),
        on_delete=models.CASCADE,
        related_name="proxies_held",
    )
    notice = models.CharField(
        _("written notice"),
        max_length=200,
        blank=True,
        help_text=_("The reference of the letter that gives the proxy."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["conference", "giver__organisation__name"]
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(
                fields=["giver"], condition=Q(withdrawn_at__isnull=True), name="proxy_one_given"
            ),
            models.UniqueConstraint(
                fields=["holder"], condition=Q(withdrawn_at__isnull=True), name="proxy_one_held"
            ),
            models.CheckConstraint(condition=~Q(giver=F("holder")), name="proxy_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.holder}"


# --- votes on a question -------------------------------------------------------------


class Vote(models.Model):
    """A question put to the vote in a meeting."""

    class Method(models.TextChoices):
        SHOW_OF_HANDS = "show_of_hands", _("Show of hands")
        ROLL_CALL = "roll_call", _("Roll-call")
        ELECTRONIC = "electronic", _("Electronic")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed, not yet announced")
        ANNOUNCED = "announced", _("Announced")

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="votes",
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="votes",
    )
    question = models.TextField(_("question"), max_length=1000)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    secret = models.BooleanField(_("secret"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    roll_call_letter = models.CharField(_("letter drawn"), max_length=1, blank=True)
    postponed_from = models.ForeignKey(
        "self",
        verbose_name=_("taken again after"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taken_again",
        help_text=_("The earlier vote whose abstentions exceeded half of the votes cast."),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    yes = models.PositiveIntegerField(_("yes"), null=True, blank=True)
    no = models.PositiveIntegerField(_("no"), null=True, blank=True)
    abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    present = models.PositiveIntegerField(_("present"), null=True, blank=True)
    entitled = models.PositiveIntegerField(_("entitled to vote"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        ordering = ["meeting", "opened_at", "pk"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=Q(secret=False) | Q(method="electronic"), name="vote_secret_electronic"
            ),
        ]

    def __str__(self) -> str:
        return self.question[:80]


class VotePresence(models.Model):
    """A delegation with the right to vote present when the vote was taken."""

    vote = models.ForeignKey(
        Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="presences"
    )
    delegation = models.ForeignKey(
        "conference.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="vote_presences",
    )

    class Meta:
        verbose_name = _("presence")
        verbose_name_plural = _("presences")
        constraints = [
            models.UniqueConstraint(fields=["vote", "delegation"], name="vote_present_once"),
        ]

    def __str__(self) -> str:
        return str(self.delegation)


class VoteCast(models.Model):
    """A delegation's answer in an open vote (roll-call, or electronic and not secret)."""

    vote = models.ForeignKey(
        Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="casts"
    )
    delegation = models.ForeignKey(
        "conference.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="open_votes",
    )
    choice = models.CharField(_("answer"), max_length=8, choices=Choice.choices)
    by_proxy = models.BooleanField(_("cast by proxy"), default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["vote", "delegation"], name="vote_cast_once"),
        ]

    def __str__(self) -> str:
        return f"{self.delegation}: {self.choice}"


class VoteParticipation(models.Model):
    """That a delegation voted in a secret vote; never what, nor when."""

    vote = models.ForeignKey(
        Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="participations"
    )
    delegation = models.ForeignKey(
        "conference.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="secret_vote_participations",
    )
    by_proxy = models.BooleanField(_("cast by proxy"), default=False)

    class Meta:
        verbose_name = _("participation in a secret vote")
        verbose_name_plural = _("participations in secret votes")
        constraints = [
            models.UniqueConstraint(fields=["vote", "delegation"], name="vote_secret_once"),
        ]

    def __str__(self) -> str:
        return str(self.delegation)


class VoteBox(models.Model):
    """The answers of a secret vote: ``papers`` is a list of ``{"choice", "receipt"}``
    in random order; ``receipt`` is the keyed hash of the token the voter was given."""

    vote = models.OneToOneField(
        Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="box"
    )
    key = models.CharField(_("receipt key"), max_length=64)
    papers = models.JSONField(_("papers"), default=list, blank=True)

    class Meta:
        verbose_name = _("ballot box of a vote")
        verbose_name_plural = _("ballot boxes of votes")

    def __str__(self) -> str:
        return str(self.vote)


# --- elections -----------------------------------------------------------------------


class Election(models.Model):
    """An election held in ballots: a single post, or seats shared by region."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("A single post")
        SEATS_BY_REGION = "seats_by_region", _("Seats by region")

    class Mode(models.TextChoices):
        ELECTRONIC = "electronic", _("Electronic ballots")
        ANALOG = "analog", _("Paper ballots counted by the tellers")

    class Status(models.TextChoices):
        CANDIDATURES = "candidatures", _("Receiving candidatures")
        BALLOTING = "balloting", _("Balloting")
        FINISHED = "finished", _("Finished")

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="elections",
    )
    body = models.ForeignKey(
        "conference.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="elections",
        help_text=_("The body in whose meetings the ballots are held: the Plenary."),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    seats = models.JSONField(
        _("seats"), default=dict, blank=True, help_text=_('Seats by region, e.g. {"A": 9}.')
    )
    candidature_deadline = models.DateTimeField(_("deadline for candidatures"))
    open_rounds = models.PositiveSmallIntegerField(
        _("rounds open to every candidate"), null=True, blank=True
    )
    then = models.CharField(_("then"), max_length=30, blank=True)
    abstentions_postpone = models.BooleanField(
        _("a round is held again when blank papers exceed half"), default=False
    )
    mode = models.CharField(
        _("ballots"), max_length=12, choices=Mode.choices, default=Mode.ELECTRONIC
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.CANDIDATURES
    )
    elected = models.JSONField(_("elected"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["conference", "position", "pk"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self) -> str:
        return self.title


class Candidature(models.Model):
    """A candidate, nominated by a Member State; for seats by region, in a region."""

    election = models.ForeignKey(
        Election,
        verbose_name=_("election"),
        on_delete=models.CASCADE,
        related_name="candidatures",
    )
    name = models.CharField(_("candidate"), max_length=200)
    nominated_by = models.ForeignKey(
        "conference.Organisation",
        verbose_name=_("nominated by"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    region = models.CharField(_("region"), max_length=1, choices=ItuRegion.choices, blank=True)
    received_at = models.DateTimeField(_("received"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["election", "region", "name"]
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "nominated_by", "name"], name="candidature_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Teller(models.Model):
    """Someone designated by the secretariat to count an election's ballots; one per
    region."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="tellers"
    )
    region = models.CharField(_("region"), max_length=1, choices=ItuRegion.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teller"),
        on_delete=models.CASCADE,
        related_name="tellings",
    )

    class Meta:
        ordering = ["election", "region"]
        verbose_name = _("teller")
        verbose_name_plural = _("tellers")
        constraints = [
            models.UniqueConstraint(fields=["election", "region"], name="teller_one_per_region"),
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.user}"


class Round(models.Model):
    """One ballot of an election, held in a meeting: the candidates standing, then the
    tally the tellers see, then the result the chair announces."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open: delegations are voting")
        CLOSED = "closed", _("Closed: the tellers are counting")
        ANNOUNCED = "announced", _("Announced")

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="election_rounds",
    )
    standing = models.JSONField(_("candidates standing"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        ordering = ["election", "number"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="round_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.election}, {self.number}"


class Participation(models.Model):
    """That a delegation voted in a round (itself, or through the delegation holding its
    proxy): no time, and nothing that points at its ballot."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="participations"
    )
    delegation = models.ForeignKey(
        "conference.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="round_participations",
    )
    by_proxy = models.BooleanField(_("cast by proxy"), default=False)

    class Meta:
        verbose_name = _("participation in a round")
        verbose_name_plural = _("participations in rounds")
        constraints = [
            models.UniqueConstraint(fields=["round", "delegation"], name="round_vote_once"),
        ]

    def __str__(self) -> str:
        return str(self.delegation)


class BallotBox(models.Model):
    """The ballots of a round: ``papers`` is a list of ``{"marks", "receipt"}`` in random
    order (each paper is put in at a random place); ``marks`` are candidature ids, sorted;
    ``receipt`` is the keyed hash of the voter's token ("" for a paper ballot)."""

    round = models.OneToOneField(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="box"
    )
    key = models.CharField(_("receipt key"), max_length=64)
    papers = models.JSONField(_("papers"), default=list, blank=True)

    class Meta:
        verbose_name = _("ballot box")
        verbose_name_plural = _("ballot boxes")

    def __str__(self) -> str:
        return str(self.round)
