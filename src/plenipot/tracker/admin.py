from django.contrib import admin

from plenipot.tracker.models import Decision, Declaration, PathEvent, Statement, TextPath


class PathEventInline(admin.TabularInline):
    model = PathEvent
    extra = 0
    can_delete = False
    readonly_fields = ("from_stage", "to_stage", "at", "by", "body", "note", "document", "decision")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TextPath)
class TextPathAdmin(admin.ModelAdmin):
    list_display = ("instrument", "stage", "body", "adopted_number")
    list_filter = ("conference", "stage")
    readonly_fields = ("stage",)
    inlines = [PathEventInline]


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 0


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "outcome", "decided_at")
    list_filter = ("outcome",)
    inlines = [StatementInline]


admin.site.register(Declaration)
