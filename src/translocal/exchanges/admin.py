"""Staff see exchanges and registrations in the admin, read-only: every change goes through the
exchange pages and their services (capacity, waiting list, e-mails, audit rows), which a plain
admin form would bypass."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Exchange, Registration


class _ReadOnly(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Exchange)
class ExchangeAdmin(_ReadOnly):
    list_display = ("title", "kind", "starts_on", "place", "hub", "visibility", "status")
    list_filter = ("kind", "visibility", "status")
    list_select_related = ("place", "hub")
    search_fields = ("title", "summary")
    date_hierarchy = "starts_on"


@admin.register(Registration)
class RegistrationAdmin(_ReadOnly):
    list_display = ("__str__", "registration_type", "status", "checked_in_at", "created_at")
    list_filter = ("status",)
    list_select_related = ("exchange", "registration_type", "user")
    search_fields = ("name", "user__username", "user__display_name", "exchange__title")
    exclude = ("learning_goals", "answers")  # a person's own words: read on the review page by organisers
