from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from translocal.core.caching import cached_fragment

from .. import permissions, selectors, services
from ..forms import CaseForm
from ..models import Case
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
from .facts import case_fact_groups


def case_list(request: HttpRequest) -> HttpResponse:
    """Facets and results are the same for everyone, so they are a cached fragment keyed on
    the query string and the content version; only the "your drafts" panel is per person."""
    filters = selectors.parse_case_filters(request.GET)
    cursor = valid_cursor(request)

    def render_browser() -> str:
        result = selectors.case_list(filters=filters, cursor=cursor)
        context = {"result": result, "page": result.page, "facets": result.facets}
        return render_to_string("knowledge/case_list.html#browser", context, request=request)

    browser = cached_fragment(request, "case-list", list_cache_parts(request, cursor), render_browser)
    if request.htmx and not request.htmx.boosted:
        return HttpResponse(browser)
    context: dict[str, Any] = {"browser": browser, **drafts_context(request, Case)}
    return render(request, "knowledge/case_list.html", context)


def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The header and actions depend on who is looking; the body (text, facts, related cases,
    reflections) of a published case is a cached fragment, so the 20-odd queries it needs run
    once per content change instead of once per request."""
    case = permissions.get_case_for_view(
        user=request.user, slug=slug, queryset=selectors.case_header_queryset()
    )

    def render_body() -> str:
        full = selectors.case_detail_queryset().get(pk=case.pk)
        context = {
            "case": full,
            "fact_groups": case_fact_groups(full),
            "related_cases": selectors.related_cases(case=full),
        }
        return render_to_string("knowledge/case_detail.html#body", context)

    body = (
        cached_fragment(request, "case-detail", (case.pk,), render_body)
        if case.is_published
        else mark_safe(render_body())  # noqa: S308 - our own autoescaped template output
    )
    return render(request, "knowledge/case_detail.html", {"case": case, "entry": case, "body": body})


def case_create(request: HttpRequest) -> HttpResponse:
    if (response := require_member(request)) is not None:
        return response
    form = CaseForm(request.POST or None)
    case = run_form(
        request,
        form,
        lambda data: services.create_case(
            user=request.user, data={**data, "publish": wants_publish(request)}
        ),
    )
    if case is not None:
        messages.success(request, saved_message(case))
        return redirect(case)
    return render_entry_form(request, kind="case", form=form, entry=None)


def case_edit(request: HttpRequest, slug: str) -> HttpResponse:
    case = permissions.get_case_for_edit(user=request.user, slug=slug)
    form = CaseForm(request.POST or None, instance=form_instance(case))
    saved = run_form(
        request,
        form,
        lambda data: services.update_case(
            user=request.user, case=case, data={**data, "publish": wants_publish(request)}
        ),
    )
    if saved is not None:
        messages.success(request, f"Your changes to “{saved.title}” were saved.")
        return redirect(saved)
    return render_entry_form(request, kind="case", form=form, entry=case)


@require_POST
def case_publish(request: HttpRequest, slug: str) -> HttpResponse:
    return moderate(
        request,
        fetch=permissions.get_case_for_moderation,
        action=services.publish_case,
        kwarg="case",
        slug=slug,
        done="“{title}” is published.",
    )


@require_POST
def case_unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    return moderate(
        request,
        fetch=permissions.get_case_for_moderation,
        action=services.unpublish_case,
        kwarg="case",
        slug=slug,
        done="“{title}” is no longer published.",
    )
