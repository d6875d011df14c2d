from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from plenipot.conference.names import in_language


class Instrument(models.Model):
    """A text being negotiated, held in the engine's plain-text format."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Resolution")
        DECISION = "decision", _("Decision")
        RECOMMENDATION = "recommendation", _("Recommendation")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        DRAFT = "draft", _("Draft")

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="instruments",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RESOLUTION)
    number = models.CharField(
        _("number"), max_length=20, help_text=_('For example "101", or "COM5/2" for a draft.')
    )
    title = models.CharField(_("title"), max_length=500)
    # {language code: title}; `title` is the fallback. Nullable without a default so
    # that the column is added in place.
    titles = models.JSONField(_("title in other languages"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.IN_FORCE
    )

    class Meta:
        ordering = ["kind", "number"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "kind", "number"], name="instrument_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.local_title}"

    @property
    def local_title(self) -> str:
        """The title in the reader's language."""
        return in_language(self.title, self.titles)


class Draft(models.Model):
    """The negotiating text of one instrument inside one body.

    `initial` is the text at revision 0 (consolidated from proposals, or taken over from
    another draft); every change after that is a `Revision`. `state` and `provenance`
    are the text and its word origins after revision `head`, kept so that a page can be
    served without replaying the log; the log stays the source of truth."""

    body = models.ForeignKey(
        "conference.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="drafts"
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="drafts"
    )
    title = models.CharField(_("title"), max_length=500)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("taken over from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    delegations = models.ManyToManyField(
        "conference.Delegation",
        verbose_name=_("participating delegations"),
        blank=True,
        related_name="drafts",
        help_text=_("Leave empty when every delegation of the conference takes part."),
    )
    initial = models.JSONField(_("text at revision 0"))
    state = models.JSONField(_("current text"))
    provenance = models.JSONField(_("origin of every word"))
    head = models.PositiveIntegerField(_("latest revision"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(
        _("closed at"),
        null=True,
        blank=True,
        help_text=_("A closed room keeps its text and history; nobody edits it any more."),
    )

    class Meta:
        ordering = ["body", "instrument", "pk"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self) -> str:
        return self.title

    @property
    def local_title(self) -> str:
        """The title in the reader's language. A room opened without a title of its own
        is named after its instrument ("Resolution 101") in the language of whoever
        opened it; that name is said again in the reader's."""
        instrument = self.instrument

        def named() -> str:
            return f"{instrument.get_kind_display()} {instrument.number}"

        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                generated = self.title == named()
            if generated:
                return named()
        return self.title


class Revision(models.Model):
    """One operation on a draft. Append-only: never changed, never deleted."""

    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("number"))
    base = models.PositiveIntegerField(_("made against revision"))
    operation = models.JSONField(_("operation"))
    inverse = models.JSONField(_("inverse operation"))
    eids = models.JSONField(_("provisions changed"))
    credit = models.CharField(_("words credited to"), max_length=40)
    undoes = models.PositiveIntegerField(_("undoes revision"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=500, blank=True)
    event = models.JSONField(
        _("live event"), help_text=_("What watchers receive, kept so that they can resume.")
    )
    checkpoint = models.JSONField(
        _("text after this revision"),
        null=True,
        blank=True,
        help_text=_(
            "Kept every few revisions, so that reading an old revision replays only the "
            "revisions since the checkpoint before it."
        ),
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["draft", "number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="revision_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.draft} r{self.number}"


class Suggestion(models.Model):
    """A delegation's wording for a span or a provision, for the pen to accept or decline."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="suggestions"
    )
    eid = models.CharField(_("provision"), max_length=200)
    segment = models.PositiveIntegerField(_("piece of text"), null=True, blank=True)
    start = models.PositiveIntegerField(_("span start"), null=True, blank=True)
    end = models.PositiveIntegerField(_("span end"), null=True, blank=True)
    text = models.TextField(_("wording"))
    delegation = models.ForeignKey(
        "conference.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    revision = models.PositiveIntegerField(_("accepted as revision"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["draft", "created_at", "pk"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")

    def __str__(self) -> str:
        return f"{self.delegation}: {self.eid}"


class Snapshot(models.Model):
    """A named point in a draft's log, issued as a temporary document of the body."""

    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="snapshots"
    )
    name = models.CharField(_("name"), max_length=200)
    revision = models.PositiveIntegerField(_("revision"))
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    clean_text = models.TextField(_("clean text"))
    marked_text = models.TextField(_("text with revision marks"))
    provenance = models.JSONField(
        _("origin of every word"),
        default=dict,
        blank=True,
        help_text=_("For each provision, the origin of each word of the snapshot's text."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["draft", "revision", "pk"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")

    def __str__(self) -> str:
        return f"{self.draft}: {self.name}"
