from django.contrib import admin

from plenipot.planning.models import PlanningRun


@admin.register(PlanningRun)
class PlanningRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "conference", "status", "first_day", "days", "started_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["problem", "current", "origins", "result", "figures"]
