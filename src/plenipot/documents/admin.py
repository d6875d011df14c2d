from django.contrib import admin

from plenipot.documents.models import (
    Allocation,
    Document,
    DocumentVersion,
    Proposal,
    SubmissionDeadline,
)


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0
    fields = ("symbol", "mark", "instrument", "target", "anchor")
    show_change_link = True


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "status", "title", "original_language", "date", "body")
    list_filter = ("conference", "series", "kind", "status", "original_language")
    search_fields = ("number", "title")
    filter_horizontal = ("sources",)
    raw_id_fields = ("body", "parent", "source_body", "instrument", "submitted_by")
    inlines = [ProposalInline, DocumentVersionInline]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("symbol", "mark", "instrument", "target", "document")
    list_filter = ("mark", "instrument")
    search_fields = ("symbol", "target", "text", "reasons")
    filter_horizontal = ("sources",)
    raw_id_fields = ("document", "instrument")


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "allocated_at", "considered")
    list_filter = ("body",)
    raw_id_fields = ("document", "proposal", "allocated_by")


admin.site.register(SubmissionDeadline)
