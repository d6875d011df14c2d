from django.contrib import admin

from plenipot.translation.models import (
    Assignment,
    CheckWaiver,
    Expression,
    GlossaryTerm,
    MemorySegment,
    SourceText,
)


@admin.register(SourceText)
class SourceTextAdmin(admin.ModelAdmin):
    list_display = ["__str__", "language", "conference"]


@admin.register(Expression)
class ExpressionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "language", "status", "updated"]
    list_filter = ["language", "status"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["expression", "user", "role", "deadline"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "conference", "note"]


@admin.register(MemorySegment)
class MemorySegmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "origin", "reference"]
    list_filter = ["source_language", "target_language", "origin"]


@admin.register(CheckWaiver)
class CheckWaiverAdmin(admin.ModelAdmin):
    list_display = ["source", "check_name", "language", "eid", "waived_by", "waived_at"]
