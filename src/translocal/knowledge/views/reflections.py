from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from translocal.core.pagination import InvalidCursor

from .. import permissions, selectors, services
from ..forms import AuthorFormSet, ReflectionForm, author_initial
from ..models import Reflection
from .common import (
    drafts_context,
    form_instance,
    moderate,
    render_entry_form,
    require_member,
    run_form,
    saved_message,
    wants_publish,
)


def reflection_list(request: HttpRequest) -> HttpResponse:
    try:
        page = selectors.reflection_list(cursor=request.GET.get("cursor"))
    except InvalidCursor as error:
        messages.warning(request, str(error))
        page = selectors.reflection_list(cursor=None)
    return render(
        request, "knowledge/reflection_list.html", {"page": page, **drafts_context(request, Reflection)}
    )


def reflection_detail(request: HttpRequest, slug: str) -> HttpResponse:
    reflection = permissions.get_reflection_for_view(
        user=request.user, slug=slug, queryset=selectors.reflection_detail_queryset()
    )
    return render(
        request,
        "knowledge/reflection_detail.html",
        {"reflection": reflection, "entry": reflection, "nav": selectors.series_nav(reflection=reflection)},
    )


def _form_data(request: HttpRequest, data: dict[str, Any], authors: AuthorFormSet) -> dict[str, Any]:
    return {**data, "authors": authors.authors(), "publish": wants_publish(request)}


def _reflection_form(
    request: HttpRequest, reflection: Reflection | None
) -> tuple[ReflectionForm, AuthorFormSet]:
    initial = {}
    if reflection is None and request.GET.get("series"):
        initial["series"] = request.GET.get("series")
    form = ReflectionForm(request.POST or None, instance=form_instance(reflection), initial=initial)
    authors = AuthorFormSet(
        request.POST or None,
        prefix="authors",
        initial=None if request.method == "POST" else author_initial(reflection, request.user),
    )
    return form, authors


def reflection_create(request: HttpRequest) -> HttpResponse:
    if (response := require_member(request)) is not None:
        return response
    form, authors = _reflection_form(request, None)
    authors_valid = request.method == "POST" and authors.is_valid()
    reflection = run_form(
        request,
        form,
        lambda data: services.create_reflection(user=request.user, data=_form_data(request, data, authors)),
        extra_valid=authors_valid,
    )
    if reflection is not None:
        messages.success(request, saved_message(reflection))
        return redirect(reflection)
    return render_entry_form(request, kind="reflection", form=form, entry=None, authors=authors)


def reflection_edit(request: HttpRequest, slug: str) -> HttpResponse:
    reflection = permissions.get_reflection_for_edit(user=request.user, slug=slug)
    form, authors = _reflection_form(request, reflection)
    authors_valid = request.method == "POST" and authors.is_valid()
    saved = run_form(
        request,
        form,
        lambda data: services.update_reflection(
            user=request.user, reflection=reflection, data=_form_data(request, data, authors)
        ),
        extra_valid=authors_valid,
    )
    if saved is not None:
        messages.success(request, f"Your changes to “{saved.title}” were saved.")
        return redirect(saved)
    return render_entry_form(request, kind="reflection", form=form, entry=reflection, authors=authors)


@require_POST
def reflection_publish(request: HttpRequest, slug: str) -> HttpResponse:
    return moderate(
        request,
        fetch=permissions.get_reflection_for_moderation,
        action=services.publish_reflection,
        kwarg="reflection",
        slug=slug,
        done="“{title}” is published.",
    )


@require_POST
def reflection_unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    return moderate(
        request,
        fetch=permissions.get_reflection_for_moderation,
        action=services.unpublish_reflection,
        kwarg="reflection",
        slug=slug,
        done="“{title}” is no longer published.",
    )
