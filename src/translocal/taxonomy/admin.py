"""Terms in the Django admin, written through the taxonomy services (save_term, delete_term):
staff only, logged in the audit log, and search and the cached pages follow after the commit."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from translocal.core.service_admin import ServiceAdminMixin

from .models import Term
from .services import TERM_FIELDS, delete_term, save_term


@admin.register(Term)
class TermAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["label", "vocabulary", "slug", "position", "parent"]
    list_filter = ["vocabulary"]
    search_fields = ["label", "slug", "description"]
    ordering = ["vocabulary", "position", "label"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]

    def save_model(self, request: HttpRequest, obj: Term, form: Any, change: bool) -> None:
        names = form.changed_data if change else list(form.cleaned_data)
        data = {name: form.cleaned_data[name] for name in names if name in TERM_FIELDS}
        current = Term.objects.get(pk=obj.pk) if change else None
        saved = save_term(acting_user=request.user, term=current, data=data)
        obj.pk, obj.slug = saved.pk, saved.slug
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """A term has no many-to-many fields or inlines: save_term wrote everything."""

    def delete_one(self, request: HttpRequest, obj: models.Model) -> None:
        assert isinstance(obj, Term)  # noqa: S101 - for the type checker
        delete_term(acting_user=request.user, term=obj)
