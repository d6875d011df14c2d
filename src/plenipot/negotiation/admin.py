from django.contrib import admin

from plenipot.negotiation.models import Instrument


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "title", "status", "conference")
    list_filter = ("conference", "kind", "status")
    search_fields = ("number", "title", "text")
