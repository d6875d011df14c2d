from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FloorConfig(AppConfig):
    name = "plenipot.floor"
    verbose_name = _("The floor")
