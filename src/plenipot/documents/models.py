from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plenipot.conference.models import Language
from plenipot.engine.symbols import Series, Symbol, format_symbol, parse_key


class Document(models.Model):
    """A numbered conference document, e.g. "Addendum 1 to Document 27"."""

    class Kind(models.TextChoices):
        INPUT = "input", _("Input document")
        TEMPORARY = "temporary", _("Temporary document")
        OUTPUT = "output", _("Output document")
        ADMINISTRATIVE = "administrative", _("Administrative document")
        INFORMATION = "information", _("Information document")

    class SeriesChoice(models.TextChoices):
        MAIN = Series.MAIN.value, _("Documents")
        DT = Series.DT.value, _("Temporary documents (DT)")
        ADM = Series.ADM.value, _("Administrative documents (ADM)")
        INF = Series.INF.value, _("Information documents (INF)")
        DL = Series.DL.value, _("Draft texts of limited distribution (DL)")
        BLUE = Series.BLUE.value, _("Blue documents, first reading (B)")
        PINK = Series.PINK.value, _("Pink documents, second reading (R)")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted, awaiting registration")
        REGISTERED = "registered", _("Registered")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        RETURNED = "returned", _("Returned to its sources")

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    number = models.CharField(
        _("number"),
        max_length=20,
        blank=True,
        help_text=_('For example "27", "DT/12", "ADM/54" or "B.9"; empty until registered.'),
    )
    series = models.CharField(
        _("series"), max_length=4, choices=SeriesChoice.choices, default=SeriesChoice.MAIN
    )
    sequence = models.PositiveIntegerField(
        _("number in its series"), default=0, help_text=_("0 until registered.")
    )
    corrigendum = models.PositiveSmallIntegerField(_("corrigendum"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent document"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("For a revision, an addendum or a corrigendum: the document it changes."),
    )
    source_body = models.ForeignKey(
        "conference.Body",
        verbose_name=_("issued by body"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issued_documents",
    )
    source_secretariat = models.BooleanField(_("issued by the secretariat"), default=False)
    instrument = models.ForeignKey(
        "negotiation.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("The instrument whose text this document carries, if any."),
    )
    text = models.TextField(_("text"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    addendum = models.PositiveSmallIntegerField(
        _("addendum"), default=0, help_text=_("0 for the document itself.")
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.TextField(_("title"))
    sources = models.ManyToManyField(
        "conference.Organisation",
        verbose_name=_("sources"),
        blank=True,
        related_name="documents",
    )
    original_language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    date = models.DateField(_("date"))
    body = models.ForeignKey(
        "conference.Body",
        verbose_name=_("allocated to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )

    class Meta:
        ordering = ["date", "number", "addendum", "revision"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "number", "addendum", "revision", "corrigendum"],
                condition=~Q(number=""),
                name="document_unique_symbol",
            ),
        ]
        indexes = [
            # The document list's order (newest first), so a page is read off the index
            # instead of sorting the conference's documents on every request.
            models.Index(
                fields=["conference", "-date", "series", "sequence", "addendum", "revision", "id"],
                name="document_conference_list",
            ),
            # Feeds: newest first, then latest registered.
            models.Index(fields=["conference", "date", "id"], name="document_conference_date"),
        ]

    def __str__(self) -> str:
        return str(self.symbol)

    @property
    def symbol_value(self) -> Symbol | None:
        """The engine's symbol, or None before registration."""
        if not self.number:
            return None

        series, number = parse_key(self.number)
        return Symbol(
            series,
            number,
            revision=self.revision,
            addendum=self.addendum,
            corrigendum=self.corrigendum,
        )

    @property
    def symbol(self) -> str:
        """The document's name as printed on it, without the language suffix."""
        value = self.symbol_value
        if value is None:
            return _("Unregistered submission %(pk)s") % {"pk": self.pk or ""}
        return format_symbol(value)

    def symbol_in(self, language: str) -> str:
        value = self.symbol_value
        return format_symbol(value.with_language(language)) if value else self.symbol


class DocumentVersion(models.Model):
    """One language version of a document: a file, structured text, or both."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="documents/", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["document", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="document_version_one_per_language"
            ),
        ]

    def __str__(self) -> str:
        return self.document.symbol_in(self.language)


class Allocation(models.Model):
    """The Steering Committee's allocation of a document (or one proposal) to a body.

    A body's allocations, in order, are its agenda of documents to consider.
    """

    body = models.ForeignKey(
        "conference.Body",
        verbose_name=_("body"),
        on_delete=models.CASCADE,
        related_name="allocations",
    )
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="allocations"
    )
    proposal = models.ForeignKey(
        "documents.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="allocations",
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("allocated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    allocated_at = models.DateTimeField(_("allocated at"), auto_now_add=True)
    considered = models.BooleanField(_("considered"), default=False)

    class Meta:
        ordering = ["body", "allocated_at", "pk"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "document"],
                condition=Q(proposal__isnull=True),
                name="allocation_document_once",
            ),
            models.UniqueConstraint(
                fields=["body", "proposal"],
                condition=Q(proposal__isnull=False),
                name="allocation_proposal_once",
            ),
        ]

    def __str__(self) -> str:
        what = self.proposal.symbol if self.proposal_id else self.document.symbol
        return f"{what} → {self.body.code}"


class SubmissionDeadline(models.Model):
    """When input documents stop being accepted; without one, 28 days before the opening."""

    conference = models.OneToOneField(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="submission_deadline",
    )
    closes_at = models.DateTimeField(_("closes at"))

    class Meta:
        verbose_name = _("submission deadline")
        verbose_name_plural = _("submission deadlines")

    def __str__(self) -> str:
        return f"{self.conference.short_name}: {self.closes_at:%Y-%m-%d %H:%M}"


class DocumentReturn(models.Model):
    """The secretariat's return of a submission to its sources, with the reason.

    A row of its own rather than columns of the document: the document table carries
    the search and cache triggers, which SQLite would drop with a rebuilt table."""

    document = models.OneToOneField(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="returned"
    )
    reason = models.TextField(_("reason"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("returned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("returned at"))

    class Meta:
        verbose_name = _("returned submission")
        verbose_name_plural = _("returned submissions")

    def __str__(self) -> str:
        return str(self.document)


class Proposal(models.Model):
    """One proposal in an input document, numbered SOURCE/DOC[A<addendum>]/SEQ."""

    class Mark(models.TextChoices):
        ADD = "ADD", _("ADD: new provision")
        ADD_MOVED = "ADD*", _("ADD*: existing text moved in")
        MOD = "MOD", _("MOD: amended text")
        MOD_EDITORIAL = "(MOD)", _("(MOD): editorial change")
        SUP = "SUP", _("SUP: deletion")
        SUP_MOVED = "SUP*", _("SUP*: moved elsewhere")
        NOC = "NOC", _("NOC: no change")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="proposals"
    )
    symbol = models.CharField(_("symbol"), max_length=40, help_text=_('For example "EUR/27A1/5".'))
    sources = models.ManyToManyField(
        "conference.Organisation",
        verbose_name=_("sources"),
        blank=True,
        related_name="proposals",
    )
    mark = models.CharField(_("mark"), max_length=6, choices=Mark.choices)
    instrument = models.ForeignKey(
        "negotiation.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    target = models.CharField(
        _("target provision"),
        max_length=200,
        blank=True,
        help_text=_('The provision id changed, for example "resolves__para_2".'),
    )
    anchor = models.CharField(
        _("anchor"),
        max_length=200,
        blank=True,
        help_text=_("For ADD: the provision id after which the new text goes."),
    )
    text = models.TextField(_("text"), blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    sequence = models.PositiveIntegerField(_("sequence"), default=0)

    class Meta:
        ordering = ["document", "sequence", "symbol"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["document", "symbol"], name="proposal_unique_symbol"),
        ]

    def __str__(self) -> str:
        return f"{self.mark} {self.symbol}"
