import functools
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from translocal.core.caching import cached_fragment

from .. import permissions, selectors, services
from ..forms import AuthorFormSet, ReflectionForm, author_initial
from ..models import Reflection
from .common import (
    drafts_context,
    form_instance,
    list_cache_parts,
    moderate,
    render_entry_form,
    require_member,
    run_form,
    saved_message,
    valid_cursor,
    wants_publish,
)


def reflection_list(request: HttpRequest) -> HttpResponse:
    """The results are the same for everyone: a cached fragment keyed on the query string and
    the content version; only the "your drafts" panel is per person."""
    cursor = valid_cursor(request)

    def render_results() -> str:
        page = selectors.reflection_list(cursor=cursor)
        return render_to_string("knowledge/reflection_list.html#results", {"page": page}, request=request)

    results = cached_fragment(request, "reflection-list", list_cache_parts(request, cursor), render_results)
    return render(
        request,
        "knowledge/reflection_list.html",
        {"results": results, **drafts_context(request, Reflection)},
    )


def reflection_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The header (byline, status) and actions are rendered for each request; the series
    position and the body (text, previous/next post, what it is about, authors) of a published
    reflection are cached fragments, sharing one series lookup when both are rendered.
    Drafts are rendered directly."""
    reflection = permissions.get_reflection_for_view(
        user=request.user, slug=slug, queryset=selectors.reflection_header_queryset()
    )
    nav = functools.cache(lambda: selectors.series_nav(reflection=reflection))

    def render_position() -> str:
        return render_to_string("knowledge/reflection_detail.html#position", {"nav": nav()})

    def render_body() -> str:
        full = selectors.reflection_detail_queryset().get(pk=reflection.pk)
        return render_to_string("knowledge/reflection_detail.html#body", {"reflection": full, "nav": nav()})

    if reflection.is_published:
        position = cached_fragment(request, "reflection-position", (reflection.pk,), render_position)
        body = cached_fragment(request, "reflection-detail", (reflection.pk,), render_body)
    else:
        position = mark_safe(render_position())  # noqa: S308 - our own autoescaped template output
        body = mark_safe(render_body())  # noqa: S308 - our own autoescaped template output
    context = {"reflection": reflection, "entry": reflection, "position": position, "body": body}
    return render(request, "knowledge/reflection_detail.html", context)


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
