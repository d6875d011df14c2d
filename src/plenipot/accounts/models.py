from django.contrib.auth.models import AbstractUser
from django.db import models
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
