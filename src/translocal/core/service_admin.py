"""The Django admin writing through services.

A ModelAdmin whose ``save_model`` calls a service can meet a ``ValidationError`` the form did
not foresee (a reserved slug, a rule the service checks, an edit conflict). Raised from
``save_model`` it would be a server error; ``ServiceAdminMixin`` catches it instead, lets the
admin's transaction roll back (nothing is written), and shows the same form again with what was
typed and the service's message on the field it names, as the site's own forms do.
"""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from .versioning import add_save_error

_ERROR_ATTR = "_translocal_service_error"


def error_text(error: Exception) -> str:
    """A service error's messages as one line."""
    return " ".join(getattr(error, "messages", None) or [str(error)])


class ServiceAdminMixin(admin.ModelAdmin):
    """Put it first in the bases. Subclasses call their services in ``save_model`` (and
    ``delete_one`` for deletes); a ValidationError is shown on the form, a PermissionDenied
    is the usual 403."""

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            if request.method != "POST" or hasattr(request, _ERROR_ATTR):
                raise
            # The admin's transaction has rolled back: validate the same POST again, this time
            # with the service's error on the form, so the page shows it and keeps the input.
            setattr(request, _ERROR_ATTR, error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):  # noqa: ANN001, ANN003, ANN201
        form_class = super().get_form(request, obj, change=change, **kwargs)
        error: ValidationError | None = getattr(request, _ERROR_ATTR, None)
        if error is None:
            return form_class
        shown: ValidationError = error

        class WithServiceError(form_class):  # type: ignore[valid-type, misc]
            def clean(self) -> Any:
                cleaned = super().clean()
                add_save_error(self, shown)
                return cleaned

        WithServiceError.__name__ = form_class.__name__
        return WithServiceError

    # --- deletes -------------------------------------------------------------------------------

    def delete_one(self, request: HttpRequest, obj: Model) -> None:
        """Delete ``obj`` through the app's service."""
        raise NotImplementedError

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        self.delete_one(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        """The bulk "delete selected" action: one service call per object; one that is
        refused is named in a message and the others are still deleted."""
        for obj in queryset:
            try:
                self.delete_one(request, obj)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{obj}: {error_text(error)}", messages.ERROR)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            self.message_user(request, error_text(error), messages.ERROR)
            return HttpResponseRedirect(request.path)
