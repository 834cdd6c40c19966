"""Pages of co-production spaces: thin views over selectors, permissions and services."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from translocal.core.page_cache import cache_for_anonymous

from . import permissions, selectors


@cache_for_anonymous
def process_list(request: HttpRequest) -> HttpResponse:
    page = selectors.process_page(user=request.user, cursor=request.GET.get("cursor") or None)
    return render(request, "coproduction/process_list.html", {"page": page})


@cache_for_anonymous
def process_detail(request: HttpRequest, slug: str) -> HttpResponse:
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    return render(
        request,
        "coproduction/process_detail.html",
        {
            "process": process,
            "phases": selectors.phases_of(process),
            "current_phase": selectors.current_phase(process),
            "can_manage": permissions.can_manage_process(request.user, process),
        },
    )
