from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does at the conference; decides what they see and may change."""

    SECRETARIAT = "secretariat", _("Secretariat")
    CHAIR = "chair", _("Chair")
    DELEGATE = "delegate", _("Delegate")
    TRANSLATOR = "translator", _("Translator")
    OBSERVER = "observer", _("Observer")


class User(AbstractUser):
    """A login. The person behind it (delegation, chairs held) is `conference.Person`."""

    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role.choices,
        blank=True,
        help_text=_("Leave empty to derive the role from the person's delegation and chairs."),
    )
    display_name = models.CharField(_("display name"), max_length=200, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class AccessDecisions(models.Model):
    """A conference's decisions on what the public may read (one row per conference)."""

    conference = models.OneToOneField(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="access_decisions",
    )
    public_kinds = models.JSONField(
        _("kinds of document open to the public"),
        default=list,
        blank=True,
        help_text=_('Document kinds, for example ["input", "output"].'),
    )
    source_may_publish = models.BooleanField(
        _("a source may publish its own documents"), default=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("access decisions")
        verbose_name_plural = _("access decisions")

    def __str__(self) -> str:
        return str(self.conference)


class DocumentRelease(models.Model):
    """How a document is released beyond what its kind and body imply."""

    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="release",
    )
    published_by_source = models.BooleanField(_("published by its source"), default=False)
    limited = models.BooleanField(
        _("limited distribution"),
        default=False,
        help_text=_("Only its sources, the chair of its body and the secretariat read it."),
    )

    class Meta:
        verbose_name = _("document release")
        verbose_name_plural = _("document releases")

    def __str__(self) -> str:
        return str(self.document)


class AuditEntry(models.Model):
    """An append-only record of a restricted read or of a change to access decisions."""

    class Action(models.TextChoices):
        RESTRICTED_READ = "restricted_read", _("Read a restricted document")
        DECISIONS_CHANGED = "decisions_changed", _("Changed the access decisions")
        RELEASE_CHANGED = "release_changed", _("Changed a document's release")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class ApiToken(models.Model):
    """A bearer token for the API; only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=8)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class Follow(models.Model):
    """A signed-in user follows a body or an instrument and gets a daily digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    body = models.ForeignKey(
        "conference.Body",
        verbose_name=_("body"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
    )
    instrument = models.ForeignKey(
        "negotiation.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(body__isnull=True, instrument__isnull=False)
                | Q(body__isnull=False, instrument__isnull=True),
                name="follow_one_target",
            ),
            models.UniqueConstraint(fields=["user", "body"], name="follow_unique_body"),
            models.UniqueConstraint(
                fields=["user", "instrument"], name="follow_unique_instrument"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.body or self.instrument}"
