from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SetupConfig(AppConfig):
    name = "plenipot.setup"
    verbose_name = _("Set-up")
