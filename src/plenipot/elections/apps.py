from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "plenipot.elections"
    verbose_name = _("Votes and elections")
