from django.contrib import admin

from plenipot.meetings.models import AgendaItem, Meeting


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    raw_id_fields = ("document", "instrument")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "starts_at", "ends_at", "room", "status")
    list_filter = ("conference", "status", "openness")
    raw_id_fields = ("body",)
    inlines = [AgendaItemInline]
