from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from translocal.core.versioning import VersionedAdminMixin

from .models import User


@admin.register(User)
class UserAdmin(VersionedAdminMixin, DjangoUserAdmin):
    list_display = ["username", "display_name", "email", "place", "is_staff", "is_active", "date_joined"]
    list_select_related = ["place"]
    search_fields = ["username", "display_name", "email", "first_name", "last_name"]
    autocomplete_fields = ["place", "organisation"]
    filter_horizontal = ["groups", "user_permissions", "roles", "expertise", "languages"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (
            "Profile",
            {"fields": ("display_name", "roles", "expertise", "languages", "place", "organisation", "bio")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("username", "email", "display_name", "password1", "password2")},
        ),
    )
