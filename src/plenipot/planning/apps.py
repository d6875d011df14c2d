from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "plenipot.planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        # The planner keeps the rooms: pages of the apps beside it name them through
        # meetings.rooms.
        from plenipot.meetings.rooms import rooms_named_by
        from plenipot.planning.selectors import room_labels

        rooms_named_by(room_labels)
