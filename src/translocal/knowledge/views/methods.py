from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from translocal.core.pagination import InvalidCursor

from .. import permissions, selectors, services
from ..forms import MethodForm
from ..models import Method
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
from .facts import method_fact_groups


def method_list(request: HttpRequest) -> HttpResponse:
    try:
        page = selectors.method_list(cursor=request.GET.get("cursor"))
    except InvalidCursor as error:
        messages.warning(request, str(error))
        page = selectors.method_list(cursor=None)
    return render(request, "knowledge/method_list.html", {"page": page, **drafts_context(request, Method)})


def method_detail(request: HttpRequest, slug: str) -> HttpResponse:
    method = permissions.get_method_for_view(
        user=request.user, slug=slug, queryset=selectors.method_detail_queryset()
    )
    return render(
        request,
        "knowledge/method_detail.html",
        {
            "method": method,
            "entry": method,
            "fact_groups": method_fact_groups(method),
            "cases": selectors.cases_using_method(method=method),
            "case_count": selectors.count_cases_using_method(method=method),
        },
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
