"""Django admin for staff. Edits made here bypass the services, so saving re-renders the
body, regrades completeness and reindexes, the same follow-ups the services do."""

from typing import ClassVar

from django.contrib import admin
from django.http import HttpRequest

from translocal.accounts.types import request_user
from translocal.core.versioning import VersionedAdminMixin

from .completeness import case_completeness
from .models import Authorship, Case, Method, Reflection, Series, Status
from .services.cases import set_case_featured
from .services.common import mark_published, reindex, render_body

_ENTRY_LIST: tuple[str, ...] = ("title", "status", "published_at", "original_language", "source_name", "updated_at")
_ENTRY_RAW: tuple[str, ...] = ("created_by", "hub")
_ENTRY_READONLY: tuple[str, ...] = ("body_html", "created_at", "updated_at")


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

    @admin.action(description="Publish the selected entries")
    def publish_selected(self, request: HttpRequest, queryset) -> None:  # noqa: ANN001
        for obj in queryset.exclude(status=Status.PUBLISHED):
            mark_published(obj)
            obj.save(update_fields=["status", "published_at", "updated_at"])
            reindex(obj)

    @admin.action(description="Unpublish the selected entries")
    def unpublish_selected(self, request: HttpRequest, queryset) -> None:  # noqa: ANN001
        for obj in queryset.filter(status=Status.PUBLISHED):
            obj.status = Status.UNPUBLISHED
            obj.save(update_fields=["status", "updated_at"])
            reindex(obj)


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
    fields = ("position", "user", "guest_name", "guest_affiliation")


@admin.register(Reflection)
class ReflectionAdmin(_EntryAdmin):
    list_display = (*_ENTRY_LIST, "series", "series_position")
    list_filter = ("status", "series", "original_language")
    list_select_related = ("series",)
    raw_id_fields = (*_ENTRY_RAW, "cases", "places")
    autocomplete_fields = ("methods", "series")
    inlines = (AuthorshipInline,)


@admin.register(Series)
class SeriesAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "slug", "created_by", "hub", "created_at")
    search_fields = ("title", "slug", "description")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("created_by", "hub")
