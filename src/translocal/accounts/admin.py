from typing import cast

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from translocal.core.versioning import VersionedAdminMixin

from .models import User
from .services import forget_expired_sign_in_attempts


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


# --- django-axes' records of sign-in attempts ---------------------------------------------------
# axes registers its own admin; its "Clean up expired attempts" action reads an attribute that only
# its sign-in handler sets on a request, so from the admin it failed with a server error. Ours
# cleans up through the service, with a message either way.


class SignInAttemptAdmin(AccessAttemptAdmin):
    actions = ["clean_up_expired_attempts"]

    @admin.action(description=_("Clean up expired attempts (older than the cool-off)"))
    def clean_up_expired_attempts(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        """Acts on every expired attempt, whichever rows were ticked."""
        try:
            removed = forget_expired_sign_in_attempts(acting_user=cast(User, request.user))
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        message = ngettext(
            "Removed %(count)d expired sign-in attempt.", "Removed %(count)d expired sign-in attempts.", removed
        ) % {"count": removed}
        self.message_user(request, message, messages.SUCCESS)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, SignInAttemptAdmin)
