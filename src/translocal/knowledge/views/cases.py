from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from translocal.core.pagination import InvalidCursor

from .. import permissions, selectors, services
from ..forms import CaseForm
from ..models import Case
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
from .facts import case_fact_groups


def case_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.parse_case_filters(request.GET)
    try:
        result = selectors.case_list(filters=filters, cursor=request.GET.get("cursor"))
    except InvalidCursor as error:
        messages.warning(request, str(error))
        result = selectors.case_list(filters=filters, cursor=None)
    context: dict[str, Any] = {"result": result, "page": result.page, "facets": result.facets}
    if request.htmx and not request.htmx.boosted:
        return render(request, "knowledge/case_list.html#browser", context)
    context.update(drafts_context(request, Case))
    return render(request, "knowledge/case_list.html", context)


def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case = permissions.get_case_for_view(
        user=request.user, slug=slug, queryset=selectors.case_detail_queryset()
    )
    return render(
        request,
        "knowledge/case_detail.html",
        {
            "case": case,
            "entry": case,
            "fact_groups": case_fact_groups(case),
            "related_cases": selectors.related_cases(case=case),
        },
    )


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
