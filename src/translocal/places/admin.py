"""Django admin of places, hubs, memberships and organisations, writing through the services
like every other caller (issue 10): each save, delete, role change and (un)publishing checks
permission, writes its audit row, keeps Hub.member_count right, and lets the search index and
the page caches follow after commit. A service's refusal (the last coordinator, a place still
in use, an edit conflict) is shown on the page, never a server error."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from translocal.accounts.types import request_user
from translocal.core.service_admin import ServiceAdminMixin, error_text
from translocal.core.versioning import VersionedAdminMixin

from . import services
from .forms import UnpublishOrganisationForm
from .models import Hub, HubMembership, Organisation, Place


def _adopt(obj: models.Model, saved: models.Model) -> None:
    """Make the admin's unsaved ``obj`` the row a service saved (the admin goes on with ``obj``:
    its pk for the redirect, its log entry)."""
    if saved is obj:
        return
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


class _ServiceAdmin(ServiceAdminMixin):
    """Put it first in the bases. Subclasses save in ``save_through_service`` (returning the
    saved row) and delete in ``delete_one``; many-to-many fields are the services' too
    (``form.save_m2m`` is not called), inline rows go through ``save_formset``. A service's
    ValidationError is shown on the form with what was typed (core.service_admin)."""

    def save_through_service(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> models.Model:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        _adopt(obj, self.save_through_service(request, obj, form, change))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions: dict[str, Any] = dict(super().get_actions(request))
        if actions.get("delete_selected"):
            _function, name, description = actions["delete_selected"]
            actions["delete_selected"] = (_delete_selected_through_services, name, description)
        return actions


def _delete_selected_through_services(
    modeladmin: _ServiceAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse | None:
    """The admin's "delete selected" action, deleting through the services: Django's own
    confirmation page first; once confirmed, one service call (and transaction) per object,
    each refusal named in a message and the others still deleted, and a count that is true."""
    if not request.POST.get("post"):
        return delete_selected(modeladmin, request, queryset)
    _objects, _count, perms_needed, protected = modeladmin.get_deleted_objects(queryset, request)
    if perms_needed or protected:
        return delete_selected(modeladmin, request, queryset)  # Django says why not
    deleted = 0
    for obj in queryset:
        try:
            with transaction.atomic(using=router.db_for_write(modeladmin.model)):
                modeladmin.log_deletions(request, queryset.filter(pk=obj.pk))
                modeladmin.delete_one(request, obj)
        except (PermissionDenied, ValidationError) as error:
            modeladmin.message_user(request, f"{obj}: {error_text(error)}", messages.ERROR)
        else:
            deleted += 1
    if deleted:
        opts = modeladmin.opts
        modeladmin.message_user(
            request,
            ngettext("Deleted %(count)d %(item)s.", "Deleted %(count)d %(items)s.", deleted)
            % {"count": deleted, "item": opts.verbose_name, "items": opts.verbose_name_plural},
            messages.SUCCESS,
        )
    return None


def _for_each(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet, act: Callable[[Any], Any], done: str
) -> int:
    """Run ``act`` on each object in its own transaction; refusals become error messages.
    Returns how many succeeded and says so with ``done`` ("%(count)d published.")."""
    count = 0
    for obj in queryset:
        try:
            with transaction.atomic(using=router.db_for_write(queryset.model)):
                act(obj)
        except (PermissionDenied, ValidationError) as error:
            modeladmin.message_user(request, f"{obj}: {error_text(error)}", messages.ERROR)
        else:
            count += 1
    if count:
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)
    return count


# --- Places -------------------------------------------------------------------------------------


@admin.register(Place)
class PlaceAdmin(_ServiceAdmin):
    list_display = ["name", "region", "country", "kind", "population", "verified"]
    list_filter = ["verified", "kind", "country"]
    search_fields = ["name", "alternative_names", "region"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["proposed_by"]
    actions = ["mark_checked", "merge_into_checked"]

    @admin.action(description=gettext_lazy("Mark the selected places as checked by staff"))
    def mark_checked(self, request: HttpRequest, queryset: Any) -> None:
        """Proposed places that staff have looked at (a duplicate is merged instead)."""
        staff = request_user(request)
        for place in queryset.filter(verified=False):
            services.verify_place(acting_user=staff, place=place)

    @admin.action(description=gettext_lazy("Merge the selected places into the one checked by staff"))
    def merge_into_checked(self, request: HttpRequest, queryset: Any) -> None:
        """A proposed place that duplicates a known one: its cases and everything else move to
        the checked place, and it is deleted (places.services.merge_places)."""
        places = list(queryset)
        checked = [place for place in places if place.verified]
        if len(checked) != 1 or len(places) < 2:
            self.message_user(
                request, _("Select one place checked by staff and the places to merge into it."), messages.ERROR
            )
            return
        keep = checked[0]
        merged = services.merge_places(
            acting_user=request_user(request), keep=keep, duplicates=[p for p in places if p.pk != keep.pk]
        )
        self.message_user(
            request,
            ngettext("%(count)d place merged into %(place)s.", "%(count)d places merged into %(place)s.", merged)
            % {"count": merged, "place": keep.name},
        )

    def save_through_service(self, request: HttpRequest, obj: Place, form: Any, change: bool) -> Place:
        staff = request_user(request)
        if change:
            return services.update_place(acting_user=staff, place=obj, data=form.cleaned_data)
        return services.create_place(acting_user=staff, data=form.cleaned_data)

    def delete_one(self, request: HttpRequest, obj: Any) -> None:
        services.delete_place(acting_user=request_user(request), place=obj)


# --- Hubs and their members -------------------------------------------------------------------


class HubMembershipInline(admin.TabularInline):
    """A hub's members: staff change a role or remove someone here, through the services
    (the last coordinator stays; member_count follows). People join on the site."""

    model = HubMembership
    extra = 0
    fields = ["user", "role", "joined_at"]
    readonly_fields = ["user", "joined_at"]
    can_delete = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _change_role(request: HttpRequest, membership: HubMembership, role: str) -> None:
    services.change_member_role(
        acting_user=request_user(request), hub=membership.hub, member=membership.user, role=role
    )


def _remove(request: HttpRequest, membership: HubMembership) -> None:
    services.remove_member(acting_user=request_user(request), hub=membership.hub, member=membership.user)


@admin.register(Hub)
class HubAdmin(_ServiceAdmin, VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "place", "member_count", "created_at"]
    list_select_related = ["place"]
    search_fields = ["name", "place__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["place"]
    filter_horizontal = ["organisations"]
    readonly_fields = ["member_count"]
    inlines = [HubMembershipInline]

    def save_through_service(self, request: HttpRequest, obj: Hub, form: Any, change: bool) -> Hub:
        staff, data = request_user(request), form.cleaned_data
        if change:
            return services.update_hub(
                acting_user=staff, hub=obj, data=data, place=data["place"], organisations=data["organisations"]
            )
        return services.create_hub(
            acting_user=staff, place=data["place"], data=data, organisations=data["organisations"]
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Role changes first, then removals (so "make B coordinator, remove A" works)."""
        deleted = [row for row in formset.deleted_forms if row.instance.pk]
        # What formset.save() would record, for the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.forms:
            if row in deleted or not row.instance.pk or "role" not in row.changed_data:
                continue
            _change_role(request, row.instance, row.cleaned_data["role"])
            formset.changed_objects.append((row.instance, ["role"]))
        for row in deleted:
            _remove(request, row.instance)
            formset.deleted_objects.append(row.instance)

    def delete_one(self, request: HttpRequest, obj: Any) -> None:
        services.delete_hub(acting_user=request_user(request), hub=obj)


@admin.register(HubMembership)
class HubMembershipAdmin(_ServiceAdmin):
    list_display = ["user", "hub", "role", "joined_at"]
    list_filter = ["role", "hub"]
    list_select_related = ["user", "hub"]
    search_fields = ["user__username", "user__display_name", "hub__name"]
    raw_id_fields = ["user", "hub"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Changing who or which hub would desynchronise member_count; only the role is editable.
        return ["user", "hub", "joined_at"] if obj else ["joined_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # people join on the site (join_hub)

    def save_through_service(self, request: HttpRequest, obj: HubMembership, form: Any, change: bool) -> HubMembership:
        _change_role(request, obj, obj.role)
        return obj

    def delete_one(self, request: HttpRequest, obj: Any) -> None:
        _remove(request, obj)


# --- Organisations ------------------------------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(_ServiceAdmin, VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "place", "is_published", "created_by"]
    list_filter = ["kind", "is_published"]
    list_select_related = ["place", "created_by"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["place"]
    # Publishing goes through the actions (the services, with a reason), never the form; the
    # original language is what its translations were made from (not changed under them here).
    readonly_fields = ["is_published", "created_by", "original_language"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["publish_selected", "unpublish_selected"]

    def save_through_service(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> Organisation:
        staff = request_user(request)
        if change:
            return services.update_organisation(acting_user=staff, organisation=obj, data=form.cleaned_data)
        return services.create_organisation(acting_user=staff, data=form.cleaned_data)

    def delete_one(self, request: HttpRequest, obj: Any) -> None:
        services.delete_organisation(acting_user=request_user(request), organisation=obj)

    @admin.action(description=gettext_lazy("Publish the selected organisations"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        staff = request_user(request)
        _for_each(
            self, request, queryset.filter(is_published=False),
            lambda organisation: services.publish_organisation(acting_user=staff, organisation=organisation),
            _("%(count)d published."),
        )

    @admin.action(description=gettext_lazy("Unpublish the selected organisations (asks for a reason)"))
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        """An intermediate page asks for the reason, which goes into the audit log."""
        form = UnpublishOrganisationForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            staff, reason = request_user(request), form.cleaned_data["reason"]
            _for_each(
                self, request, queryset.filter(is_published=True),
                lambda organisation: services.unpublish_organisation(
                    acting_user=staff, organisation=organisation, reason=reason
                ),
                _("%(count)d unpublished."),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Unpublish the selected organisations"),
            "form": form,
            "queryset": queryset,
            "opts": self.opts,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/places/unpublish_organisations.html", context)
