from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "plenipot.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        # Signal receivers are connected once the apps are loaded, in ready().
        from plenipot.operations.metrics import connect_signals
        from plenipot.operations.requests import quiet_socket_lines

        connect_signals()  # failed logins and lockouts are counted
        quiet_socket_lines()  # no log line per live socket (operations.requests)
