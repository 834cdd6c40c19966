from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by services only, and nobody edits history."""

    list_display = ("created_at", "actor_name", "action", "target_label", "hub", "reason")
    list_filter = ("action", "created_at")
    list_select_related = ("hub",)
    search_fields = ("actor_name", "target_label", "reason")
    date_hierarchy = "created_at"
    readonly_fields = tuple(
        field.name for field in AuditEntry._meta.get_fields() if getattr(field, "concrete", False)
    )
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
