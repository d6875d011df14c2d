from django.db import models
from django.utils.translation import gettext_lazy as _

from plenipot.conference.models import Language


class Document(models.Model):
    """A numbered conference document, e.g. "Addendum 1 to Document 27"."""

    class Kind(models.TextChoices):
        INPUT = "input", _("Input document")
        TEMPORARY = "temporary", _("Temporary document")
        OUTPUT = "output", _("Output document")
        ADMINISTRATIVE = "administrative", _("Administrative document")
        INFORMATION = "information", _("Information document")

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    number = models.CharField(
        _("number"), max_length=20, help_text=_('For example "27", "DT/12" or "ADM/54".')
    )
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
                fields=["conference", "number", "addendum", "revision"],
                name="document_unique_number",
            ),
        ]

    def __str__(self) -> str:
        return str(self.symbol)

    @property
    def symbol(self) -> str:
        """The document's name as printed on it, without the language suffix."""
        base = f"Document {self.number}"
        if self.revision:
            base += f"(Rev.{self.revision})"
        if self.addendum:
            return _("Addendum %(addendum)s to %(document)s") % {
                "addendum": self.addendum,
                "document": base,
            }
        return base


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
    symbol = models.CharField(
        _("symbol"), max_length=40, help_text=_('For example "EUR/27A1/5".')
    )
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
