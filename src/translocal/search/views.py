from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors
from .registry import facets


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), selectors.MAX_PAGE))
    except ValueError:
        return 1


def search(request: HttpRequest) -> HttpResponse:
    """GET /search/?q=...&type=case&general_issue=...: results, facets and pages."""
    filters = {facet.name: request.GET.getlist(facet.name) for facet in facets()}
    results = selectors.search(
        query=request.GET.get("q", "")[:200],
        user=request.user,
        filters=filters,
        page=_page_number(request.GET.get("page")),
    )
    template = "search/search.html"
    if getattr(request, "htmx", False) and request.htmx.target == "search-body":
        template += "#search-body"
    return render(request, template, {"results": results, "query": results.query})
