from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from plenipot.accounts.models import AccessDecisions, ApiToken, AuditEntry, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "email", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "display_name", "first_name", "last_name", "email")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Conference"), {"fields": ("role", "display_name")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Conference"), {"fields": ("role", "display_name")}),
    )


@admin.register(AccessDecisions)
class AccessDecisionsAdmin(admin.ModelAdmin):
    """Read-only here: changes go through the secretariat's page, which audits them."""

    list_display = ("conference", "public_kinds", "source_may_publish", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "action", "conference", "document")
    list_filter = ("action",)
    search_fields = ("user__username", "document__number", "document__title")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "created_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    fields = ("user", "prefix", "created_at", "last_used_at", "revoked")
    readonly_fields = ("user", "prefix", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False
