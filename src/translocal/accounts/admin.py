from contextvars import ContextVar
from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from translocal.core.versioning import VersionedAdminMixin

from .models import User
from .services import (
    ADMIN_EDITABLE,
    create_account,
    delete_account,
    forget_expired_sign_in_attempts,
    set_password_by_staff,
    update_account,
)
from .types import request_user

#: Who is acting in the admin's password view (its form is built by Django, without the request).
_password_setter: ContextVar[User | None] = ContextVar("translocal_admin_password_setter", default=None)


class StaffPasswordChangeForm(AdminPasswordChangeForm):
    """Django's admin password form; saving goes through services.set_password_by_staff."""

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)  # hashes (or unsets) the password, outside any transaction
        acting_user = _password_setter.get()
        if acting_user is None:
            raise PermissionDenied(_("Sign in first."))
        return set_password_by_staff(acting_user=acting_user, user=user, password_hash=user.password)


#: Set on the request when delete_model refused, so response_delete does not report a deletion.
_REFUSED = "_translocal_account_deletion_refused"


@admin.register(User)
class UserAdmin(VersionedAdminMixin, DjangoUserAdmin):
    """Staff's view of accounts. Every write goes through the accounts services, as on the site:
    a new account through ``create_account``; a change through ``update_account``
    (version-checked; search and cached pages follow); a deletion, one or many, through
    ``delete_account`` (what the person wrote stays, attributed to "Former member"; a refusal,
    such as a hub's last coordinator, is a message, not an error)."""

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
    actions = ["delete_selected"]
    change_password_form = StaffPasswordChangeForm
    delete_confirmation_template = "admin/accounts/user/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/accounts/user/delete_selected_confirmation.html"

    # --- Changes ---------------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: User, form: forms.ModelForm, change: bool) -> None:
        if not change:  # the add form: its password is hashed already (the form's save(commit=False))
            created = create_account(
                acting_user=request_user(request),
                username=obj.username,
                email=obj.email,
                display_name=obj.display_name,
                password_hash=obj.password,
            )
            obj.pk, obj._state = created.pk, created._state  # the admin logs and redirects to it
            return
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in ADMIN_EDITABLE}
        data["version"] = getattr(form, "locked_version", None)  # VersionedAdminForm compared it already
        update_account(acting_user=request_user(request), user=obj, data=data)

    def save_related(self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool) -> None:
        if not change:
            super().save_related(request, form, formsets, change)
        # A change's many-to-many fields were written by update_account (save_model).

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:  # noqa: A002
        token = _password_setter.set(request_user(request))
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _password_setter.reset(token)

    # --- Deletions -------------------------------------------------------------------------

    def get_deleted_objects(self, objs, request: HttpRequest):  # noqa: ANN001, ANN201
        """Only the accounts: what they leave behind is kept or removed by delete_account's
        rule (shown on the confirmation page), not by cascading deletes staff must approve."""
        users = list(objs)
        names = [format_html('{}: <a href="{}">{}</a>', capfirst(User._meta.verbose_name), reverse(
            "admin:accounts_user_change", args=[user.pk]), user) for user in users]
        return names, {User._meta.verbose_name_plural: len(users)}, set(), []

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        try:
            delete_account(acting_user=request_user(request), user=obj)
        except (ValidationError, PermissionDenied) as exc:
            setattr(request, _REFUSED, True)
            transaction.set_rollback(True)  # the admin's own log entry of the deletion goes too
            self.message_user(request, _refusal(obj, exc), messages.ERROR)

    def response_delete(self, request: HttpRequest, obj_display: str, obj_id: Any) -> HttpResponse:
        if getattr(request, _REFUSED, False):
            return HttpResponseRedirect(reverse("admin:accounts_user_change", args=[obj_id]))
        return super().response_delete(request, obj_display, obj_id)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._delete_accounts(request, list(queryset))

    @admin.action(permissions=["delete"], description=gettext_lazy("Delete selected %(verbose_name_plural)s"))
    def delete_selected(self, request: HttpRequest, queryset: QuerySet[User]) -> HttpResponse | None:
        """Django's confirmation page, then each account through delete_account, in its own
        transaction: a refused one (with the reason) does not stop the others."""
        if not request.POST.get("post"):
            return django_delete_selected(self, request, queryset)
        self._delete_accounts(request, list(queryset))
        return None

    def _delete_accounts(self, request: HttpRequest, users: list[User]) -> None:
        deleted = 0
        for user in users:
            try:
                delete_account(acting_user=request_user(request), user=user)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, _refusal(user, exc), messages.ERROR)
            else:
                deleted += 1
        if deleted:
            self.message_user(
                request,
                ngettext("Deleted %(count)d account.", "Deleted %(count)d accounts.", deleted) % {"count": deleted},
                messages.SUCCESS,
            )


def _refusal(user: User, error: ValidationError | PermissionDenied) -> str:
    reasons = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    return _("%(name)s was not deleted: %(reasons)s") % {"name": user.name, "reasons": reasons}


# --- django-axes' records of sign-in attempts ---------------------------------------------------
# axes registers its own admin; its "Clean up expired attempts" action reads an attribute that only
# its sign-in handler sets on a request, so from the admin it failed with a server error. Ours
# cleans up through the service, with a message either way.


class SignInAttemptAdmin(AccessAttemptAdmin):
    actions = ["clean_up_expired_attempts"]

    @admin.action(description=gettext_lazy("Clean up expired attempts (older than the cool-off)"))
    def clean_up_expired_attempts(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        """Acts on every expired attempt, whichever rows were ticked."""
        try:
            removed = forget_expired_sign_in_attempts(acting_user=request_user(request))
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
