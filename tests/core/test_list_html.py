"""The filter panel, the list controls and the page links built in Python (core.list_html) are
the same bytes as their templates included with the same context, for lists in every state
(search box or none, a hint or none, a sort in the URL or not, facets with few and many
options, chosen ones beyond the visible eight, chips, one sort or several, first, middle and
last pages), in English, Spanish and Swedish."""

from __future__ import annotations

import itertools

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from translocal.core.list_html import filter_panel_html, list_controls_html, pagination_html
from translocal.core.listing import SortOption, chosen_of, facet, list_controls, relevance_sort
from translocal.core.pagination import Page

LANGUAGES = ["en", "ca", "es", "sv"]
SORTS = (
    relevance_sort("-id"),
    SortOption("newest", gettext_lazy("Newest"), ("-id",)),
    SortOption("title", gettext_lazy("Title"), ("title", "id")),
)
QUERIES = [
    "",
    "sort=title",
    "sort=",
    "q=bikes+%26+%3Cb%3E&sort=relevance",
    "issue=energy",
    "issue=energy&issue=v11&country=KE&sort=newest",
    "country=X%22Y&q=%E2%80%9Cquoted%E2%80%9D",
    "issue=never-a-value&cursor=abc",
]


def _facets(params: QueryDict) -> list:
    """Three facets: one with 14 options (six beyond the visible eight), one with two options
    (one label safe HTML, one with markup to escape), one with none."""
    issues = [("energy", "Energy & power", 120), *((f"v{i}", f"Value <{i}>", 20 - i) for i in range(13))]
    countries = [("KE", "Kenya", 3), ('X"Y', mark_safe("<b>Safe</b>"), 1)]
    return [
        facet("issue", gettext_lazy("General issue"), issues, params.getlist("issue"), limit=60),
        facet("country", "Country <&>", countries, params.getlist("country")),
        facet("language", gettext_lazy("Original language"), [], params.getlist("language")),
    ]


def _template(source: str, request, **context) -> str:  # noqa: ANN001, ANN003
    return Template("{% load translocal %}" + source).render(Context({"request": request, **context}))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_filter_panel_and_the_controls_are_their_templates_byte_for_byte(language):
    compared = 0
    with translation.override(language):
        boxes = [("", ""), ("Search <cases>", ""), ("Search", "Words & more")]
        for query, (label, hint) in itertools.product(QUERIES, boxes):
            request = RequestFactory().get(f"/cases/?{query}")
            params = request.GET
            facets = _facets(params)
            for sorts in (SORTS, SORTS[1:2]):
                searching = bool(params.get("q"))
                sort = next((s for s in sorts if s.value == params.get("sort") and (searching or not s.needs_search)),
                            sorts[1] if searching is False and len(sorts) > 1 else sorts[0])
                controls = list_controls(
                    params, path="/cases/", total=1234, count_text="1,234 cases <all>", sorts=sorts, sort=sort,
                    chosen=chosen_of(facets),
                )
                context = {
                    "controls": controls, "facets": facets, "filter_title": mark_safe("Filter <cases>"),
                    "search_label": label, "search_hint": hint,
                }
                panel = _template('{% include "core/_filter_panel.html" %}', request, **context)
                assert filter_panel_html(
                    controls=controls, facets=facets, params=params, filter_title=mark_safe("Filter <cases>"),
                    search_label=label, search_hint=hint,
                ) == panel, (query, label, hint)
                above = _template('{% include "core/_list_controls.html" %}', request, controls=controls)
                assert list_controls_html(controls) == above, query
                compared += 2
    assert compared == len(QUERIES) * 3 * 2 * 2
    assert 'class="filter-panel__chosen"' in panel and "<details>" in panel and "<b>Safe</b>" in panel


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_links_are_the_template_byte_for_byte(language):
    pages = [
        Page(items=[1]),
        Page(items=[1], next_cursor="next&1"),
        Page(items=[1], previous_cursor="prev"),
        Page(items=[1], next_cursor="n", previous_cursor="p<"),
    ]
    with translation.override(language):
        for query, page in itertools.product(["", "issue=a&issue=b&q=x+y", "cursor=old&sort=title"], pages):
            request = RequestFactory().get(f"/cases/?{query}")
            template = _template('{% include "core/_pagination.html" %}', request, page=page)
            assert pagination_html(page, request.GET) == template, (query, page)
    assert 'rel="prev" href="?cursor=p%3C&amp;sort=title"' in pagination_html(pages[3], request.GET)
