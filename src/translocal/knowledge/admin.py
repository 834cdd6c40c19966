"""Django admin for staff. Every write goes through the same services as the site's own pages
(issue 9 §5): adding and changing an entry call create_*/update_* with the form's values (the
body rendered before the admin's transaction opens, the version the form was opened at checked),
deleting calls delete_*, and the actions call the publishing and featuring services. The
services grade completeness, keep search and the cached pages in step after the commit, and log
what needs logging; the admin adds one audit row for each add or change it makes."""

from typing import Any, ClassVar

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy

from translocal.accounts.models import User
from translocal.accounts.types import request_user
from translocal.audit import actions as audit_actions
from translocal.audit.services import record
from translocal.core.service_admin import ServiceAdminMixin, error_text
from translocal.core.versioning import VersionedAdminMixin

from .forms import TakedownForm
from .models import Authorship, Case, Method, Reflection, Series, Status
from .services import (
    AuthorInput,
    create_case,
    create_method,
    create_reflection,
    create_series,
    delete_case,
    delete_method,
    delete_reflection,
    delete_series,
    set_authors,
    set_case_featured,
    update_case,
    update_method,
    update_reflection,
    update_series,
)
from .services.cases import CASE_FIELDS, CASE_MANY
from .services.common import RenderedBody, render_body_ahead
from .services.entries import ENTRY_FIELDS, ENTRY_MANY, publish_entry, unpublish_entry
from .services.methods import METHOD_FIELDS, METHOD_MANY
from .services.reflections import REFLECTION_FIELDS, REFLECTION_MANY
from .services.series import SERIES_FIELDS

_ENTRY_LIST: tuple[str, ...] = ("title", "status", "published_at", "original_language", "source_name", "updated_at")
_ENTRY_RAW: tuple[str, ...] = ("hub",)
_ENTRY_READONLY: tuple[str, ...] = (
    "body_html", "body_format", "created_by", "created_at", "updated_at",
    # Publishing and takedowns go through the actions (the services), never the form.
    "status", "published_at", "moderated_by", "moderated_at", "moderation_reason", "moderation_hub",
    # Provenance is the importer's: a re-import matches on it.
    "source_name", "source_id", "source_url", "licence", "attribution",
)
_RENDERED_ATTR = "_translocal_rendered_body"


def _adopt(obj: models.Model, saved: models.Model) -> None:
    """Make the admin's form instance the row a service saved (the admin answers with it)."""
    if obj is saved:
        return
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


def _log(user: User, obj: models.Model, *, change: bool, fields: list[str]) -> None:
    action = audit_actions.EDIT if change else audit_actions.CREATE
    record(acting_user=user, action=action, target=obj, details={"via": "admin", "fields": sorted(fields)})


class _ServiceFormAdmin(ServiceAdminMixin, VersionedAdminMixin, admin.ModelAdmin):
    """Saves through ``create``/``update`` (the services) with the form's values; subclasses
    name the fields the services take."""

    service_fields: ClassVar[tuple[str, ...]] = ()

    def form_data(self, form: Any, change: bool) -> dict[str, Any]:
        """What the services are given: on a change only the fields that changed (and the
        version the form was opened at), on an add every field the services take."""
        names = form.changed_data if change else list(form.cleaned_data)
        data = {name: form.cleaned_data[name] for name in names if name in self.service_fields}
        if change:
            data["version"] = form.cleaned_data.get("version")
        return data

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def update(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def after_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Writes of the form that are not an edit (featuring a case)."""

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:  # noqa: ANN001
        data = self.form_data(form, change)
        if change:
            # A fresh row, not the form's instance: only what the service writes is written.
            saved = self.update(request, self.model._default_manager.get(pk=obj.pk), data)
        else:
            saved = self.create(request, data)
        self.after_save(request, saved, form, change)
        _log(request_user(request), saved, change=change, fields=[k for k in data if k != "version"])
        _adopt(obj, saved)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:  # noqa: ANN001
        # The services set the many-to-many fields; only the inline formsets are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class _EntryAdmin(_ServiceFormAdmin):
    list_display = _ENTRY_LIST
    list_filter: ClassVar[tuple[str, ...]] = ("status", "original_language", "source_name")
    search_fields = ("title", "slug", "summary", "source_id")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = _ENTRY_RAW
    readonly_fields = _ENTRY_READONLY
    date_hierarchy = "published_at"
    list_select_related: ClassVar[tuple[str, ...]] = ()
    actions: tuple[str, ...] = ("publish_selected", "unpublish_selected")
    type_fields: ClassVar[tuple[str, ...]] = ()

    @property
    def service_fields(self) -> tuple[str, ...]:  # type: ignore[override]
        return (*ENTRY_FIELDS, *ENTRY_MANY, "slug", *self.type_fields)

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Render a submitted body before the admin's transaction opens: no CPU work under the
        database's write lock (the services take it as ``rendered``)."""
        if request.method == "POST" and "body" in request.POST and not hasattr(request, _RENDERED_ATTR):
            entry = None
            if object_id is not None:
                entry = self.model._default_manager.filter(pk=unquote(object_id)).only("body_format").first()
            try:
                rendered = render_body_ahead({"body": request.POST["body"]}, entry=entry)
            except ValidationError:
                rendered = None  # too long: the service says so on the form
            setattr(request, _RENDERED_ATTR, rendered)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def rendered(self, request: HttpRequest) -> RenderedBody | None:
        return getattr(request, _RENDERED_ATTR, None)

    @admin.action(description=gettext_lazy("Publish the selected entries (lifts a moderator's takedown)"))
    def publish_selected(self, request: HttpRequest, queryset) -> None:  # noqa: ANN001
        for obj in queryset.exclude(status=Status.PUBLISHED):
            try:
                with transaction.atomic():
                    publish_entry(obj, acting_user=request_user(request))
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{obj}: {error_text(error)}", messages.ERROR)

    @admin.action(description=gettext_lazy("Take down the selected entries (asks for a reason)"))
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
    type_fields = (*CASE_FIELDS, *CASE_MANY)

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Case:
        return create_case(acting_user=request_user(request), data=data, rendered=self.rendered(request))

    def update(self, request: HttpRequest, obj: Case, data: dict[str, Any]) -> Case:
        return update_case(acting_user=request_user(request), case=obj, data=data, rendered=self.rendered(request))

    def after_save(self, request: HttpRequest, obj: Case, form: Any, change: bool) -> None:
        if "featured" in form.changed_data:
            set_case_featured(acting_user=request_user(request), case=obj, featured=form.cleaned_data["featured"])

    def delete_one(self, request: HttpRequest, obj: models.Model) -> None:
        assert isinstance(obj, Case)  # noqa: S101 - for the type checker
        delete_case(acting_user=request_user(request), case=obj)

    @admin.action(description=gettext_lazy("Feature the selected cases on the home page"))
    def feature_selected(self, request: HttpRequest, queryset) -> None:  # noqa: ANN001
        for case in queryset.filter(featured=False):
            set_case_featured(acting_user=request_user(request), case=case, featured=True)

    @admin.action(description=gettext_lazy("Stop featuring the selected cases"))
    def unfeature_selected(self, request: HttpRequest, queryset) -> None:  # noqa: ANN001
        for case in queryset.filter(featured=True):
            set_case_featured(acting_user=request_user(request), case=case, featured=False)


@admin.register(Method)
class MethodAdmin(_EntryAdmin):
    type_fields = (*METHOD_FIELDS, *METHOD_MANY)

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Method:
        return create_method(acting_user=request_user(request), data=data, rendered=self.rendered(request))

    def update(self, request: HttpRequest, obj: Method, data: dict[str, Any]) -> Method:
        return update_method(
            acting_user=request_user(request), method=obj, data=data, rendered=self.rendered(request)
        )

    def delete_one(self, request: HttpRequest, obj: models.Model) -> None:
        assert isinstance(obj, Method)  # noqa: S101 - for the type checker
        delete_method(acting_user=request_user(request), method=obj)


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
    type_fields = (*REFLECTION_FIELDS, *REFLECTION_MANY, "series", "series_position")

    def form_data(self, form: Any, change: bool) -> dict[str, Any]:
        data = super().form_data(form, change)
        if "series" in data or "series_position" in data:
            # The service places a post from both together (a position without its series is ignored).
            data["series"] = form.cleaned_data.get("series")
            data["series_position"] = form.cleaned_data.get("series_position") if data["series"] else None
        return data

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Reflection:
        return create_reflection(acting_user=request_user(request), data=data, rendered=self.rendered(request))

    def update(self, request: HttpRequest, obj: Reflection, data: dict[str, Any]) -> Reflection:
        return update_reflection(
            acting_user=request_user(request), reflection=obj, data=data, rendered=self.rendered(request)
        )

    def delete_one(self, request: HttpRequest, obj: models.Model) -> None:
        assert isinstance(obj, Reflection)  # noqa: S101 - for the type checker
        delete_reflection(acting_user=request_user(request), reflection=obj)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:  # noqa: ANN001
        """The author rows are saved by set_authors, the service's rule included: guests and the
        staff member naming themselves are accepted, any other member named is asked (pending)."""
        # Nothing is saved row by row, so the admin's change message lists no author rows.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is not Authorship or not formset.has_changed():
            return
        rows = []
        for index, row in enumerate(formset.forms):
            if formset._should_delete_form(row) or (row.instance.pk is None and not row.has_changed()):
                continue
            values = row.cleaned_data
            author = AuthorInput(
                user=values.get("user"),
                guest_name="" if values.get("user") else values.get("guest_name") or "",
                guest_affiliation=values.get("guest_affiliation") or "",
            )
            rows.append((values.get("position") or 0, index, author))
        set_authors(
            acting_user=request_user(request), reflection=form.instance,
            authors=[author for _position, _index, author in sorted(rows, key=lambda r: r[:2])],
        )


@admin.register(Series)
class SeriesAdmin(_ServiceFormAdmin):
    list_display = ("title", "slug", "created_by", "hub", "created_at")
    search_fields = ("title", "slug", "description")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("hub",)
    readonly_fields = ("created_by",)
    service_fields = (*SERIES_FIELDS, "slug")

    def create(self, request: HttpRequest, data: dict[str, Any]) -> Series:
        return create_series(acting_user=request_user(request), data=data)

    def update(self, request: HttpRequest, obj: Series, data: dict[str, Any]) -> Series:
        return update_series(acting_user=request_user(request), series=obj, data=data)

    def delete_one(self, request: HttpRequest, obj: models.Model) -> None:
        assert isinstance(obj, Series)  # noqa: S101 - for the type checker
        delete_series(acting_user=request_user(request), series=obj)
