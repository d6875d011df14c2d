import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from plenipot.conference.names import in_language, state_name


class Language(models.TextChoices):
    """The six official languages, used on an equal footing."""

    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    RUSSIAN = "ru", _("Russian")
    SPANISH = "es", _("Spanish")


class ConferenceManager(models.Manager):
    def get_by_natural_key(self, short_name):
        return self.get(short_name=short_name)


class Conference(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=30, unique=True, help_text=_('For example "PP-14".')
    )
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=100)
    # The names in other languages, {language code: text}; the fields above are the
    # fallback. Nullable without a default so that the columns are added in place.
    names = models.JSONField(_("name in other languages"), null=True, blank=True)
    city_names = models.JSONField(_("city in other languages"), null=True, blank=True)
    country_names = models.JSONField(_("country in other languages"), null=True, blank=True)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    languages = models.JSONField(
        _("official languages"),
        default=list,
        blank=True,
        help_text=_("Language codes: ar, zh, en, fr, ru, es."),
    )
    # Nullable so that SQLite adds the column in place, keeping the triggers on this
    # table (portal migration 0004); empty and null both mean the site's time zone.
    time_zone = models.CharField(  # noqa: DJ001
        _("time zone"),
        max_length=64,
        null=True,
        blank=True,
        help_text=_('Where the conference meets, for example "Asia/Seoul"; empty: the site\'s.'),
    )
    today = models.DateField(
        _("conference clock"),
        null=True,
        blank=True,
        help_text=_(
            "The day the site takes as today for this conference, for rehearsals and "
            "training; empty: the real date."
        ),
    )

    objects = ConferenceManager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="conference_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})"

    def natural_key(self):
        return (self.short_name,)

    def clean(self):
        unknown = [code for code in self.languages or [] if code not in Language.values]
        if unknown:
            raise ValidationError(
                {"languages": _("Unknown language codes: %(codes)s") % {"codes": ", ".join(unknown)}}
            )
        if self.time_zone:
            try:
                zoneinfo.ZoneInfo(self.time_zone)
            except (ValueError, zoneinfo.ZoneInfoNotFoundError):
                raise ValidationError(
                    {
                        "time_zone": _("%(zone)s is not a time zone (for example Asia/Seoul).")
                        % {"zone": self.time_zone}
                    }
                ) from None

    @property
    def local_name(self) -> str:
        """The conference's name in the reader's language."""
        return in_language(self.name, self.names)

    @property
    def local_city(self) -> str:
        return in_language(self.city, self.city_names)

    @property
    def local_country(self) -> str:
        return in_language(self.country, self.country_names)

    @property
    def language_codes(self) -> tuple[str, ...]:
        """The conference's official languages, in the usual order of the six (ar, zh,
        en, fr, ru, es); a conference that names none works in all six."""
        chosen = set(self.languages or ())
        return tuple(code for code in Language.values if code in chosen) or tuple(
            Language.values
        )


class ItuRegion(models.TextChoices):
    A = "A", _("Region A (Americas)")
    B = "B", _("Region B (Western Europe)")
    C = "C", _("Region C (Eastern Europe and Northern Asia)")
    D = "D", _("Region D (Africa)")
    E = "E", _("Region E (Asia and Australasia)")


class Organisation(models.Model):
    """A participant: a Member State, a regional organisation, a Sector Member, …"""

    class Kind(models.TextChoices):
        MEMBER_STATE = "member_state", _("Member State")
        REGIONAL = "regional", _("Regional telecommunication organisation")
        SECTOR_MEMBER = "sector_member", _("Sector Member")
        ACADEMIA = "academia", _("Academia")
        OBSERVER = "observer", _("Observer")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    symbol = models.CharField(
        _("ITU symbol"),
        max_length=10,
        blank=True,
        help_text=_('Used in proposal numbers, for example "F", "USA" or "EUR".'),
    )
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, blank=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, blank=True)
    itu_region = models.CharField(
        _("ITU region"), max_length=1, choices=ItuRegion.choices, blank=True
    )
    members = models.ManyToManyField(
        "self",
        verbose_name=_("members"),
        symmetrical=False,
        blank=True,
        related_name="regional_organisations",
        limit_choices_to={"kind": "member_state"},
        help_text=_("For a regional organisation: its Member States."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["symbol"], condition=~Q(symbol=""), name="organisation_unique_symbol"
            ),
            models.UniqueConstraint(
                fields=["iso3"], condition=~Q(iso3=""), name="organisation_unique_iso3"
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.local_name()

    def local_name(self, language: str | None = None) -> str:
        """The name in `language` (default: the reader's): a state's from CLDR by its ISO
        code outside English, else the stored name."""
        language = language or translation.get_language() or "en"
        if (self.iso2 or self.iso3) and not language.startswith("en"):
            return state_name(iso2=self.iso2, iso3=self.iso3, language=language) or self.name
        return self.name

    @property
    def is_member_state(self) -> bool:
        return self.kind == self.Kind.MEMBER_STATE


class Delegation(models.Model):
    """A Member State's (or other participant's) accredited team at one conference."""

    class Credentials(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="delegations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    credentials_status = models.CharField(
        _("credentials"),
        max_length=10,
        choices=Credentials.choices,
        default=Credentials.PENDING,
    )

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "organisation"], name="delegation_one_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def may_vote(self) -> bool:
        return self.credentials_status == self.Credentials.ACCEPTED


class Person(models.Model):
    """Someone at the conference: a delegate, a chair, a secretariat officer, …"""

    class DelegationRole(models.TextChoices):
        HEAD = "head", _("Head of delegation")
        DELEGATE = "delegate", _("Delegate")
        ADVISER = "adviser", _("Adviser")

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="members",
    )
    delegation_role = models.CharField(
        _("role in the delegation"), max_length=10, choices=DelegationRole.choices, blank=True
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(delegation__isnull=True, delegation_role="")
                | Q(delegation__isnull=False) & ~Q(delegation_role=""),
                name="person_role_iff_delegation",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Body(models.Model):
    """A body of the conference; bodies form a tree under the Plenary."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        COMMITTEE = "committee", _("Committee")
        WORKING_GROUP = "working_group", _("Working group")
        AD_HOC = "ad_hoc", _("Ad hoc group")
        CONSOLIDATION = "consolidation", _("Consolidation group")
        DRAFTING = "drafting", _("Drafting group")
        INFORMAL = "informal", _("Informal consultation")

    class Openness(models.TextChoices):
        PUBLIC = "public", _("Public (webcast)")
        PARTICIPANTS = "participants", _("Participants")
        DELEGATIONS = "delegations", _("Delegations only")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REPORTED = "reported", _("Reported")
        DISSOLVED = "dissolved", _("Dissolved")

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="bodies"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(
        _("code"), max_length=40, help_text=_('For example "PL", "COM5" or "COM5-AHG-130".')
    )
    name = models.CharField(_("name"), max_length=200)
    # {language code: name}; `name` is the fallback. Nullable without a default so that
    # the column is added in place.
    names = models.JSONField(_("name in other languages"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_bodies",
    )
    vice_chairs = models.ManyToManyField(
        Person, verbose_name=_("vice-chairs"), blank=True, related_name="vice_chaired_bodies"
    )
    mandate = models.TextField(_("mandate"), blank=True)
    deadline = models.DateField(_("deadline to report"), null=True, blank=True)
    openness = models.CharField(
        _("openness"), max_length=20, choices=Openness.choices, default=Openness.DELEGATIONS
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Order among the bodies of the conference.")
    )

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["conference", "code"], name="body_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.local_name}"

    @property
    def local_name(self) -> str:
        """The body's name in the reader's language."""
        return in_language(self.name, self.names)
