from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from translocal.core.caching import PRIVATE, cached_fragment, content_version
from translocal.core.http import HtmxHttpRequest
from translocal.core.page_cache import cache_for_anonymous

from . import selectors
from .body_html import facets_html, hits_html
from .registry import facets


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), selectors.MAX_PAGE))
    except ValueError:
        return 1


@cache_for_anonymous(signed_in=True, scope="search")
def search(request: HtmxHttpRequest) -> HttpResponse:
    """GET /search/?q=...&type=case&general_issue=...: results, facets and pages.

    Results and facets are a fragment cached on the content version and the query; a signed-in
    person's key includes who they are and the private version, because the index may hold
    entries only they can see (``SearchDocument.owner_id``), whose writes move only the private
    version (search.services.sync_after_commit). Nothing else on the page depends on who is
    looking but the header (their user row), so a signed-in person's page is cached whole too
    (core.page_cache, ``signed_in=True``: keyed on the same versions, the private one included).
    Results show what the index holds: an app whose writes change only what the index does not
    show (memberships) leaves its area out of the key (core.page_cache ``register_page_scope``)."""
    query = request.GET.get("q", "")[:200]
    filters = {facet.name: request.GET.getlist(facet.name) for facet in facets()}
    page = _page_number(request.GET.get("page"))

    def render_body() -> str:
        results = selectors.search(query=query, user=request.user, filters=filters, page=page)
        context = {
            "results": results,
            "query": results.query,
            "facets_html": facets_html(results.facets),
            "hits_html": hits_html(results.hits),
        }
        return render_to_string("search/search.html#search-body", context, request=request)

    viewer = (request.user.pk, content_version(request, PRIVATE)) if request.user.is_authenticated else None
    key = (query, sorted(filters.items()), page, viewer)
    body = cached_fragment(request, "search", key, render_body)
    if request.htmx and request.htmx.target == "search-body":
        return HttpResponse(body)
    return render(request, "search/search.html", {"search_body": body, "query": query.strip()})
