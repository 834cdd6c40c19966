from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from translocal.core.caching import cached_fragment
from translocal.core.contributions import fill_viewer_sections, render_sections
from translocal.core.http import HtmxHttpRequest
from translocal.core.list_html import filter_panel_html, list_controls_html, pagination_html
from translocal.core.listing import ListControls, browse_request, result_controls
from translocal.core.page_cache import cache_for_anonymous
from translocal.knowledge.apps import CONTENT_AREA

from .. import permissions, selectors
from ..cards import case_cards_html
from ..models import Case
from .case_body_html import case_body_html
from .case_header_html import case_header_html
from .common import CASE, drafts_context, entry_fragment, list_cache_parts, takedown_context
from .facts import case_fact_groups
from .facts_html import fact_groups_html, key_facts_html
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
        return case_browser_html(request, result, controls)

    browser = cached_fragment(request, "case-list", list_cache_parts(request, asked.cursor), render_browser)
    if request.htmx and not request.htmx.boosted:
        return HttpResponse(browser)
    context: dict[str, Any] = {"browser": browser, **drafts_context(request, Case)}
    return render(request, "knowledge/case_list.html", context)


def case_browser_html(request: HttpRequest, result: selectors.CaseList, controls: ListControls) -> SafeString:
    """The ``#browser`` partial of knowledge/case_list.html (the filters, the controls, the
    cards and the page links) for ``result``, built in Python (core.list_html, knowledge.cards):
    the same bytes as the partial (tests/knowledge/test_case_list_html.py), without the
    template engine on the commonest cold page."""
    page = result.page
    if page.items:
        results = (
            '\n    <ul class="card-list">\n      '
            f"{case_cards_html(page.items, level=3, show_issues=True)}\n    </ul>\n    "
            f"{pagination_html(page, request.GET)}\n    "
        )
    elif result.is_filtered:
        results = f'\n    <p class="empty">{_("No published cases match these filters. Try removing one.")}</p>\n    '
    else:
        results = f'\n    <p class="empty">{_("No cases have been published yet.")}</p>\n    '
    panel = filter_panel_html(
        controls=controls,
        facets=result.facets,
        params=request.GET,
        filter_title=_("Filter cases"),
        search_label=_("Search cases"),
        search_hint=_("Words in the title or summary"),
    )
    return mark_safe(  # noqa: S308 - built from escaped pieces
        '\n<div id="list-browser" class="layout-sidebar layout-sidebar--left list-browser"\n     '
        'data-hx-target="#list-browser" data-hx-select="#list-browser" data-hx-swap="outerHTML show:none" '
        f'data-hx-push-url="true">\n  \n  {panel}\n  <div class="layout-main">\n    '
        f"{list_controls_html(controls)}\n    {results}\n  </div>\n</div>\n"
    )


@cache_for_anonymous(area=CONTENT_AREA, signed_in=True)
def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The body (text, facts, related cases, reflections) of a published case is a cached
    fragment (``entry_fragment``); the header and actions depend on who is looking and are
    rendered for each request, as ``entry_detail`` does for the other kinds of entry.

    The case is read once, whole, with its place and the reader's translation, in plain SQL
    (``selectors.case_for_page``); a body rendered afresh loads its relations in two more
    statements (``selectors.fill_case_page``) and the related cases in one."""
    language, original_asked = selectors.wanted_language(request.GET.get("lang"))
    case = permissions.viewable_or_404(
        Case, request.user, selectors.case_for_page(slug=slug, language=language)
    )
    reading = selectors.reading_of(case, original_asked=original_asked)

    def render_body() -> str:
        selectors.fill_case_page(case)
        # What other apps add to the sidebar (shared sections: the same for every viewer).
        sections = render_sections(CASE.name, subject=case, request=request, defer_per_viewer=True)
        body_reading = selectors.reading_of(case, original_asked=original_asked, body_html=case.body_html)
        context = {**_case_body(case), "sections": sections, "reading": body_reading}
        return case_body_html(context)  # the bytes of case_detail.html's body partial

    body = entry_fragment(request, case, f"{CASE.name}-detail", render_body, variant=reading.cache_key)
    body = fill_viewer_sections(body, CASE.name, subject=case, request=request)  # outside the shared cache
    context = {"case": case, "entry": case, "body": body, "reading": reading, **takedown_context(request, case)}
    context["header"] = case_header_html(request, context)  # the bytes of case_detail.html's header partial
    return render(request, CASE.detail_template, context)


def _case_body(case: Case) -> dict[str, Any]:
    return {
        "case": case,
        "facts_html": fact_groups_html(case_fact_groups(case)),
        "key_facts_html": key_facts_html(case_key_facts(case)),
        "related_cases": selectors.related_cases(case=case),
    }
