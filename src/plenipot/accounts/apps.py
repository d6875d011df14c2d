from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "plenipot.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Signal receivers are connected once the apps are loaded, in ready().
        from plenipot.core.sockets import connect_signals

        connect_signals()  # open live sockets hear when access changes
