from django.contrib import admin

from plenipot.submissions.models import Upload


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["filename", "conference", "uploaded_by", "status", "created_at"]
    list_filter = ["status"]
