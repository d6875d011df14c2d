from django.contrib import admin

from plenipot.documents.models import Document, Proposal


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0
    fields = ("symbol", "mark", "instrument", "target", "anchor")
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "title", "original_language", "date", "body")
    list_filter = ("conference", "kind", "original_language")
    search_fields = ("number", "title")
    filter_horizontal = ("sources",)
    raw_id_fields = ("body",)
    inlines = [ProposalInline]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("symbol", "mark", "instrument", "target", "document")
    list_filter = ("mark", "instrument")
    search_fields = ("symbol", "target", "text", "reasons")
    filter_horizontal = ("sources",)
    raw_id_fields = ("document", "instrument")
