"""The case list's results and filters built in Python (``knowledge.views.cases.case_browser_html``)
are the same bytes as the ``#browser`` partial of knowledge/case_list.html rendered with the
context the view gave it, for lists in every state: unfiltered, each facet, combinations, a
search, each sort, first, middle and last pages, no result for a filter, no case at all; in
English, Spanish and Swedish."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import ngettext

from tests.factories import CaseFactory, MethodFactory, PlaceFactory, TermFactory
from translocal.core.listing import browse_request, result_controls
from translocal.knowledge import selectors
from translocal.knowledge.models import Completeness
from translocal.knowledge.views.cases import case_browser_html
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "sort=title",
    "sort=complete",
    "q=solar",
    "q=solar&sort=relevance",
    "q=nothing-matches-this",
    "issue=energy",
    "issue=energy&issue=health&country=KE",
    "country=SE&language=es&sort=title",
    "method=assembly&scope=local",
    "issue=no-such-issue",
    "q=%3Cb%3E+%26&issue=energy",
]


def _cases() -> None:
    energy = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Energy & power", slug="energy",
                         labels={"es": "Energía"})
    health = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Health", slug="health")
    local = TermFactory(vocabulary=Vocabulary.SCOPE, label="Local <scope>", slug="local")
    assembly = MethodFactory(title="Citizens' assembly", slug="assembly")
    places = [PlaceFactory(country="KE"), PlaceFactory(country="SE"), PlaceFactory(country="ES")]
    for i in range(11):
        case = CaseFactory(
            title=f"Solar case {i} <&>" if i % 3 == 0 else f"Case {i}",
            place=places[i % 3],
            original_language=["en", "es", "sv"][i % 3],
            completeness=list(Completeness)[i % 3],
        )
        case.general_issues.add(energy if i % 2 else health)
        if i % 4 == 0:
            case.scope_of_influence.add(local)
            case.methods.add(assembly)


def _both(query: str, *, cursor_from: str | None = None) -> tuple[str, str, object]:
    request = RequestFactory().get(f"/cases/?{query}")
    request.user = AnonymousUser()
    filters = selectors.parse_case_filters(request.GET)
    asked = browse_request(request, selectors.CASE_SORTS)
    result = selectors.case_list(filters=filters, cursor=asked.cursor, search=asked.search, sort=asked.sort, size=3)
    controls = result_controls(
        request, asked, result, sorts=selectors.CASE_SORTS,
        count_message=lambda n: ngettext("%(count)s case", "%(count)s cases", n),
    )
    context = {"result": result, "page": result.page, "facets": result.facets, "controls": controls}
    template = render_to_string("knowledge/case_list.html#browser", context, request=request)
    return case_browser_html(request, result, controls), template, result.page


@pytest.mark.parametrize("language", ["en", "ca", "es", "sv"])
def test_the_case_browser_is_the_partial_byte_for_byte(language):
    _cases()
    compared, shapes = 0, set()
    with translation.override(language):
        for query in QUERIES:
            fast, template, page = _both(query)
            assert fast == template, query
            compared += 1
            # The next pages (a middle one with both links, the last), then back.
            while page.next_cursor:
                separator = "&" if query else ""
                fast, template, page = _both(f"{query}{separator}cursor={page.next_cursor}")
                assert fast == template, (query, "next")
                compared += 1
                shapes.add(('rel="prev"' in fast, 'rel="next"' in fast))
            if page.previous_cursor:
                fast, template, _page = _both(f"{query}&cursor={page.previous_cursor}")
                assert fast == template, (query, "previous")
                compared += 1
    assert compared > len(QUERIES) * 2
    assert shapes == {(True, True), (True, False)}  # middle and last pages
    assert 'class="empty"' in _both("issue=no-such-issue")[0]


def test_no_case_at_all_reads_as_the_partial():
    fast, template, _page = _both("")
    assert fast == template and "No cases have been published yet." in fast

