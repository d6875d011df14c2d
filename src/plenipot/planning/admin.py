from django.contrib import admin

from plenipot.planning.models import PlanningRun, Room


@admin.register(PlanningRun)
class PlanningRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "conference", "status", "first_day", "days", "started_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["problem", "current", "origins", "result", "figures"]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "conference", "capacity", "interpretation", "position"]
    list_filter = ["conference", "interpretation"]
    list_editable = ["capacity", "interpretation", "position"]
    search_fields = ["name"]
