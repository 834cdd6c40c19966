"""Django admin for staff. Edits made here bypass the services, so saving re-renders the
body, regrades completeness and reindexes, the same follow-ups the services do."""

from typing import ClassVar

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.template.response import TemplateResponse

from translocal.accounts.types import request_user
from translocal.core.versioning import VersionedAdminMixin

from .completeness import case_completeness
from .forms import TakedownForm
from .models import Authorship, Case, Method, Reflection, Series, Status
from .services.cases import set_case_featured
from .services.common import mark_published, reindex, render_body
from .services.entries import publish_entry, unpublish_entry

_ENTRY_LIST: tuple[str, ...] = ("title", "status", "published_at", "original_language", "source_name", "updated_at")
_ENTRY_RAW: tuple[str, ...] = ("created_by", "hub")
_ENTRY_READONLY: tuple[str, ...] = (
    "body_html", "created_at", "updated_at",
    # Publishing and takedowns go through the actions (the services), never the form.
    "status", "moderated_by", "moderated_at", "moderation_reason", "moderation_hub",
)


class _EntryAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = _ENTRY_LIST
    list_filter: ClassVar[tuple[str, ...]] = ("status", "original_language", "source_name")
    search_fields = ("title", "slug", "summary", "source_id")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = _ENTRY_RAW
    readonly_fields = _ENTRY_READONLY
    date_hierarchy = "published_at"
    list_select_related: ClassVar[tuple[str, ...]] = ()
    actions: tuple[str, ...] = ("publish_selected", "unpublish_selected")

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:  # noqa: ANN001
        render_body(obj)
        if obj.status == Status.PUBLISHED:
            mark_published(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:  # noqa: ANN001
        super().save_related(request, form, formsets, change)
        reindex(form.instance)

    @admin.action(description="Publish the selected entries (lifts a moderator's takedown)")
    def publish_selected(self, request: HttpRequest, queryset) -> None:  # noqa: ANN001
        for obj in queryset.exclude(status=Status.PUBLISHED):
            try:
                with transaction.atomic():
                    publish_entry(obj, acting_user=request_user(request))
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{obj}: {' '.join(getattr(error, 'messages', [str(error)]))}",
                                  messages.ERROR)

    @admin.action(description="Take down the selected entries (asks for a reason)")
    def unpublish_selected(self, request: HttpRequest, queryset):  # noqa: ANN001, ANN201
        """A takedown needs a reason its authors will read: an intermediate page asks for it."""
        form = TakedownForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for obj in queryset.filter(status=Status.PUBLISHED):
                with transaction.atomic():
                    unpublish_entry(obj, acting_user=request_user(request), reason=form.cleaned_data["reason"])
                done += 1
            self.message_user(request, f"{done} taken down.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Take down the selected entries",
            "form": form,
            "queryset": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/knowledge/takedown.html", context)


@admin.register(Case)
class CaseAdmin(_EntryAdmin):
    list_display = (*_ENTRY_LIST, "completeness", "featured", "place")
    list_filter = ("status", "completeness", "featured", "original_language", "source_name")
    list_select_related = ("place",)
    raw_id_fields = (*_ENTRY_RAW, "place", "is_component_of")
    autocomplete_fields = ("methods",)
    filter_horizontal = ("organisations",)
    readonly_fields = (*_ENTRY_READONLY, "completeness")
    actions = (*_EntryAdmin.actions, "feature_selected", "unfeature_selected")

    @admin.action(description="Feature the selected cases on the home page")
    def feature_selected(self, request: HttpRequest, queryset) -> None:  # noqa: ANN001
        for case in queryset.filter(featured=False):
            set_case_featured(acting_user=request_user(request), case=case, featured=True)

    @admin.action(description="Stop featuring the selected cases")
    def unfeature_selected(self, request: HttpRequest, queryset) -> None:  # noqa: ANN001
        for case in queryset.filter(featured=True):
            set_case_featured(acting_user=request_user(request), case=case, featured=False)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:  # noqa: ANN001
        super().save_related(request, form, formsets, change)
        grade = case_completeness(form.instance)
        Case.objects.filter(pk=form.instance.pk).update(completeness=grade)


@admin.register(Method)
class MethodAdmin(_EntryAdmin):
    pass


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 1
    raw_id_fields = ("user",)
    fields = ("position", "user", "guest_name", "guest_affiliation", "status", "invited_by")
    # A member named here is asked like anyone else; only they answer (accept or decline).
    readonly_fields = ("status", "invited_by")


@admin.register(Reflection)
class ReflectionAdmin(_EntryAdmin):
    list_display = (*_ENTRY_LIST, "series", "series_position")
    list_filter = ("status", "series", "original_language")
    list_select_related = ("series",)
    raw_id_fields = (*_ENTRY_RAW, "cases", "places")
    autocomplete_fields = ("methods", "series")
    inlines = (AuthorshipInline,)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:  # noqa: ANN001
        """New author rows follow the services' rule: guests and the staff member naming
        themselves are accepted, any other member named is asked (pending)."""
        for row in formset.save(commit=False):
            if row.pk is None and isinstance(row, Authorship):
                staff = request_user(request)
                row.invited_by = staff
                if row.user_id is None or row.user_id == staff.pk:
                    row.status = Authorship.Status.ACCEPTED
            row.save()
        for row in formset.deleted_objects:
            row.delete()
        formset.save_m2m()


@admin.register(Series)
class SeriesAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "slug", "created_by", "hub", "created_at")
    search_fields = ("title", "slug", "description")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("created_by", "hub")
