from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import ngettext

from translocal.core.caching import cached_fragment
from translocal.core.http import HtmxHttpRequest
from translocal.core.listing import browse_request, result_controls
from translocal.core.page_cache import cache_for_anonymous
from translocal.knowledge.apps import CONTENT_AREA

from .. import selectors
from ..models import Case
from .common import CASE, drafts_context, entry_detail, list_cache_parts
from .facts import case_fact_groups
from .key_facts import case_key_facts


@cache_for_anonymous(area=CONTENT_AREA, signed_in=True)
def case_list(request: HtmxHttpRequest) -> HttpResponse:
    """Facets and results are the same for everyone, so they are a cached fragment keyed on
    the query string and the content version; only the "your drafts" panel is per person.
    Unlike the other lists it has facets, and htmx swaps the fragment alone when they change."""
    filters = selectors.parse_case_filters(request.GET)
    asked = browse_request(request, selectors.CASE_SORTS)

    def render_browser() -> str:
        result = selectors.case_list(filters=filters, cursor=asked.cursor, search=asked.search, sort=asked.sort)
        controls = result_controls(
            request,
            asked,
            result,
            sorts=selectors.CASE_SORTS,
            count_message=lambda n: ngettext("%(count)s case", "%(count)s cases", n),
        )
        context = {"result": result, "page": result.page, "facets": result.facets, "controls": controls}
        return render_to_string("knowledge/case_list.html#browser", context, request=request)

    browser = cached_fragment(request, "case-list", list_cache_parts(request, asked.cursor), render_browser)
    if request.htmx and not request.htmx.boosted:
        return HttpResponse(browser)
    context: dict[str, Any] = {"browser": browser, **drafts_context(request, Case)}
    return render(request, "knowledge/case_list.html", context)


@cache_for_anonymous(area=CONTENT_AREA, signed_in=True)
def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The body (text, facts, related cases, reflections) of a published case is a cached
    fragment, so the 20-odd queries it needs run once per content change, not per request."""
    return entry_detail(request, CASE, slug, body_context=_case_body)


def _case_body(case: Case) -> dict[str, Any]:
    return {
        "case": case,
        "fact_groups": case_fact_groups(case),
        "key_facts": case_key_facts(case),
        "related_cases": selectors.related_cases(case=case),
    }
