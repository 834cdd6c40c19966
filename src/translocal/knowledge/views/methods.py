from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from translocal.core.caching import cached_fragment

from .. import permissions, selectors, services
from ..forms import MethodForm
from ..models import Method
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
from .facts import method_fact_groups


def method_list(request: HttpRequest) -> HttpResponse:
    """The results are the same for everyone: a cached fragment keyed on the query string and
    the content version; only the "your drafts" panel is per person."""
    cursor = valid_cursor(request)

    def render_results() -> str:
        page = selectors.method_list(cursor=cursor)
        return render_to_string("knowledge/method_list.html#results", {"page": page}, request=request)

    results = cached_fragment(request, "method-list", list_cache_parts(request, cursor), render_results)
    return render(
        request, "knowledge/method_list.html", {"results": results, **drafts_context(request, Method)}
    )


def method_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Header and actions depend on who is looking; the body of a published method (text,
    facts, cases using it, reflections) is a cached fragment. Drafts are rendered directly."""
    method = permissions.get_method_for_view(
        user=request.user, slug=slug, queryset=selectors.method_header_queryset()
    )

    def render_body() -> str:
        full = selectors.method_detail_queryset().get(pk=method.pk)
        context = {
            "method": full,
            "fact_groups": method_fact_groups(full),
            "cases": selectors.cases_using_method(method=full),
            "case_count": selectors.count_cases_using_method(method=full),
        }
        return render_to_string("knowledge/method_detail.html#body", context)

    body = (
        cached_fragment(request, "method-detail", (method.pk,), render_body)
        if method.is_published
        else mark_safe(render_body())  # noqa: S308 - our own autoescaped template output
    )
    return render(
        request, "knowledge/method_detail.html", {"method": method, "entry": method, "body": body}
    )


def method_create(request: HttpRequest) -> HttpResponse:
    if (response := require_member(request)) is not None:
        return response
    form = MethodForm(request.POST or None)
    method = run_form(
        request,
        form,
        lambda data: services.create_method(
            user=request.user, data={**data, "publish": wants_publish(request)}
        ),
    )
    if method is not None:
        messages.success(request, saved_message(method))
        return redirect(method)
    return render_entry_form(request, kind="method", form=form, entry=None)


def method_edit(request: HttpRequest, slug: str) -> HttpResponse:
    method = permissions.get_method_for_edit(user=request.user, slug=slug)
    form = MethodForm(request.POST or None, instance=form_instance(method))
    saved = run_form(
        request,
        form,
        lambda data: services.update_method(
            user=request.user, method=method, data={**data, "publish": wants_publish(request)}
        ),
    )
    if saved is not None:
        messages.success(request, f"Your changes to “{saved.title}” were saved.")
        return redirect(saved)
    return render_entry_form(request, kind="method", form=form, entry=method)


@require_POST
def method_publish(request: HttpRequest, slug: str) -> HttpResponse:
    return moderate(
        request,
        fetch=permissions.get_method_for_moderation,
        action=services.publish_method,
        kwarg="method",
        slug=slug,
        done="“{title}” is published.",
    )


@require_POST
def method_unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    return moderate(
        request,
        fetch=permissions.get_method_for_moderation,
        action=services.unpublish_method,
        kwarg="method",
        slug=slug,
        done="“{title}” is no longer published.",
    )
