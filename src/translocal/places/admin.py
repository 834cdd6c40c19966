from django.contrib import admin

from translocal.core.versioning import VersionedAdminMixin

from .models import Hub, HubMembership, Organisation, Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "country", "kind", "population"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "region"]
    prepopulated_fields = {"slug": ["name"]}


class HubMembershipInline(admin.TabularInline):
    """Read-only: memberships change through the site, whose services keep member_count right."""

    model = HubMembership
    extra = 0
    readonly_fields = ["user", "role", "joined_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


@admin.register(Hub)
class HubAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "place", "member_count", "created_at"]
    list_select_related = ["place"]
    search_fields = ["name", "place__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["place"]
    filter_horizontal = ["organisations"]
    readonly_fields = ["member_count"]
    inlines = [HubMembershipInline]


@admin.register(HubMembership)
class HubMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "hub", "role", "joined_at"]
    list_filter = ["role", "hub"]
    list_select_related = ["user", "hub"]
    search_fields = ["user__username", "user__display_name", "hub__name"]
    raw_id_fields = ["user", "hub"]

    def get_readonly_fields(self, request, obj=None):  # noqa: ANN001, ANN201
        # Changing who or which hub would desynchronise member_count; only the role is editable.
        return ["user", "hub", "joined_at"] if obj else ["joined_at"]

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False


@admin.register(Organisation)
class OrganisationAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "place", "is_published", "created_by"]
    list_filter = ["kind", "is_published"]
    list_select_related = ["place", "created_by"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["place"]
    raw_id_fields = ["created_by"]
