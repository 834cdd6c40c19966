"""Processes are created and changed through the services (the site and the demo); the admin
lists them for staff to find, read-only."""

from django.contrib import admin

from .models import Process


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ("title", "hub", "access", "is_published", "created_at")
    list_filter = ("access", "is_published")
    search_fields = ("title",)

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False
