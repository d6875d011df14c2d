"""Language versions of a text, their workflow, the glossary and the memory.

A `SourceText` is the text to translate, in its original language, in the instrument
format: an instrument in force, or the text of a document such as a DT. Each other
official language has an `Expression` holding one translated text per provision id,
so the six versions are aligned on the same ids by construction.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plenipot.conference.models import Language


class SourceText(models.Model):
    """The original of a text that must exist in all six languages."""

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="source_texts",
    )
    instrument = models.OneToOneField(
        "negotiation.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="source_text",
    )
    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="source_text",
    )
    language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    text = models.TextField(_("text"), help_text=_("The original, in the instrument format."))
    in_force = models.ForeignKey(
        "negotiation.Instrument",
        verbose_name=_("text in force"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions_in_translation",
        help_text=_(
            "The instrument this text revises: its unchanged provisions keep their agreed translations."
        ),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("source text")
        verbose_name_plural = _("source texts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(instrument__isnull=False) | models.Q(document__isnull=False),
                name="source_text_of_something",
            ),
        ]

    def __str__(self) -> str:
        return str(self.instrument or self.document)


class Expression(models.Model):
    """One language version of a source text, provision by provision.

    `segments` maps a provision id to ``{"text", "origin", "revision", "score"}``:
    origin says where the text came from (in force, memory, fuzzy, machine, human),
    revision counts saves of that provision, for optimistic saving.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PRE_TRANSLATED = "pre_translated", _("Pre-translated")
        IN_TRANSLATION = "in_translation", _("In translation")
        IN_REVISION = "in_revision", _("In revision")
        FINAL = "final", _("Final")

    source = models.ForeignKey(
        SourceText,
        verbose_name=_("source text"),
        on_delete=models.CASCADE,
        related_name="expressions",
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    segments = models.JSONField(_("segments"), default=dict, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["source", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "language"], name="expression_one_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} [{self.language}]"


class Assignment(models.Model):
    """A translator or reviser given one language version, with a deadline."""

    class Role(models.TextChoices):
        TRANSLATOR = "translator", _("Translator")
        REVISER = "reviser", _("Reviser")

    expression = models.ForeignKey(
        Expression,
        verbose_name=_("language version"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="translation_assignments",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "expression"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["expression", "user", "role"], name="assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.expression}"


class GlossaryTerm(models.Model):
    """A term of the conference in six languages; `forms` maps a language code to the
    accepted forms, the first one being the one shown."""

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="glossary",
    )
    forms = models.JSONField(_("forms"), default=dict)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self) -> str:
        english = self.forms.get("en") or [""]
        return english[0]


class MemorySegment(models.Model):
    """One pair of the translation memory."""

    class Origin(models.TextChoices):
        ADOPTED = "adopted", _("Adopted text")
        TMX = "tmx", _("TMX file")
        CSV = "csv", _("CSV file")

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="memory_segments",
    )
    source_language = models.CharField(_("source language"), max_length=2, choices=Language.choices)
    target_language = models.CharField(_("target language"), max_length=2, choices=Language.choices)
    source = models.TextField(_("source"))
    target = models.TextField(_("target"))
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    reference = models.CharField(_("reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("memory segment")
        verbose_name_plural = _("memory segments")
        indexes = [
            models.Index(
                fields=["conference", "source_language", "target_language"], name="memory_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_language}→{self.target_language}: {self.source[:60]}"


class CheckWaiver(models.Model):
    """A chair's decision to let one failed check pass, with the reason on record."""

    source = models.ForeignKey(
        SourceText,
        verbose_name=_("source text"),
        on_delete=models.CASCADE,
        related_name="waivers",
    )
    check_name = models.CharField(_("check"), max_length=20)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    eid = models.CharField(_("provision"), max_length=200, blank=True)
    reason = models.TextField(_("reason"))
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("waived by"),
        on_delete=models.PROTECT,
        related_name="check_waivers",
    )
    waived_at = models.DateTimeField(_("waived at"), auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="withdrawn_check_waivers",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["source", "language", "eid", "-waived_at"]
        verbose_name = _("waived check")
        verbose_name_plural = _("waived checks")
        constraints = [
            # One standing waiver per check; withdrawn ones stay on record beside it.
            models.UniqueConstraint(
                fields=["source", "check_name", "language", "eid"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="waiver_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} [{self.language}] {self.check_name} {self.eid}"
