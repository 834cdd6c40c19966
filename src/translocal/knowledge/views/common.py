"""What the knowledge views share: the create/edit form loop and the moderation actions.

Views stay thin: they parse input with a form, call one service, and render or redirect.
Every object reaches a view through a fetch-and-check helper of permissions.py."""

import copy
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from translocal.core.pagination import InvalidCursor, decode_cursor

from .. import permissions, selectors


def require_member(request: HttpRequest) -> HttpResponse | None:
    """Anonymous visitors are sent to sign in; signed-in people who may not create get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_create(request.user):
        raise PermissionDenied("Your account cannot add entries.")
    return None


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_instance(entry: Any) -> Any:
    """A copy for the form to validate against: a ModelForm writes the submitted values onto
    its instance, and the service must see the entry as it is stored."""
    return copy.copy(entry) if entry is not None else None


def wants_publish(request: HttpRequest) -> bool:
    return request.POST.get("action") == "publish"


def run_form(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    *,
    extra_valid: bool = True,
) -> Any | None:
    """Validate and call the service; return the saved object, or None to re-render the form
    with every value typed kept and the errors shown."""
    if request.method != "POST" or not form.is_valid() or not extra_valid:
        return None
    try:
        return save(dict(form.cleaned_data))
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def moderate(
    request: HttpRequest,
    *,
    fetch: Callable[..., Any],
    action: Callable[..., Any],
    kwarg: str,
    slug: str,
    done: str,
) -> HttpResponse:
    """POST-only publish/unpublish: fetch with the check, call the service, go back to the page."""
    entry = fetch(user=request.user, slug=slug)
    action(user=request.user, **{kwarg: entry})
    messages.success(request, done.format(title=entry.title))
    return redirect(entry)


def valid_cursor(request: HttpRequest) -> str | None:
    """The page cursor of the query string, or None (with a message) when it is not one of
    ours: a list then shows its first page instead of failing."""
    cursor = request.GET.get("cursor") or None
    if cursor:
        try:
            decode_cursor(cursor)
        except InvalidCursor as error:
            messages.warning(request, str(error))
            return None
    return cursor


def list_cache_parts(request: HttpRequest, cursor: str | None) -> tuple[Any, ...]:
    """What a cached list fragment depends on: the whole query string (its pagination links
    repeat the other parameters) with the cursor replaced by the validated one."""
    query = sorted((key, values) for key, values in request.GET.lists() if key != "cursor")
    return (query, cursor)


def drafts_context(request: HttpRequest, model: type) -> dict[str, Any]:
    return {"drafts": selectors.drafts_for(user=request.user, model=model)}


FORM_TEXT: dict[str, dict[str, str]] = {
    "case": {
        "heading": "Add a case",
        "list_name": "knowledge:case-list",
        "list_label": "Cases",
        "lede": "Describe a participatory initiative as it happened. Only the title is required; "
        "you can save a draft and come back.",
    },
    "method": {
        "heading": "Add a method",
        "list_name": "knowledge:method-list",
        "list_label": "Methods",
        "lede": "Describe a reusable participatory method. Only the title is required.",
    },
    "reflection": {
        "heading": "Write a reflection",
        "list_name": "knowledge:reflection-list",
        "list_label": "Reflections",
        "lede": "Share what you learned. It stays a draft, visible only to its authors, "
        "until you publish it.",
    },
}


def render_entry_form(
    request: HttpRequest, *, kind: str, form: forms.BaseForm, entry: Any, **extra: Any
) -> HttpResponse:
    text = FORM_TEXT[kind]
    context = {
        "form": form,
        "entry": entry,
        "kind": kind,
        "heading": text["heading"],
        "lede": text["lede"],
        "list_url": reverse(text["list_name"]),
        "list_label": text["list_label"],
        **extra,
    }
    return render(request, "knowledge/entry_form.html", context)


def saved_message(entry: Any) -> str:
    return f"“{entry.title}” was saved{' and published' if entry.is_published else ' as a draft'}."
